"""Forms shared by both apps (how a service's refusal reaches a form, Bootstrap styling, the date widget) and
the forms of the project-level pages: the auditors' activity-log filter."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from communications.selectors import tracked_models

from .calendar import ALMATY
from .models import Agency, User

SYSTEM = "system"


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, aliases: dict[str, str] | None = None, fallback: str | None = None
) -> None:
    """Put a service's ValidationError on the form: each message beside its field when the form has that field
    (after renaming the service's key with `aliases`), otherwise at the top of the form. A message without a field
    goes beside `fallback` (None: at the top)."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            field = aliases.get(key, key)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(fallback if fallback in form.fields else None, message)


class StyledFormMixin:
    """Bootstrap classes on every widget; a field with an error gets `is-invalid` and points its
    aria-describedby at the error list (Django renders it with the id `<field id>_error`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Add the classes; forms that add fields in __init__ call it again at the end."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css not in widget.attrs.get("class", "").split():
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", "").split():
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            auto_id = self[name].auto_id
            described = [f"{auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.order_by("last_name", "first_name", "username")
        self.fields["who"].choices = [
            ("", _("Anyone")),
            (SYSTEM, _("System")),
            *((str(user.pk), f"{user} ({user.username})") for user in users),
        ]
        self.fields["kind"].choices = [
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
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The valid filters as keyword arguments of communications.selectors.activity_log."""
        data = getattr(self, "cleaned_data", {})
        filters = {}
        who = data.get("who")
        if who == SYSTEM:
            filters["system_only"] = True
        elif who:
            filters["user_id"] = int(who)
        if data.get("agency"):
            filters["agency_id"] = data["agency"].pk
        if data.get("kind"):
            filters["model_keys"] = [data["kind"]]
        if data.get("since"):
            filters["since"] = dt.datetime.combine(data["since"], dt.time.min, tzinfo=ALMATY)
        if data.get("until"):
            filters["until"] = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=ALMATY)
        return filters
