"""Reading and checking a spreadsheet of communications (XLSX or CSV) before anything is written.

The columns are those of docs/import.md (and of the register's CSV export, which imports as it is): committee,
number (a joined case's numbers separated by `;`), author, author_confidential, victims, subject_matter,
articles_invoked, date_submitted, date_transmitted, decision_kind, decision_date, document_symbol,
articles_violated, remedies, follow_up_grade. Other columns (the export's id, phase, nearest deadline) are
ignored. XLSX headers may also be the register export's translated headers (any of the three languages).

`read_rows` turns the file into rows of strings and dates; `check_rows` turns each row into an `ImportRow` (the
values as the services want them) or the row's problems as {row, field, message}. Nothing here writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _

from iwg.calendar import is_before_earliest_date, local_date

from .exports import INITIALS_RE, initials_of, register_columns
from .models import CommitteeCode, Decision, FollowUpGrade, Remedy
from .numbers import normalise, number_error

COLUMNS = [
    "committee",
    "number",
    "author",
    "author_confidential",
    "victims",
    "subject_matter",
    "articles_invoked",
    "date_submitted",
    "date_transmitted",
    "decision_kind",
    "decision_date",
    "document_symbol",
    "articles_violated",
    "remedies",
    "follow_up_grade",
]
REQUIRED_COLUMNS = ("committee", "number")
TRUE_WORDS = {"true", "yes", "1", "y", "да", "иә", "x", "✓"}
FALSE_WORDS = {"false", "no", "0", "n", "нет", "жоқ", ""}
# The issue's words and the labels' short forms for the kinds of final decision.
DECISION_ALIASES = {
    "views": Decision.Kind.VIEWS_VIOLATION,
    "views_violation": Decision.Kind.VIEWS_VIOLATION,
    "violation": Decision.Kind.VIEWS_VIOLATION,
    "opinion": Decision.Kind.VIEWS_VIOLATION,
    "views_no_violation": Decision.Kind.VIEWS_NO_VIOLATION,
    "no_violation": Decision.Kind.VIEWS_NO_VIOLATION,
    "inadmissibility": Decision.Kind.INADMISSIBLE,
    "inadmissible": Decision.Kind.INADMISSIBLE,
    "discontinuance": Decision.Kind.DISCONTINUED,
    "discontinued": Decision.Kind.DISCONTINUED,
}
SPLIT = re.compile(r"\s*;\s*")


class FileUnreadable(ValidationError):
    pass


@dataclass
class ImportRow:
    """One checked row: what the communication should look like after the import."""

    row: int
    committee: str
    number: str
    joined_numbers: list[str]
    authors: list[str]
    author_confidential: bool
    victims: list[str]
    subject: str
    articles_invoked: list[str]
    submitted_on: dt.date | None
    transmitted_on: dt.date | None
    decision_kind: str
    decision_date: dt.date | None
    document_symbol: str
    articles_violated: list[str]
    remedies: list[str]
    follow_up_grade: str
    problems: list[dict] = field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        return [self.number, *self.joined_numbers]


# ---------------------------------------------------------------------------------------------------------------
# Reading


def _header_names() -> dict[str, str]:
    """Header → column: the stable names, and the register export's headers in every language."""
    names = {name: name for name in COLUMNS}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for column in register_columns(user=None):
                if column.name in COLUMNS:
                    names[str(column.label).strip().lower()] = column.name
    return names


def _rows_from_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1251")  # Excel on Russian Windows saves CSV in this code page
        except UnicodeDecodeError as exc:
            raise FileUnreadable({"file": _("Upload an XLSX or CSV file.")}) from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise FileUnreadable({"file": _("Upload an XLSX or CSV file.")}) from exc


def _rows_from_xlsx(content: bytes, names: dict[str, str], required) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    for sheet in workbook.worksheets:  # the first sheet with the columns (an export starts with "about")
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        if rows and {names.get(str(cell or "").strip().lower()) for cell in rows[0]} >= set(required):
            return rows
    return []


