"""The texts communications writes (timeline details, history reasons, deadline bases), as one table of codes:
each code has a gettext template (or a language-neutral layout of parts) and its parameters' types. The same
table renders a stored text in the reader's language (`iwg.texts.render`) and reads old sentences back into
codes and parameters (`communications.legacy_texts`, used by the data migration).

To add a text: add an entry to TEXTS, write it with `Text("<code>", {...})` (dates as ISO strings, choice values,
numbers, what a person typed as typed), and add the template's Russian and Kazakh translations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_noop as N_

from iwg import texts
from iwg.models import agency_label
from iwg.texts import Text

from . import reference_data
from .models import DeadlineKind, Decision, NoteKind, Party, Remedy


@dataclass(frozen=True)
class Param:
    """How a parameter is kept and shown: `raw` as is (numbers, registry numbers, what a person typed), `date` an
    ISO date shown in the reader's format, `choice` a choice value shown by its label, `meeting` a meeting number
    shown as the meeting's name, `int` a number, `fields` a list of field names shown by their labels, `text` a nested Text."""

    kind: str = "raw"
    choices: Any = None
    default: str = ""

    def show(self, value: Any) -> str:
        if value is None or value == "":
            return self.default or ("-" if self.kind in ("date", "meeting") else "")
        if self.kind == "date":
            return texts.day(value)
        if self.kind == "choice":
            return texts.label(self.choices, value)
        if self.kind == "meeting":
            return gettext("IWG meeting No. %(number)s") % {"number": value}
        if self.kind == "fields":
            return ", ".join(_field_label(name) for name in value)
        if self.kind == "party_fields":
            return ", ".join(_field_label(name, model_name="Party") for name in value)
        if self.kind == "text":
            return texts.render_data(value)
        return str(value)


def _field_label(name: str, *, model_name: str = "Communication") -> str:
    from . import models

    try:
        field = getattr(models, model_name)._meta.get_field(name)
    except Exception:  # noqa: BLE001  (an old or unknown field name is shown as stored)
        return name
    return str(getattr(field, "verbose_name", name))


@dataclass(frozen=True)
class Template:
    """A text: a gettext msgid (translated when shown) or a language-neutral `layout` joining shown parts."""

    msgid: str = ""
    layout: str = ""
    params: dict[str, Param] = field(default_factory=dict)

    def render(self, values: dict[str, Any]) -> str:
        shown = {name: param.show(values.get(name)) for name, param in self.params.items()}
        if self.msgid:
            return gettext(self.msgid) % shown if shown else gettext(self.msgid)
        return self.layout.format(**shown).strip()


DATE = Param("date")
RAW = Param("raw")
INT = Param("int")
TYPED = Param("raw")
MEETING = Param("meeting")
TEXT = Param("text")

