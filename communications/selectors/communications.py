"""Reads about communications, their notes and documents. Scoping to what a user may see lives here, so a guessed
id of something the user may not see is simply not found.
"""

import datetime as dt

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from iwg.calendar import local_date

from ..filters import CommunicationFilter, _filtered, register_overdue
from ..models import (
    Communication,
    Deadline,
    Document,
    Event,
    Extension,
    JoinedNumber,
    LegalAnalysis,
    NoteVerbale,
    Party,
    PositionText,
    Remedy,
    RemedyAction,
    RemedyGrade,
    Round,
)
from ..schedule import communication_years_cached


def communication_visible_to(user) -> QuerySet[Communication]:
    """Communications `user` may see: all for the MFA, PGO, MoJ, auditors and administrators; for IWG members,
    those put before the IWG or with a remedy or deadline their agency answers for."""
    queryset = Communication.objects.all()
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.sees_all_communications:
        return queryset
    # Through the relation meetings declares on Round (meetings depends on communications, not the reverse).
    on_agenda = Round.objects.filter(communication=OuterRef("pk"), agenda_items__isnull=False)
    agency_filter = Q()
    if user.agency_id:
        agency_filter = Q(decision__remedies__responsible_agency_id=user.agency_id) | Q(
            rounds__deadlines__responsible_agency_id=user.agency_id
        )
    return queryset.filter(Q(Exists(on_agenda)) | agency_filter).distinct()


