"""Forms of the communications pages. They check the shape of the input (types, lengths, sane dates, choices);
the rules are the services'. `iwg.forms.add_service_errors` puts a service's ValidationError beside the right field."""

import datetime as dt
import re
from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from iwg.calendar import EARLIEST_DATE, earliest_date_message_lazy, local_date
from iwg.forms import DateInput, StyledFormMixin
from iwg.models import Agency

from .filters import COMMUNICATION_SORTS
from .models import (
    ADMISSIBILITY_CONCLUSIONS,
    INCOMING_KINDS,
    INTERNAL_DEADLINE_KINDS,
    MERITS_CONCLUSIONS,
    CommitteeCode,
    Communication,
    DeadlineKind,
    Decision,
    Document,
    FollowUpGrade,
    NoteKind,
    Party,
    Remedy,
    Round,
)

# Dates outside this range are typing mistakes (and would overflow the deadline arithmetic near year 9999). The
# earliest is the services' (iwg.calendar.EARLIEST_DATE, 16 December 1991), so a form never accepts what a service
# refuses.
LATEST_DATE = dt.date(2100, 12, 31)
LONG_TEXT = 20_000
POSITION_TEXT = 200_000
PAGE_SIZES = (25, 50, 100)
DOCUMENT_ACCEPT = ".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"