TEXTS: dict[str, Template] = {
    # Documents, notes, communications
    "document_uploaded": Template(N_("Document uploaded")),
    "communication_registered": Template(N_("Communication registered with its first note")),
    "communication_recorded": Template(N_("Communication recorded without a note")),
    "communication_edited": Template(N_("Communication edited")),
    "communication_imported": Template(N_("Imported from %(file)s, row %(row)s"), params={"file": RAW, "row": INT}),
    "fields_edited": Template(layout="{fields}", params={"fields": Param("fields")}),
    "party_added": Template(N_("Party added")),
    "joined_number_added": Template(N_("Joined case number added")),
    "note_registered": Template(N_("Incoming note registered")),
    "note_registered_event": Template(
        layout="{number}: {kind}", params={"number": RAW, "kind": Param("choice", NoteKind)}
    ),
    "note_kind": Template(layout="{kind}", params={"kind": Param("choice", NoteKind)}),
    "transmission_date_from_note": Template(N_("Date of transmission taken from the note")),
    "round_opened": Template(N_("Round opened by the incoming note")),
    "discontinued": Template(N_("Discontinued by the committee")),
    # Deadlines
    "deadline_set": Template(N_("Deadline set when the note was registered")),
    "set_by_mfa": Template(N_("Set by the MFA")),
    "set_by_mfa_at_referral": Template(N_("Set by the MFA at referral")),
    "internal_policy": Template(
        N_("%(days)s days before the committee's deadline, on a working day"), params={"days": INT}
    ),
    "date_set_in_note": Template(N_("Date set in the note for the reply")),
    "time_limit": Template(layout="{text}", params={"text": Param("raw")}),  # rendered by _time_limit below
    "deadline_met": Template(
        N_("%(deadline)s: %(date)s"), params={"deadline": Param("choice", DeadlineKind), "date": DATE}
    ),
    "deadline_met_late": Template(
        N_("%(deadline)s: %(date)s (late)"), params={"deadline": Param("choice", DeadlineKind), "date": DATE}
    ),
    "deadline_passed": Template(
        N_("The deadline passed on %(date)s without the step being done."), params={"date": DATE}
    ),
    "option_unused": Template(N_("Option not used: its last day was %(date)s."), params={"date": DATE}),
    "deadline_closed": Template(
        layout="{deadline}: {detail}", params={"deadline": Param("choice", DeadlineKind), "detail": TEXT}
    ),
    "deadline_extended": Template(
        N_("Extended from %(old)s to %(new)s (%(reference)s): %(reason)s"),
        params={"old": DATE, "new": DATE, "reference": Param("raw", default="-"), "reason": TYPED},
    ),
    "deadline_moved": Template(
        N_("Moved from %(old)s to %(new)s: %(reason)s"), params={"old": DATE, "new": DATE, "reason": TYPED}
    ),
    # Rounds, analysis, position
    "referred": Template(N_("Referred to the PGO for legal analysis and to the MoJ")),
    "analysis_submitted": Template(N_("Legal analysis version %(version)s submitted"), params={"version": INT}),
    "position_drafted": Template(N_("State position drafted")),
    "position_languages": Template(layout="{languages}", params={"languages": RAW}),
    "position_text_written": Template(N_("Position text (%(language)s) written"), params={"language": Param("raw")}),
    "position_approved": Template(
        N_("Approved on the basis of the decision of %(meeting)s"), params={"meeting": MEETING}
    ),
    "outgoing_note": Template(N_("Outgoing note with the State position")),
    "sent_with_note": Template(N_("Sent with note %(number)s"), params={"number": RAW}),
    "sent_to_ohchr": Template(
        N_("Sent to OHCHR with note %(number)s on %(date)s"), params={"number": RAW, "date": DATE}
    ),
    # Decision and follow-up
    "decision_recorded": Template(N_("Final decision recorded")),
    "decision_completed": Template(N_("Final decision completed")),
    "decision_recorded_from_note": Template(N_("Final decision recorded from the note")),
    "decision_event": Template(
        layout="{kind} {symbol}", params={"kind": Param("choice", Decision.Kind), "symbol": RAW}
    ),
    "decision_kind": Template(layout="{kind}", params={"kind": Param("choice", Decision.Kind)}),
    "final_decision_adopted": Template(N_("The committee adopted its final decision")),
    "remedy_named": Template(N_("Remedy named in the Views")),
    "follow_up_action_recorded": Template(N_("Follow-up action recorded")),
    "status_after_action": Template(N_("Status after a follow-up action")),
    "remedy_action_event": Template(
        layout="{remedy}: {description}", params={"remedy": Param("choice", Remedy.Kind), "description": TYPED}
    ),
    "grade_recorded": Template(N_("Follow-up grade recorded")),
    "committee_grade": Template(N_("Committee's grade %(grade)s"), params={"grade": RAW}),
    "remedy_graded_event": Template(
        layout="{remedy}: {grade}", params={"remedy": Param("choice", Remedy.Kind), "grade": RAW}
    ),
    # IWG meetings (the meetings app writes these; their templates live here so that communications can render
    # every timeline line without importing meetings)
    "meeting_scheduled": Template(N_("Meeting scheduled")),
    "meeting_details_changed": Template(N_("Meeting details changed")),
    "meeting_held": Template(N_("Meeting held")),
    "participant_recorded": Template(N_("Participant recorded")),
    "put_on_agenda": Template(N_("Put on the agenda")),
    "on_agenda_of": Template(N_("On the agenda of %(meeting)s"), params={"meeting": MEETING}),
    "removed_from_agenda": Template(N_("Removed from the agenda")),
    "removed_from_agenda_of": Template(N_("Removed from the agenda of %(meeting)s"), params={"meeting": MEETING}),
    "meeting_cancelled": Template(
        N_("%(meeting)s cancelled: %(reason)s"), params={"meeting": MEETING, "reason": TYPED}
    ),
    "iwg_decision_recorded": Template(N_("IWG decision recorded")),
    # Working-day transfers (issue 11, item 10)
    "calendar_transfer": Template(
        N_("Working-day transfer on %(date)s (%(decree)s)"), params={"date": DATE, "decree": Param("raw", default="-")}
    ),
    "calendar_transfer_withdrawn": Template(
        N_("Working-day transfer on %(date)s withdrawn (%(decree)s)"),
        params={"date": DATE, "decree": Param("raw", default="-")},
    ),
    # Historical entries (issue 11, item 7)
    "historical_round": Template(N_("Entered as a historical record: its steps were already done")),
    "historical_round_replied": Template(
        N_("Entered as a historical record: the reply was sent on %(date)s"), params={"date": DATE}
    ),
    "historical_closed": Template(N_("Closed: entered as a historical record")),
    "historical_met": Template(N_("Met on %(date)s (historical record)"), params={"date": DATE}),
    # Corrections (issue 11, item 3): what was corrected and the reason the MFA typed (no party's name is kept
    # here: the timeline is read by roles that see confidential parties by initials only).
    "number_corrected": Template(
        N_("Corrected from %(old)s to %(new)s: %(reason)s"), params={"old": RAW, "new": RAW, "reason": TYPED}
    ),
    "deadline_recomputed": Template(
        N_("Recomputed from %(old)s to %(new)s after the committee was corrected to %(committee)s"),
        params={"old": DATE, "new": DATE, "committee": RAW},
    ),
    "deadline_added_by_correction": Template(
        N_("Added: the committee was corrected to %(committee)s"), params={"committee": RAW}
    ),
    "deadline_dropped_by_correction": Template(
        N_("Cancelled: %(committee)s sets no such deadline"), params={"committee": RAW}
    ),
    "party_edited": Template(
        N_("A party (%(role)s) corrected: %(fields)s. Reason: %(reason)s"),
        params={"role": Param("choice", Party.Role), "fields": Param("party_fields"), "reason": TYPED},
    ),
    "party_removed": Template(
        N_("A party (%(role)s) removed: %(reason)s"), params={"role": Param("choice", Party.Role), "reason": TYPED}
    ),
    "confidentiality_on": Template(
        N_("The identity of a party (%(role)s) is now confidential: %(reason)s"),
        params={"role": Param("choice", Party.Role), "reason": TYPED},
    ),
    "confidentiality_off": Template(
        N_("The identity of a party (%(role)s) is no longer confidential: %(reason)s"),
        params={"role": Param("choice", Party.Role), "reason": TYPED},
    ),
    "note_voided": Template(
        N_("Note No. %(number)s voided as registered by mistake: %(reason)s"), params={"number": RAW, "reason": TYPED}
    ),
    "round_voided": Template(
        N_("Round (%(kind)s) voided as registered by mistake: %(reason)s"),
        params={"kind": Param("choice", NoteKind), "reason": TYPED},
    ),
    "voided_deadline": Template(N_("Cancelled: its round was voided")),
    "merged_into": Template(
        N_("Merged into %(communication)s as registered twice: %(reason)s"),
        params={"communication": RAW, "reason": TYPED},
    ),
    "merged_from": Template(
        N_("%(communication)s, registered twice, merged into this communication: %(reason)s"),
        params={"communication": RAW, "reason": TYPED},
    ),
    "moved_by_merge": Template(N_("Moved from %(communication)s by a merge"), params={"communication": RAW}),
}

