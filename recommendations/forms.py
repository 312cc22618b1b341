"""HTML forms of recommendations: types and shapes only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communications.forms import LONG_TEXT, MultipleFileField, SaneDateField
from iwg.forms import StyledFormMixin
from iwg.models import Agency

from .models import Response


class ResponseProposeForm(StyledFormMixin, forms.Form):
    position = forms.ChoiceField(label=_("Response"), choices=Response.Position.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for noting"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the response is noted."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ResponseRecordForm(ResponseProposeForm):
    decided_on = SaneDateField(label=_("Date of the response"), required=False)


class MeasurePlanForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=500)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_agency = forms.ModelChoiceField(label=_("Responsible agency"), queryset=Agency.objects.none())
    co_executors = forms.ModelMultipleChoiceField(
        label=_("Co-executors"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=500)
    target_date = SaneDateField(label=_("Target date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.order_by("code")
        self.fields["responsible_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["co_executors"].queryset = agencies  # type: ignore[attr-defined]


class ProgressReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("What was done"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}))
    is_final = forms.BooleanField(
        label=_("Final report: the measure is complete"),
        required=False,
        help_text=_("Once accepted, a final report completes the measure."),
    )
    documents = MultipleFileField(
        label=_("Documents"), required=False, help_text=_("PDF, DOCX or ODT; checked before they are stored.")
    )


class ReportReviewForm(StyledFormMixin, forms.Form):
    DECISIONS = (("accept", _("Accept")), ("return", _("Return")))

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the report is returned: say what it lacks."),
    )


class ReviewImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("XLSX or CSV file"),
        help_text=_(
            "One recommendation per row: number, text, recommending_states, response (supported or noted), reason, "
            "themes (codes or names), text_ru, text_kk, sdg_targets, affected_groups, follow_up."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
