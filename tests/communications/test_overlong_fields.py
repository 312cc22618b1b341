"""Issue 11 item 12 (part): an over-long field on a main form gives a form error beside the field and keeps what
was typed, never a bare 400 that loses the input."""

import datetime as dt
import html
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from communications.models import Round
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db

# Over the forms' limits: the marker at the start shows that the typed text came back.
OVERLONG = {
    "short": "ИВАНОВ-" + "ж" * 300,
    "long": "ИВАНОВ-" + "ж" * 20_001,
    "position": "ИВАНОВ-" + "ж" * 200_001,
}


def assert_kept_beside_field(response, field: str, typed: str, *, form_key: str = "form"):
    assert response.status_code in (200, 400), response.status_code
    assert form_key in response.context, "the page re-shows the form"
    form = response.context[form_key]
    assert form.errors.get(field), f"no error beside {field}: {dict(form.errors)}"
    page = response.content.decode()
    assert typed in html.unescape(page), f"what was typed in {field} is lost"
    # Rendered beside the field: its error list carries the field's id (StyledFormMixin).
    assert f'id="{form[field].auto_id}_error"' in page


def test_note_registration_keeps_an_overlong_registry_number_and_summary(client, users):
    client.force_login(users["mfa"])
    data = {
        "committee": "CCPR",
        "communication_number": "15/2024",
        "kind": "new_communication",
        "registry_number": OVERLONG["short"],
        "received_on": "2025-01-10",
        "ohchr_date": "2025-01-05",
        "summary": OVERLONG["long"],
    }
    response = client.post(reverse("communications:note_register"), data)
    assert_kept_beside_field(response, "registry_number", OVERLONG["short"])
    assert_kept_beside_field(response, "summary", OVERLONG["long"])


def test_party_form_keeps_an_overlong_name(client, users):
    communication = register_note(users).communication
    client.force_login(users["mfa"])
    response = client.post(
        reverse("communications:party_add", args=[communication.pk]),
        {"party-role": "author", "party-full_name": OVERLONG["short"], "party-initials": "И.И."},
    )
    assert_kept_beside_field(response, "full_name", OVERLONG["short"], form_key="party_form")


def test_analysis_form_keeps_an_overlong_summary(client, users):
    round = round_at(users, Round.Status.REFERRED)
    client.force_login(users["pgo"])
    response = client.post(
        reverse("communications:analysis_submit", args=[round.pk]),
        {"summary": OVERLONG["long"], "admissibility_conclusion": "inadmissible", "merits_conclusion": "no_violation"},
    )
    assert_kept_beside_field(response, "summary", OVERLONG["long"])


def test_position_form_keeps_an_overlong_text(client, users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    client.force_login(users["moj"])
    response = client.post(
        reverse("communications:position_draft", args=[round.pk]),
        {"text_ru": OVERLONG["position"], "text_kk": "Позиция", "text_en": "Position"},
    )
    assert_kept_beside_field(response, "text_ru", OVERLONG["position"])


def test_meeting_form_keeps_an_overlong_place(client, users):
    client.force_login(users["moj"])
    starts = dt.datetime.now() + dt.timedelta(days=5)
    response = client.post(
        reverse("meetings:schedule"),
        {"starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "place": OVERLONG["short"], "format": "in_person"},
    )
    assert_kept_beside_field(response, "place", OVERLONG["short"])


def test_a_position_filled_near_its_limits_in_three_languages_is_parsed_not_refused_bare(client, users):
    # Sent as the browser sends this form (URL-encoded: each Cyrillic letter takes 6 bytes), the body passes
    # Django's default 2.5 MB; it must still reach the form so that the over-long Kazakh text is shown back.
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    client.force_login(users["moj"])
    kazakh = "ҚАЗАҚША-" + "ә" * 200_001
    body = urlencode({"text_ru": "р" * 190_000, "text_fr": "é" * 150_000, "text_kk": kazakh, "text_en": "e" * 1000})
    assert len(body) > 2.5 * 1024 * 1024
    response = client.post(
        reverse("communications:position_draft", args=[round.pk]),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert_kept_beside_field(response, "text_kk", kazakh)
