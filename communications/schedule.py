"""The register's read model: what the list of communications sorts and filters by, kept on each communication
so that the register reads one table with indexes instead of evaluating correlated subqueries over every
communication before its LIMIT.

- `next_due_on`, `next_due_kind`: the nearest pending (open or missed) obligation, the optional
  admissibility-request date left out. "Has an overdue deadline" is `next_due_on < today`: an obligation is
  overdue exactly when the nearest one has passed, so the flag needs no daily update (the sweep's move of a
  passed deadline from open to missed leaves both pending, and its closing of an unused option touches an
  optional kind, so a sweep never changes these fields).
- `has_urgent_round`: a round with interim or protection measures that is neither sent nor cancelled.
- `first_received_on`: the date the first incoming note (not voided) was received (the register's "received"
  sort and year filter).
- `answering_agencies`: the codes of the agencies with work on the case, an open or missed deadline or an
  unfinished remedy they answer for, as ",MFA,PGO," (the register's agency filter looks for ",PGO,"). The sweep's
  closing of an unused option changes it: the sweep refreshes those communications itself.
- `round_statuses`: the statuses of its rounds, as ",referred,sent," (the register's round-status filter, "has a
  round in this status").

Kept current by `communication_schedule_refresh`, one UPDATE per change, run inside the writer's transaction
by the save and delete signals of deadlines, rounds and notes (`communications/signals.py`): a derived column
kept in step like a search index, whichever service or admin action saved the row. Writes that bypass signals
(`QuerySet.update`, `bulk_*`) on those fields must call it themselves.
"""

from collections.abc import Iterable

from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from iwg.models import Agency

from .models import OPTIONAL_DEADLINE_KINDS, Communication, Deadline, Decision, NoteVerbale, Remedy, Round
from .models.communications import SCHEDULE_FIELDS as SCHEDULE_FIELDS  # the fields refreshed here
from .register_cache import register_changed

FINISHED_ROUND_STATUSES = (Round.Status.SENT, Round.Status.CANCELLED)


def _codes(select: str) -> str:
    """`select` (one column of distinct codes) as one text: joined by commas, a comma on each end, "" when none.
    PostgreSQL's string_agg and SQLite's group_concat are the same aggregate under two names."""
    from django.db import connection

    aggregate = "string_agg(code, ',')" if connection.vendor == "postgresql" else "group_concat(code, ',')"
    return f"(SELECT COALESCE(',' || {aggregate} || ',', '') FROM ({select}) codes)"  # noqa: S608  (ours)


def statuses_sql(communication_id: str) -> str:
    """The SQL of `round_statuses` for the communication whose id is the SQL expression `communication_id`."""
    return _codes(
        f"SELECT DISTINCT status AS code FROM {_quoted(Round)} WHERE communication_id = {communication_id}"  # noqa: S608
    )


def agencies_sql(communication_id: str) -> str:
    """The SQL of `answering_agencies` for the communication whose id is the SQL expression `communication_id`."""
    deadline, round, agency = (_quoted(m) for m in (Deadline, Round, Agency))
    decision, remedy = (_quoted(m) for m in (Decision, Remedy))
    pending = ", ".join(f"'{status}'" for status in (Deadline.Status.OPEN, Deadline.Status.MISSED))
    return _codes(
        f"SELECT a.code FROM {deadline} d JOIN {round} r ON r.id = d.round_id "  # noqa: S608  (ours, no input)
        f"JOIN {agency} a ON a.id = d.responsible_agency_id "
        f"WHERE r.communication_id = {communication_id} AND d.status IN ({pending}) "
        f"UNION SELECT a.code FROM {remedy} m JOIN {decision} n ON n.id = m.decision_id "
        f"JOIN {agency} a ON a.id = m.responsible_agency_id "
        f"WHERE n.communication_id = {communication_id} AND m.status <> '{Remedy.Status.IMPLEMENTED}'"
    )


def schedule_expressions() -> dict:
    """The value of each denormalised field as an SQL expression over the communication's rows."""
    next_deadline = (
        Deadline.objects.pending()
        .filter(round__communication=OuterRef("pk"))
        .exclude(kind__in=OPTIONAL_DEADLINE_KINDS)
        .order_by("due_on", "id")
    )
    first_note = NoteVerbale.objects.filter(
        communication=OuterRef("pk"), direction=NoteVerbale.Direction.INCOMING, voided_at__isnull=True
    ).order_by("registered_on", "id")
    urgent = Round.objects.filter(communication=OuterRef("pk"), is_urgent=True).exclude(
        status__in=FINISHED_ROUND_STATUSES
    )
    return {
        "next_due_on": Subquery(next_deadline.values("due_on")[:1]),
        "next_due_kind": Coalesce(Subquery(next_deadline.values("kind")[:1]), Value("")),
        "has_urgent_round": Exists(urgent),
        "first_received_on": Subquery(first_note.values("registered_on")[:1]),
        # noqa: S611 below: our identifiers and constants, no input.
        "answering_agencies": RawSQL(agencies_sql(_communication_id()), [], output_field=CharField()),  # noqa: S611
        "round_statuses": RawSQL(statuses_sql(_communication_id()), [], output_field=CharField()),  # noqa: S611
    }


