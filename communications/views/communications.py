"""HTML pages for communications: the register, the communication page, its edit forms, registering an incoming
note (MFA), document downloads.

Views are thin: they read through selectors (scoped to what the user may see, so a guessed id is a 404), call one
service per action, and turn what the service raises into messages beside the fields (ValidationError), a message
at the top of the form (ApplicationError) or a 403 page (PermissionRefused). Buttons are shown from the same rules
(`iwg.permissions.allowed` and the round's status); the services remain the authority.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iwg.calendar import local_date
from iwg.errors import ApplicationError, ConcurrentEdit, PermissionRefused
from iwg.forms import add_service_errors, run_service
from iwg.models import agency_label
from iwg.pdf import pdf_available
from iwg.permissions import allowed, require
from iwg.views import page

from .. import deadline_policy, forms, register_cache, selectors, services
from ..models import (
    INTERNAL_DEADLINE_KINDS,
    ROUND_OPENING_KINDS,
    Committee,
    DeadlineKind,
    NoteKind,
)
from ..selectors import page as page_rows

# ---------------------------------------------------------------------------------------------------------------
# The register of communications


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows (and one more, to know there are more): a count of a broad filter over a
    large register would read every matching row on every page. Beyond the cap the page says "more than" and
    the last pages are reached by reversing the sort or narrowing the filters."""

    COUNT_CAP = 1000

    @cached_property
    def count(self) -> int:
        # Ids only and unordered: a sliced count keeps the ORDER BY and every annotation of the rows (the current
        # round's status was computed for each of the 1 001), and the order made PostgreSQL walk the sort's index.
        ids = self.object_list.order_by().values("pk")  # type: ignore[attr-defined]
        return min(ids[: self.COUNT_CAP + 1].count(), self.COUNT_CAP + 1)

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, self.COUNT_CAP)


@page
@require_GET
def communication_list(request):
    partial = bool(
        request.htmx and request.htmx.target == "register-results" and not request.htmx.history_restore_request
    )
    today = local_date()

    def render_register() -> str:
        form = forms.CommunicationFilterForm(request.GET or None, years=selectors.communication_years())
        if form.is_bound:
            form.is_valid()  # invalid fields are ignored by filters() and their errors shown
        filters = form.filters()
        queryset = selectors.communication_list(user=request.user, filters=filters, today=today)
        paginator = CappedPaginator(queryset, form.page_size())
        page_obj = paginator.get_page(request.GET.get("page"))
        context = {
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "paginator": paginator,
            "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
            "sort": filters["sort"],
            "today": today,
        }
        template = "communications/list.html#results" if partial else "communications/list.html#register"
        return render_to_string(template, context, request)

    # The content without the layout (which holds the CSRF token and the CSP nonce), cached per reader, language,
    # day and query string until the register changes (communications/register_cache.py).
    html = register_cache.register_html(
        lambda generation: register_cache.register_page_key(
            generation=generation,
            user=request.user,
            language=get_language(),
            today=today,
            query=request.GET.urlencode(),
            partial=partial,
        ),
        render_register,
    )
    if partial:
        return HttpResponse(html)
    return render(request, "communications/list.html", {"register_html": mark_safe(html)})  # noqa: S308  (rendered above)


# ---------------------------------------------------------------------------------------------------------------
# The communication page


@page
@require_GET
def communication_detail(request, pk: int):
    user = request.user
    communication = selectors.communication_detail(user=user, pk=pk)
    if communication.merged_into_id:  # registered twice and merged: the case lives on the one kept
        messages.info(
            request,
            _("%(duplicate)s was registered twice and merged into this communication.") % {"duplicate": communication},
        )
        return redirect("communications:detail", pk=communication.merged_into_id)
    today = local_date()
    rounds = page_rows.round_rows(user=user, communication=communication)
    same_reference = selectors.notes_sharing_ohchr_reference(user=user, communication=communication)
    for round in rounds:
        round.incoming_note.same_reference = same_reference.get(round.incoming_note_id, [])
    decision = selectors.related_or_none(communication, "decision")
    remedies = page_rows.remedy_rows(user=user, remedies=decision.remedies.all() if decision else [])
    timeline = selectors.communication_timeline(communication, today=today)
    can_update = allowed(user, "communications.update_communication", communication)
    context = {
        "communication": communication,
        "parties": list(communication.parties.all()),
        "joined_numbers": list(communication.joined_numbers.all()),
        "rounds": list(reversed(rounds)),  # newest first on the page
        "decision": decision,
        "remedies": remedies,
        "timeline": timeline,
        # Recommendations citing it (the relation the recommendations app declares; communications never imports it).
        "recommendation_links": list(
            communication.recommendation_links.select_related("recommendation__review").order_by("id")
        ),
        "today": today,
        "can_update": can_update and communication.phase != communication.Phase.CLOSED,
        "can_close": communication.phase != communication.Phase.CLOSED
        and allowed(user, "communications.close_communication", communication),
        "can_register_note": allowed(user, "communications.register_note"),
        "pdf_available": pdf_available(),
        "same_reference": same_reference,
        "can_read_history": allowed(user, "communications.view_history"),
        "can_correct": allowed(user, "communications.correct_communication", communication),
        "notes": list(communication.notes.all()),
        "current_round_count": sum(1 for round in rounds if not round.is_voided),
        "can_record_decision": (decision is None or (decision.from_note_id is not None and not remedies))
        and communication.phase != communication.Phase.CLOSED
        and allowed(user, "communications.record_decision", communication),
    }
    return render(request, "communications/detail.html", context)


