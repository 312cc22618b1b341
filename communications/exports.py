"""Exports of the register, the deadlines and one communication's case file, as XLSX (openpyxl), CSV and PDF.

The rows are built once (`register_rows`, `deadline_rows`) from the same selectors and FilterSets as the pages and
the API, so an export holds exactly what the user sees, with confidential parties as initials for the roles that
see initials. Two renderings of the same rows:

- CSV: the API's field names as headers (stable for machines), raw values (choice values, ISO dates, `;`-joined
  lists). The register's CSV uses the import columns (docs/import.md), so it imports as it is.
- XLSX: a first sheet saying who made the export, when, with which filters, and that it holds personal data; then
  the rows with headers in the user's language, choice labels, and dates as real dates.

Writing the access event and deciding between a direct download and a background job is the caller's
(communications.services.exports).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iwg.calendar import local_date
from iwg.pdf import html_to_pdf

from .models import Communication, Deadline, DeadlineKind, Decision, NoteKind, Party, Remedy, Round

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
PDF_CONTENT_TYPE = "application/pdf"
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """One column: its stable name (CSV header, API field), its label (XLSX header), how to read a row's value,
    and, for choices, how to show a value in the user's language."""

    name: str
    label: object
    value: Callable
    display: Callable | None = None


@dataclass
class Table:
    """Rows ready for a writer, and what the first sheet of an XLSX says about them."""

    title: str
    columns: list[Column]
    rows: list
    filters: dict = field(default_factory=dict)

    def values(self, row) -> list:
        return [column.value(row) for column in self.columns]


def _choice(choices) -> Callable:
    def display(value):
        if value in (None, ""):
            return ""
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    return display


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


def initials_of(name: str) -> str:
    """`Erlan Zhaksybekov` → `E.Z.`; a name that already is initials is kept."""
    name = (name or "").strip()
    if not name or INITIALS_RE.match(name):
        return name
    return "".join(f"{part[0].upper()}." for part in re.split(r"[\s\-]+", name) if part)


INITIALS_RE = re.compile(r"^(?:[^\W\d_]{1,2}\.\s?)+$")


# ---------------------------------------------------------------------------------------------------------------
# The register


def _parties(communication: Communication, role: str) -> list[Party]:
    return [party for party in communication.parties.all() if party.role == role]


def _author(user) -> Callable:
    def value(communication):
        return LIST_SEPARATOR.join(party.name_for(user) for party in _parties(communication, Party.Role.AUTHOR))

    return value


def _victims(user) -> Callable:
    def value(communication):
        return LIST_SEPARATOR.join(party.name_for(user) for party in _parties(communication, Party.Role.VICTIM))

    return value


def _decision(communication) -> Decision | None:
    try:
        return communication.decision
    except Decision.DoesNotExist:
        return None


def _decision_field(name: str) -> Callable:
    def value(communication):
        decision = _decision(communication)
        return getattr(decision, name) if decision is not None else None

    return value


def _remedy_kinds(communication) -> list[str]:
    decision = _decision(communication)
    return [remedy.kind for remedy in decision.remedies.all()] if decision is not None else []


def _follow_up_grade(communication) -> str:
    """The committee's latest grade over the decision's remedies (the last one graded)."""
    decision = _decision(communication)
    if decision is None:
        return ""
    grades = [remedy.committee_grade for remedy in decision.remedies.all() if remedy.committee_grade]
    return grades[-1] if grades else ""


def _joined(values: Iterable) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values if value not in (None, ""))


def register_columns(user) -> list[Column]:
    """The register's columns: first the import columns (docs/import.md) in their order, then what the register
    shows besides (the import ignores those)."""
    return [
        Column("committee", gettext_lazy("committee"), lambda c: c.committee.code),
        Column(
            "number",
            gettext_lazy("number"),
            lambda c: ";".join([c.number, *[joined.number for joined in c.joined_numbers.all()]]),
        ),
        Column("author", gettext_lazy("author"), _author(user)),
        Column(
            "author_confidential",
            gettext_lazy("author's identity confidential"),
            lambda c: any(p.is_confidential for p in _parties(c, Party.Role.AUTHOR)),
            _yes_no,
        ),
        Column("victims", gettext_lazy("alleged victims"), _victims(user)),
        Column("subject_matter", gettext_lazy("subject matter"), lambda c: c.subject),
        Column("articles_invoked", gettext_lazy("articles invoked"), lambda c: _joined(c.articles_invoked)),
        Column("date_submitted", gettext_lazy("date submitted"), lambda c: c.submitted_on),
        Column("date_transmitted", gettext_lazy("date transmitted to the State"), lambda c: c.transmitted_on),
        Column("decision_kind", gettext_lazy("final decision"), _decision_field("kind"), _choice(Decision.Kind)),
        Column("decision_date", gettext_lazy("date of the decision"), _decision_field("adopted_on")),
        Column(
            "document_symbol",
            gettext_lazy("document symbol"),
            lambda c: (_decision(c).symbol if _decision(c) is not None else "") or _joined(c.symbols),  # type: ignore[union-attr]
        ),
        Column(
            "articles_violated",
            gettext_lazy("articles found violated"),
            lambda c: _joined(_decision_field("articles_violated")(c) or []),
        ),
        Column("remedies", gettext_lazy("remedies"), lambda c: ";".join(_remedy_kinds(c))),
        Column("follow_up_grade", gettext_lazy("committee's latest grade"), _follow_up_grade),
        Column("id", gettext_lazy("id"), lambda c: c.pk),
        Column("phase", gettext_lazy("phase"), lambda c: c.phase, _choice(Communication.Phase)),
        Column("next_due_on", gettext_lazy("nearest deadline"), lambda c: getattr(c, "next_due_on", None)),
        Column("has_overdue", gettext_lazy("overdue"), lambda c: bool(getattr(c, "has_overdue", False)), _yes_no),
    ]


def register_table(*, user, communications, filters: dict) -> Table:
    return Table(
        title=str(_("Register of communications")),
        columns=register_columns(user),
        rows=list(communications),
        filters=filters,
    )


def register_queryset(queryset):
    """The register's rows with what the export shows besides the page (decision's remedies), prefetched."""
    return queryset.prefetch_related("decision__remedies")


# ---------------------------------------------------------------------------------------------------------------
# Deadlines


def deadline_columns() -> list[Column]:
    """The deadlines list's columns, named as in GET /api/v1/deadlines/."""
    return [
        Column("id", gettext_lazy("id"), lambda d: d.pk),
        Column("committee", gettext_lazy("committee"), lambda d: d.round.communication.committee.code),
        Column("communication_number", gettext_lazy("number"), lambda d: d.round.communication.number),
        Column("communication_id", gettext_lazy("communication id"), lambda d: d.round.communication_id),
        Column("round_kind", gettext_lazy("round"), lambda d: d.round.kind, _choice(NoteKind)),
        Column("kind", gettext_lazy("kind of deadline"), lambda d: d.kind, _choice(DeadlineKind)),
        Column("due_on", gettext_lazy("due date"), lambda d: d.due_on),
        Column("status", gettext_lazy("status"), lambda d: d.status, _choice(Deadline.Status)),
        Column("responsible_agency", gettext_lazy("responsible agency"), lambda d: d.responsible_agency.code),
        Column("basis", gettext_lazy("basis"), _deadline_basis),
        Column("met_late", gettext_lazy("met late"), lambda d: d.met_late, _yes_no),
        Column("completed_at", gettext_lazy("completed at"), lambda d: d.completed_at),
    ]


def _deadline_basis(deadline) -> str:
    return str(getattr(deadline, "basis_text", None) or deadline.basis)


def deadline_table(*, deadlines, filters: dict) -> Table:
    return Table(title=str(_("Deadlines")), columns=deadline_columns(), rows=list(deadlines), filters=filters)


