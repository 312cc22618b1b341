"""Forms shared by both apps: the one way a view calls a service and turns its refusal into messages on a form
(`run_service`, `add_service_errors`), Bootstrap styling, the date widget."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from .errors import ApplicationError, PermissionRefused


@dataclass(frozen=True)
class ServiceOutcome:
    """What `run_service` reports: the service's result, or that it refused (its messages are on the form) with
    the HTTP status the re-shown form answers with (200 beside the fields; the error's own status, such as 409 for
    a concurrent edit, for a refusal of the whole step). True when the service succeeded."""

    result: Any = None
    refused: bool = False
    status: int = 200

    def __bool__(self) -> bool:
        return not self.refused


def run_service(
    form: forms.BaseForm,
    call: Callable[[], Any],
    *,
    fallback: str | None = None,
    aliases: dict[str, str] | None = None,
) -> ServiceOutcome:
    """The views' one error-handling convention (both apps): call a service; on refusal put its messages on `form`
    (beside the field, see `add_service_errors`, or at the top) and report the refusal. PermissionRefused
    propagates: the page decorator answers 403 with its reason."""
    try:
        return ServiceOutcome(result=call())
    except PermissionRefused:
        raise
    except ValidationError as exc:
        add_service_errors(form, exc, aliases=aliases, fallback=fallback)
        return ServiceOutcome(refused=True)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return ServiceOutcome(refused=True, status=exc.status_code)


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


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledFormMixin(_FormBase):
    """Bootstrap classes on every widget; a field with an error gets `is-invalid` and points its
    aria-describedby at the error list (Django renders it with the id `<field id>_error`)."""

    # True after a service refused a concurrent edit: the page offers the saved version in a new tab.
    concurrent = False

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
