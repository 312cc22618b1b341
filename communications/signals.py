"""Infrastructure signals: keep the register's denormalised schedule fields in step with the rows they are
derived from (see `communications/schedule.py`), the search texts (`communications/search_text.py`), the
number's and the committee's sort keys, and the generation of the register page's
cache (`communications/register_cache.py`). No workflow step happens here."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from iwg.models import Agency

from . import numbers
from .models import Committee, Communication, Deadline, Decision, JoinedNumber, NoteVerbale, Party, Remedy, Round
from .register_cache import register_changed
from .schedule import communication_schedule_refresh, communication_years_forget
from .search_text import SEARCHED_FIELDS, communication_search_refresh, search_texts

# A save that names its fields and touches none of these leaves the derived fields as they are.
_RELEVANT = {
    Deadline: {"due_on", "status", "kind", "round", "round_id", "responsible_agency", "responsible_agency_id"},
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


# The sort keys derived from a communication's own fields, each from the field it follows.
_SORT_KEYS = {"number_sort": "number", "committee_code": "committee"}


@receiver(post_save, sender=Remedy, dispatch_uid="schedule_remedy_saved")
@receiver(post_delete, sender=Remedy, dispatch_uid="schedule_remedy_deleted")
def _remedy_changed(sender, instance: Remedy, update_fields=None, **kwargs) -> None:
    # The agencies with work on the case: an unfinished remedy counts.
    if update_fields is None or {"status", "responsible_agency", "responsible_agency_id"} & set(update_fields):
        communication_schedule_refresh(decision_id=instance.decision_id)


@receiver(post_save, sender=Decision, dispatch_uid="schedule_decision_saved")
@receiver(post_delete, sender=Decision, dispatch_uid="schedule_decision_deleted")
def _decision_changed(sender, instance: Decision, update_fields=None, **kwargs) -> None:
    # A decision moved to the case kept by a merge brings its remedies along; a deleted one takes them away.
    if update_fields is None or {"communication", "communication_id"} & set(update_fields):
        communication_schedule_refresh(communication_ids=[instance.communication_id])


@receiver(pre_save, sender=Communication, dispatch_uid="number_sort_key")
def _communication_number_sort_key(sender, instance: Communication, update_fields=None, **kwargs) -> None:
    """The register sorts numbers by year, then running number (150/2020 before 1402/2020), and committees by
    code: the keys are derived whenever the communication is saved, by whichever service saves it."""
    instance.number_sort = numbers.sort_key(instance.number)
    if instance.committee_id is not None:
        instance.committee_code = instance.committee.code
    if instance._state.adding:  # nothing refers to it yet: its search texts are its own fields'
        instance.search_text, instance.search_names = search_texts(
            committee_code=instance.committee_code,
            number=instance.number,
            subject=instance.subject,
            symbols=instance.symbols,
            decision_symbol=None,
            joined=[],
            parties=[],
        )


@receiver(post_save, sender=Communication, dispatch_uid="number_sort_key_named_fields")
def _communication_number_sort_key_saved(sender, instance: Communication, update_fields=None, **kwargs) -> None:
    # A save naming its fields writes only those: write a key too when the field it follows was among them.
    if update_fields is None:
        return
    named = set(update_fields)
    stale = {
        key: getattr(instance, key)
        for key, source in _SORT_KEYS.items()
        if key not in named and ({source, f"{source}_id"} & named)
    }
    if stale:
        Communication.objects.filter(pk=instance.pk).update(**stale)


@receiver(post_save, sender=Communication, dispatch_uid="search_text_communication_saved")
def _communication_search_saved(sender, instance: Communication, created=False, update_fields=None, **kwargs) -> None:
    if created:
        return  # written by the pre_save above
    if update_fields is None or SEARCHED_FIELDS & set(update_fields):
        communication_search_refresh(communication_ids=[instance.pk])


@receiver(post_save, sender=Party, dispatch_uid="search_text_party_saved")
@receiver(post_delete, sender=Party, dispatch_uid="search_text_party_deleted")
@receiver(post_save, sender=JoinedNumber, dispatch_uid="search_text_joined_saved")
@receiver(post_delete, sender=JoinedNumber, dispatch_uid="search_text_joined_deleted")
@receiver(post_save, sender=Decision, dispatch_uid="search_text_decision_saved")
@receiver(post_delete, sender=Decision, dispatch_uid="search_text_decision_deleted")
def _searched_row_changed(sender, instance, **kwargs) -> None:
    """The search texts follow the rows they are made of (communications/search_text.py)."""
    if instance.communication_id:
        communication_search_refresh(communication_ids=[instance.communication_id])


# What a register row, its filters, its search or the visibility of a communication read: any committed save or
# delete of these drops the cached register pages (the bump happens once per transaction, after its commit).
# meetings.AgendaItem (an item on the IWG's agenda makes a communication visible to IWG members) is reached
# through the relation meetings declares on Round, as the selectors do: communications does not import meetings.
REGISTER_SOURCES = (
    Communication,
    Party,
    JoinedNumber,
    NoteVerbale,
    Round,
    Deadline,
    Decision,
    Remedy,
    Committee,
    Agency,
    Round.agenda_items.field.model,
)


def _register_source_changed(sender, **kwargs) -> None:
    register_changed()


for _model in REGISTER_SOURCES:
    post_save.connect(
        _register_source_changed, sender=_model, dispatch_uid=f"register_cache_saved_{_model._meta.label}"
    )
    post_delete.connect(
        _register_source_changed, sender=_model, dispatch_uid=f"register_cache_deleted_{_model._meta.label}"
    )
