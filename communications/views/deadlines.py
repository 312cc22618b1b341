"""HTML forms for deadlines (MFA): extend, change."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iwg.forms import run_service
from iwg.permissions import require
from iwg.views import page

from .. import forms, selectors, services
from ..models import (
    NoteKind,
    NoteVerbale,
)
from .common import _form_status, _posted

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
        return deadline, redirect(deadline.round_required.communication.get_absolute_url())
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
    form = forms.DeadlineExtendForm(*_posted(request), notes=notes, initial={"expected_version": deadline.lock_version})
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            form,
            lambda: services.deadline_extend(
                actor=request.user,
                deadline=deadline,
                expected_version=data["expected_version"],
                new_due_on=data["new_due_on"],
                reference=data["reference"],
                reason=data["reason"],
                note=data.get("note"),
            ),
        )
        if outcome:
            messages.success(request, _("The extension was recorded."))
            return redirect(communication.get_absolute_url())
    return _deadline_form(request, deadline, form, _("Record an extension"), outcome)


@page
@require_http_methods(["GET", "POST"])
def deadline_change(request, pk: int):
    deadline, refused = _deadline_for_action(request, pk, "communications.change_deadline", "change")
    if refused:
        return refused
    communication = deadline.round.communication
    form = forms.DeadlineChangeForm(
        *_posted(request), initial={"due_on": deadline.due_on, "expected_version": deadline.lock_version}
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            form,
            lambda: services.deadline_change(
                actor=request.user,
                deadline=deadline,
                expected_version=form.cleaned_data["expected_version"],
                due_on=form.cleaned_data["due_on"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if outcome:
            messages.success(request, _("The deadline was changed."))
            return redirect(communication.get_absolute_url())
    return _deadline_form(request, deadline, form, _("Change an internal deadline"), outcome)


def _deadline_form(request, deadline, form, title, outcome=None):
    intro = _(
        "%(kind)s, due %(date)s (%(agency)s). Internal deadlines not set by hand follow a committee's new date."
    ) % {
        "kind": deadline.get_kind_display(),
        "date": date_format(deadline.due_on, "SHORT_DATE_FORMAT"),
        "agency": deadline.responsible_agency.abbreviation,
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
        status=_form_status(form, outcome),
    )
