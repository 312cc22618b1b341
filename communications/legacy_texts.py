"""Reading sentences written before texts were data back into codes and parameters (for the data migration).

The reverse patterns are built from the same table that renders texts (`communications.texts.TEXTS`): for each
language of the site, each template's translation (the msgstr of the .po catalogue, through gettext) becomes a
regular expression whose groups read the parameters back (dates in the formats of that language, choice labels
in that language, meeting names). A sentence that matches nothing is kept as written.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from iwg.calendar import WorkingCalendar
from iwg.texts import LEGACY, TYPED, Text, render_stored, stored

from .texts import TEXTS, Param, notice_parameters

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]{2} \d{4}"
_DATE_FORMATS = ("%d.%m.%Y", "%d %b %Y", "%m/%d/%Y", "%Y-%m-%d", "%d/%m/%Y")


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _choice_labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


def _param_regex(param: Param, name: str, *, last: bool) -> str:
    if param.kind == "date":
        return rf"(?P<{name}>{_DATE}|-)"
    if param.kind == "int":
        return rf"(?P<{name}>\d+)"
    if param.kind == "choice":
        labels = sorted(_choice_labels(param.choices), key=len, reverse=True)
        return rf"(?P<{name}>{'|'.join(re.escape(label) for label in labels)})"
    if param.kind == "meeting":
        template = re.escape(gettext("IWG meeting No. %(number)s")).replace(re.escape("%(number)s"), r"\d+")
        return rf"(?P<{name}>{template}|-)"
    return rf"(?P<{name}>.*)" if last else rf"(?P<{name}>.*?)"


def _regex(code: str) -> re.Pattern:
    """The pattern of `code` in the active language."""
    template = TEXTS[code]
    source = gettext(template.msgid) if template.msgid else template.layout
    parts = []
    position = 0
    matches = list(_PLACEHOLDER.finditer(source))
    for index, match in enumerate(matches):
        parts.append(re.escape(source[position : match.start()]))
        name = match.group(1) or match.group(2)
        param = template.params.get(name, Param())
        parts.append(_param_regex(param, name, last=index == len(matches) - 1 and match.end() == len(source)))
        position = match.end()
    parts.append(re.escape(source[position:]))
    return re.compile("".join(parts), re.DOTALL)


@cache
def _patterns(language: str) -> dict[str, re.Pattern | None]:
    with translation.override(language):
        return {code: _regex(code) for code in TEXTS}


def _read_date(value: str) -> str | None:
    if value == "-":
        return None
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date().isoformat()  # noqa: DTZ007  (a date, no time)
        except ValueError:
            continue
    raise ValueError(value)


def _read_param(param: Param, value: str):
    if param.kind == "date":
        return _read_date(value)
    if param.kind == "int":
        return int(value)
    if param.kind == "choice":
        return _choice_labels(param.choices)[value]
    if param.kind == "meeting":
        if value == "-":
            return None
        number = re.search(r"\d+", value)
        if number is None:
            raise ValueError(value)
        return int(number.group())
    if param.kind in ("fields", "party_fields"):
        from .models import Communication, Party

        fields = (Party if param.kind == "party_fields" else Communication)._meta.concrete_fields
        names = {str(field.verbose_name): field.name for field in fields} | {field.name: field.name for field in fields}
        # A label of another language is not read here: the next language is tried.
        return [names[part.strip()] for part in value.split(",") if part.strip()]
    if param.kind == "text":
        return (read(value) or Text(LEGACY, {"text": value})).as_data()
    if param.default and value == param.default:
        return ""
    return value


def read(sentence: str, *, codes: list[str] | None = None) -> Text | None:
    """The Text that `sentence` (written in any of the site's languages) is, trying `codes` (default: every code
    with a translated template) in order; None when no pattern matches."""
    if not sentence:
        return None
    candidates = codes if codes is not None else [code for code, template in TEXTS.items() if template.msgid]
    for language in languages():
        patterns = _patterns(language)
        with translation.override(language):
            for code in candidates:
                pattern = patterns[code]
                match = pattern.fullmatch(sentence) if pattern is not None else None
                if match is None:
                    continue
                params = TEXTS[code].params
                try:
                    values = {
                        name: _read_param(params.get(name, Param()), value) for name, value in match.groupdict().items()
                    }
                except (KeyError, ValueError, AttributeError):
                    continue
                return Text(code, values)
    return None


# What an event's reason could be, by event kind; and whether an unmatched reason is what a person typed.
EVENT_CODES: dict[str, tuple[list[str], bool]] = {
    "note_registered": (["note_registered_event"], False),
    "communication_updated": (["fields_edited"], False),
    "round_opened": (["note_kind"], False),
    "referred": (["referred"], True),
    "analysis_submitted": (["analysis_submitted"], False),
    "put_on_agenda": (["on_agenda_of"], False),
    "removed_from_agenda": (["removed_from_agenda_of", "meeting_cancelled"], False),
    "iwg_decision": (["iwg_decision_event_notes", "iwg_decision_event"], False),
    "position_drafted": (["position_languages"], False),
    "position_approved": (["position_approved"], False),
    "position_sent": (["sent_to_ohchr"], False),
    "deadline_extended": (["deadline_extended"], False),
    "deadline_changed": (["deadline_moved"], False),
    "deadline_met": (["deadline_met_late", "deadline_met"], False),
    "deadline_missed": (["deadline_closed"], False),
    "decision_recorded": (["decision_event"], False),
    "remedy_action": (["remedy_action_event"], False),
    "remedy_graded": (["remedy_graded_event"], False),
    "round_cancelled": (["discontinued", "final_decision_adopted", "meeting_cancelled"], True),
    "phase_changed": (["discontinued", "final_decision_adopted", "decision_kind"], True),
}


def event_text(kind: str, reason: str) -> Text:
    """The Text of an old event row's reason (its kind says which texts it can be)."""
    codes, typed = EVENT_CODES.get(kind, ([], False))
    codes = [code for code in codes if code in TEXTS]
    if not reason:
        return Text(TYPED, {"text": ""})
    text = read(reason, codes=codes) if codes else None
    if text is not None:
        return text
    return Text(TYPED if typed else LEGACY, {"text": reason})


