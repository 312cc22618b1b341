"""Forms of the IWG meeting pages. They check the shape of the input only; the rules are in meetings.services,
whose ValidationError messages are put beside the matching field with `iwg.forms.add_service_errors`."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communications.uploads import check_upload
from iwg.forms import StyledFormMixin
from iwg.models import User

from .models import AgendaItem, Meeting

# Meeting numbers are small sequential integers; the cap keeps a hostile number away from the database's limit.
MAX_MEETING_NUMBER = 100_000
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def people_choices():
    """The people who can chair or take part in a meeting: active users with a role, by agency and name."""
    return (
        User.objects.filter(is_active=True)
        .exclude(role="")
        .select_related("agency")
        .order_by("agency__code", "last_name", "first_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.agency.code})" if obj.agency_id else str(obj)


class PeopleMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.agency.code})" if obj.agency_id else str(obj)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT, **kwargs)


class MeetingForm(StyledFormMixin, forms.Form):
    """Schedule a meeting, or change a planned one (then the number is fixed and `expected_version` guards
    against overwriting someone else's change)."""

    number = forms.IntegerField(
        label=_("Meeting number"),
        required=False,
        min_value=1,
        max_value=MAX_MEETING_NUMBER,
        help_text=_("Leave empty for the next number in sequence; give it for a past meeting."),
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=LocalDateTimeInput(),
        help_text=_("Time in Astana and Almaty (UTC+5)."),
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-03-18 10:00.")},
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Meeting.Format.choices, initial=Meeting.Format.IN_PERSON)
    chair = PersonChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False, empty_label=_("—"))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["chair"]).queryset = people_choices()
        if editing:
            del self.fields["number"]
            self.fields["expected_version"].required = True
        else:
            del self.fields["expected_version"]

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if not 1900 <= starts_at.year <= 2200:
            raise ValidationError(_("Enter a date between 1900 and 2200."))
        return starts_at


class AgendaRemoveForm(forms.Form):
    """Nothing to fill in: it carries a refusal's messages back to the agenda."""


class AgendaAddForm(forms.Form):
    round = forms.IntegerField(min_value=1, max_value=2**62)


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the meeting page and kept in the history."),
    )


class RecordHeldForm(StyledFormMixin, forms.Form):
    """Participants, minutes and one decision per agenda item. The decision fields are named
    `decision_<item id>` and `notes_<item id>`, the keys the service uses for its errors."""

    participants = PeopleMultipleChoiceField(
        label=_("Participants from the tracker"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Other participants"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person per line, e.g. “A. Seitkali, Supreme Court”."),
    )
    minutes_file = forms.FileField(
        label=_("Minutes (PDF, DOCX or ODT)"),
        required=False,
        help_text=_("The signed minutes, if you have them now."),
    )
    minutes_summary = forms.CharField(
        label=_("Summary of the minutes"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        cast(forms.ModelMultipleChoiceField, self.fields["participants"]).queryset = people_choices()
        for item in items:
            self.fields[f"decision_{item.pk}"] = forms.ChoiceField(
                label=_("Decision"),
                choices=[("", _("Choose…")), *AgendaItem.Decision.choices],
                # Asked here too so that every missing field shows at once; the service refuses it anyway.
                error_messages={"required": _("Choose the IWG's decision on this item.")},
            )
            self.fields[f"notes_{item.pk}"] = forms.CharField(
                label=_("Notes on the decision"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.style_fields()

    def item_fields(self):
        """(item, decision field, notes field) for the template."""
        return [(item, self[f"decision_{item.pk}"], self[f"notes_{item.pk}"]) for item in self.items]

    def clean_minutes_file(self):
        uploaded = self.cleaned_data.get("minutes_file")
        if uploaded:
            check_upload(uploaded)  # the service checks again; checking here keeps the message beside the field
        return uploaded

    def clean_guests(self):
        lines = [line.strip() for line in self.cleaned_data["guests"].splitlines()]
        guests = [line for line in lines if line]
        if len(guests) > 100:
            raise ValidationError(_("List at most 100 other participants."))
        if any(len(guest) > 200 for guest in guests):
            raise ValidationError(_("Each line can be at most 200 characters long."))
        return guests

    def decisions(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (self.cleaned_data.get(f"decision_{item.pk}") or "", self.cleaned_data.get(f"notes_{item.pk}", ""))
            for item in self.items
        }

    def participant_list(self) -> list:
        return [*self.cleaned_data["participants"], *({"name": name} for name in self.cleaned_data["guests"])]
