"""The REST API of the change history (auditors and administrators): the history of a communication, a round
and a meeting with each field's old and new value, and the helpers that turn history entries into API rows."""

import datetime as dt
import decimal
import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from communications.apis.fields import party_name
from communications.models import Extension, Party
from communications.selectors.communications import communication_detail
from communications.selectors.rounds import round_detail
from iwg.apis import responses
from iwg.permissions import require
from meetings.selectors import meeting_get

from .selectors import history_for_objects


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the field's label, a value of the output
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntryOutputSerializer(serializers.Serializer):
    object_type = serializers.CharField(help_text="e.g. communication, party, round, deadline, meeting")
    object_id = serializers.IntegerField()
    object_label = serializers.CharField()
    when = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text="Username; null when the system acted.")
    kind = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField(allow_blank=True)
    changes = HistoryChangeSerializer(many=True)


_HISTORY_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def _json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return str(value)


def history_entries(objects, *, user) -> list[dict]:
    """The change history of `objects` (tracked model instances), newest first, as API rows. The full name of a
    confidential party is replaced by its initials for users who may not see it, in history as everywhere."""
    rows = []
    instance: Any
    for instance, entry in history_for_objects(objects):
        hidden_name = isinstance(instance, Party) and instance.is_confidential and not user.sees_confidential_names

        def shown(change, value, hidden_name=hidden_name, instance=instance):
            return instance.initials if hidden_name and change.field == "full_name" else _json_value(value)

        rows.append(
            {
                "object_type": instance._meta.model_name,
                "object_id": instance.pk,
                "object_label": party_name(instance, user) if isinstance(instance, Party) else entry.object_label,
                "when": entry.when,
                "user": entry.user.get_username() if entry.user is not None else None,
                "kind": _HISTORY_KINDS.get(entry.kind, entry.kind),
                "reason": entry.reason,
                "changes": [
                    {
                        "field": change.field,
                        "label": change.label,
                        "old": shown(change, change.old),
                        "new": shown(change, change.new),
                    }
                    for change in entry.changes
                ],
            }
        )
    rows.sort(key=lambda row: (row["when"], row["object_type"], row["object_id"]), reverse=True)
    return rows


def history_response(objects, *, user) -> Response:
    return Response(HistoryEntryOutputSerializer(history_entries(objects, user=user), many=True).data)


def require_history_reader(user) -> None:
    """Auditors and administrators read the change history; anyone else is refused with the reason (403)."""
    require(user, "communications.view_history")


HISTORY_RESPONSES = responses({200: HistoryEntryOutputSerializer(many=True)}, 404)


# ---------------------------------------------------------------------------------------------------------------
# The history endpoints (routes in portal/api_urls.py, beside their objects': /communications/{id}/history/ ...)


class CommunicationHistoryApi(APIView):
    @extend_schema(
        operation_id="communications_history",
        summary="Change history of a communication (auditors, administrators)",
        description="Every change to the communication, its parties, joined numbers, notes, decision and remedies: "
        "who, when, why, and each field's old and new value. Newest first.",
        responses=HISTORY_RESPONSES,
        tags=["history"],
    )
    def get(self, request, pk: int):
        require_history_reader(request.user)
        communication = communication_detail(user=request.user, pk=pk)
        objects = [communication, *communication.parties.all(), *communication.joined_numbers.all()]
        objects += list(communication.notes.all())
        decision = getattr(communication, "decision", None)
        if decision is not None:
            objects += [decision, *decision.remedies.all()]
        return history_response(objects, user=request.user)


class RoundHistoryApi(APIView):
    @extend_schema(
        operation_id="rounds_history",
        summary="Change history of a round (auditors, administrators)",
        description="The round, its deadlines and extensions, legal analyses, State position and its texts.",
        responses=HISTORY_RESPONSES,
        tags=["history"],
    )
    def get(self, request, pk: int):
        require_history_reader(request.user)
        round = round_detail(user=request.user, pk=pk)
        objects = [round, *round.deadlines.all(), *round.analyses.all()]
        objects += list(Extension.objects.filter(deadline__round=round))
        position = getattr(round, "position", None)
        if position is not None:
            objects += [position, *position.texts.all()]
        return history_response(objects, user=request.user)


class MeetingHistoryApi(APIView):
    @extend_schema(
        operation_id="meetings_history",
        summary="Change history of a meeting (auditors, administrators)",
        description="The meeting, its agenda items and participants.",
        responses=HISTORY_RESPONSES,
        tags=["history"],
    )
    def get(self, request, pk: int):
        require_history_reader(request.user)
        meeting = meeting_get(pk=pk)
        objects = [meeting, *meeting.agenda_items.all(), *meeting.participants.all()]
        return history_response(objects, user=request.user)
