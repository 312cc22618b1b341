"""Dates read one way in every language: English writes `30 Nov 2026` (never 11/30/2026), Kazakh writes its month
names in lower case, and a date typed as dd.mm.yyyy is accepted in every language."""

import datetime as dt

import pytest
from django import forms
from django.utils import formats, translation

DAY = dt.date(2026, 11, 30)


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("name", ["DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_english_dates_put_the_day_first_and_name_the_month(name):
    with translation.override("en"):
        assert formats.date_format(DAY, name) == "30 Nov 2026"


def test_kazakh_month_names_are_in_lower_case():
    with translation.override("kk"):
        assert formats.date_format(DAY, "DATE_FORMAT") == "30 қараша 2026 ж."
        assert formats.date_format(DAY, "YEAR_MONTH_FORMAT") == "қараша 2026 ж."
        assert formats.date_format(dt.date(2026, 1, 5), "j N Y") == "5 қаң. 2026"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_date_typed_as_day_month_year_with_dots_is_accepted(language):
    with translation.override(language):
        form = DateForm(data={"day": "30.11.2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == DAY


def test_an_american_date_is_not_read_in_english():
    with translation.override("en"):
        assert not DateForm(data={"day": "11/30/2026"}).is_valid()