@page
@require_http_methods(["GET", "POST"])
def communication_update(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, "communications.update_communication", communication)
    if request.method == "POST":
        form = forms.CommunicationUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.communication_update(
                    actor=request.user,
                    communication=communication,
                    expected_version=form.cleaned_data["expected_version"],
                    **form.changes(),
                )
            except ConcurrentEdit as exc:
                form.add_error(None, exc.message)
                form.concurrent = True
            except PermissionRefused:
                raise
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The communication was saved."))
                return redirect(communication.get_absolute_url())
    else:
        form = forms.CommunicationUpdateForm(initial=forms.CommunicationUpdateForm.initial_for(communication))
    return render(
        request,
        "communications/update.html",
        {
            "communication": communication,
            "form": form,
            "joined_form": forms.JoinedNumberForm(),
            "party_form": forms.PartyForm(prefix="party"),
        },
        status=409 if getattr(form, "concurrent", False) else 200,  # a concurrent edit: the saved version is offered
    )


@page
@require_POST
def communication_join_number(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, "communications.update_communication", communication)
    form = forms.JoinedNumberForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.communication_join_number(
            actor=request.user, communication=communication, number=form.cleaned_data["number"]
        ),
    ):
        messages.success(request, _("The joined number was added."))
        return redirect(communication.get_absolute_url())
    return render(
        request,
        "communications/update.html",
        {
            "communication": communication,
            "form": forms.CommunicationUpdateForm(initial=forms.CommunicationUpdateForm.initial_for(communication)),
            "joined_form": form,
            "party_form": forms.PartyForm(prefix="party"),
        },
    )


@page
@require_POST
def communication_party_add(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, "communications.update_communication", communication)
    form = forms.PartyForm(request.POST, prefix="party")
    if form.is_valid() and run_service(
        form, lambda: services.party_add(actor=request.user, communication=communication, **form.cleaned_data)
    ):
        messages.success(request, _("The person was added."))
        return redirect(communication.get_absolute_url())
    return render(
        request,
        "communications/update.html",
        {
            "communication": communication,
            "form": forms.CommunicationUpdateForm(initial=forms.CommunicationUpdateForm.initial_for(communication)),
            "joined_form": forms.JoinedNumberForm(),
            "party_form": form,
        },
    )


