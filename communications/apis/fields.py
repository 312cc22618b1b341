"""API fields of communications that the meetings API uses too: a committee code, an uploaded document, a
party's name as this user may see it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from ..models import CommitteeCode, Party
from ..uploads import check_upload


class CommitteeCodeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CommitteeCode.choices, **kwargs)


class UploadField(serializers.FileField):
    """A PDF, DOCX or ODT document, checked by content and size (communications.uploads) as input validation;
    the service checks it again before storing it."""

    def to_internal_value(self, data):
        uploaded = super().to_internal_value(data)
        try:
            check_upload(uploaded)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return uploaded


def party_name(party: Party, user) -> str:
    """The one place the API names a party: initials when the identity is confidential for this user."""
    return party.name_for(user)
