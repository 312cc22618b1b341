"""Filter pieces shared by the apps' FilterSets (the register pages and the API read the same ones). What the API
schema says of their types is set by iwg/apis.py: the services read the filters too and load no API library."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


class StrictBooleanField(forms.NullBooleanField):
    """true/false/1/0 (and "on", as a ticked checkbox sends it); empty means "either"; anything else is refused
    (a 400 in the API, a message beside the filter on the page), never read as "either": a mistyped filter must not
    silently widen a list."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, "", [], ()):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1", "on"):
            return True
        if text in ("false", "0"):
            return False
        raise ValidationError(gettext_lazy("Choose true or false."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField
