"""HTML pages for communications: the register, the communication page, the MFA's, PGO's and MoJ's forms, and
document downloads.

Views are thin: they read through selectors (scoped to what the user may see, so a guessed id is a 404), call one
service per action, and turn what the service raises into messages beside the fields (ValidationError), a message
at the top of the form (ApplicationError) or a 403 page (PermissionRefused). Buttons are shown from the same rules
(`iwg.permissions.allowed` and the round's status); the services remain the authority."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iwg.calendar import local_date
from iwg.downloads import protected_document_response
from iwg.errors import ApplicationError, ConcurrentEdit, PermissionRefused
from iwg.forms import add_service_errors
from iwg.models import Agency
from iwg.permissions import allowed, require

from . import forms, selectors, services
from .models import (
    INTERNAL_DEADLINE_KINDS,
    OPTIONAL_DEADLINE_KINDS,
    ROUND_OPENING_KINDS,
    Committee,
    DeadlineKind,
    NoteKind,
    NoteVerbale,
    Round,
    StatePosition,
)

# ---------------------------------------------------------------------------------------------------------------
# Shared plumbing


def forbidden(request, message: str):
    """The 403 page: what was refused and why, with a way back."""
    return render(request, "communications/forbidden.html", {"message": message}, status=403)


def page(view):
    """Signed-in users only; a PermissionRefused anywhere below becomes the 403 page with its message."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused as exc:
            return forbidden(request, exc.message)

    return wrapper


def run_service(form, call, *, fallback: str | None = None):
    """Call a service; on refusal put its messages on `form` and return None. PermissionRefused propagates (403)."""
    try:
        return call() or True
    except PermissionRefused:
        raise
    except ValidationError as exc:
        add_service_errors(form, exc, fallback=fallback)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    return None