# The time limits' bases as the reference data loads them: translated when shown. A basis an administrator
# typed or corrected is shown as typed.
REFERENCE_BASES = frozenset(row[5] for row in reference_data.TIME_LIMITS)


def _register() -> None:
    for code, template in TEXTS.items():
        if code == "time_limit":
            continue
        texts.renderer(code)(template.render)


@texts.renderer("time_limit")
def _time_limit(params: dict[str, Any]) -> str:
    text = str(params.get("text", ""))
    return gettext(text) if text in REFERENCE_BASES else text


_register()


# Shorthands for the services


def deadline_met(kind: str, due_on: dt.date, *, late: bool) -> Text:
    return Text("deadline_met_late" if late else "deadline_met", {"deadline": kind, "date": due_on.isoformat()})


def time_limit_basis(text: str) -> Text:
    return Text("time_limit", {"text": text})


# ---------------------------------------------------------------------------------------------------------------
# Deadline notices (reminders, catch-up reminders, missed notices, escalations): a title and a message, rendered
# for whoever reads the notification (and in the recipient's language in its e-mail). The communication is named
# by committee and number only: no party's name, no subject.


def _notice_values(params: dict[str, Any]) -> dict[str, str]:
    days_left = int(params.get("days_left") or 0)
    if days_left <= 0:
        when = gettext("due today")
    else:
        when = ngettext("in %(count)d working day", "in %(count)d working days", days_left) % {"count": days_left}
    return {
        "deadline": texts.label(DeadlineKind, params["deadline"]),
        "communication": params["communication"],
        "date": texts.long_day(params["date"]),
        "agency": agency_label(params["agency"]),
        "when": when,
    }


