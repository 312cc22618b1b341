"""Infrastructure signals: keep the register's denormalised schedule fields in step with the rows they are
derived from (see `communications/schedule.py`). No workflow step happens here."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Deadline, NoteVerbale, Round
from .schedule import communication_schedule_refresh, communication_years_forget

# A save that names its fields and touches none of these leaves the derived fields as they are.
_RELEVANT = {
    Deadline: {"due_on", "status", "kind", "round", "round_id"},
    Round: {"status", "is_urgent", "communication", "communication_id"},
    NoteVerbale: {"registered_on", "direction", "communication", "communication_id"},
}


def _relevant(sender, update_fields) -> bool:
    return update_fields is None or bool(_RELEVANT[sender] & set(update_fields))


@receiver(post_save, sender=Deadline, dispatch_uid="schedule_deadline_saved")
@receiver(post_delete, sender=Deadline, dispatch_uid="schedule_deadline_deleted")
def _deadline_changed(sender, instance: Deadline, update_fields=None, **kwargs) -> None:
    if _relevant(sender, update_fields):
        communication_schedule_refresh(round_id=instance.round_id)


@receiver(post_save, sender=Round, dispatch_uid="schedule_round_saved")
@receiver(post_delete, sender=Round, dispatch_uid="schedule_round_deleted")
@receiver(post_save, sender=NoteVerbale, dispatch_uid="schedule_note_saved")
@receiver(post_delete, sender=NoteVerbale, dispatch_uid="schedule_note_deleted")
def _communication_row_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if _relevant(sender, update_fields) and instance.communication_id:
        communication_schedule_refresh(communication_ids=[instance.communication_id])
        if sender is NoteVerbale:
            communication_years_forget()
