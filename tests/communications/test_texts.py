"""Texts as data: events, deadline bases, notifications and history reasons are stored as a code and parameters
and rendered in the reader's language; old sentences, written in any of the three languages, are read back into
codes and parameters by the data migration's conversion."""

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from communications import legacy_texts
from communications.models import DeadlineKind, DeadlineNotice, Event, NoteKind, Notification, Round
from communications.texts import NOTICE_TITLES, TEXTS, NoticeTexts, Param, notice_parameters, notice_text
from iwg.texts import LEGACY, TYPED, Text, render_stored, stored
from tests.factories import round_at

LANGUAGES = ["en", "ru", "kk"]


def _sample(param: Param, name: str):
    if param.kind == "date":
        return "2026-01-12"
    if param.kind == "int":
        return 3
    if param.kind == "meeting":
        return 16
    if param.kind == "choice":
        return param.choices.values[-1]
    if param.kind == "fields":
        return ["subject", "submitted_on"]
    if param.kind == "party_fields":
        # (the Russian label of full_name holds commas, which a list read back from a sentence cannot tell apart;
        # no sentence of this text was ever stored before texts were data)
        return ["role", "initials"]
    if param.kind == "text":
        return Text("deadline_passed", {"date": "2026-01-12"}).as_data()
    return "Author's counsel asked for time (G/SO 215/51)" if name in ("reason", "description") else "G/SO 215/51"


def _samples():
    for code, template in TEXTS.items():
        if code == "time_limit":
            continue
        yield code, {name: _sample(param, name) for name, param in template.params.items()}


@pytest.mark.parametrize("writer", LANGUAGES)
@pytest.mark.parametrize(("code", "params"), list(_samples()), ids=[code for code, _ in _samples()])
def test_a_sentence_written_in_any_language_reads_back_and_renders_in_kazakh(writer, code, params):
    # given the sentence as it was stored before texts were data, in the writer's language
    with translation.override(writer):
        sentence = str(Text(code, params))
    # when the conversion reads it (trying the codes its record could hold)
    text = legacy_texts.read(sentence, codes=[code])
    # then it is the same code and parameters, and a Kazakh reader sees it in Kazakh
    assert text == Text(code, params), sentence
    with translation.override("kk"):
        assert str(text) == str(Text(code, params))


def test_kazakh_rendering_uses_the_kazakh_template_and_date_format():
    text = Text(
        "deadline_extended", {"old": "2026-01-12", "new": "2026-02-12", "reference": "G/SO 1", "reason": "Asked"}
    )
    with translation.override("kk"):
        assert str(text) == gettext("Extended from %(old)s to %(new)s (%(reference)s): %(reason)s") % {
            "old": "12.01.2026",
            "new": "12.02.2026",
            "reference": "G/SO 1",
            "reason": "Asked",
        }
        assert "ұзартылды" in str(text)
    with translation.override("en"):
        assert str(text) == "Extended from 12 Jan 2026 to 12 Feb 2026 (G/SO 1): Asked"  # unambiguous English dates


def test_what_a_person_typed_stays_as_typed_and_an_unknown_sentence_as_written():
    assert legacy_texts.event_text(Event.Kind.REFERRED, "Please hurry") == Text(TYPED, {"text": "Please hurry"})
    assert legacy_texts.event_text(Event.Kind.POSITION_SENT, "Something else") == Text(
        LEGACY, {"text": "Something else"}
    )
    assert legacy_texts.history_reason("Imported from the old register") is None
    assert render_stored("Imported from the old register") == "Imported from the old register"


def test_a_reference_basis_is_translated_and_a_typed_basis_is_not():
    reference = "CCPR rules of procedure, rule 92: 6 months from transmission"
    with translation.override("kk"):
        assert str(legacy_texts.deadline_basis(reference)) == gettext(reference) != reference
        assert str(legacy_texts.deadline_basis("Agreed with OHCHR by phone")) == "Agreed with OHCHR by phone"
    with translation.override("ru"):
        sentence = gettext("Set by the MFA")
    assert legacy_texts.deadline_basis(sentence) == Text("set_by_mfa")