def read_rows(
    content: bytes, *, filename: str = "", columns: dict[str, str] | None = None, required=None
) -> tuple[list[str], list[dict]]:
    """(columns found, rows as {column: value}); FileUnreadable for a file that is not a spreadsheet of
    communications (or, with `columns` (header → column) and `required`, of another app's rows, e.g. a review's
    recommendations). Rows are numbered as the spreadsheet shows them (the header is row 1)."""
    names = columns if columns is not None else _header_names()
    required = tuple(required) if required is not None else REQUIRED_COLUMNS
    if content[:4] == b"PK\x03\x04":
        from .uploads import _check_zip

        try:
            _check_zip(ContentFile(content))  # an archive that expands to an absurd size is refused unread
        except ValidationError as exc:
            raise FileUnreadable({"file": exc.messages}) from exc
        try:
            raw = _rows_from_xlsx(content, names, required)
        except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds on a damaged or foreign file)
            raise FileUnreadable({"file": _("The file cannot be read as XLSX.")}) from exc
    else:
        if b"\x00" in content[:2048]:
            raise FileUnreadable({"file": _("Upload an XLSX or CSV file.")})
        raw = _rows_from_csv(content)
    if not raw:
        raise FileUnreadable(
            {"file": _("The file has no sheet with the columns %(columns)s.") % {"columns": ", ".join(required)}}
            if columns is not None
            else {"file": _("The file has no sheet with the columns committee and number.")}
        )
    header = [names.get(str(cell or "").strip().lower(), "") for cell in raw[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise FileUnreadable(
            {"file": _("Columns missing: %(columns)s. See the template.") % {"columns": ", ".join(missing)}}
        )
    # Number the rows as in the spreadsheet, blank lines included.
    numbered, line = [], 1
    for values in raw[1:]:
        line += 1
        if any(value not in (None, "") for value in values):
            row = {name: value for name, value in zip(header, values) if name}
            row["__row__"] = line
            numbered.append(row)
    if len(numbered) > settings.IWG_IMPORT_MAX_ROWS:
        raise FileUnreadable(
            {"file": _("The file has more than %(count)s rows; split it.") % {"count": settings.IWG_IMPORT_MAX_ROWS}}
        )
    return [name for name in header if name], numbered


# ---------------------------------------------------------------------------------------------------------------
# Checking


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _list(value) -> list[str]:
    text = _text(value)
    return [part for part in SPLIT.split(text) if part] if text else []


def _date(value, *, field_name: str, problems: list, row: int) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = _text(value)
        value = None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                value = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date, no time)
                break
            except ValueError:
                continue
        if value is None:
            problems.append({"row": row, "field": field_name, "message": _("Not a date: write it as 2015-03-31.")})
            return None
    if is_before_earliest_date(value):
        problems.append(
            {
                "row": row,
                "field": field_name,
                "message": _("The date cannot be before 16 December 1991 (independence)."),
            }
        )
        return None
    if value > local_date():
        problems.append({"row": row, "field": field_name, "message": _("The date cannot be in the future.")})
        return None
    return value


def _choice(value, choices, aliases, *, field_name, problems, row, message) -> str:
    text = _text(value)
    if not text:
        return ""
    key = text.lower().replace(" ", "_")
    if key in aliases:
        return aliases[key]
    for choice in choices:
        if key == choice.value.lower() or text.lower() == str(choice.label).lower():
            return choice.value
    problems.append({"row": row, "field": field_name, "message": message % {"value": text}})
    return ""


def _person(name: str) -> tuple[str, str]:
    """(full name, initials) of a party as written in a cell: initials alone are both."""
    return name, name if INITIALS_RE.match(name) else initials_of(name)


def check_row(values: dict) -> ImportRow:
    row = values["__row__"]
    problems: list[dict] = []

    committee = _text(values.get("committee")).upper()
    if committee not in CommitteeCode.values:
        problems.append(
            {
                "row": row,
                "field": "committee",
                "message": _("Unknown committee “%(value)s”: write CCPR, CAT, CERD, CEDAW, CRPD or CRC.")
                % {"value": _text(values.get("committee"))},
            }
        )
    numbers = [normalise(number) for number in _list(values.get("number"))]
    if not numbers:
        problems.append({"row": row, "field": "number", "message": _("Enter the communication's number.")})
    for number in numbers:
        error = number_error(committee if committee in CommitteeCode.values else None, number)
        if error:
            problems.append({"row": row, "field": "number", "message": f"{number}: {error}"})
    confidential_text = _text(values.get("author_confidential")).lower()
    if confidential_text not in TRUE_WORDS | FALSE_WORDS:
        problems.append({"row": row, "field": "author_confidential", "message": _("Write true or false.")})
    decision_kind = _choice(
        values.get("decision_kind"),
        Decision.Kind,
        DECISION_ALIASES,
        field_name="decision_kind",
        problems=problems,
        row=row,
        message=_(
            "Unknown kind of decision “%(value)s”: views, views_no_violation, inadmissibility or discontinuance."
        ),
    )
    decision_date = _date(values.get("decision_date"), field_name="decision_date", problems=problems, row=row)
    if decision_kind and decision_date is None and not any(p["field"] == "decision_date" for p in problems):
        problems.append({"row": row, "field": "decision_date", "message": _("A decision needs its date.")})
    if decision_date and not decision_kind and _text(values.get("decision_kind")) == "":
        problems.append({"row": row, "field": "decision_kind", "message": _("Give the kind of the decision.")})
    remedies = []
    for remedy in _list(values.get("remedies")):
        kind = _choice(
            remedy,
            Remedy.Kind,
            {},
            field_name="remedies",
            problems=problems,
            row=row,
            message=_(
                "Unknown remedy “%(value)s”: compensation, review, change_of_law, non_repetition, publication or other."
            ),
        )
        if kind:
            remedies.append(kind)
    if remedies and not decision_kind:
        problems.append({"row": row, "field": "remedies", "message": _("Remedies need a final decision.")})
    grade = _text(values.get("follow_up_grade")).upper()
    if grade and grade not in FollowUpGrade.values:
        problems.append(
            {
                "row": row,
                "field": "follow_up_grade",
                "message": _("Unknown grade: A, B, C, D, E (or B1…D2 before 2017)."),
            }
        )
        grade = ""
    if grade and not remedies:
        problems.append({"row": row, "field": "follow_up_grade", "message": _("A grade needs remedies.")})
    submitted_on = _date(values.get("date_submitted"), field_name="date_submitted", problems=problems, row=row)
    transmitted_on = _date(values.get("date_transmitted"), field_name="date_transmitted", problems=problems, row=row)
    return ImportRow(
        row=row,
        committee=committee,
        number=numbers[0] if numbers else "",
        joined_numbers=numbers[1:],
        authors=_list(values.get("author")),
        author_confidential=confidential_text in TRUE_WORDS,
        victims=_list(values.get("victims")),
        subject=_text(values.get("subject_matter")),
        articles_invoked=_list(values.get("articles_invoked")),
        submitted_on=submitted_on,
        transmitted_on=transmitted_on,
        decision_kind=decision_kind,
        decision_date=decision_date,
        document_symbol=_text(values.get("document_symbol")),
        articles_violated=_list(values.get("articles_violated")),
        remedies=remedies,
        follow_up_grade=grade,
        problems=problems,
    )


def check_rows(rows: list[dict]) -> list[ImportRow]:
    """Every row checked, and a number given twice in the file (also as a joined number) marked as a duplicate."""
    checked = [check_row(values) for values in rows]
    seen: dict[tuple[str, str], int] = {}
    for item in checked:
        for number in item.numbers:
            key = (item.committee, number)
            if key in seen:
                item.problems.append(
                    {
                        "row": item.row,
                        "field": "number",
                        "message": _("%(number)s is already in row %(row)s of this file (a duplicate).")
                        % {"number": number, "row": seen[key]},
                    }
                )
            else:
                seen[key] = item.row
    return checked


def person_names(names: list[str]) -> list[tuple[str, str]]:
    return [_person(name) for name in names]
