"""The texts the recommendations app writes (timeline details, history reasons), as codes and parameters rendered
in the reader's language (`iwg.texts`). Only what a person typed is kept as text (the `typed` code)."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from iwg import texts
from iwg.texts import Text

from .models import Response


def reason(code: str, **params: Any) -> Text:
    return Text(f"rec_{code}", params)


def _position(params: dict[str, Any]) -> str:
    return texts.label(Response.Position, params.get("position"))


@texts.renderer("rec_imported")
def _imported(params: dict[str, Any]) -> str:
    return gettext("%(count)s recommendations imported from %(file)s") % params


@texts.renderer("rec_created")
def _created(params: dict[str, Any]) -> str:
    return gettext("Recorded by hand")


@texts.renderer("rec_response")
def _response(params: dict[str, Any]) -> str:
    line = gettext("Response: %(position)s") % {"position": _position(params)}
    if params.get("reason"):
        line += " — " + str(params["reason"])
    return line


@texts.renderer("rec_agenda")
def _agenda(params: dict[str, Any]) -> str:
    return gettext("IWG meeting No. %(number)s") % {"number": params.get("meeting")}


@texts.renderer("rec_decision")
def _decision(params: dict[str, Any]) -> str:
    if params.get("deferred"):
        return gettext("IWG meeting No. %(number)s deferred the decision") % {"number": params.get("meeting")}
    return gettext("IWG meeting No. %(number)s decided: %(position)s") % {
        "number": params.get("meeting"),
        "position": _position(params),
    }


@texts.renderer("rec_measure")
def _measure(params: dict[str, Any]) -> str:
    return gettext("Measure %(number)s: %(title)s (target date %(date)s)") % {
        "number": params.get("measure"),
        "title": params.get("title", ""),
        "date": texts.day(params.get("date")),
    }


@texts.renderer("rec_target_missed")
def _target_missed(params: dict[str, Any]) -> str:
    return gettext("Measure %(number)s missed its target date %(date)s; escalated") % {
        "number": params.get("measure"),
        "date": texts.day(params.get("date")),
    }


@texts.renderer("rec_report")
def _report(params: dict[str, Any]) -> str:
    line = gettext("Progress report %(number)s on measure %(measure)s") % {
        "number": params.get("report"),
        "measure": params.get("measure"),
    }
    if params.get("final"):
        line += " (" + gettext("final") + ")"
    if params.get("comment"):
        line += " — " + str(params["comment"])
    return line


@texts.renderer("rec_link")
def _link(params: dict[str, Any]) -> str:
    return gettext("Linked to communication %(communication)s") % params


@texts.renderer("rec_cancelled")
def _cancelled(params: dict[str, Any]) -> str:
    return gettext("Measure %(number)s cancelled: %(reason)s") % {
        "number": params.get("measure"),
        "reason": params.get("reason", ""),
    }


# The hand-off notices (recommendations/services/handoffs.py): a title per step, then what it concerns.
HANDOFF_TITLES = {
    "response_propose": N_("Put a proposed response on an IWG agenda: %(subject)s"),
    "measure_plan": N_("A measure of the action plan is due from your agency: %(subject)s"),
    "report_submit": N_("Review a progress report: %(subject)s"),
    "report_return": N_("Your progress report was returned: %(subject)s"),
}


def _handoff_subject(params: dict[str, Any]) -> str:
    if params.get("measure"):
        return gettext("Measure %(number)s") % {"number": params["measure"]}
    return str(params.get("recommendation", ""))


@texts.renderer("rec_handoff_title")
def _handoff_title(params: dict[str, Any]) -> str:
    template = HANDOFF_TITLES.get(params.get("step", ""), N_("Your turn: %(subject)s"))
    return (gettext(template) % {"subject": _handoff_subject(params)})[:300]


@texts.renderer("rec_handoff_message")
def _handoff_message(params: dict[str, Any]) -> str:
    lines = []
    if params.get("recommendation"):
        lines.append(gettext("Recommendation: %(recommendation)s") % params)
    if params.get("title"):
        lines.append(gettext("Measure: %(title)s") % params)
    if params.get("due_on"):
        lines.append(gettext("Target date: %(date)s") % {"date": texts.day(params["due_on"])})
    if params.get("link"):
        lines.append(str(params["link"]))
    return "\n".join(lines)