def _old_style(writer, users):
    """A round with rows as they were stored before texts were data, written by a user reading `writer`."""
    round = round_at(users, Round.Status.REFERRED)
    communication = round.communication
    deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    committee_deadline = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    with translation.override(writer):
        reason = gettext("Legal analysis version %(version)s submitted") % {"version": 2}
        extension = gettext("Extended from %(old)s to %(new)s (%(reference)s): %(reason)s") % {
            "old": "12.01.2026" if writer != "en" else "01/12/2026",
            "new": "12.02.2026" if writer != "en" else "02/12/2026",
            "reference": "G/SO 215/51",
            "reason": "Автор просил",
        }
        met = f"{DeadlineKind(deadline.kind).label}: {'12.01.2026' if writer != 'en' else '01/12/2026'} ({gettext('late')})"
        basis = gettext("%(days)s days before the committee's deadline, on a working day") % {"days": 75}
        history = gettext("Round opened by the incoming note")
    events = [
        Event.objects.create(
            communication=communication, round=round, kind=kind, reason=text, occurred_at=round.created_at
        )
        for kind, text in (
            (Event.Kind.ANALYSIS_SUBMITTED, reason),
            (Event.Kind.DEADLINE_EXTENDED, extension),
            (Event.Kind.DEADLINE_MET, met),
            (Event.Kind.REFERRED, "Срочно, пожалуйста"),
        )
    ]
    Deadline = apps.get_model("communications", "Deadline")
    Deadline.objects.filter(pk=deadline.pk).update(basis=basis, basis_parameters={})
    round.history.filter(history_type="+").update(history_change_reason=history)
    notice = DeadlineNotice.objects.create(
        deadline=committee_deadline, kind="reminder", level=5, due_on=committee_deadline.due_on
    )
    notification = Notification.objects.create(
        user=users["mfa"],
        kind="reminder",
        title="Напоминание",
        communication=communication,
        deadline=committee_deadline,
        notice=notice,
    )
    return round, events, deadline, notification


@pytest.mark.postgres
@pytest.mark.parametrize("writer", LANGUAGES)
def test_rows_written_before_the_change_read_in_kazakh_after_the_data_migration(users, writer):
    # given rows stored as finished sentences by a user reading `writer`
    round, events, deadline, notification = _old_style(writer, users)

    # when the data migration's conversion runs
    counts = legacy_texts.convert_all(apps)
    assert counts["events"] >= len(events) and counts["notifications"] >= 1

    # then a Kazakh reader sees each of them in Kazakh
    with translation.override("kk"):
        details = [Event.objects.get(pk=event.pk).detail for event in events]
        assert details[0] == gettext("Legal analysis version %(version)s submitted") % {"version": 2}
        assert details[1].startswith("12.01.2026 күнінен 12.02.2026 күніне дейін ұзартылды (G/SO 215/51)")
        assert details[1].endswith("Автор просил")  # typed by a person: as typed
        assert details[2] == f"{DeadlineKind.PGO_ANALYSIS.label}: 12.01.2026 ({gettext('late')})"
        assert details[3] == "Срочно, пожалуйста"
        opened = round.history.get(history_type="+").history_change_reason
        assert render_stored(opened) == gettext("Round opened by the incoming note")
        converted = type(deadline).objects.get(pk=deadline.pk)
        assert converted.basis_text == gettext("%(days)s days before the committee's deadline, on a working day") % {
            "days": 75
        }
        notification = Notification.objects.get(pk=notification.pk)
        prefix = gettext(NOTICE_TITLES["reminder"]).split("%")[0]
        assert prefix != "Reminder: " and notification.title_text.startswith(prefix)
        assert round.communication.number in notification.title_text
        assert gettext("Request: %(round)s") % {"round": NoteKind.NEW_COMMUNICATION.label} in notification.message_text

    # and running it again changes nothing
    assert legacy_texts.convert_all(apps) == {"events": 0, "deadlines": 0, "history": 0, "notifications": 0}


@pytest.mark.postgres
def test_the_reverse_migration_writes_history_reasons_back_as_sentences(users):
    round = round_at(users, Round.Status.REGISTERED)
    record = round.history.get(history_type="+")
    type(record).objects.filter(pk=record.pk).update(history_change_reason=stored(Text("round_opened")))
    legacy_texts.revert_all(apps)
    with translation.override(settings.LANGUAGE_CODE):
        assert type(record).objects.get(pk=record.pk).history_change_reason == gettext(
            "Round opened by the incoming note"
        )


def test_dates_are_stored_as_iso():
    assert Text("deadline_passed", {"date": dt.date(2026, 1, 12).isoformat()}).params["date"] == "2026-01-12"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_sweeps_notice_texts_are_the_notice_text_in_the_readers_language(language):
    # given notices that differ in the communication only, and in everything else
    cases = [
        notice_parameters(
            notice_kind=kind,
            deadline_kind=DeadlineKind.PGO_ANALYSIS,
            communication=communication,
            due_on=dt.date(2026, 3, 6),
            agency="PGO",
            days_left=days_left,
            round_kind=round_kind,
            urgent=urgent,
            skipped=skipped,
        )
        for kind, skipped in (("reminder", []), ("catch_up", [5, 3]), ("missed", []), ("escalation", []))
        for communication in ("CCPR 3021/2017", "CEDAW 100%/2026 %(date)s", "Measure: " + "x" * 400)
        for days_left, round_kind, urgent in ((0, NoteKind.NEW_COMMUNICATION, False), (3, "", True))
    ]
    texts = NoticeTexts()
    for parameters in cases * 2:  # the second time from what is kept
        # when the sweep's renderer gives the title and message, then they are notice_text's in that language
        with translation.override(language):
            expected = notice_text(parameters)
        with translation.override("en" if language != "en" else "ru"):  # whatever is active while the sweep runs
            assert texts(parameters, language) == expected
