"""Texts the system writes, stored as data and rendered when read, in the reader's language (Saleor's order
events: a kind plus parameters, and a renderer per kind).

A `Text` is a code and JSON parameters (dates as ISO strings, numbers, statuses and other choice values, ids, and
what a person typed, which stays as typed). The apps register one renderer per code (`@renderer("code")`): a
function of the parameters that formats a gettext template in the active language, dates in its formats. The
timeline's events and the deadline bases keep `Text.as_data()` in a JSONField; the history's change reasons
(simple-history's `history_change_reason`, a text column) keep `stored(text)`, a JSON string, and the audit pages
render them with `render_stored`. A value that is not such data (a row written before texts were data and that
the data migration could not read back, or a reason someone typed) is shown as it is.

This module is part of the base: it imports no app.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import get_language, gettext

# A sentence stored before texts were data, that no known pattern matched: shown as it was written.
LEGACY = "legacy_text"
# What a person typed (a reason for an extension, a comment): shown as typed, in no particular language.
TYPED = "typed"

_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {}


@dataclass(frozen=True)
class Text:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}

    def __str__(self) -> str:
        return render(self.code, self.params)


def typed(text: str) -> Text:
    return Text(TYPED, {"text": str(text)})


def legacy(text: str) -> Text:
    return Text(LEGACY, {"text": str(text)})


def as_text(value: Text | str | None) -> Text:
    """A Text as is; a plain string is what a person typed."""
    if isinstance(value, Text):
        return value
    return typed(value or "")


def renderer(code: str):
    """Register the renderer of `code` (a function of the parameters returning the text in the active language)."""

    def register(function: Callable[[dict[str, Any]], str]):
        if code in _RENDERERS and _RENDERERS[code] is not function:
            raise ValueError(f"Two renderers for the text code {code!r}")
        _RENDERERS[code] = function
        return function

    return register


def known_codes() -> set[str]:
    return set(_RENDERERS) | {LEGACY, TYPED}


def render(code: str | None, params: dict[str, Any] | None) -> str:
    """The text of `code` with `params` in the active language. An unknown code or parameters the renderer cannot
    use fall back to the stored text, if any, so a page never fails on one odd row."""
    params = params or {}
    function = _RENDERERS.get(code or "")
    if function is None:
        return str(params.get("text", ""))
    try:
        return function(params)
    except (KeyError, ValueError, TypeError):
        return str(params.get("text", ""))


def render_data(data: dict[str, Any] | None, *, fallback: str = "") -> str:
    """Render `Text.as_data()` (as kept in a JSONField); `fallback` when there is none."""
    if not data:
        return fallback
    return render(data.get("code"), data.get("params"))


def stored(value: Text | str | None) -> str:
    """The form kept in a text column (a history change reason): for a Text, JSON of its code and parameters with
    the sentence as the writer read it (`text`, for whoever reads the database directly; readers of the app get
    `render_stored`); the string itself otherwise."""
    if isinstance(value, Text):
        return json.dumps({**value.as_data(), "text": str(value)}, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def parse_stored(value: str | None) -> Text | None:
    """The Text kept by `stored`, or None when `value` is plain text."""
    if not value or not value.startswith("{") or '"code"' not in value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        return None
    return Text(data["code"], data.get("params") or {})


def render_stored(value: str | None) -> str:
    """What the reader sees for a value kept by `stored`: rendered in the active language, or as it is."""
    text = parse_stored(value)
    return str(text) if text is not None else (value or "")


# ---------------------------------------------------------------------------------------------------------------
# Parameters


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def day(value: str | dt.date | None) -> str:
    """An ISO date (or a date) in the active language's short format."""
    if not value:
        return "-"
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return _short_day(get_language(), value if isinstance(value, str) else value.isoformat())


@functools.lru_cache(maxsize=4096)
def _short_day(language: str | None, iso: str) -> str:
    """A day in a language's short format, kept like `_long_day` (the sweep writes it in every passed deadline's
    reason and timeline event)."""
    return formats.date_format(dt.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def long_day(value: str | dt.date | None) -> str:
    if not value:
        return "-"
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "DATE_FORMAT")
    return _long_day(get_language(), value if isinstance(value, str) else value.isoformat())


@functools.lru_cache(maxsize=4096)
def _long_day(language: str | None, iso: str) -> str:
    """A day in a language's long format, kept: Django's date formatting costs about a tenth of a millisecond, and
    the deadline sweep names a few hundred days in thousands of notices (the formats do not change while running)."""
    return formats.date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def label(choices, value: str | None) -> str:
    """The label of a choice value in the active language (the value itself when it is unknown)."""
    try:
        return str(choices(value).label)  # the enum's lookup by value (`value in choices.values` built a list)
    except ValueError:
        return value or ""


@renderer(TYPED)
def _typed(params: dict[str, Any]) -> str:
    return str(params.get("text", ""))


@renderer(LEGACY)
def _legacy(params: dict[str, Any]) -> str:
    return str(params.get("text", ""))


# The base's own change reasons (a user's preferences), rendered like the apps' texts.
LANGUAGE_CHANGED = "user_language_changed"
PREFERENCES_CHANGED = "user_preferences_changed"


@renderer(LANGUAGE_CHANGED)
def _language_changed(params: dict[str, Any]) -> str:
    return gettext("Interface language changed")


@renderer(PREFERENCES_CHANGED)
def _preferences_changed(params: dict[str, Any]) -> str:
    return gettext("Preferences changed")