# ---------------------------------------------------------------------------------------------------------------
# Writers


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (Excel opens Cyrillic correctly), the columns' stable names as headers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in table.values(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_safe(value):
    """Text without the control characters an XLSX cell cannot hold (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _xlsx_value(column: Column, value):
    return _xlsx_safe(_xlsx_value_raw(column, value))


def _xlsx_value_raw(column: Column, value):
    if column.display is not None:
        return column.display(value)
    if isinstance(value, dt.datetime):
        # openpyxl cannot store an aware datetime: the local wall-clock time of Kazakhstan.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    return value


def _about_sheet(sheet, *, user, table: Table, row_count: int) -> None:
    from openpyxl.styles import Font

    sheet.title = str(_("About this export"))[:31]
    made_at = timezone.localtime().replace(tzinfo=None, microsecond=0)
    filters = "; ".join(f"{key}={value}" for key, value in table.filters.items() if value not in ("", None))
    lines = [
        (_("Export"), table.title),
        (_("Made by"), f"{user.get_full_name() or user.get_username()} ({user.get_username()})"),
        (_("Made at (Asia/Almaty)"), made_at),
        (_("Filters"), filters or _("none")),
        (_("Rows"), row_count),
        (
            _("Personal data"),
            _(
                "This file contains personal data of authors and alleged victims. Keep it confidential, share it "
                "only with those who need it and delete it when it is no longer needed."
            ),
        ),
    ]
    for label, value in lines:
        sheet.append([str(label), _xlsx_safe(value if not isinstance(value, str) else str(value))])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
    sheet["B3"].number_format = "dd.mm.yyyy hh:mm"


def _data_sheet(workbook, table: Table, *, title: str | None = None) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_sheet_title(title or table.title))
    sheet.append([str(column.label) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_value(column, value) for column, value in zip(table.columns, table.values(row))])
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(50, len(str(column.label)) + 4))
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd.mm.yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd.mm.yyyy"
    sheet.freeze_panes = "A2"


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]\*\?/\\:]", " ", title)[:31]


def write_xlsx(*tables: Table, user) -> bytes:
    """A workbook: the "about" sheet, then one sheet per table."""
    from openpyxl import Workbook

    workbook = Workbook()
    _about_sheet(workbook.active, user=user, table=tables[0], row_count=len(tables[0].rows))
    for table in tables:
        _data_sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# One communication's case file


def case_file_tables(*, user, communication: Communication, timeline: list) -> list[Table]:
    """The case file as tables: the communication, its rounds, deadlines, decision, remedies and timeline."""
    rounds: list[Round] = list(communication.rounds.all())
    deadlines = [deadline for round_ in rounds for deadline in round_.deadlines.all()]
    decision = _decision(communication)
    remedies: list[Remedy] = list(decision.remedies.all()) if decision is not None else []

    summary = Table(
        title=str(_("Communication")),
        columns=[
            Column("field", gettext_lazy("field"), lambda row: str(row[0])),
            Column("value", gettext_lazy("value"), lambda row: row[1]),
        ],
        rows=[(column.label, _xlsx_value(column, column.value(communication))) for column in register_columns(user)],
    )
    round_table = Table(
        title=str(_("Rounds")),
        columns=[
            Column("id", gettext_lazy("id"), lambda r: r.pk),
            Column("kind", gettext_lazy("kind"), lambda r: r.kind, _choice(NoteKind)),
            Column("status", gettext_lazy("status"), lambda r: r.status, _choice(Round.Status)),
            Column("registry_number", gettext_lazy("MFA registry number"), lambda r: r.incoming_note.registry_number),
            Column("received_on", gettext_lazy("date received"), lambda r: r.incoming_note.registered_on),
            Column("ohchr_date", gettext_lazy("OHCHR's date"), lambda r: r.incoming_note.ohchr_date),
            Column(
                "sent_on",
                gettext_lazy("date sent"),
                lambda r: r.outgoing_note.registered_on if r.outgoing_note else None,
            ),
        ],
        rows=rounds,
    )
    deadline_table_ = Table(
        title=str(_("Deadlines")),
        columns=[column for column in deadline_columns() if column.name not in {"committee", "communication_id"}],
        rows=deadlines,
    )
    decision_table = Table(
        title=str(_("Final decision")),
        columns=[
            Column("kind", gettext_lazy("kind"), lambda d: d.kind, _choice(Decision.Kind)),
            Column("adopted_on", gettext_lazy("date adopted"), lambda d: d.adopted_on),
            Column("symbol", gettext_lazy("document symbol"), lambda d: d.symbol),
            Column(
                "articles_violated", gettext_lazy("articles found violated"), lambda d: _joined(d.articles_violated)
            ),
            Column("summary", gettext_lazy("summary"), lambda d: d.summary),
        ],
        rows=[decision] if decision is not None else [],
    )
    remedy_table = Table(
        title=str(_("Remedies")),
        columns=[
            Column("kind", gettext_lazy("kind"), lambda r: r.kind, _choice(Remedy.Kind)),
            Column("description", gettext_lazy("description"), lambda r: r.description),
            Column("responsible_agency", gettext_lazy("responsible agency"), lambda r: r.responsible_agency.code),
            Column("status", gettext_lazy("status"), lambda r: r.status, _choice(Remedy.Status)),
            Column("committee_grade", gettext_lazy("committee's latest grade"), lambda r: r.committee_grade),
        ],
        rows=remedies,
    )
    timeline_table = Table(
        title=str(_("Timeline")),
        columns=[
            Column("on", gettext_lazy("date"), lambda e: e.on),
            Column("title", gettext_lazy("what"), lambda e: str(e.title)),
            Column("detail", gettext_lazy("detail"), lambda e: str(e.detail or "")),
            Column("actor", gettext_lazy("who"), lambda e: str(e.actor) if e.actor else ""),
        ],
        rows=timeline,
    )
    return [summary, round_table, deadline_table_, decision_table, remedy_table, timeline_table]


def case_file_xlsx(*, user, communication: Communication, timeline: list) -> bytes:
    tables = case_file_tables(user=user, communication=communication, timeline=timeline)
    tables[0].filters = {"communication": str(communication)}
    return write_xlsx(*tables, user=user)


def case_file_pdf(*, user, communication: Communication, timeline: list) -> bytes:
    """The case file as a PDF (WeasyPrint); PdfUnavailable where Pango is missing."""
    tables = case_file_tables(user=user, communication=communication, timeline=timeline)
    html = render_to_string(
        "communications/case_file.html",
        {
            "communication": communication,
            "tables": [
                {
                    "title": table.title,
                    "headers": [str(column.label) for column in table.columns],
                    "rows": [
                        [_xlsx_value(column, value) for column, value in zip(table.columns, table.values(row))]
                        for row in table.rows
                    ],
                }
                for table in tables
            ],
            "made_by": user,
            "made_at": timezone.localtime(),
            "today": local_date(),
        },
    )
    return html_to_pdf(html)
