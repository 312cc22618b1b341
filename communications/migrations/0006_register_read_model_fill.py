"""Fills the register's derived fields (communications/schedule.py) of the communications already recorded."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

PENDING = ["open", "missed"]
OPTIONAL_KINDS = ["admissibility_request"]
FINISHED_ROUNDS = ["sent", "cancelled"]


def fill(apps, schema_editor):
    Communication = apps.get_model("communications", "Communication")
    Deadline = apps.get_model("communications", "Deadline")
    NoteVerbale = apps.get_model("communications", "NoteVerbale")
    Round = apps.get_model("communications", "Round")
    next_deadline = (
        Deadline.objects.filter(round__communication=OuterRef("pk"), status__in=PENDING)
        .exclude(kind__in=OPTIONAL_KINDS)
        .order_by("due_on", "id")
    )
    first_note = NoteVerbale.objects.filter(communication=OuterRef("pk"), direction="incoming").order_by(
        "registered_on", "id"
    )
    urgent = Round.objects.filter(communication=OuterRef("pk"), is_urgent=True).exclude(status__in=FINISHED_ROUNDS)
    Communication.objects.update(
        next_due_on=Subquery(next_deadline.values("due_on")[:1]),
        next_due_kind=Coalesce(Subquery(next_deadline.values("kind")[:1]), Value("")),
        has_urgent_round=Exists(urgent),
        first_received_on=Subquery(first_note.values("registered_on")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("communications", "0005_register_read_model")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
