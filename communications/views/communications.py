"""HTML pages for communications: the register, the communication page, its edit forms, registering an incoming
note (MFA), document downloads.

Views are thin: they read through selectors (scoped to what the user may see, so a guessed id is a 404), call one
service per action, and turn what the service raises into messages beside the fields (ValidationError), a message
at the top of the form (ApplicationError) or a 403 page (PermissionRefused). Buttons are shown from the same rules
(`iwg.permissions.allowed` and the round's status); the services remain the authority.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iwg.calendar import local_date
from iwg.downloads import protected_document_response
from iwg.errors import ApplicationError, ConcurrentEdit, PermissionRefused
from iwg.forms import add_service_errors
from iwg.pdf import pdf_available
from iwg.permissions import allowed, require

from .. import deadline_policy, forms, selectors, services
from ..models import (
    INTERNAL_DEADLINE_KINDS,
    OPTIONAL_DEADLINE_KINDS,
    ROUND_OPENING_KINDS,
    Committee,
    DeadlineKind,
    NoteKind,
    Round,
)
from .common import page, run_service

# ---------------------------------------------------------------------------------------------------------------
# The register of communications


@page
@require_GET
def communication_list(request):
    form = forms.CommunicationFilterForm(request.GET or None, years=selectors.communication_years())
    if form.is_bound:
        form.is_valid()  # invalid fields are ignored by filters() and their errors shown
    filters = form.filters()
    queryset = selectors.communication_list(user=request.user, filters=filters)
    paginator = Paginator(queryset, form.page_size())
    page_obj = paginator.get_page(request.GET.get("page"))
    for communication in page_obj:
        if communication.next_due_kind:
            communication.next_due_label = DeadlineKind(communication.next_due_kind).label
        if communication.current_round_status:
            communication.current_round_label = Round.Status(communication.current_round_status).label
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "sort": filters["sort"],
        "today": local_date(),
    }
    template = "communications/list.html"
    if request.htmx and request.htmx.target == "register-results" and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


# ---------------------------------------------------------------------------------------------------------------
# The communication page


@page
@require_GET
def communication_detail(request, pk: int):
    user = request.user
    communication = selectors.communication_detail(user=user, pk=pk)
    today = local_date()
    rounds = list(communication.rounds.all())
    for number, round in enumerate(rounds, start=1):
        round.number = number
        round.actions = selectors.round_actions(user=user, round=round)
        round.deadline_list = list(round.deadlines.all())
        for deadline in round.deadline_list:
            deadline.actions = selectors.deadline_actions(user=user, deadline=deadline)
            deadline.is_optional = deadline.kind in OPTIONAL_DEADLINE_KINDS
        round.analysis_list = list(round.analyses.all())
        round.agenda_list = list(round.agenda_items.all())
        round.position_obj = selectors.related_or_none(round, "position")
        round.position_texts = list(round.position_obj.texts.all()) if round.position_obj else []
    decision = selectors.related_or_none(communication, "decision")
    remedies = list(decision.remedies.all()) if decision else []
    for remedy in remedies:
        remedy.can_act = allowed(user, "communications.record_remedy_action", remedy)
        remedy.can_grade = allowed(user, "communications.grade_remedy", remedy)
        remedy.action_list = list(remedy.actions.all())
        remedy.grade_list = list(remedy.grades.all())
    timeline = selectors.communication_timeline(communication, today=today)
    future = [entry for entry in timeline if entry.on > today]
    for entry in future:
        entry.future = True
    if future:
        future[0].first_future = True
    can_update = allowed(user, "communications.update_communication", communication)
    context = {
        "communication": communication,
        "parties": list(communication.parties.all()),
        "joined_numbers": list(communication.joined_numbers.all()),
        "rounds": list(reversed(rounds)),  # newest first on the page
        "decision": decision,
        "remedies": remedies,
        "timeline": timeline,
        "today": today,
        "can_update": can_update and communication.phase != communication.Phase.CLOSED,
        "can_register_note": allowed(user, "communications.register_note"),
        "pdf_available": pdf_available(),
        "can_record_decision": decision is None
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


# ---------------------------------------------------------------------------------------------------------------
# Registering an incoming note (MFA)


def _note_preview(form) -> dict:
    """What registering the note would set: the committee's deadline(s) and the default internal deadlines, from
    the same selectors the service uses; plus whether the number links to an existing communication."""
    data = form.data
    preview = {"ready": False, "opens_round": True, "committee_deadlines": [], "internal": [], "existing": None}

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
                "agency": proposal.agency_code,
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
            note = run_service(
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
                    replied_on=data.get("replied_on"),
                ),
                fallback="documents",
            )
            if note:
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


# ---------------------------------------------------------------------------------------------------------------
# Documents


@page
@require_GET
def document_download(request, pk: int):
    """Serve a stored document as an attachment under its stored safe name, only to a user who may see its
    communication (minutes of IWG meetings: any signed-in user); 404 otherwise.
    Every download is recorded in the access audit trail."""
    document = selectors.document_get(user=request.user, pk=pk)
    return protected_document_response(request, document)
