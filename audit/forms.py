"""The auditors' activity-log filter."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from iwg.calendar import ALMATY
from iwg.forms import DateInput, StyledFormMixin
from iwg.models import Agency, User

from .selectors import tracked_models

SYSTEM = "system"


class ActivityFilterForm(StyledFormMixin, forms.Form):
    """Who acted (a user, or the system), their agency, when (dates in Kazakhstan, both inclusive) and on
    which kind of record. Every field is optional; an invalid one is reported and ignored."""

    who = forms.ChoiceField(label=_("Who"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.order_by("code"), required=False, empty_label=_("Any agency")
    )
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    communication = forms.IntegerField(label=_("Communication"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.order_by("last_name", "first_name", "username")
        cast(forms.ChoiceField, self.fields["who"]).choices = [
            ("", _("Anyone")),
            (SYSTEM, _("System")),
            *((str(user.pk), f"{user} ({user.username})") for user in users),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("Any kind")),
            *((key, capfirst(model._meta.verbose_name_plural)) for key, model in tracked_models().items()),
        ]

    def _clean_date(self, name: str):
        value = self.cleaned_data.get(name)
        if value and not 1900 <= value.year <= 2200:
            raise ValidationError(_("Enter a date between 1900 and 2200."))
        return value

    def clean_since(self):
        return self._clean_date("since")

    def clean_until(self):
        return self._clean_date("until")

    def clean(self):
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The valid filters as keyword arguments of audit.selectors.activity_log."""
        data = getattr(self, "cleaned_data", {})
        filters: dict[str, Any] = {}
        who = data.get("who")
        if who == SYSTEM:
            filters["system_only"] = True
        elif who:
            filters["user_id"] = int(who)
        if data.get("agency"):
            filters["agency_id"] = data["agency"].pk
        if data.get("kind"):
            filters["model_keys"] = [data["kind"]]
        if data.get("communication"):
            filters["communication_id"] = data["communication"]
        if data.get("since"):
            filters["since"] = dt.datetime.combine(data["since"], dt.time.min, tzinfo=ALMATY)
        if data.get("until"):
            filters["until"] = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=ALMATY)
        return filters