def communication_get(*, user, pk) -> Communication:
    """One communication the user may see, or Http404."""
    try:
        return communication_visible_to(user).select_related("committee").get(pk=pk)
    except (Communication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such communication.")) from exc


def communication_find(*, committee, number: str) -> Communication | None:
    """The communication with this number in this committee, as its main number or as a joined one (a duplicate
    merged away is not: its number is a joined number of the one kept)."""
    return (
        Communication.objects.current()
        .filter(committee=committee)
        .filter(Q(number=number) | Q(joined_numbers__number=number, joined_numbers__committee=committee))
        .first()
    )


# Pages: the register of communications, the communication page, documents and the home page.
# Each selector scopes to what the user may see and owns its select_related/prefetch_related, so that the number of
# queries does not grow with the number of rows.


def _visible_ids_filter(user, queryset: QuerySet[Communication]) -> QuerySet[Communication]:
    if user.is_authenticated and user.is_active and user.sees_all_communications:
        return queryset
    return queryset.filter(pk__in=communication_visible_to(user).values("pk"))


def communication_list(*, user, filters=None, today: dt.date | None = None) -> QuerySet[Communication]:
    """The register, for the page and the API alike: communications `user` may see, filtered, searched and sorted
    by the one FilterSet (`communications.filters.CommunicationFilter`; invalid filters raise ValidationError),
    newest first unless sorted, with what a row shows annotated (nearest open deadline, whether one is overdue,
    the current round's status, the year of the first note) and the joined numbers, parties and decision fetched
    in a fixed number of queries whatever the page size.

    The search looks in the numbers (joined ones too), document symbols (the communication's and the decision's),
    the subject and the parties: a confidential person's full name only for roles that may see it, their initials
    for everyone."""
    today = today or local_date()

    finished = [Round.Status.SENT, Round.Status.CANCELLED]
    current_round = Round.objects.filter(communication=OuterRef("pk")).order_by(
        Case(When(status__in=finished, then=Value(1)), default=Value(0), output_field=IntegerField()),
        "-created_at",
        "-id",
    )

    # next_due_on, next_due_kind, has_urgent_round and first_received_on are columns (communications/schedule.py);
    # the current round's status is computed for the rows of the page only.
    queryset = (
        _visible_ids_filter(user, Communication.objects.current())
        # The search texts are what the search reads, not what a row shows (one holds confidential names).
        .defer("search_text", "search_names")
        .annotate(
            has_overdue=register_overdue(today),
            current_round_status=Subquery(current_round.values("status")[:1]),
        )
        .select_related("committee", "decision")
        .prefetch_related(
            Prefetch("joined_numbers", queryset=JoinedNumber.objects.order_by("number")),
            Prefetch("parties", queryset=Party.objects.current().order_by("role", "id")),
        )
        .order_by("-created_at", "-id")
    )
    return _filtered(CommunicationFilter(filters or {}, queryset=queryset, user=user, today=today))


def communication_years() -> list[int]:
    """Years in which communications' first incoming notes were received, newest first (choices of the register's
    year filter). Cached: communications/schedule.py."""
    return communication_years_cached()


def communication_detail(*, user, pk) -> Communication:
    """One communication the user may see, with everything its page and the API show: rounds with their deadlines (and
    extensions), analyses (every version), IWG agenda items, position and texts; notes with documents; the
    decision with remedies, actions and grades; the event rows. A fixed number of queries; Http404 otherwise."""
    # meetings.AgendaItem, reached through the relation meetings declares on Round (no import of meetings).
    agenda_items = Round.agenda_items.field.model._default_manager

    rounds = Round.objects.select_related(
        "incoming_note",
        "outgoing_note",
        "position",
        "position__approved_by",
        "position__approved_by_decision__meeting",
        "voided_by",
    ).prefetch_related(
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.select_related("responsible_agency").prefetch_related(
                Prefetch("extensions", queryset=Extension.objects.select_related("recorded_by", "note"))
            ),
        ),
        Prefetch(
            "analyses",
            queryset=LegalAnalysis.objects.select_related("document", "submitted_by").order_by("-version"),
        ),
        Prefetch("position__texts", queryset=PositionText.objects.order_by("language")),
        Prefetch(
            "agenda_items",
            queryset=agenda_items.select_related("meeting").order_by("meeting__starts_at", "id"),
        ),
    )
    remedies = Remedy.objects.select_related("responsible_agency").prefetch_related(
        Prefetch("actions", queryset=RemedyAction.objects.select_related("agency", "recorded_by")),
        Prefetch("grades", queryset=RemedyGrade.objects.select_related("recorded_by")),
    )
    queryset = (
        _visible_ids_filter(user, Communication.objects.all())
        .select_related("committee", "decision", "decision__recorded_by")
        .prefetch_related(
            Prefetch("joined_numbers", queryset=JoinedNumber.objects.order_by("number")),
            Prefetch("parties", queryset=Party.objects.current().order_by("role", "id")),
            Prefetch(
                "notes",
                queryset=NoteVerbale.objects.select_related("registered_by", "voided_by").prefetch_related("documents"),
            ),
            Prefetch("rounds", queryset=rounds.order_by("created_at", "id")),
            Prefetch("decision__remedies", queryset=remedies),
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("occurred_at", "id")),
        )
    )
    try:
        return queryset.get(pk=pk)
    except (Communication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such communication.")) from exc


def communication_document_get(*, user, pk) -> Document | None:
    """A document of a communication `user` may see; None when the document belongs to no communication (the
    minutes of a meeting: portal/selectors.py decides). Http404 for anything else, so a guessed id reveals
    nothing."""
    if not (user.is_authenticated and user.is_active):
        raise Http404(_("No such document."))
    try:
        document = Document.objects.get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such document.")) from exc
    if document.communication_id is None:
        return None
    if not communication_visible_to(user).filter(pk=document.communication_id).exists():
        raise Http404(_("No such document."))
    return document


def notes_sharing_ohchr_reference(*, user, communication: Communication) -> dict[int, list[NoteVerbale]]:
    """For each incoming note of `communication`, the other incoming notes (on communications `user` may see) that
    carry the same OHCHR reference: a likely duplicate registration, flagged on the page, not refused. One query."""
    own_references = (
        NoteVerbale.objects.filter(communication=communication, direction=NoteVerbale.Direction.INCOMING)
        .exclude(ohchr_reference="")
        .values("ohchr_reference")
    )
    notes = list(
        NoteVerbale.objects.filter(direction=NoteVerbale.Direction.INCOMING, ohchr_reference__in=own_references)
        .filter(
            Q(communication=communication) | Q(communication__in=_visible_ids_filter(user, Communication.objects.all()))
        )
        .select_related("communication__committee")
        .order_by("registered_on", "id")
    )
    flagged = {}
    for note in notes:
        if note.communication_id != communication.pk:
            continue
        others = [other for other in notes if other.ohchr_reference == note.ohchr_reference and other.pk != note.pk]
        if others:
            flagged[note.pk] = others
    return flagged


# Corrections: the records a correction acts on, reached through the communications the user may see.


def party_get(*, user, communication_pk, pk) -> Party:
    """A current party of a communication the user may see, or Http404."""
    try:
        return (
            Party.objects.current()
            .select_related("communication__committee")
            .get(pk=pk, communication_id=communication_pk, communication__in=communication_visible_to(user))
        )
    except (Party.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such person.")) from exc


def note_get(*, user, communication_pk, pk) -> NoteVerbale:
    """A note of a communication the user may see, or Http404."""
    try:
        return NoteVerbale.objects.select_related("communication__committee").get(
            pk=pk, communication_id=communication_pk, communication__in=communication_visible_to(user)
        )
    except (NoteVerbale.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such note.")) from exc


def communication_round_get(*, user, communication_pk, pk) -> Round:
    """A round of a communication the user may see, or Http404."""
    try:
        return Round.objects.select_related("communication__committee", "incoming_note").get(
            pk=pk, communication_id=communication_pk, communication__in=communication_visible_to(user)
        )
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such round.")) from exc
