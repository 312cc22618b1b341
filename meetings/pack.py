"""The IWG meeting pack and the minutes as PDF (WeasyPrint), and the same agenda as a printable page.

The pack: a cover (number, date, place, participants), then the agenda ordered by the nearest committee deadline,
and per item the communication (committee, number, subject, parties: initials where the identity is confidential,
whoever reads the pack, since it is printed and handed round), the round's deadlines, the PGO's latest legal
analysis (summary and conclusions) and the draft State position in the reader's language where there is one.
The minutes: the same agenda with the IWG's decision on each item. Page numbers and a "confidential" mark on every
page come from the CSS @page rules of templates/pdf/base.html.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communications.models import Deadline, JoinedNumber, LegalAnalysis, Party, PositionText
from iwg.errors import InvalidTransition
from iwg.models import AccessEvent
from iwg.pdf import html_to_pdf
from iwg.services import access_record

from .models import AgendaItem, Meeting, Participant


@dataclass
class PackItem:
    number: int
    item: AgendaItem
    committee_due_on: dt.date | None
    parties: list[str]
    joined_numbers: list[str]
    deadlines: list[Deadline]
    analysis: LegalAnalysis | None
    position_text: str
    position_language: str
    decision: str = ""
    decision_notes: str = ""
    extra: dict = field(default_factory=dict)


def _position_text(item: AgendaItem) -> tuple[str, str]:
    position = getattr(item.round, "position", None)
    if position is None:
        return "", ""
    texts = {text.language: text.text for text in position.texts.all()}
    for language in (translation.get_language() or "ru", "ru", "kk", "en", *texts):
        if texts.get(language):
            return texts[language], language
    return "", ""


def pack_items(*, meeting: Meeting, user) -> list[PackItem]:
    """The agenda items `user` may see, nearest committee deadline first (then the agenda's own order), with what
    each item of the pack shows, in a fixed number of queries."""
    from .selectors import _agenda_items

    items = list(
        _agenda_items(user)
        .filter(meeting=meeting)
        .select_related("round__communication__committee", "round__position")
        .prefetch_related(
            Prefetch("round__communication__parties", queryset=Party.objects.current().order_by("role", "id")),
            Prefetch("round__communication__joined_numbers", queryset=JoinedNumber.objects.order_by("number")),
            Prefetch("round__deadlines", queryset=Deadline.objects.select_related("responsible_agency")),
            Prefetch("round__analyses", queryset=LegalAnalysis.objects.order_by("-version")),
            Prefetch("round__position__texts", queryset=PositionText.objects.order_by("language")),
        )
    )
    far = dt.date.max
    items.sort(key=lambda item: (item.committee_due_on or far, item.order, item.pk))  # type: ignore[attr-defined]
    result = []
    for number, item in enumerate(items, start=1):
        communication = item.round.communication
        analyses = list(item.round.analyses.all())
        text, language = _position_text(item)
        result.append(
            PackItem(
                number=number,
                item=item,
                committee_due_on=item.committee_due_on,  # type: ignore[attr-defined]
                # str(party): the initials where the committee keeps the identity confidential.
                parties=[f"{party} ({party.get_role_display()})" for party in communication.parties.all()],
                joined_numbers=[joined.number for joined in communication.joined_numbers.all()],
                deadlines=sorted(item.round.deadlines.all(), key=lambda deadline: (deadline.due_on, deadline.pk)),
                analysis=analyses[0] if analyses else None,
                position_text=text,
                position_language=language,
                decision=item.get_decision_display() if item.decision else "",
                decision_notes=item.decision_notes,
            )
        )
    return result


def _participants(meeting: Meeting) -> list[Participant]:
    return list(meeting.participants.select_related("agency").order_by("id"))


def _context(*, meeting: Meeting, user) -> dict:
    return {
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "participants": _participants(meeting),
        "items": pack_items(meeting=meeting, user=user),
        "made_at": timezone.localtime(),
        "made_by": user,
    }


def agenda_html(*, meeting: Meeting, user) -> dict:
    """The context of the printable agenda page (the same items as the pack)."""
    return _context(meeting=meeting, user=user)


def meeting_pack_pdf(*, meeting: Meeting, user) -> bytes:
    html = render_to_string("meetings/pack.html", _context(meeting=meeting, user=user))
    return html_to_pdf(html)


def meeting_minutes_pdf(*, meeting: Meeting, user) -> bytes:
    """The minutes once the meeting is recorded as held; InvalidTransition before."""
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("The minutes exist once the meeting is recorded as held."))
    html = render_to_string("meetings/minutes_pdf.html", _context(meeting=meeting, user=user))
    return html_to_pdf(html)


def meeting_file(*, actor, meeting: Meeting, kind: str, request=None) -> bytes:
    """The pack ("pack") or the minutes ("minutes") as PDF for `actor`, recorded as an EXPORT access event."""
    builder = meeting_pack_pdf if kind == "pack" else meeting_minutes_pdf
    content = builder(meeting=meeting, user=actor)
    access_record(kind=AccessEvent.Kind.EXPORT, request=request, user=actor, obj=meeting, detail=f"meeting {kind} pdf")
    return content
