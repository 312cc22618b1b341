"""Importing a ministry's existing caseload from a spreadsheet (MFA officers and administrators).

1. `import_upload`: the file is stored and every row checked (communications/imports.py); the job holds the
   preview (what each row would do: create, update, unchanged) and every row's problems. Nothing else is written.
2. `import_confirm`: queues the Celery job (after commit).
3. `import_job_run`: re-reads and re-checks the file (the register may have changed since the preview) and writes
   each row without problems in its own transaction; rows with problems are skipped and stay reported.

A row is matched to an existing communication by committee and number (main or joined). The same file imported
twice changes nothing the second time (each row compares before it writes); a changed row updates the
communication, its history naming the importer and the file and row (`Text("communication_imported")`).
Imported cases are past facts: the communication, its parties and joined numbers, the final decision and the
remedies with their last grade. A row with a transmission date gets its transmission note: as a historical entry
(round closed, deadlines met or closed: no reminder, escalation or overdue deadline) when the case is decided or
the committee's date for the State's reply is already past (`import_row_is_historical`); otherwise, a case still
awaiting the State's reply, as a live note whose round and deadlines run from now on, so that nothing is missed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iwg.calendar import local_date
from iwg.errors import InvalidTransition
from iwg.history import tracked_save
from iwg.models import Agency
from iwg.permissions import allowed, require
from iwg.texts import Text

from .. import import_kinds, imports
from ..deadline_policy import committee_deadline_proposals
from ..models import (
    Committee,
    Communication,
    DeadlineKind,
    Decision,
    Event,
    ImportJob,
    JoinedNumber,
    NoteKind,
    Party,
    Remedy,
)
from ..selectors.communications import communication_find

# Who answers for a remedy by default (the responsible body can be changed on the communication's page).
REMEDY_AGENCY = {
    Remedy.Kind.COMPENSATION: Agency.Code.MOF,
    Remedy.Kind.REVIEW: Agency.Code.SC,
    Remedy.Kind.CHANGE_OF_LAW: Agency.Code.MOJ,
    Remedy.Kind.NON_REPETITION: Agency.Code.MOJ,
    Remedy.Kind.PUBLICATION: Agency.Code.MOJ,
    Remedy.Kind.OTHER: Agency.Code.MFA,
}
CREATED, UPDATED, UNCHANGED = "create", "update", "unchanged"


@dataclass
class Outcome:
    action: str
    communication: Communication | None = None


# ---------------------------------------------------------------------------------------------------------------
# Comparing a row with the register


def _parties_of(communication: Communication, role: str) -> list[Party]:
    return [party for party in communication.parties.all() if party.role == role]


def _decision(communication: Communication) -> Decision | None:
    try:
        return communication.decision
    except Decision.DoesNotExist:
        return None


def _phase(row: imports.ImportRow) -> str:
    """The phase the app itself gives a communication with this decision (services.decisions.decision_record)."""
    if not row.decision_kind:
        return Communication.Phase.PENDING
    if row.decision_kind == Decision.Kind.VIEWS_VIOLATION:
        return Communication.Phase.FOLLOW_UP
    if row.decision_kind == Decision.Kind.DISCONTINUED:
        return Communication.Phase.CLOSED
    return Communication.Phase.DECIDED


def _communication_fields(row: imports.ImportRow) -> dict:
    return {
        "subject": row.subject,
        "articles_invoked": row.articles_invoked,
        "submitted_on": row.submitted_on,
        "transmitted_on": row.transmitted_on,
        "symbols": [] if row.decision_kind else ([row.document_symbol] if row.document_symbol else []),
        "phase": _phase(row),
    }


def _differences(communication: Communication, row: imports.ImportRow) -> list[str]:
    """The fields the row would change (empty: the import leaves it as it is)."""
    changed = [name for name, value in _communication_fields(row).items() if getattr(communication, name) != value]
    if sorted(joined.number for joined in communication.joined_numbers.all()) != sorted(row.joined_numbers):
        changed.append("number")
    for role, names in ((Party.Role.AUTHOR, row.authors), (Party.Role.VICTIM, row.victims)):
        wanted = [(*imports.person_names([name])[0], row.author_confidential) for name in names]
        have = [(party.full_name, party.initials, party.is_confidential) for party in _parties_of(communication, role)]
        if have != wanted:
            changed.append(role)
    decision = _decision(communication)
    if row.decision_kind:
        wanted_decision = (row.decision_kind, row.decision_date, row.document_symbol, row.articles_violated)
        have_decision = (
            (decision.kind, decision.adopted_on, decision.symbol, list(decision.articles_violated))
            if decision is not None
            else None
        )
        if wanted_decision != have_decision:
            changed.append("decision")
        remedies = list(decision.remedies.all()) if decision is not None else []
        if [remedy.kind for remedy in remedies] != row.remedies:
            changed.append("remedies")
        elif any(remedy.committee_grade != row.follow_up_grade for remedy in remedies):
            changed.append("follow_up_grade")
    return changed


def _existing(row: imports.ImportRow) -> Communication | None:
    committee = Committee.objects.filter(code=row.committee).first()
    if committee is None:
        return None
    for number in row.numbers:
        found = communication_find(committee=committee, number=number)
        if found is not None:
            return (
                Communication.objects.select_related("committee", "decision")
                .prefetch_related("parties", "joined_numbers", "decision__remedies")
                .get(pk=found.pk)
            )
    return None


def _conflicts(row: imports.ImportRow, existing: Communication | None) -> list[dict]:
    """Numbers of the row that belong to two different communications of the register."""
    if existing is None:
        return []
    problems = []
    committee = existing.committee
    for number in row.numbers:
        other = communication_find(committee=committee, number=number)
        if other is not None and other.pk != existing.pk:
            problems.append(
                {
                    "row": row.row,
                    "field": "number",
                    "message": _("%(number)s is registered as another communication (%(other)s).")
                    % {"number": number, "other": other},
                }
            )
    return problems


def preview_rows(checked: list[imports.ImportRow]) -> tuple[list[dict], list[dict]]:
    """(preview, problems): what each row would do, and every row's problems."""
    preview, problems = [], []
    for row in checked:
        existing = None if row.problems else _existing(row)
        row.problems += _conflicts(row, existing)
        problems += row.problems
        if row.problems:
            action = "error"
        elif existing is None:
            action = CREATED
        else:
            action = UPDATED if _differences(existing, row) else UNCHANGED
        preview.append({"row": row.row, "committee": row.committee, "number": row.number, "action": action})
    return preview, problems


