"""HTML forms for the steps of a round: referral (MFA), cancellation, legal analysis (PGO), the State's position
(draft, approve, send).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iwg.errors import ApplicationError, ConcurrentEdit, PermissionRefused
from iwg.forms import add_service_errors, run_service
from iwg.permissions import require
from iwg.views import page

from .. import forms, selectors, services
from ..models import (
    INTERNAL_DEADLINE_KINDS,
    StatePosition,
)
from .common import _posted, _round_for_action

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
        outcome = run_service(
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
        if outcome:
            messages.success(
                request,
                _("Version %(version)s of the legal analysis was submitted.") % {"version": outcome.result.version},
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
        initial: dict[str, Any] = {"expected_version": position.lock_version if position else 0}
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
        outcome = run_service(
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
        if outcome:
            messages.success(
                request,
                _("The State position was sent with note %(number)s.") % {"number": outcome.result.registry_number},
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