NOTICE_TITLES = {
    "reminder": N_("Reminder: %(deadline)s, %(communication)s, due %(date)s (%(when)s)"),
    "catch_up": N_("Catch-up reminder: %(deadline)s, %(communication)s, due %(date)s (%(when)s)"),
    "missed": N_("Missed: %(deadline)s, %(communication)s, was due %(date)s"),
    "escalation": N_("Escalation: %(agency)s missed %(deadline)s, %(communication)s, due %(date)s"),
}


def notice_parameters(
    *, notice_kind, deadline_kind, communication, due_on, agency, days_left, round_kind, urgent, skipped
) -> dict:
    return {
        "code": "deadline_notice",
        "params": {
            "notice": notice_kind,
            "deadline": deadline_kind,
            "communication": communication,
            "date": due_on.isoformat(),
            "agency": agency,
            "days_left": days_left,
            "round": round_kind,
            "urgent": bool(urgent),
            "skipped": skipped,
        },
    }


def notice_text(parameters: dict) -> tuple[str, str]:
    """(title, message) of a deadline notice's parameters in the active language."""
    params = parameters["params"]
    values = _notice_values(params)  # once for both: the sweep renders a title and a message per recipient
    return _notice_title(params, values), _notice_message(params, values)


# Stands for the communication while a notice's text is rendered once for all the notices that differ only in it.
_SUBJECT = "\x00communication\x00"


class NoticeTexts:
    """(title, message) of deadline notices in given languages, for one sweep: the same as `notice_text` in that
    language, but each distinct (language, parameters other than the communication) is rendered through gettext
    once; the communication, the one parameter that differs between most notices, is put in afterwards. A sweep
    batch writes a title and a message per notice and reader's language, and most share their step, date and
    agency."""

    def __init__(self) -> None:
        self._rendered: dict[tuple, tuple[str, str]] = {}

    def __call__(self, parameters: dict, language: str) -> tuple[str, str]:
        params = parameters["params"]
        key = (
            language,
            *(
                (name, tuple(value) if isinstance(value, list) else value)
                for name, value in params.items()
                if name != "communication"
            ),
        )
        rendered = self._rendered.get(key)
        if rendered is None:
            marked = {**params, "communication": _SUBJECT}
            with translation.override(language):
                values = _notice_values(marked)
                rendered = _notice_title_full(marked, values), _notice_message(marked, values)
            self._rendered[key] = rendered
        communication = str(params["communication"])
        title, message = rendered
        return title.replace(_SUBJECT, communication)[:300], message.replace(_SUBJECT, communication)


@texts.renderer("deadline_notice_title")
def notice_title(params: dict[str, Any]) -> str:
    return _notice_title(params, _notice_values(params))


@texts.renderer("deadline_notice_message")
def notice_message(params: dict[str, Any]) -> str:
    return _notice_message(params, _notice_values(params))