@page
@require_http_methods(["GET", "POST"])
def communication_close(request, pk: int):
    """Close a communication (e.g. the committee closed follow-up); its open rounds are cancelled (MFA)."""
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, "communications.close_communication", communication)
    form = forms.RoundCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.communication_close(
                actor=request.user, communication=communication, reason=form.cleaned_data["reason"]
            ),
        ):
            messages.success(request, _("The communication was closed."))
            return redirect(communication.get_absolute_url())
    context = {
        "communication": communication,
        "form": form,
        "title": _("Close the communication"),
        "danger": True,
        "intro": _("Its open rounds and their deadlines are cancelled. Give the reason: it stays in the timeline."),
    }
    return render(request, "communications/form_page.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Registering an incoming note (MFA)


def _note_preview(form) -> dict:
    """What registering the note would set: the committee's deadline(s) and the default internal deadlines, from
    the same selectors the service uses; plus whether the number links to an existing communication."""
    data = form.data
    preview: dict[str, Any] = {
        "ready": False,
        "opens_round": True,
        "committee_deadlines": [],
        "internal": [],
        "existing": None,
    }

    def clean(name):
        field = form.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(data, form.files, form.add_prefix(name)))
        except ValidationError:
            return None

    committee = Committee.objects.filter(code=clean("committee") or "").first()
    kind = clean("kind")
    ohchr_date = clean("ohchr_date")
    received_on = clean("received_on") or local_date()
    reply_requested_by = clean("reply_requested_by")
    number = (clean("communication_number") or "").strip()
    if committee and number:
        preview["existing"] = selectors.communication_find(committee=committee, number=number)
    if not (committee and kind and ohchr_date):
        return preview
    preview["ready"] = True
    if kind not in ROUND_OPENING_KINDS:
        preview["opens_round"] = False
        preview["kind_label"] = NoteKind(kind).label
        return preview
    committee_deadlines = deadline_policy.committee_deadline_proposals(
        committee=committee, note_kind=kind, transmitted_on=ohchr_date, reply_requested_by=reply_requested_by
    )
    preview["committee_deadlines"] = [
        {"label": DeadlineKind(p.kind).label, "due_on": p.due_on, "basis": p.basis} for p in committee_deadlines
    ]
    reply = next((p for p in committee_deadlines if p.kind == DeadlineKind.COMMITTEE), None)
    if reply is None:
        preview["no_time_limit"] = True
        return preview
    defaults = {
        p.kind: p
        for p in deadline_policy.internal_deadline_proposals(
            note_kind=kind, committee_due_on=reply.due_on, earliest=received_on
        )
    }
    preview["defaults"] = {kind: proposal.due_on for kind, proposal in defaults.items()}
    for deadline_kind in INTERNAL_DEADLINE_KINDS:
        proposal = defaults.get(deadline_kind)
        if proposal is None:
            continue
        typed = clean(forms.internal_field_name(deadline_kind))
        previous_default = clean(forms.internal_default_name(deadline_kind))
        # Keep a date the user typed; replace one that was only the previous default.
        value = typed if typed and typed != previous_default else proposal.due_on
        preview["internal"].append(
            {
                "kind": deadline_kind,
                "label": DeadlineKind(deadline_kind).label,
                "agency": agency_label(proposal.agency_code),
                "basis": proposal.basis,
                "default": proposal.due_on,
                "value": value,
                "changed": value != proposal.due_on,
                "field_name": forms.internal_field_name(deadline_kind),
                "default_name": forms.internal_default_name(deadline_kind),
                "errors": form.errors.get(forms.internal_field_name(deadline_kind)) if form.is_bound else None,
            }
        )
    return preview


def _note_initial(request) -> dict:
    initial = {}
    committee = request.GET.get("committee", "")
    if committee in Committee.objects.values_list("code", flat=True):
        initial["committee"] = committee
    number = request.GET.get("number", "")[:30]
    if number:
        initial["communication_number"] = number
    return initial


@page
@require_http_methods(["GET", "POST"])
def note_register(request):
    require(request.user, "communications.register_note")
    if request.method == "POST":
        form = forms.NoteRegisterForm(request.POST, request.FILES)
        parties = forms.PartyFormSet(request.POST, prefix="parties")
        form_valid = form.is_valid()
        parties_valid = parties.is_valid()
        preview = _note_preview(form)
        if "preview" not in request.POST and form_valid and parties_valid:
            party_rows = [row.cleaned_data for row in parties.forms if row.has_changed() and row.cleaned_data]
            data = form.cleaned_data
            outcome = run_service(
                form,
                lambda: services.note_register(
                    actor=request.user,
                    committee_code=data["committee"],
                    communication_number=data["communication_number"],
                    kind=data["kind"],
                    registry_number=data["registry_number"],
                    received_on=data["received_on"],
                    ohchr_reference=data["ohchr_reference"],
                    ohchr_date=data["ohchr_date"],
                    reply_requested_by=data.get("reply_requested_by"),
                    summary=data["summary"],
                    communication_fields=form.communication_fields(party_rows),
                    internal_due_dates=form.internal_dates(preview.get("defaults", {})),
                    documents=data.get("documents") or [],
                    historical=bool(data.get("historical")),
                    views_kind=data.get("views_kind") or "",
                    adopted_on=data.get("adopted_on"),
                    decision_symbol=data.get("decision_symbol") or "",
                    replied_on=data.get("replied_on"),
                ),
                fallback="documents",
            )
            if outcome:
                note = outcome.result
                messages.success(
                    request,
                    _("Note %(number)s registered for %(communication)s.")
                    % {"number": note.registry_number, "communication": note.communication},
                )
                return redirect(note.communication.get_absolute_url())
    else:
        form = forms.NoteRegisterForm(initial=_note_initial(request))
        parties = forms.PartyFormSet(prefix="parties")
        preview = _note_preview(forms.NoteRegisterForm(data=form.initial))
    return render(request, "communications/note_form.html", {"form": form, "parties": parties, "preview": preview})


@page
@require_POST
def note_preview(request):
    """The deadline preview of the note form, swapped in by htmx as the user fills the committee, kind and dates."""
    require(request.user, "communications.register_note")
    form = forms.NoteRegisterForm(request.POST)
    return render(request, "communications/note_form.html#preview", {"form": form, "preview": _note_preview(form)})