def history_reason(reason: str | None) -> Text | None:
    """The Text of an old history change reason, or None (kept as written)."""
    return read(reason or "")


BASIS_CODES = ["set_by_mfa", "internal_policy", "date_set_in_note"]


def deadline_basis(basis: str) -> Text:
    """A deadline's basis as data: a known sentence, else a time limit's basis (translated when it is the
    reference data's, as typed otherwise)."""
    return read(basis or "", codes=BASIS_CODES) or Text("time_limit", {"text": basis or ""})


# ---------------------------------------------------------------------------------------------------------------
# The conversion the data migration runs (on the historical models it is given), and its reverse.

HISTORY_APPS = ("communications", "meetings", "iwg")
BATCH = 500


def _historical_models(apps):
    for app_label in HISTORY_APPS:
        for model in apps.get_app_config(app_label).get_models():
            names = {field.name for field in model._meta.get_fields()}
            if model.__name__.startswith("Historical") and "history_change_reason" in names:
                yield model


def convert_all(apps) -> dict[str, int]:
    """Turn the stored sentences into codes and parameters: events' reasons, deadlines' bases, history change
    reasons and notifications. Rows already converted are left alone; a sentence that matches no pattern is kept
    as written (a 'legacy text'), what a person typed stays as typed. Returns the counts converted."""
    counts = {"events": 0, "deadlines": 0, "history": 0, "notifications": 0}
    Event = apps.get_model("communications", "Event")
    rows = []
    for event in Event.objects.filter(parameters={}).only("pk", "kind", "reason").iterator(chunk_size=BATCH):
        event.parameters = event_text(event.kind, event.reason).as_data()
        rows.append(event)
    Event.objects.bulk_update(rows, ["parameters"], batch_size=BATCH)
    counts["events"] = len(rows)

    for name in ("Deadline", "HistoricalDeadline"):
        Model = apps.get_model("communications", name)
        rows = []
        for deadline in Model.objects.filter(basis_parameters={}).only("pk", "basis").iterator(chunk_size=BATCH):
            deadline.basis_parameters = deadline_basis(deadline.basis).as_data()
            rows.append(deadline)
        Model.objects.bulk_update(rows, ["basis_parameters"], batch_size=BATCH)
        counts["deadlines"] += len(rows)

    for Model in _historical_models(apps):
        rows = []
        queryset = Model.objects.exclude(history_change_reason__isnull=True).exclude(history_change_reason="")
        for record in queryset.exclude(history_change_reason__startswith="{").only(
            "history_id", "history_change_reason"
        ):
            text = history_reason(record.history_change_reason)
            if text is not None:
                record.history_change_reason = stored(text)
                rows.append(record)
        Model.objects.bulk_update(rows, ["history_change_reason"], batch_size=BATCH)
        counts["history"] += len(rows)

    counts["notifications"] = _convert_notifications(apps)
    return counts


def _convert_notifications(apps) -> int:
    """A deadline's notice says what it says from its notice and deadline: rebuilt from them, not parsed. A
    notification without a notice keeps its text (a legacy text)."""
    Notification = apps.get_model("communications", "Notification")
    calendar = WorkingCalendar()
    rows = []
    queryset = Notification.objects.filter(parameters={}).select_related(
        "notice", "deadline__round__communication__committee", "deadline__responsible_agency"
    )
    for notification in queryset.iterator(chunk_size=BATCH):
        notice, deadline = notification.notice, notification.deadline
        if notice is None or deadline is None:
            notification.parameters = {
                "code": "legacy_notification",
                "params": {"title": notification.title, "message": notification.message},
            }
        else:
            created_on = timezone.localdate(notification.created_at)
            notification.parameters = notice_parameters(
                notice_kind=notice.kind,
                deadline_kind=deadline.kind,
                communication=f"{deadline.round.communication.committee.code} {deadline.round.communication.number}",
                due_on=notice.due_on,
                agency=deadline.responsible_agency.code,
                days_left=max(calendar.working_days_between(created_on, notice.due_on), 0),
                round_kind=deadline.round.kind,
                urgent=deadline.round.is_urgent,
                skipped=list(notice.skipped_levels or []),
            )
        rows.append(notification)
    Notification.objects.bulk_update(rows, ["parameters"], batch_size=BATCH)
    return len(rows)


def revert_all(apps) -> None:
    """The reverse: history reasons back to sentences in the site's default language; the new JSON columns are
    dropped by the schema migration's reverse (the old columns were never cleared)."""
    with translation.override(settings.LANGUAGE_CODE):
        for Model in _historical_models(apps):
            rows = []
            for record in Model.objects.filter(history_change_reason__startswith="{").only(
                "history_id", "history_change_reason"
            ):
                record.history_change_reason = render_stored(record.history_change_reason)
                rows.append(record)
            Model.objects.bulk_update(rows, ["history_change_reason"], batch_size=BATCH)
