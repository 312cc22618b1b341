"""Infrastructure signals: keep the register's denormalised schedule fields in step with the rows they are
derived from (see `communications/schedule.py`), and the number's sort key. No workflow step happens here."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import numbers
from .models import Communication, Deadline, NoteVerbale, Round
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


@receiver(pre_save, sender=Communication, dispatch_uid="number_sort_key")
def _communication_number_sort_key(sender, instance: Communication, update_fields=None, **kwargs) -> None:
    """The register sorts numbers by year, then running number (150/2020 before 1402/2020): the key is derived
    from the number whenever it is saved, by whichever service saves it."""
    instance.number_sort = numbers.sort_key(instance.number)


@receiver(post_save, sender=Communication, dispatch_uid="number_sort_key_named_fields")
def _communication_number_sort_key_saved(sender, instance: Communication, update_fields=None, **kwargs) -> None:
    # A save naming its fields writes only those: write the key too when the number was among them.
    if update_fields is not None and "number" in update_fields and "number_sort" not in update_fields:
        Communication.objects.filter(pk=instance.pk).update(number_sort=instance.number_sort)