def _notice_title(params: dict[str, Any], values: dict[str, str]) -> str:
    return _notice_title_full(params, values)[:300]


def _notice_title_full(params: dict[str, Any], values: dict[str, str]) -> str:
    return gettext(NOTICE_TITLES[params["notice"]]) % values


def _notice_message(params: dict[str, Any], values: dict[str, str]) -> str:
    lines = [
        gettext("Communication: %(communication)s") % values,
        gettext("Step: %(deadline)s") % values,
        gettext("Due date: %(date)s") % values,
        gettext("Responsible: %(agency)s") % values,
        gettext("Request: %(round)s") % {"round": texts.label(NoteKind, params.get("round"))},
    ]
    if not params.get("round"):  # a deadline another record owns (a measure's target date): no communication
        lines = [gettext("Subject: %(communication)s") % values, *lines[1:4]]
    if params.get("urgent"):
        lines.append(gettext("Urgent: interim or protection measures, reminded every working day."))
    if params["notice"] == "catch_up":
        lines.append(
            gettext(
                "Earlier reminders (%(levels)s working days before) could not be sent on their day; this notice replaces them."
            )
            % {"levels": ", ".join(str(level) for level in params.get("skipped") or [])}
        )
    if params["notice"] == "missed":
        lines.append(gettext("The deadline passed without the step being done. It has been escalated."))
    if params["notice"] == "escalation":
        lines.append(gettext("You receive this as head of agency or as the MFA's supervisor."))
    return "\n".join(lines)


@texts.renderer("legacy_notification_title")
def _legacy_notification_title(params: dict[str, Any]) -> str:
    return str(params.get("title", ""))


@texts.renderer("legacy_notification_message")
def _legacy_notification_message(params: dict[str, Any]) -> str:
    return str(params.get("message", ""))


# ---------------------------------------------------------------------------------------------------------------
# Hand-off notices (a round reached a step another agency takes): a title and a message, rendered for whoever
# reads them. Like the deadline notices they name the communication by committee and number only.

HANDOFF_TITLES = {
    "refer": N_("Referred: %(communication)s, legal analysis due %(date)s"),
    "submit_analysis": N_("Legal analysis submitted: %(communication)s"),
    "revise_analysis": N_("New version of the legal analysis: %(communication)s"),
    "iwg_approve": N_("IWG decision: draft position approved, %(communication)s"),
    "iwg_more_analysis": N_("IWG decision: more analysis needed, %(communication)s"),
    "iwg_defer": N_("IWG decision: consideration deferred, %(communication)s"),
    "approve_position": N_("State position approved, to send to OHCHR: %(communication)s"),
    "views_remedy": N_("Views adopted: a remedy for your agency, %(communication)s"),
    "urgent_note": N_("Urgent: %(request)s, %(communication)s"),
}


def _handoff_values(params: dict[str, Any]) -> dict[str, str]:
    return {
        "communication": params["communication"],
        "request": texts.label(NoteKind, params.get("round_kind")) if params.get("round_kind") else "",
        "date": texts.long_day(params["due_on"]) if params.get("due_on") else "-",
        "deadline": texts.label(DeadlineKind, params["deadline"]) if params.get("deadline") else "",
        "remedy": texts.label(Remedy.Kind, params["remedy"]) if params.get("remedy") else "",
    }


@texts.renderer("handoff_title")
def handoff_title(params: dict[str, Any]) -> str:
    template = HANDOFF_TITLES.get(params.get("step", ""), N_("Your turn: %(communication)s"))
    return (gettext(template) % _handoff_values(params))[:300]


@texts.renderer("handoff_message")
def handoff_message(params: dict[str, Any]) -> str:
    values = _handoff_values(params)
    lines = [gettext("Communication: %(communication)s") % values]
    if values["request"]:
        lines.append(gettext("Request: %(round)s") % {"round": values["request"]})
    if values["deadline"]:
        lines.append(gettext("Your step: %(deadline)s, due %(date)s") % values)
    if values["remedy"]:
        lines.append(gettext("Remedy: %(remedy)s") % values)
    if params.get("urgent"):
        lines.append(gettext("Urgent: interim or protection measures; the committee expects a reply quickly."))
    return "\n".join(lines)
