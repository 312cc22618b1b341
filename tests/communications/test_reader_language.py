"""A reader sees the timeline, notifications, deadline bases and history reasons in their own language, whoever
acted and in whatever language they worked."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit import selectors as audit_selectors
from communications import services
from communications.models import DeadlineKind, Event, Notification, Round
from communications.selectors.timeline import _EVENTS_SHOWN_AS_RECORDS
from communications.texts import NOTICE_TITLES
from iwg.texts import render_stored
from tests.factories import round_at

pytestmark = pytest.mark.postgres


def _acted_in(writer, users) -> Round:
    """A round taken to the IWG's approval, its committee deadline extended, by users working in `writer`."""
    with translation.override(writer):
        round = round_at(users, Round.Status.IWG_APPROVED)
        committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
        services.deadline_extend(
            actor=users["mfa"],
            deadline=committee,
            new_due_on=committee.due_on + dt.timedelta(days=30),
            reference="G/SO 215/51",
            reason="Автор просил продлить",
        )
    return Round.objects.get(pk=round.pk)


@pytest.mark.parametrize("writer", ["en", "ru"])
def test_a_kazakh_reader_sees_every_timeline_line_and_basis_in_kazakh(client, users, writer):
    # given steps taken by users working in `writer`
    round = _acted_in(writer, users)
    reader = users["moj"]
    reader.language = "kk"
    reader.save()
    client.force_login(reader)

    # when a Kazakh reader opens the communication
    response = client.get(round.communication.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk")
    page = response.content.decode()
    assert response.status_code == 200

    # then each event's detail, each deadline's basis and the history reasons are in Kazakh
    with translation.override("kk"):
        events = list(Event.objects.filter(communication=round.communication))
        assert events
        for event in events:
            assert event.parameters, event.kind  # stored as data
            with translation.override(writer):
                as_written = event.detail
            shown = event.kind not in _EVENTS_SHOWN_AS_RECORDS  # the others are shown by their record (a note…)
            if shown and event.parameters["code"] not in ("typed", "legacy_text") and as_written:
                assert event.detail in page or event.detail.replace("'", "&#x27;") in page
        meeting = round.agenda_items.get().meeting.number
        agenda = gettext("On the agenda of %(meeting)s") % {
            "meeting": gettext("IWG meeting No. %(number)s") % {"number": meeting}
        }
        assert agenda in page
        assert "Автор просил продлить" in page  # typed: as typed
        for deadline in round.deadlines.all():
            assert deadline.basis_text in page
        committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
        history = committee.history.first().history_change_reason
        assert render_stored(history).startswith(
            gettext("Extended from %(old)s to %(new)s (%(reference)s): %(reason)s").split("%")[0]
        )
    assert "On the agenda of" not in page


def test_a_kazakh_reader_sees_a_notice_written_for_a_russian_recipient_in_kazakh(users):
    # given a PGO deadline missed, notified to a PGO prosecutor reading Russian
    users["pgo"].language = "ru"
    users["pgo"].save()
    round = round_at(users, Round.Status.REFERRED)
    pgo_deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    services.deadlines_sweep(today=pgo_deadline.due_on + dt.timedelta(days=1))
    notification = Notification.objects.get(user=users["pgo"], deadline=pgo_deadline, kind="missed")
    with translation.override("ru"):
        assert notification.title.startswith(gettext(NOTICE_TITLES["missed"]).split("%")[0])

    # when the prosecutor switches to Kazakh, the same notification reads in Kazakh
    with translation.override("kk"):
        assert notification.title_text.startswith(gettext(NOTICE_TITLES["missed"]).split("%")[0])
        assert gettext("Step: %(deadline)s") % {"deadline": DeadlineKind.PGO_ANALYSIS.label} in (
            notification.message_text
        )


def test_the_history_page_shows_reasons_in_the_readers_language(client, users):
    with translation.override("ru"):
        round = round_at(users, Round.Status.REFERRED)
    auditor = users["auditor"]
    auditor.language = "kk"
    auditor.save()
    client.force_login(auditor)
    response = client.get(reverse("audit:history", args=["communications", "round", round.pk]))
    with translation.override("kk"):
        assert gettext("Round opened by the incoming note") in response.content.decode()
    label, rows = audit_selectors.object_history(model=Round, pk=round.pk, viewer=auditor)
    assert all(not row.reason.startswith("{") for row in rows)