def _posted(request, *, files: bool = False) -> tuple:
    """The data a form is bound to: the POST (even an empty one, so that it is validated), or nothing on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _step_unavailable(request, round, action_label):
    messages.warning(
        request,
        _("“%(action)s” is not possible now: the round is “%(status)s”.")
        % {"action": action_label, "status": round.get_status_display()},
    )
    return redirect(round.communication.get_absolute_url())


def _round_for_action(request, pk, permission, action, action_label):
    """The round (404 if not visible), after the role check (403). Returns (round, redirect-or-None)."""
    round = selectors.round_get(user=request.user, pk=pk)
    require(request.user, permission, round)
    if request.method == "GET" and action not in selectors.round_actions(user=request.user, round=round):
        return round, _step_unavailable(request, round, action_label)
    return round, None


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
        "sort": filters.sort,
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
    communication = selectors.communication_page(user=user, pk=pk)
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
    committee_deadlines = selectors.committee_deadline_proposals(
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
        for p in selectors.internal_deadline_proposals(
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
# Steps of a round


@page
@require_http_methods(["GET", "POST"])
def round_refer(request, pk: int):
    round, refused = _round_for_action(request, pk, "communications.refer_round", "refer", _("Refer to PGO and MoJ"))
    if refused:
        return refused
    deadlines = list(round.deadlines.filter(kind__in=INTERNAL_DEADLINE_KINDS).order_by("due_on", "id"))
    form = forms.RoundReferForm(*_posted(request), deadlines=deadlines)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.round_refer(
                actor=request.user,
                round=round,
                internal_due_dates=form.internal_dates(),
                comment=form.cleaned_data["comment"],
            ),
        )
        if done:
            messages.success(request, _("The round was referred to the PGO and the MoJ."))
            return redirect(round.communication.get_absolute_url())
    return _round_form(request, round, form, _("Refer to the PGO and the MoJ"), "communications/round_refer.html")


@page
@require_http_methods(["GET", "POST"])
def round_cancel(request, pk: int):
    round, refused = _round_for_action(request, pk, "communications.cancel_round", "cancel", _("Cancel the round"))
    if refused:
        return refused
    form = forms.RoundCancelForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.round_cancel(actor=request.user, round=round, reason=form.cleaned_data["reason"])
        ):
            messages.success(request, _("The round was cancelled."))
            return redirect(round.communication.get_absolute_url())
    return _round_form(
        request,
        round,
        form,
        _("Cancel the round"),
        danger=True,
        extra={"intro": _("Its open deadlines are cancelled with it. Give the reason: it stays in the timeline.")},
    )


@page
@require_http_methods(["GET", "POST"])
def analysis_submit(request, pk: int):
    round, refused = _round_for_action(
        request, pk, "communications.submit_analysis", "analysis", _("Upload the legal analysis")
    )
    if refused:
        return refused
    form = forms.AnalysisForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        analysis = run_service(
            form,
            lambda: services.analysis_submit(
                actor=request.user,
                round=round,
                document=data["document"],
                summary=data["summary"],
                admissibility_conclusion=data["admissibility_conclusion"],
                merits_conclusion=data["merits_conclusion"],
            ),
            fallback="document",
        )
        if analysis:
            messages.success(
                request, _("Version %(version)s of the legal analysis was submitted.") % {"version": analysis.version}
            )
            return redirect(round.communication.get_absolute_url())
    previous = list(round.analyses.select_related("document").order_by("-version"))
    return _round_form(
        request,
        round,
        form,
        _("Upload the legal analysis"),
        "communications/analysis_form.html",
        extra={"previous": previous},
    )


@page
@require_http_methods(["GET", "POST"])
def position_draft(request, pk: int):
    round, refused = _round_for_action(
        request, pk, "communications.draft_position", "position", _("Draft the State position")
    )
    if refused:
        return refused
    position = StatePosition.objects.filter(round=round).prefetch_related("texts").first()
    if request.method == "POST":
        form = forms.PositionDraftForm(request.POST)
        if form.is_valid():
            expected = form.cleaned_data.get("expected_version")
            try:
                services.position_draft(
                    actor=request.user,
                    round=round,
                    texts=form.texts(),
                    expected_version=expected if expected is not None else 0,
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
                messages.success(request, _("The draft State position was saved."))
                return redirect(round.communication.get_absolute_url())
    else:
        initial = {"expected_version": position.lock_version if position else 0}
        for text in position.texts.all() if position else []:
            initial[f"text_{text.language}"] = text.text
        form = forms.PositionDraftForm(initial=initial)
    analysis = round.analyses.select_related("document").order_by("-version").first()
    return _round_form(
        request,
        round,
        form,
        _("Draft the State position"),
        "communications/position_form.html",
        extra={"position": position, "analysis": analysis},
    )


@page
@require_POST
def position_approve(request, pk: int):
    round = selectors.round_get(user=request.user, pk=pk)
    require(request.user, "communications.approve_position", round)
    try:
        services.position_approve(actor=request.user, round=round)
    except PermissionRefused:
        raise
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The State position was approved."))
    return redirect(round.communication.get_absolute_url())


@page
@require_http_methods(["GET", "POST"])
def position_send(request, pk: int):
    round, refused = _round_for_action(
        request, pk, "communications.send_position", "send", _("Send the State position")
    )
    if refused:
        return refused
    form = forms.PositionSendForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = run_service(
            form,
            lambda: services.position_send(
                actor=request.user,
                round=round,
                registry_number=data["registry_number"],
                sent_on=data["sent_on"],
                documents=data.get("documents") or [],
            ),
            fallback="documents",
        )
        if note:
            messages.success(
                request, _("The State position was sent with note %(number)s.") % {"number": note.registry_number}
            )
            return redirect(round.communication.get_absolute_url())
    return _round_form(
        request,
        round,
        form,
        _("Send the State position to OHCHR"),
        multipart=True,
        extra={
            "intro": _(
                "Record the outgoing note verbale that carries the approved position. Its date is what the "
                "committee's deadline is measured against; the round's remaining deadlines are closed."
            )
        },
    )


def _round_form(request, round, form, title, template="communications/form_page.html", **kwargs):
    context = {
        "round": round,
        "communication": round.communication,
        "form": form,
        "title": title,
        "danger": kwargs.get("danger", False),
        "multipart": kwargs.get("multipart", False),
        **kwargs.get("extra", {}),
    }
    return render(request, template, context)


# ---------------------------------------------------------------------------------------------------------------
# Deadlines (MFA)


def _deadline_for_action(request, pk, permission, action):
    deadline = selectors.deadline_get(user=request.user, pk=pk)
    require(request.user, permission, deadline)
    if request.method == "GET" and action not in selectors.deadline_actions(user=request.user, deadline=deadline):
        if action == "extend":
            message = _("Only an open committee's deadline is extended; an internal deadline is changed instead.")
        else:
            message = _("Only an open internal deadline can be changed; a committee's deadline is extended.")
        messages.warning(request, message)
        return deadline, redirect(deadline.round.communication.get_absolute_url())
    return deadline, None


@page
@require_http_methods(["GET", "POST"])
def deadline_extend(request, pk: int):
    deadline, refused = _deadline_for_action(request, pk, "communications.extend_deadline", "extend")
    if refused:
        return refused
    communication = deadline.round.communication
    notes = NoteVerbale.objects.filter(
        communication=communication, direction=NoteVerbale.Direction.INCOMING, kind=NoteKind.EXTENSION_GRANTED
    )
    form = forms.DeadlineExtendForm(*_posted(request), notes=notes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.deadline_extend(
                actor=request.user,
                deadline=deadline,
                new_due_on=data["new_due_on"],
                reference=data["reference"],
                reason=data["reason"],
                note=data.get("note"),
            ),
        ):
            messages.success(request, _("The extension was recorded."))
            return redirect(communication.get_absolute_url())
    return _deadline_form(request, deadline, form, _("Record an extension"))


@page
@require_http_methods(["GET", "POST"])
def deadline_change(request, pk: int):
    deadline, refused = _deadline_for_action(request, pk, "communications.change_deadline", "change")
    if refused:
        return refused
    communication = deadline.round.communication
    form = forms.DeadlineChangeForm(*_posted(request), initial={"due_on": deadline.due_on})
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.deadline_change(
                actor=request.user,
                deadline=deadline,
                due_on=form.cleaned_data["due_on"],
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(request, _("The deadline was changed."))
            return redirect(communication.get_absolute_url())
    return _deadline_form(request, deadline, form, _("Change an internal deadline"))


def _deadline_form(request, deadline, form, title):
    intro = _(
        "%(kind)s, due %(date)s (%(agency)s). Internal deadlines not set by hand follow a committee's new date."
    ) % {
        "kind": deadline.get_kind_display(),
        "date": date_format(deadline.due_on, "SHORT_DATE_FORMAT"),
        "agency": deadline.responsible_agency.code,
    }
    return render(
        request,
        "communications/form_page.html",
        {
            "round": deadline.round,
            "communication": deadline.round.communication,
            "form": form,
            "title": title,
            "intro": intro,
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# Final decision, remedies and follow-up


def _agency_choices():
    return [(agency.code, f"{agency.code} · {agency.name}") for agency in Agency.objects.order_by("code")]


@page
@require_http_methods(["GET", "POST"])
def decision_record(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, "communications.record_decision", communication)
    if request.method == "GET" and (
        selectors.related_or_none(communication, "decision") or communication.phase == communication.Phase.CLOSED
    ):
        messages.warning(
            request, _("A final decision is already recorded for this communication, or the communication is closed.")
        )
        return redirect(communication.get_absolute_url())
    agency_choices = _agency_choices()
    form = forms.DecisionForm(*_posted(request))
    remedies = forms.RemedyFormSet(*_posted(request), prefix="remedies", form_kwargs={"agency_choices": agency_choices})
    if request.method == "POST":
        form_valid, remedies_valid = form.is_valid(), remedies.is_valid()
        if form_valid and remedies_valid:
            data = form.cleaned_data
            remedy_rows = [row.as_service_dict() for row in remedies.forms if row.has_changed() and row.cleaned_data]
            if run_service(
                form,
                lambda: services.decision_record(
                    actor=request.user,
                    communication=communication,
                    kind=data["kind"],
                    adopted_on=data["adopted_on"],
                    symbol=data["symbol"],
                    articles_violated=data["articles_violated"],
                    summary=data["summary"],
                    remedies=remedy_rows,
                ),
            ):
                messages.success(request, _("The final decision was recorded."))
                return redirect(communication.get_absolute_url())
    return render(
        request,
        "communications/decision_form.html",
        {
            "communication": communication,
            "form": form,
            "remedies": remedies,
            "title": _("Record the final decision"),
        },
    )


@page
@require_http_methods(["GET", "POST"])
def remedy_action_record(request, pk: int):
    remedy = selectors.remedy_get(user=request.user, pk=pk)
    require(request.user, "communications.record_remedy_action", remedy)
    communication = remedy.decision.communication
    form = forms.RemedyActionForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.remedy_action_record(
                actor=request.user,
                remedy=remedy,
                taken_on=data["taken_on"],
                description=data["description"],
                status=data["status"] or None,
            ),
        ):
            messages.success(request, _("The follow-up action was recorded."))
            return redirect(communication.get_absolute_url())
    return _remedy_form(request, remedy, form, _("Record a follow-up action"))


@page
@require_http_methods(["GET", "POST"])
def remedy_grade(request, pk: int):
    remedy = selectors.remedy_get(user=request.user, pk=pk)
    require(request.user, "communications.grade_remedy", remedy)
    communication = remedy.decision.communication
    form = forms.RemedyGradeForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.remedy_grade(actor=request.user, remedy=remedy, **data)):
            messages.success(request, _("The follow-up grade was recorded."))
            return redirect(communication.get_absolute_url())
    return _remedy_form(request, remedy, form, _("Record a follow-up grade"))


def _remedy_form(request, remedy, form, title):
    intro = _("Remedy: %(kind)s (%(agency)s): %(description)s") % {
        "kind": remedy.get_kind_display(),
        "agency": remedy.responsible_agency.code,
        "description": remedy.description,
    }
    return render(
        request,
        "communications/form_page.html",
        {"communication": remedy.decision.communication, "form": form, "title": title, "intro": intro},
    )


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


# ---------------------------------------------------------------------------------------------------------------
# Notifications (deadline reminders, catch-ups, missed deadlines, escalations): the user's own list, marking read.
# Kept together at the end of the file; URLs in communications/urls.py (notification_urlpatterns), under
# /notifications/.

from django.views.decorators.http import require_GET, require_POST  # noqa: E402


@login_required
@require_GET
def notification_list(request):
    """The user's notifications: unread (not withdrawn) by default, all with ?all=1."""
    show_all = request.GET.get("all") == "1"
    notifications = selectors.notification_list(user=request.user, unread_only=not show_all).select_related("notice")
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    unread_count = selectors.notification_list(user=request.user, unread_only=True).count()
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "show_all": show_all, "unread_count": unread_count},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of the user's own notifications read. Another user's id is not found."""
    notification = selectors.notification_list(user=request.user).select_related("notice").filter(pk=pk).first()
    if notification is None:
        raise Http404(_("No such notification."))
    services.notification_mark_read(actor=request.user, notification_ids=[notification.pk])
    if request.htmx:
        notification.refresh_from_db(fields=["read_at"])
        return render(request, "notifications/partials/notification_row.html", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_read(actor=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_GET
def notification_badge(request):
    """The unread count in the menu, fetched by htmx after the page loads (so no page pays for it)."""
    unread_count = selectors.notification_list(user=request.user, unread_only=True).count()
    return render(request, "notifications/partials/badge.html", {"unread_count": unread_count})