class SaneDateField(forms.DateField):
    """A date picked in the browser (ISO) or typed as dd.mm.yyyy, from 16 December 1991 (EARLIEST_DATE) to 2100."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d.%m.%Y"])
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(EARLIEST_DATE, message=earliest_date_message_lazy()),
            MaxValueValidator(LATEST_DATE, message=_("Enter a date before the year 2101.")),
        ]
        self.widget.attrs.update({"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()})


class CommaListField(forms.CharField):
    """A short list typed as text: `7, 9(3), 14` → ["7", "9(3)", "14"]."""

    def __init__(self, *, item_max_length: int = 100, max_items: int = 50, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)
        self.item_max_length = item_max_length
        self.max_items = max_items

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        items = [item.strip() for item in re.split(r"[,;\n]+", text or "") if item.strip()]
        if len(items) > self.max_items:
            raise ValidationError(_("At most %(count)s entries.") % {"count": self.max_items})
        if any(len(item) > self.item_max_length for item in items):
            raise ValidationError(
                _("Each entry may have at most %(count)s characters.") % {"count": self.item_max_length}
            )
        return items


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several documents at once (Django's documented pattern); each is size-checked here and type-checked by the
    service."""

    def __init__(self, *args, max_files: int = 10, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": DOCUMENT_ACCEPT}))
        super().__init__(*args, **kwargs)
        self.max_files = max_files

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            files = [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        else:
            files = [super().clean(data, initial)] if data else []
            if not files and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise ValidationError(_("Attach at most %(count)s documents at once.") % {"count": self.max_files})
        for uploaded in files:
            check_size(uploaded)
        return [uploaded for uploaded in files if uploaded]


def check_size(uploaded) -> None:
    limit = settings.IWG_MAX_UPLOAD_BYTES
    if uploaded is not None and uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest allowed is %(limit)s.")
            % {"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )


def _blank(label):
    return [("", label)]


# ---------------------------------------------------------------------------------------------------------------
# The register


class CommunicationFilterForm(StyledFormMixin, forms.Form):
    SORT_CHOICES = [
        ("deadline", _("Nearest deadline first")),
        ("-deadline", _("Furthest deadline first")),
        ("-received", _("Newest first")),
        ("received", _("Oldest first")),
        ("committee", _("Committee")),
        ("number", _("Number")),
        ("-updated", _("Recently changed")),
    ]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Number (also joined numbers), author, document symbol or subject."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    committee = forms.ChoiceField(
        label=_("Committee"), required=False, choices=_blank(_("Any")) + [(code, code) for code in CommitteeCode.values]
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=_blank(_("Any")) + Communication.Phase.choices)
    round_status = forms.ChoiceField(
        label=_("Round status"), required=False, choices=_blank(_("Any")) + Round.Status.choices
    )
    agency = forms.ChoiceField(
        label=_("Responsible agency"),
        required=False,
        choices=_blank(_("Any")) + Agency.Code.choices,
        help_text=_("Has an open deadline or an unfinished remedy this agency answers for."),
    )
    overdue = forms.BooleanField(label=_("Only with an overdue deadline"), required=False)
    year = forms.TypedChoiceField(label=_("Year received"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    per_page = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        empty_value=PAGE_SIZES[0],  # type: ignore[arg-type]  # an int, coerced like the choices
        choices=[(size, size) for size in PAGE_SIZES],
    )

    def __init__(self, *args, years: list[int] | tuple[()] = (), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = _blank(_("Any")) + [(year, year) for year in years]

    def filters(self) -> dict:
        """The valid part of the filters, as the parameters of the one FilterSet of the register
        (communications.filters.CommunicationFilter); an invalid field is ignored (and its error shown)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        sort = data.get("sort") or "deadline"
        filters = {name: data.get(name) for name in ("q", "committee", "phase", "round_status", "agency", "year")}
        filters = {name: value for name, value in filters.items() if value not in (None, "")}
        if data.get("overdue"):
            filters["overdue"] = True  # unticked means "any", not "none overdue"
        filters["sort"] = sort if sort in COMMUNICATION_SORTS else "deadline"
        return filters

    def page_size(self) -> int:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return data.get("per_page") or PAGE_SIZES[0]


# ---------------------------------------------------------------------------------------------------------------
# Registering an incoming note


def internal_field_name(kind: str) -> str:
    return f"due_{kind}"


def internal_default_name(kind: str) -> str:
    return f"default_{kind}"


class NoteRegisterForm(StyledFormMixin, forms.Form):
    # The code first: the long names are cut in a narrow select, and two of them begin "Committee on the Elimination".
    committee = forms.ChoiceField(
        label=_("Committee"),
        choices=_blank("—") + [(code.value, format_lazy("{} · {}", code.value, code.label)) for code in CommitteeCode],
    )
    communication_number = forms.CharField(
        label=_("Communication number"),
        max_length=30,
        help_text=_("The committee's number, e.g. 2137/2012. An existing number (or joined number) links the note."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of note"), choices=_blank("—") + [(kind.value, kind.label) for kind in INCOMING_KINDS]
    )
    registry_number = forms.CharField(label=_("MFA registry number"), max_length=50)
    received_on = SaneDateField(label=_("Date received"), initial=local_date)
    ohchr_reference = forms.CharField(
        label=_("OHCHR reference"), max_length=100, required=False, help_text=_("e.g. G/SO 215/51 KAZ (1)")
    )
    ohchr_date = SaneDateField(
        label=_("OHCHR's date (date of transmission)"),
        help_text=_("The committee's deadline is counted from this date."),
    )
    reply_requested_by = SaneDateField(
        label=_("Reply requested by"),
        required=False,
        help_text=_("Only when the note itself sets a date for the reply; it replaces the computed deadline."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=LONG_TEXT, widget=forms.Textarea({"rows": 3})
    )
    documents = MultipleFileField(
        label=_("Scanned note and enclosures"),
        required=False,
        help_text=_("PDF, DOCX or ODT."),
    )
    views_kind = forms.ChoiceField(
        label=_("Views: finding"),
        required=False,
        choices=_blank("—")
        + [(k.value, k.label) for k in (Decision.Kind.VIEWS_VIOLATION, Decision.Kind.VIEWS_NO_VIOLATION)],
        help_text=_("Only for a note announcing Views: recorded as the final decision (default: a violation)."),
    )
    adopted_on = SaneDateField(label=_("Date the Views were adopted"), required=False)
    decision_symbol = forms.CharField(
        label=_("Document symbol of the Views"),
        max_length=100,
        required=False,
        help_text=_("e.g. CCPR/C/130/D/2521/2015"),
    )
    historical = forms.BooleanField(
        label=_("Historical entry: the steps of this note are already done"),
        required=False,
        help_text=_("For past cases: its deadlines are recorded as met or closed; nothing reminds or escalates."),
    )
    replied_on = SaneDateField(
        label=_("Reply sent on (historical entry)"),
        required=False,
        help_text=_("When the State's reply was sent, if known."),
    )
    # Used only when the number is not registered yet.
    subject = forms.CharField(
        label=_("Subject matter"), required=False, max_length=LONG_TEXT, widget=forms.Textarea({"rows": 2})
    )
    articles_invoked = CommaListField(
        label=_("Articles invoked"), required=False, help_text=_("Separated by commas, e.g. 7, 9(3), 14.")
    )
    submitted_on = SaneDateField(label=_("Date submitted to the committee"), required=False)
    symbols = CommaListField(label=_("Document symbols"), required=False, help_text=_("Separated by commas."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in INTERNAL_DEADLINE_KINDS:
            self.fields[internal_field_name(kind)] = SaneDateField(label=DeadlineKind(kind).label, required=False)
            self.fields[internal_default_name(kind)] = forms.DateField(
                required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"]
            )
        self.style_fields()

    def internal_dates(self, defaults: dict[str, dt.date]) -> dict[str, dt.date]:
        """The internal dates the user changed: a date equal to the computed default stays a default (and is
        recomputed if the committee's deadline is extended)."""
        chosen: dict[str, dt.date] = {}
        for kind in INTERNAL_DEADLINE_KINDS:
            value = self.cleaned_data.get(internal_field_name(kind))
            if value and value != defaults.get(kind):
                chosen[kind] = value
        return chosen

    def clean(self):
        data = super().clean()
        code, number = data.get("committee"), data.get("communication_number")  # type: ignore[union-attr]
        if code and number:
            from .models import Committee
            from .numbers import normalise, number_error
            from .selectors.communications import communication_find

            number = normalise(number)
            data["communication_number"] = number  # type: ignore[index]
            problem = number_error(code, number)
            committee = Committee.objects.filter(code=code).first()
            existing = communication_find(committee=committee, number=number) if committee else None
            if problem and not existing:
                self.add_error("communication_number", problem)
            elif existing and data.get("kind") == NoteKind.NEW_COMMUNICATION:  # type: ignore[union-attr]
                if existing.rounds.filter(kind=NoteKind.NEW_COMMUNICATION).exists():
                    self.add_error(
                        "communication_number",
                        format_html(
                            '{} <a href="{}">{}</a>',
                            _("This communication is already registered with its “new communication” note:"),
                            existing.get_absolute_url(),
                            str(existing),
                        ),
                    )
        return data

    def communication_fields(self, parties: list[dict]) -> dict:
        data = self.cleaned_data
        fields = {
            "subject": data.get("subject") or "",
            "articles_invoked": data.get("articles_invoked") or [],
            "symbols": data.get("symbols") or [],
            "parties": parties,
        }
        if data.get("submitted_on"):
            fields["submitted_on"] = data["submitted_on"]
        return fields


class PartyForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices, initial=Party.Role.AUTHOR)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    initials = forms.CharField(label=_("Initials"), max_length=20, required=False)
    is_confidential = forms.BooleanField(label=_("Identity confidential"), required=False)


PartyFormSet = forms.formset_factory(PartyForm, extra=1, max_num=20, validate_max=True, absolute_max=40)


# ---------------------------------------------------------------------------------------------------------------
# Steps of a round


class RoundReferForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Shown in the communication's timeline."),
    )

    def __init__(self, *args, deadlines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.deadlines = {deadline.kind: deadline for deadline in deadlines if deadline.kind in INTERNAL_DEADLINE_KINDS}
        for kind, deadline in self.deadlines.items():
            self.fields[internal_field_name(kind)] = SaneDateField(
                label=deadline.get_kind_display(),
                required=False,
                initial=deadline.due_on,
                help_text=deadline.basis_text,
            )
        self.style_fields()

    def internal_dates(self) -> dict[str, dt.date]:
        return {
            kind: self.cleaned_data[internal_field_name(kind)]
            for kind, deadline in self.deadlines.items()
            if self.cleaned_data.get(internal_field_name(kind))
            and self.cleaned_data[internal_field_name(kind)] != deadline.due_on
        }


class RoundCancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea({"rows": 3}))


class ExpectedVersionMixin(forms.Form):
    """The lock_version of the record the page showed, sent back with the edit. Optional in the form so that a
    missing one reaches the service, which refuses it with 409 and a message (a hidden field's error would be
    invisible)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class DeadlineExtendForm(StyledFormMixin, ExpectedVersionMixin, forms.Form):
    new_due_on = SaneDateField(label=_("New due date"))
    reference = forms.CharField(
        label=_("Reference"), max_length=200, required=False, help_text=_("The committee's letter or note granting it.")
    )
    note: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Note verbale granting the extension"),
        queryset=None,
        required=False,
        empty_label="—",
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["note"]).queryset = notes


class DeadlineChangeForm(StyledFormMixin, ExpectedVersionMixin, forms.Form):
    due_on = SaneDateField(label=_("New due date"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea({"rows": 3}))


class AnalysisForm(StyledFormMixin, forms.Form):
    document = forms.FileField(
        label=_("Legal analysis (PDF, DOCX or ODT)"),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    summary = forms.CharField(label=_("Summary"), max_length=LONG_TEXT, widget=forms.Textarea({"rows": 5}))
    admissibility_conclusion = forms.ChoiceField(
        label=_("Conclusion on admissibility"),
        choices=_blank("—") + [(c.value, c.label) for c in ADMISSIBILITY_CONCLUSIONS],
    )
    merits_conclusion = forms.ChoiceField(
        label=_("Conclusion on the merits"), choices=_blank("—") + [(c.value, c.label) for c in MERITS_CONCLUSIONS]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _("At most %(limit)s. A new upload is a new version; none is deleted.") % {
            "limit": filesizeformat(settings.IWG_MAX_UPLOAD_BYTES)
        }

    def clean_document(self):
        document = self.cleaned_data.get("document")
        check_size(document)
        return document


POSITION_LANGUAGES = [Document.Language.RU, Document.Language.KK, Document.Language.EN]
OTHER_POSITION_LANGUAGES = [Document.Language.FR, Document.Language.ES]


class PositionDraftForm(StyledFormMixin, forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in POSITION_LANGUAGES + OTHER_POSITION_LANGUAGES:
            self.fields[f"text_{language}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": language.label},
                required=False,
                max_length=POSITION_TEXT,
                widget=forms.Textarea({"rows": 8, "lang": language.value}),
            )
        self.style_fields()

    def texts(self) -> dict[str, str]:
        return {
            language.value: self.cleaned_data.get(f"text_{language}") or ""
            for language in POSITION_LANGUAGES + OTHER_POSITION_LANGUAGES
        }

    def main_fields(self):
        return [self[f"text_{language}"] for language in POSITION_LANGUAGES]

    def other_fields(self):
        return [self[f"text_{language}"] for language in OTHER_POSITION_LANGUAGES]


class PositionSendForm(StyledFormMixin, forms.Form):
    registry_number = forms.CharField(label=_("Outgoing note's MFA registry number"), max_length=50)
    sent_on = SaneDateField(label=_("Date sent"), initial=local_date)
    documents = MultipleFileField(
        label=_("Outgoing note and the position as sent"), required=False, help_text=_("PDF, DOCX or ODT.")
    )


# ---------------------------------------------------------------------------------------------------------------
# The communication, its final decision and follow-up


class CommunicationUpdateForm(StyledFormMixin, forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    subject = forms.CharField(
        label=_("Subject matter"), required=False, max_length=LONG_TEXT, widget=forms.Textarea({"rows": 3})
    )
    articles_invoked = CommaListField(
        label=_("Articles invoked"), required=False, help_text=_("Separated by commas, e.g. 7, 9(3), 14.")
    )
    symbols = CommaListField(label=_("Document symbols"), required=False, help_text=_("Separated by commas."))
    submitted_on = SaneDateField(label=_("Date submitted to the committee"), required=False)
    transmitted_on = SaneDateField(label=_("Date transmitted to the State"), required=False)

    FIELDS = ("subject", "articles_invoked", "symbols", "submitted_on", "transmitted_on")

    @classmethod
    def initial_for(cls, communication: Communication) -> dict:
        initial = {name: getattr(communication, name) for name in cls.FIELDS}
        initial["expected_version"] = communication.lock_version
        return initial

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class JoinedNumberForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Joined communication number"), max_length=30)


class DecisionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=_blank("—") + Decision.Kind.choices)
    adopted_on = SaneDateField(label=_("Date adopted"))
    symbol = forms.CharField(
        label=_("Document symbol"), max_length=100, required=False, help_text=_("e.g. CCPR/C/130/D/2521/2015")
    )
    articles_violated = CommaListField(
        label=_("Articles found violated"), required=False, help_text=_("Separated by commas.")
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=LONG_TEXT, widget=forms.Textarea({"rows": 3})
    )


class RemedyForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Remedy"), choices=_blank("—") + Remedy.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=LONG_TEXT, widget=forms.Textarea({"rows": 2}))
    responsible_agency = forms.ChoiceField(label=_("Responsible agency"))

    def __init__(self, *args, agency_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["responsible_agency"]).choices = _blank("—") + list(agency_choices)

    def as_service_dict(self) -> dict:
        return {
            "kind": self.cleaned_data["kind"],
            "description": self.cleaned_data["description"],
            "responsible_agency": self.cleaned_data["responsible_agency"],
        }


RemedyFormSet = forms.formset_factory(RemedyForm, extra=1, max_num=20, validate_max=True, absolute_max=40)


class RemedyActionForm(StyledFormMixin, ExpectedVersionMixin, forms.Form):
    taken_on = SaneDateField(label=_("Date"), initial=local_date)
    description = forms.CharField(label=_("What was done"), max_length=LONG_TEXT, widget=forms.Textarea({"rows": 3}))
    status = forms.ChoiceField(
        label=_("Status of the remedy after this"),
        required=False,
        choices=_blank(_("Unchanged")) + Remedy.Status.choices,
    )


class RemedyGradeForm(StyledFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("Committee's grade"), choices=_blank("—") + FollowUpGrade.choices)
    assessed_on = SaneDateField(label=_("Date of the assessment"))
    state_assessment = forms.ChoiceField(label=_("State's own assessment"), choices=_blank("—") + Remedy.Status.choices)
    reference = forms.CharField(
        label=_("Reference"), max_length=200, required=False, help_text=_("Follow-up report symbol, e.g. CCPR/C/133/3.")
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=LONG_TEXT, widget=forms.Textarea({"rows": 2})
    )


class ImportUploadForm(forms.Form):
    """The spreadsheet of communications to import (docs/import.md)."""

    file = forms.FileField(
        label=_("XLSX or CSV file"),
        help_text=_("One communication per row, with the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
