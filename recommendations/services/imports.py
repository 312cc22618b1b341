"""Import a review's recommendations from a spreadsheet (the UPR matrix, OHCHR's index export: one row per
recommendation: paragraph, text, recommending State, response, themes), read by the communications import's
reader (`communications.imports.read_rows`, XLSX or CSV, zip-bomb and size checks included). Every row is checked
first; a file with a problem writes nothing and says which row and column. The CSV export of the register uses the
same columns, so it imports as it is."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communications import import_kinds
from communications.imports import read_rows
from communications.models import ImportJob
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


def _themes() -> dict[str, Theme]:
    themes = {}
    for theme in Theme.objects.all():
        for key in (theme.code, theme.name, theme.name_ru, theme.name_kk):
            if key:
                themes[key.strip().lower()] = theme
    return themes


def _read(content: bytes, name: str) -> tuple[list[dict], list[dict]]:
    _columns, rows = read_rows(content, filename=name, columns=_header_names(), required=REQUIRED)
    return _check(rows, _themes())


def _row_add(*, actor: User | None, review: Review, row: dict) -> Recommendation:
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
    return recommendation


def _preview(review: Review, cleaned: list[dict], problems: list[dict]) -> list[dict]:
    """What each row would do: create it, nothing (the review has the number), or skip it (problems)."""
    existing = set(Recommendation.objects.filter(review=review).values_list("number", flat=True))
    bad = {problem["row"] for problem in problems}
    return [
        {
            "row": row["row"],
            "committee": str(review),
            "number": row["number"],
            "action": "error" if row["row"] in bad else ("unchanged" if row["number"] in existing else "create"),
        }
        for row in cleaned
    ]


def recommendations_import_upload(*, actor: User | None, review: Review, uploaded_file) -> ImportJob:
    """The page's import (the same machinery as communications'): store the spreadsheet and check every row into
    a preview with each row's problems; nothing else is written until the import is confirmed
    (`communications.services.import_confirm`, under `recommendations.import_recommendations`)."""
    require(actor, "recommendations.import_recommendations", review)
    if uploaded_file is None:
        raise ValidationError({"file": _("Choose a file.")})
    if uploaded_file.size > settings.IWG_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    content = uploaded_file.read()
    name = (getattr(uploaded_file, "name", "") or "import").rsplit("/", 1)[-1][:200]
    cleaned, problems = _read(content, name)
    preview = _preview(review, cleaned, problems)
    job = ImportJob(
        uploaded_by=actor,
        kind=IMPORT_KIND,
        target_id=review.pk,
        original_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        rows_read=len(cleaned),
        rows_valid=sum(1 for item in preview if item["action"] != "error"),
        preview=preview,
        errors=problems,
    )
    job.file.save(
        f"import-{timezone.now():%Y%m%d%H%M%S}.{'xlsx' if content[:2] == b'PK' else 'csv'}",
        ContentFile(content),
        save=False,
    )
    job.save()
    return job


def recommendations_import_run(job_id: int, *, progress_every: int = 10) -> ImportJob | None:
    """Import a confirmed job's rows into its review with progress, each row in its own transaction: a row whose
    number the review has is unchanged, so a re-run (or the same file again) adds nothing. Rows with problems are
    skipped and stay reported. Run by the communications import task (`communications/import_kinds.py`)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("uploaded_by").filter(pk=job_id).first()
        if job is None or job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            return job
        job.status = ImportJob.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    actor = job.uploaded_by
    try:
        review = Review.objects.get(pk=job.target_id or 0)
        with job.file.open("rb") as handle:
            content = handle.read()
        cleaned, problems = _read(content, job.original_name)
        bad = {problem["row"] for problem in problems}
        valid = [row for row in cleaned if row["row"] not in bad]
        created = unchanged = 0
        for index, row in enumerate(valid, start=1):
            with transaction.atomic():
                Review.objects.select_for_update().filter(pk=review.pk).first()
                if Recommendation.objects.filter(review=review, number=row["number"]).exists():
                    unchanged += 1
                else:
                    _row_add(actor=actor, review=review, row=row)
                    created += 1
            if index % progress_every == 0:
                ImportJob.objects.filter(pk=job.pk).update(
                    progress=index * 100 // max(1, len(valid)), created_count=created, unchanged_count=unchanged
                )
        if created:
            event_record(
                kind=RecommendationEvent.Kind.IMPORTED,
                actor=actor,
                review=review,
                reason=Text("rec_imported", {"count": created, "file": job.original_name[:200]}),
            )
        job.refresh_from_db()
        job.status, job.progress, job.finished_at = ImportJob.Status.DONE, 100, timezone.now()
        job.created_count, job.updated_count, job.unchanged_count = created, 0, unchanged
        job.rows_read, job.rows_valid, job.errors = len(cleaned), len(valid), problems
        job.save()
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, errors=[{"row": 0, "field": "file", "message": str(exc)[:500]}]
        )
        raise
    return job


IMPORT_KIND = "recommendations"


def register_importer() -> None:
    """Recommendations' imports run through the communications ImportJob task."""
    import_kinds.register(
        import_kinds.ImportKind(
            kind=IMPORT_KIND, permission="recommendations.import_recommendations", run=recommendations_import_run
        )
    )


def recommendations_import(
    *, actor: User | None, review: Review, content: bytes, name: str, dry_run: bool = False
) -> dict:
    """Check every row of the file, then (unless `dry_run` or a row has a problem) add the recommendations whose
    number the review does not have yet, with their responses as recorded in the file (decided on the review's
    adoption date). Returns {created, unchanged, problems}. A file with problems raises ValidationError listing
    them; nothing is written."""
    require(actor, "recommendations.import_recommendations", review)
    cleaned, problems = _read(content, name)
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
            _row_add(actor=actor, review=review, row=row)
        event_record(
            kind=RecommendationEvent.Kind.IMPORTED,
            actor=actor,
            review=review,
            reason=Text("rec_imported", {"count": len(fresh), "file": name[:200]}),
        )
    return result
