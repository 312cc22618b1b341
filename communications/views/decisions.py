"""HTML forms for the final decision, its remedies and their follow-up."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iwg.forms import run_service
from iwg.models import Agency
from iwg.permissions import require
from iwg.views import page

from .. import forms, selectors, services
from .common import _form_status, _posted

# ---------------------------------------------------------------------------------------------------------------
# Final decision, remedies and follow-up


def _agency_choices():
    return [(agency.code, f"{agency.code} · {agency.name}") for agency in Agency.objects.order_by("code")]


@page
@require_http_methods(["GET", "POST"])
def decision_record(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    require(request.user, "communications.record_decision", communication)
    existing = selectors.related_or_none(communication, "decision")
    # A decision recorded from the "Views adopted" note is completed here (remedies, articles).
    to_complete = existing is not None and existing.from_note_id is not None and not existing.remedies.exists()
    if request.method == "GET" and (
        (existing and not to_complete) or communication.phase == communication.Phase.CLOSED
    ):
        messages.warning(
            request, _("A final decision is already recorded for this communication, or the communication is closed.")
        )
        return redirect(communication.get_absolute_url())
    agency_choices = _agency_choices()
    initial = (
        {"kind": existing.kind, "adopted_on": existing.adopted_on, "symbol": existing.symbol} if to_complete else None
    )
    form = forms.DecisionForm(*_posted(request), initial=initial)
    remedies = forms.RemedyFormSet(*_posted(request), prefix="remedies", form_kwargs={"agency_choices": agency_choices})  # type: ignore[misc]
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
    form = forms.RemedyActionForm(*_posted(request), initial={"expected_version": remedy.lock_version})
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            form,
            lambda: services.remedy_action_record(
                actor=request.user,
                remedy=remedy,
                taken_on=data["taken_on"],
                description=data["description"],
                status=data["status"] or None,
                expected_version=data["expected_version"],
            ),
        )
        if outcome:
            messages.success(request, _("The follow-up action was recorded."))
            return redirect(communication.get_absolute_url())
    return _remedy_form(request, remedy, form, _("Record a follow-up action"), outcome)


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


def _remedy_form(request, remedy, form, title, outcome=None):
    intro = _("Remedy: %(kind)s (%(agency)s): %(description)s") % {
        "kind": remedy.get_kind_display(),
        "agency": remedy.responsible_agency.abbreviation,
        "description": remedy.description,
    }
    return render(
        request,
        "communications/form_page.html",
        {"communication": remedy.decision.communication, "form": form, "title": title, "intro": intro},
        status=_form_status(form, outcome),
    )