# ---------------------------------------------------------------------------------------------------------------
# Writing one row


def _set_parties(communication, row: imports.ImportRow, *, actor, reason: Text) -> None:
    for role, names in ((Party.Role.AUTHOR, row.authors), (Party.Role.VICTIM, row.victims)):
        wanted = [(*imports.person_names([name])[0], row.author_confidential) for name in names]
        have = _parties_of(communication, role)
        if [(party.full_name, party.initials, party.is_confidential) for party in have] == wanted:
            continue
        for index, (full_name, initials, confidential) in enumerate(wanted):
            party = have[index] if index < len(have) else Party(communication=communication, role=role)
            party.full_name, party.initials, party.is_confidential = full_name, initials[:20], confidential
            tracked_save(party, actor=actor, reason=reason)
        # A party the file no longer names is kept (nothing is lost): the import only adds and corrects.


def _set_joined(communication, row: imports.ImportRow, *, actor, reason: Text) -> None:
    have = {joined.number for joined in communication.joined_numbers.all()}
    for number in row.joined_numbers:
        if number not in have:
            tracked_save(
                JoinedNumber(communication=communication, committee=communication.committee, number=number),
                actor=actor,
                reason=reason,
            )


def _set_decision(communication, row: imports.ImportRow, *, actor, reason: Text) -> None:
    if not row.decision_kind:
        return
    decision = _decision(communication) or Decision(communication=communication, recorded_by=actor)
    fields = {
        "kind": row.decision_kind,
        "adopted_on": row.decision_date,
        "symbol": row.document_symbol,
        "articles_violated": row.articles_violated,
    }
    if decision.pk is None or any(getattr(decision, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(decision, name, value)
        tracked_save(decision, actor=actor, reason=reason)
        communication.decision = decision
    remedies = list(decision.remedies.all())
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    have_kinds = [remedy.kind for remedy in remedies]
    for kind in row.remedies:
        if kind in have_kinds:
            have_kinds.remove(kind)
            continue
        remedy = Remedy(
            decision=decision,
            kind=kind,
            description=str(Remedy.Kind(kind).label),
            responsible_agency=agencies.get(REMEDY_AGENCY[kind]) or agencies[Agency.Code.MFA],  # type: ignore[index]
        )
        tracked_save(remedy, actor=actor, reason=reason)
        remedies.append(remedy)
    for remedy in remedies:
        if remedy.kind in row.remedies and remedy.committee_grade != row.follow_up_grade:
            remedy.committee_grade = row.follow_up_grade
            tracked_save(remedy, actor=actor, reason=reason)


def import_row_reply_due(row: imports.ImportRow) -> dt.date | None:
    """The committee's date for the State's reply to the transmission of the row's case (its time limit counted
    from the transmission date), or None when the row has no transmission date or no time limit applies."""
    if row.transmitted_on is None:
        return None
    committee = Committee.objects.filter(code=row.committee).first()
    if committee is None:
        return None
    proposals = committee_deadline_proposals(
        committee=committee, note_kind=NoteKind.NEW_COMMUNICATION, transmitted_on=row.transmitted_on
    )
    due = [proposal.due_on for proposal in proposals if proposal.kind == DeadlineKind.COMMITTEE]
    return min(due) if due else None


def import_row_is_historical(row: imports.ImportRow, *, today: dt.date | None = None) -> bool:
    """A decided case, or one whose reply date is past (or unknown), comes in as historical: nothing from it may
    remind, escalate or be overdue. Only a case whose reply is still due comes in live."""
    if row.decision_kind:
        return True
    reply_due = import_row_reply_due(row)
    return reply_due is None or reply_due < (today or local_date())


def _historical_note(communication: Communication, row: imports.ImportRow, *, actor, file_name: str) -> None:
    """The transmission note of an imported case (only when the row gives the transmission date and the
    communication has no note yet: a re-import adds none). Historical (its round recorded closed and its
    deadlines done, so nothing reminds, escalates or is overdue) unless the reply is still due
    (`import_row_is_historical`); then a live note whose round and deadlines run as for any new note."""
    from .communications import note_register

    # Registering notes is the MFA's; an administrator's import registers the past note as the system.
    note_actor = actor if actor is None or allowed(actor, "communications.register_note") else None
    note_register(
        actor=note_actor,
        committee_code=row.committee,
        communication_number=row.number,
        kind=NoteKind.NEW_COMMUNICATION,
        registry_number=f"HIST-{row.committee}-{row.number}"[:50],
        received_on=row.transmitted_on,  # type: ignore[arg-type]
        ohchr_date=row.transmitted_on,  # type: ignore[arg-type]
        summary=f"{file_name}, {row.row}"[:200],
        historical=import_row_is_historical(row),
    )
    communication.refresh_from_db()


def import_row_apply(*, actor, row: imports.ImportRow, file_name: str) -> Outcome:
    """Create or update the communication of one checked row without problems; a row that matches the register
    writes nothing. One transaction per row, the communication locked while it is compared and written."""
    reason = Text("communication_imported", {"file": file_name, "row": row.row})
    with transaction.atomic():
        existing = _existing(row)
        if existing is not None:
            Communication.objects.select_for_update().filter(pk=existing.pk).first()
            changed = _differences(existing, row)
            if not changed:
                return Outcome(UNCHANGED, existing)
            communication = existing
        else:
            communication = Communication(committee=Committee.objects.get(code=row.committee), number=row.number)
            changed = ["created"]
        fields = _communication_fields(row)
        needs_note = row.transmitted_on is not None and (communication.pk is None or not communication.notes.exists())
        if needs_note and communication.phase != Communication.Phase.CLOSED:
            # The past note is registered while the case is still open; the phase is set after it.
            fields.pop("phase")
        else:
            needs_note = False
        if communication.pk is None or any(getattr(communication, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(communication, name, value)
            if communication.pk is not None:
                communication.lock_version += 1
            tracked_save(communication, actor=actor, reason=reason)
        _set_joined(communication, row, actor=actor, reason=reason)
        _set_parties(communication, row, actor=actor, reason=reason)
        if needs_note:
            _historical_note(communication, row, actor=actor, file_name=file_name)
        _set_decision(communication, row, actor=actor, reason=reason)
        if communication.phase != _phase(row):
            communication.phase = _phase(row)
            tracked_save(communication, actor=actor, reason=reason)
        Event.objects.create(
            communication=communication,
            kind=Event.Kind.COMMUNICATION_UPDATED,
            actor=actor,
            reason=str(reason),
            parameters=reason.as_data(),
            occurred_at=timezone.now(),
        )
    return Outcome(CREATED if existing is None else UPDATED, communication)


# ---------------------------------------------------------------------------------------------------------------
# The job


def _checked(content: bytes, name: str) -> list[imports.ImportRow]:
    _columns, rows = imports.read_rows(content, filename=name)
    return imports.check_rows(rows)


def import_upload(*, actor, uploaded_file) -> ImportJob:
    """Store the spreadsheet and check every row into a preview; nothing else is written. ValidationError for a
    file that is too large or not a spreadsheet of communications (then nothing is stored at all)."""
    require(actor, "communications.import_communications")
    if uploaded_file is None:
        raise ValidationError({"file": _("Choose a file.")})
    if uploaded_file.size > settings.IWG_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    content = uploaded_file.read()
    name = (getattr(uploaded_file, "name", "") or "import").rsplit("/", 1)[-1][:200]
    checked = _checked(content, name)
    preview, problems = preview_rows(checked)
    job = ImportJob(
        uploaded_by=actor,
        original_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        rows_read=len(checked),
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


def import_confirm(*, actor, job: ImportJob) -> ImportJob:
    """Queue the import of a checked file (once: a second confirmation is refused). A job of another app's kind
    (communications/import_kinds.py) is confirmed under that kind's permission."""
    owner = import_kinds.of(job.kind)
    require(actor, owner.permission if owner else "communications.import_communications", job)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEW:
            raise InvalidTransition(_("This import was already confirmed."))
        if job.rows_valid == 0:
            raise InvalidTransition(_("No row of this file can be imported; correct the file and upload it again."))
        job.status, job.confirmed_at = ImportJob.Status.QUEUED, timezone.now()
        job.save(update_fields=["status", "confirmed_at", "updated_at"])
        from ..tasks import import_job_run as task

        transaction.on_commit(lambda: task.delay(job.pk))
    return job


def import_job_run(*, job_id: int, progress_every: int = 10) -> ImportJob | None:
    """Import a confirmed file row by row with progress. A finished job is left alone; a job interrupted half-way
    runs again harmlessly (rows already imported are unchanged). A job of another app's kind is run by it."""
    kind = ImportJob.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    owner = import_kinds.of(kind) if kind else None
    if owner is not None:
        owner.run(job_id)
        return ImportJob.objects.filter(pk=job_id).first()
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("uploaded_by").filter(pk=job_id).first()
        if job is None or job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            return job
        job.status = ImportJob.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
        checked = _checked(content, job.original_name)
        preview, problems = preview_rows(checked)
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        valid = [row for row in checked if not row.problems]
        for index, row in enumerate(valid, start=1):
            outcome = import_row_apply(actor=job.uploaded_by, row=row, file_name=job.original_name)
            counts[outcome.action] += 1
            if index % progress_every == 0:
                ImportJob.objects.filter(pk=job.pk).update(
                    progress=index * 100 // max(1, len(valid)),
                    created_count=counts[CREATED],
                    updated_count=counts[UPDATED],
                    unchanged_count=counts[UNCHANGED],
                )
        job.refresh_from_db()
        job.status, job.progress, job.finished_at = ImportJob.Status.DONE, 100, timezone.now()
        job.created_count, job.updated_count, job.unchanged_count = counts[CREATED], counts[UPDATED], counts[UNCHANGED]
        job.rows_read, job.rows_valid, job.errors = len(checked), len(valid), problems
        job.save()
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[{"row": 0, "field": "file", "message": str(exc)[:500]}],
        )
        raise
    return job


def import_file(*, actor, content: bytes, name: str, dry_run: bool = False) -> dict:
    """The management command's import: check, and unless `dry_run`, write every row without problems now."""
    checked = _checked(content, name)
    preview, problems = preview_rows(checked)
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
    if not dry_run:
        for row in checked:
            if not row.problems:
                counts[import_row_apply(actor=actor, row=row, file_name=name).action] += 1
    else:
        for item in preview:
            if item["action"] in counts:
                counts[item["action"]] += 1
    return {"rows_read": len(checked), "problems": problems, **counts}
