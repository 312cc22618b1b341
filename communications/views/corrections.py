"""HTML pages of the corrections (issue 11, item 3), MFA only: correct the committee and number, correct or remove
a party, change its confidentiality, void a note or a round, merge a communication registered twice. Each page
asks for the reason and sends back the communication's version the page showed; voiding and merging ask for a
confirmation. The services decide (communications/services/corrections.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iwg.forms import run_service
from iwg.permissions import require
from iwg.views import page

from .. import correction_forms as forms
from .. import selectors, services
from .common import _form_status, _posted

RULE = "communications.correct_communication"


def _correction_page(request, *, communication, form, call, done: str, title: str, intro: str = "", confirm: str = ""):
    """Show the form; on a valid POST run the service, then back to the communication with `done`."""
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = run_service(form, lambda: call(form.cleaned_data))
        if outcome:
            messages.success(request, done)
            return redirect(communication.get_absolute_url())
    if request.method == "GET":
        form.initial.setdefault("expected_version", communication.lock_version)
    context = {
        "communication": communication,
        "form": form,
        "title": title,
        "intro": intro,
        "confirm": confirm,
        "danger": bool(confirm),
    }
    return render(request, "communications/form_page.html", context, status=_form_status(form, outcome))


def _communication(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, RULE, communication)
    return communication


@page
@require_http_methods(["GET", "POST"])
def communication_correct(request, pk: int):
    communication = _communication(request, pk)
    form = forms.NumberCorrectionForm(
        *_posted(request), initial={"committee": communication.committee.code, "number": communication.number}
    )
    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=lambda data: services.communication_correct_number(
            actor=request.user,
            communication=communication,
            expected_version=data["expected_version"],
            committee_code=data["committee"],
            number=data["number"],
            reason=data["reason"],
        ),
        done=_("The committee and number were corrected; the deadlines that depend on them were recomputed."),
        title=_("Correct the committee and number"),
        intro=_(
            "A change of committee recomputes the open committee deadlines of the open rounds from its time limits, "
            "and their internal deadlines; the old dates stay in the history."
        ),
    )


@page
@require_http_methods(["GET", "POST"])
def party_edit(request, pk: int, party_pk: int):
    communication = _communication(request, pk)
    party = selectors.party_get(user=request.user, communication_pk=pk, pk=party_pk)
    form = forms.PartyCorrectionForm(
        *_posted(request), initial={"role": party.role, "full_name": party.full_name, "initials": party.initials}
    )
    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=lambda data: services.party_edit(
            actor=request.user,
            party=party,
            expected_version=data["expected_version"],
            role=data["role"],
            full_name=data["full_name"],
            initials=data["initials"],
            reason=data["reason"],
        ),
        done=_("The person's details were corrected."),
        title=_("Correct a party"),
    )


@page
@require_http_methods(["GET", "POST"])
def party_confidentiality(request, pk: int, party_pk: int):
    communication = _communication(request, pk)
    party = selectors.party_get(user=request.user, communication_pk=pk, pk=party_pk)
    form = forms.ConfidentialityForm(*_posted(request), initial={"is_confidential": party.is_confidential})
    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=lambda data: services.party_set_confidential(
            actor=request.user,
            party=party,
            expected_version=data["expected_version"],
            is_confidential=data["is_confidential"],
            reason=data["reason"],
        ),
        done=_("The confidentiality of the person's identity was changed."),
        title=_("Change the confidentiality of a party"),
    )


@page
@require_http_methods(["GET", "POST"])
def party_remove(request, pk: int, party_pk: int):
    communication = _communication(request, pk)
    party = selectors.party_get(user=request.user, communication_pk=pk, pk=party_pk)
    form = forms.CorrectionForm(*_posted(request))
    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=lambda data: services.party_remove(
            actor=request.user, party=party, expected_version=data["expected_version"], reason=data["reason"]
        ),
        done=_("The person was removed from the communication; the record stays in the history."),
        title=_("Remove a party"),
        intro=_("The person is no longer shown as a party; the record and its history are kept."),
        confirm=_("Remove this person from the communication?"),
    )


@page
@require_http_methods(["GET", "POST"])
def note_void(request, pk: int, note_pk: int):
    communication = _communication(request, pk)
    note = selectors.note_get(user=request.user, communication_pk=pk, pk=note_pk)
    form = forms.CorrectionForm(*_posted(request))
    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=lambda data: services.note_void(
            actor=request.user, note=note, expected_version=data["expected_version"], reason=data["reason"]
        ),
        done=_("The note was voided."),
        title=_("Void note No. %(number)s") % {"number": note.registry_number},
        intro=_(
            "A note registered by mistake is voided, not deleted: it stays on the page, labelled voided. The round it "
            "opened is voided with it: its deadlines are cancelled and nothing reminds or escalates."
        ),
        confirm=_("Void this note?"),
    )


@page
@require_http_methods(["GET", "POST"])
def round_void(request, pk: int, round_pk: int):
    communication = _communication(request, pk)
    round = selectors.communication_round_get(user=request.user, communication_pk=pk, pk=round_pk)
    form = forms.CorrectionForm(*_posted(request))
    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=lambda data: services.round_void(
            actor=request.user, round=round, expected_version=data["expected_version"], reason=data["reason"]
        ),
        done=_("The round was voided."),
        title=_("Void the round"),
        intro=_(
            "A round registered by mistake is voided, not deleted: it stays on the page, labelled voided; its "
            "deadlines are cancelled, so nothing reminds, escalates or counts as overdue."
        ),
        confirm=_("Void this round?"),
    )


@page
@require_http_methods(["GET", "POST"])
def communication_merge(request, pk: int):
    communication = _communication(request, pk)
    form = forms.MergeForm(*_posted(request))

    def merge(data):
        duplicate = selectors.communication_find(committee=communication.committee, number=data["duplicate_number"])
        if duplicate is None or not selectors.communication_visible_to(request.user).filter(pk=duplicate.pk).exists():
            raise ValidationError(
                {
                    "duplicate_number": _("No communication with this number in %(committee)s.")
                    % {"committee": communication.committee.code}
                }
            )
        return services.communication_merge(
            actor=request.user,
            communication=communication,
            duplicate=duplicate,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )

    return _correction_page(
        request,
        communication=communication,
        form=form,
        call=merge,
        done=_("The duplicate was merged into this communication; its number is kept as a joined number."),
        title=_("Merge a communication registered twice into this one"),
        intro=_(
            "The duplicate's notes, rounds, documents, parties and numbers move to this communication; the duplicate "
            "is kept, marked as merged, and its page leads here. Both numbers stay, as joined numbers."
        ),
        confirm=_("Merge the duplicate into this communication? This cannot be undone."),
    )
