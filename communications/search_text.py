"""The register's search, as a read model: what a communication can be found by, kept on the communication in two
folded texts, so that a search reads one table (the register's own rows, walked in the page's order) instead of
matching five columns and every party of every communication on each request.

- `search_text`: what anyone who sees the case may find it by: its number alone and as pages show it
  ("CCPR 4512/2026"), each joined number the same two ways, the subject, the document symbols, the decision's
  symbol, the parties' initials, and the full names of the parties whose identity is not confidential.
- `search_names`: the full names of the parties whose identity the committee keeps confidential, searched only
  for the roles that may see them (`User.sees_confidential_names`), never shown.

Each part is folded (`fold`: case-folded, runs of white space as one space) and the parts are separated by a
line break, which a search box cannot send, so that a search never matches across two parts.

Kept current by `communication_search_refresh`, run inside the writer's transaction by the save and delete
signals of communications, parties, joined numbers and decisions (`communications/signals.py`), like the
schedule fields (`communications/schedule.py`). Writes that bypass signals (`QuerySet.update`, `bulk_*`) on
those rows must call it themselves.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Value

from .models import Communication, JoinedNumber, Party
from .models.communications import SEARCH_FIELDS as SEARCH_FIELDS  # the fields refreshed here

# The fields of a communication the texts are made of: a save naming none of them leaves the texts as they are.
SEARCHED_FIELDS = frozenset({"number", "subject", "symbols", "committee", "committee_id"})
_SEPARATOR = "\n"
_BATCH = 500


def fold(value: str) -> str:
    """A text as the search compares it: case-folded (Cyrillic and Kazakh letters too, whatever the database's
    locale), white space runs as one space, no leading or trailing space."""
    return " ".join(str(value).casefold().split())


def search_texts(
    *, committee_code: str, number: str, subject: str, symbols, decision_symbol: str | None, joined, parties
) -> tuple[str, str]:
    """(`search_text`, `search_names`) of a communication from its values; `joined` holds (committee code,
    number) pairs, `parties` (initials, full name, is confidential) triples of its current parties."""
    public = [number, f"{committee_code} {number}", subject]
    public += [str(symbol) for symbol in symbols or [] if symbol]
    if decision_symbol:
        public.append(decision_symbol)
    for code, joined_number in joined:
        public += [joined_number, f"{code} {joined_number}"]
    confidential: list[str] = []
    for initials, full_name, is_confidential in parties:
        public.append(initials)
        (confidential if is_confidential else public).append(full_name)
    return _joined(public), _joined(confidential)


def _joined(parts) -> str:
    folded = (fold(part) for part in parts if part)
    return _SEPARATOR.join(part for part in folded if part)


def communication_search_refresh(*, communication_ids: Iterable[int] | None = None) -> int:
    """Recompute the search texts of the given communications (all when None): two reads and one write per
    batch of 500. Returns the number of communications written."""
    if communication_ids is None:
        ids = list(Communication.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(communication_ids))
    written = 0
    for start in range(0, len(ids), _BATCH):
        written += _refresh_batch(ids[start : start + _BATCH])
    return written


def _refresh_batch(ids: list[int]) -> int:
    # Three statements: the communications with their decision's symbol; their joined numbers and current parties
    # in one UNION ALL (both as five columns: communication, kind, two texts, confidential); the write.
    rows = Communication.objects.filter(pk__in=ids).values_list(
        "pk", "committee__code", "number", "subject", "symbols", "decision__symbol"
    )
    # No ORDER BY in a part of a UNION (SQLite refuses it): the rows are put in order below.
    joined_numbers = (
        JoinedNumber.objects.filter(communication_id__in=ids)
        .order_by()
        .values_list("communication_id", Value("joined"), "committee__code", "number", Value(False), "pk")
    )
    parties = (
        Party.objects.current()
        .filter(communication_id__in=ids)
        .order_by()
        .values_list("communication_id", Value("party"), "initials", "full_name", "is_confidential", "pk")
    )
    joined, persons = defaultdict(list), defaultdict(list)
    for communication_id, kind, first, second, is_confidential, _pk in sorted(
        joined_numbers.union(parties, all=True), key=lambda row: (row[1], row[3] if row[1] == "joined" else "", row[5])
    ):
        if kind == "joined":
            joined[communication_id].append((first, second))
        else:
            persons[communication_id].append((first, second, is_confidential))
    updated = []
    for pk, code, number, subject, symbols, decision_symbol in rows:
        text, names = search_texts(
            committee_code=code,
            number=number,
            subject=subject,
            symbols=symbols,
            decision_symbol=decision_symbol,
            joined=joined[pk],
            parties=persons[pk],
        )
        updated.append(Communication(pk=pk, search_text=text, search_names=names))
    if len(updated) == 1:
        (row,) = updated
        return Communication.objects.filter(pk=row.pk).update(
            search_text=row.search_text, search_names=row.search_names
        )
    return Communication.objects.bulk_update(updated, SEARCH_FIELDS)