def _quoted(model) -> str:
    from django.db import connection

    return connection.ops.quote_name(model._meta.db_table)


def _communication_id() -> str:
    return f"{_quoted(Communication)}.id"


def communication_schedule_refresh(
    *, communication_ids: Iterable[int] | None = None, round_id=None, decision_id=None
) -> int:
    """Recompute the denormalised schedule fields: of one communication (`communication_ids` with one id, or the
    communication of `round_id` or of `decision_id`) by one precompiled UPDATE, as the signals do on every save;
    of several (all when nothing is given) by the ORM's UPDATE of `schedule_expressions`. Returns the number of
    rows updated."""
    from django.db import connection

    register_changed()  # the signals bump too; this covers the callers refreshing many communications at once
    if round_id is not None or decision_id is not None:
        target, key = (_OF_ROUND, round_id) if round_id is not None else (_OF_DECISION, decision_id)
        with connection.cursor() as cursor:
            cursor.execute(_refresh_one_sql(target), [key])
            return cursor.rowcount
    if communication_ids is not None and len(ids := list(communication_ids)) == 1:
        with connection.cursor() as cursor:
            cursor.execute(_refresh_one_sql("%s"), [ids[0]])
            return cursor.rowcount
    queryset = Communication.objects.all()
    if communication_ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(**schedule_expressions())


_REFRESH_SQL: dict[str, str] = {}
_OF_ROUND = "(SELECT communication_id FROM {round} WHERE id = %s)"
_OF_DECISION = "(SELECT communication_id FROM {decision} WHERE id = %s)"


def _refresh_one_sql(target: str) -> str:
    """The UPDATE of one communication's fields, the same values as `schedule_expressions` (a test ties them),
    written out once: building the ORM's UPDATE on every save of a deadline cost more than running it."""
    if target not in _REFRESH_SQL:
        from django.db import connection

        quote = connection.ops.quote_name
        tables = {
            "communication": quote(Communication._meta.db_table),
            "deadline": quote(Deadline._meta.db_table),
            "round": quote(Round._meta.db_table),
            "note": quote(NoteVerbale._meta.db_table),
            "decision": quote(Decision._meta.db_table),
        }
        pending = ", ".join(f"'{status}'" for status in (Deadline.Status.OPEN, Deadline.Status.MISSED))
        optional = ", ".join(f"'{kind}'" for kind in sorted(OPTIONAL_DEADLINE_KINDS))
        finished = ", ".join(f"'{status}'" for status in FINISHED_ROUND_STATUSES)
        next_deadline = (
            "FROM {deadline} d JOIN {round} r ON r.id = d.round_id WHERE r.communication_id = {communication}.id "
            f"AND d.status IN ({pending}) AND d.kind NOT IN ({optional}) ORDER BY d.due_on, d.id LIMIT 1"
        )
        sql = (
            "UPDATE {communication} SET "  # noqa: S608  (identifiers and constants of our own)
            f"next_due_on = (SELECT d.due_on {next_deadline}), "
            f"next_due_kind = COALESCE((SELECT d.kind {next_deadline}), ''), "
            "has_urgent_round = EXISTS(SELECT 1 FROM {round} r WHERE r.communication_id = {communication}.id "
            f"AND r.is_urgent AND r.status NOT IN ({finished})), "
            "first_received_on = (SELECT n.registered_on FROM {note} n WHERE n.communication_id = {communication}.id "
            f"AND n.direction = '{NoteVerbale.Direction.INCOMING}' AND n.voided_at IS NULL ORDER BY n.registered_on, n.id LIMIT 1), "
            "answering_agencies = {agencies}, "
            "round_statuses = {statuses} "
            f"WHERE id = {target}"
        )
        communication_id = f"{tables['communication']}.id"
        _REFRESH_SQL[target] = sql.format(
            **tables, agencies=agencies_sql(communication_id), statuses=statuses_sql(communication_id)
        )
    return _REFRESH_SQL[target]


YEARS_CACHE_KEY = "communications:register-years"
YEARS_CACHE_SECONDS = 3600


def communication_years_cached() -> list[int]:
    """Years of `first_received_on`, newest first: computed once, then read from the cache until a note is saved
    or deleted (the signals drop it) or an hour has passed, instead of scanning every note on every request."""
    from django.core.cache import cache

    years = cache.get(YEARS_CACHE_KEY)
    if years is None:
        years = sorted(
            {day.year for day in Communication.objects.dates("first_received_on", "year")},
            reverse=True,
        )
        cache.set(YEARS_CACHE_KEY, years, YEARS_CACHE_SECONDS)
    return years


def communication_years_forget() -> None:
    """Drop the cached years now and again when the transaction commits (a request in between may have cached
    the years without the uncommitted note)."""
    from django.core.cache import cache
    from django.db import transaction

    cache.delete(YEARS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(YEARS_CACHE_KEY))
