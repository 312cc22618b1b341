import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_pages_carry_a_strict_content_security_policy_with_a_nonce_for_htmx(client, users):
    client.force_login(users["mfa"])
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    page = response.content.decode()
    assert f'nonce="{nonce}"' in page  # the htmx script tag
    assert client.get("/").headers["Content-Security-Policy"] != policy  # a new nonce per response


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text):
            offenders.append(f"{path}: {match.group(0)}")
        if re.search(r"\sstyle=\"", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: inline style or event handler")
    assert offenders == []


# ---------------------------------------------------------------------------------------------------------------
# No caching of case data (issue 9, item 9)


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pages_api_answers_and_downloads_for_a_signed_in_user_are_not_cached(client, users):
    from communications.models import LegalAnalysis, Round
    from tests.factories import round_at
    from tests.tokens import api_token

    # given a communication with a legal analysis the MFA officer may download
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    document = LegalAnalysis.objects.get(round=round).document
    client.force_login(users["mfa"])
    # when the officer opens pages, an htmx fragment, an error page and the download
    for path in ("/", f"/communications/{round.communication_id}/", "/dashboard/", f"/documents/{document.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), (path, response.get("Cache-Control"))
    assert _no_store(client.get("/communications/987654/"))  # a 404 for a signed-in user
    # and the API, by token
    api = type(client)(HTTP_AUTHORIZATION=f"Token {api_token(users['mfa'])}")
    for path in ("/api/v1/communications/", f"/api/v1/communications/{round.communication_id}/"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), (path, response.get("Cache-Control"))


def test_what_anonymous_visitors_get_keeps_its_defaults(client):
    # the public API schema carries no case data: no Cache-Control is forced on it
    assert "no-store" not in client.get("/api/v1/schema/").get("Cache-Control", "")
