"""Import a review's recommendations from a spreadsheet (the UPR matrix, OHCHR's index export: one row per
recommendation: paragraph, text, recommending State, response, themes), read by the communications import's
reader (`communications.imports.read_rows`, XLSX or CSV, zip-bomb and size checks included). Every row is checked
first; a file with a problem writes nothing and says which row and column. The CSV export of the register uses the
same columns, so it imports as it is."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communications.imports import FileUnreadable, read_rows
from iwg.history import history_batched
from iwg.models import User
from iwg.permissions import require
from iwg.texts import Text

from ..models import Recommendation, RecommendationEvent, Response, Review, Theme
from .common import event_record
from .responses import response_record
from .reviews import recommendation_add

COLUMNS = (
    "number",
    "text",
    "recommending_states",
    "response",
    "reason",
    "themes",
    "text_ru",
    "text_kk",
    "sdg_targets",
    "affected_groups",
    "follow_up",
)
REQUIRED = ("number", "text")
ALIASES = {
    "paragraph": "number",
    "recommendation": "text",
    "recommending state": "recommending_states",
    "recommending states": "recommending_states",
    "source of recommendation": "recommending_states",
    "position": "response",
    "theme": "themes",
    "reason for noting": "reason",
}
RESPONSES = {
    "supported": Response.Position.SUPPORTED,
    "accepted": Response.Position.SUPPORTED,
    "поддержана": Response.Position.SUPPORTED,
    "noted": Response.Position.NOTED,
    "принята к сведению": Response.Position.NOTED,
}
TRUE = {"yes", "true", "1", "да", "иә", "x"}


def _header_names() -> dict[str, str]:
    return {**{name: name for name in COLUMNS}, **ALIASES}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check(rows: list[dict], themes: dict[str, Theme]) -> tuple[list[dict], list[dict]]:
    """(cleaned rows, problems as {row, field, message})."""
    cleaned, problems, seen = [], [], set()
    for row in rows:
        line = row["__row__"]
        number, text = _text(row.get("number")), _text(row.get("text"))
        if not number:
            problems.append({"row": line, "field": "number", "message": _("The paragraph number is empty.")})
        elif number in seen:
            problems.append({"row": line, "field": "number", "message": _("This number appears twice in the file.")})
        seen.add(number)
        if not text:
            problems.append({"row": line, "field": "text", "message": _("The recommendation's text is empty.")})
        response = _text(row.get("response")).lower()
        position = RESPONSES.get(response, "") if response else ""
        if response and not position:
            problems.append({"row": line, "field": "response", "message": _("The response is supported or noted.")})
        chosen = []
        for name in filter(
            None, (part.strip().lower() for part in _text(row.get("themes")).replace(";", ",").split(","))
        ):
            theme = themes.get(name)
            if theme is None:
                problems.append(
                    {"row": line, "field": "themes", "message": _("Unknown theme: %(theme)s.") % {"theme": name}}
                )
            else:
                chosen.append(theme)
        cleaned.append(
            {
                "row": line,
                "number": number[:30],
                "text": text,
                "recommending_states": _text(row.get("recommending_states"))[:1000],
                "position": position,
                "reason": _text(row.get("reason")),
                "themes": chosen,
                "text_ru": _text(row.get("text_ru")),
                "text_kk": _text(row.get("text_kk")),
                "sdg_targets": _text(row.get("sdg_targets"))[:200],
                "affected_groups": _text(row.get("affected_groups"))[:500],
                "follow_up": _text(row.get("follow_up")).lower() in TRUE,
            }
        )
    return cleaned, problems


def recommendations_import(
    *, actor: User | None, review: Review, content: bytes, name: str, dry_run: bool = False
) -> dict:
    """Check every row of the file, then (unless `dry_run` or a row has a problem) add the recommendations whose
    number the review does not have yet, with their responses as recorded in the file (decided on the review's
    adoption date). Returns {created, unchanged, problems}. A file with problems raises ValidationError listing
    them; nothing is written."""
    require(actor, "recommendations.import_recommendations", review)
    try:
        _columns, rows = read_rows(content, filename=name, columns=_header_names(), required=REQUIRED)
    except FileUnreadable:
        raise
    themes = {}
    for theme in Theme.objects.all():
        for key in (theme.code, theme.name, theme.name_ru, theme.name_kk):
            if key:
                themes[key.strip().lower()] = theme
    cleaned, problems = _check(rows, themes)
    if problems:
        raise ValidationError(
            {"file": [_("Row %(row)s, %(field)s: %(message)s") % problem for problem in problems[:50]]}
        )
    existing = set(Recommendation.objects.filter(review=review).values_list("number", flat=True))
    fresh = [row for row in cleaned if row["number"] not in existing]
    result = {"created": len(fresh), "unchanged": len(cleaned) - len(fresh), "problems": []}
    if dry_run or not fresh:
        return result
    with transaction.atomic(), history_batched():
        for row in fresh:
            recommendation = recommendation_add(
                actor=actor,
                review=review,
                number=row["number"],
                text=row["text"],
                recommending_states=row["recommending_states"],
                text_ru=row["text_ru"],
                text_kk=row["text_kk"],
                themes=row["themes"],
                sdg_targets=row["sdg_targets"],
                affected_groups=row["affected_groups"],
                follow_up=row["follow_up"],
                check=False,
            )
            if row["position"]:
                response_record(
                    actor=actor,
                    response=recommendation.response,
                    position=row["position"],
                    reason=row["reason"],
                    decided_on=review.adopted_on,
                    check=False,
                )
        event_record(
            kind=RecommendationEvent.Kind.IMPORTED,
            actor=actor,
            review=review,
            reason=Text("rec_imported", {"count": len(fresh), "file": name[:200]}),
        )
    return result
