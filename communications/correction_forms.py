"""The forms of the corrections (issue 11, item 3): each asks for the reason and carries the communication's
lock_version the page showed. Types and shapes only; the services decide (communications/services/corrections.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iwg.forms import StyledFormMixin

from .models import CommitteeCode, Party


class CorrectionForm(StyledFormMixin, forms.Form):
    """The reason (required; it stays in the history and the timeline) and the version the page showed."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Kept in the history and shown on the timeline."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class NumberCorrectionForm(CorrectionForm):
    committee = forms.ChoiceField(label=_("Committee"), choices=CommitteeCode.choices)
    number = forms.CharField(label=_("Number"), max_length=30, help_text=_("e.g. 2137/2012"))

    field_order = ["committee", "number", "reason"]


class PartyCorrectionForm(CorrectionForm):
    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    initials = forms.CharField(label=_("Initials"), max_length=20)

    field_order = ["role", "full_name", "initials", "reason"]


class ConfidentialityForm(CorrectionForm):
    is_confidential = forms.BooleanField(
        label=_("The committee keeps this person's identity confidential"),
        required=False,
        help_text=_("Roles that see confidential parties by initials see only the initials, at once, everywhere."),
    )

    field_order = ["is_confidential", "reason"]


class MergeForm(CorrectionForm):
    duplicate_number = forms.CharField(
        label=_("Number of the duplicate"),
        max_length=30,
        help_text=_("The same case registered a second time, in the same committee, e.g. 2137/2012."),
    )

    field_order = ["duplicate_number", "reason"]
