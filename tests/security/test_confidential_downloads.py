"""Documents of a communication with a confidential person: who may download which kind is the policy table in
`communications/document_policy.py`. Tested for every role and every kind of document, against an expectation
written out here (not read from the table), and with the control that a communication without a confidential
person is unaffected."""

import pytest
from django.test import Client

from communications import services
from communications.document_policy import CONFIDENTIAL_DOWNLOADS, DocumentKind
from communications.models import LegalAnalysis, Party, PositionText, Round
from iwg.models import AccessEvent
from iwg.roles import Role
from tests.factories import pdf_file, position_version, round_at

pytestmark = pytest.mark.django_db

ROLES = ("mfa", "pgo", "moj", "iwg", "auditor", "admin")
KINDS = ("note", "analysis", "position", "other")
# Who may download what of a confidential communication: the roles that see the name get everything, the MoJ
# secretary what the IWG needs to decide, IWG members of other bodies and administrators nothing.
ALLOWED = {
    "mfa": set(KINDS),
    "pgo": set(KINDS),
    "auditor": set(KINDS),
    "moj": {"analysis", "position"},
    "iwg": set(),
    "admin": set(),
}


def _documents(users, *, confidential: bool) -> dict:
    """A communication on an IWG agenda (so the IWG member sees it) with one document of each kind."""
    round = round_at(users, Round.Status.ON_AGENDA, documents=[pdf_file("note.pdf")])
    communication = round.communication
    services.party_add(
        actor=users["mfa"],
        communication=communication,
        role=Party.Role.AUTHOR,
        full_name="Aigerim Zhanabekovna Konfidentsialnaya",
        initials="A.Z.K.",
        is_confidential=confidential,
    )
    position = services.position_draft(
        actor=users["moj"], round=round, texts={"en": "The State's position."}, expected_version=position_version(round)
    )
    text = PositionText.objects.get(position=position, language="en")
    text.document = services.document_store(
        actor=users["mfa"], uploaded_file=pdf_file("position.pdf"), communication=communication
    )
    text.save()
    other = services.document_store(
        actor=users["mfa"], uploaded_file=pdf_file("other.pdf"), communication=communication
    )
    return {
        "note": round.incoming_note.documents.get(),
        "analysis": LegalAnalysis.objects.get(round=round).document,
        "position": text.document,
        "other": other,
    }


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_table_covers_every_role_and_matches_the_expectation():
    assert set(CONFIDENTIAL_DOWNLOADS) == set(Role.values)
    by_short = {"mfa": Role.MFA_OFFICER, "pgo": Role.PGO_PROSECUTOR, "moj": Role.MOJ_SECRETARY}
    by_short |= {"iwg": Role.IWG_MEMBER, "auditor": Role.AUDITOR, "admin": Role.ADMINISTRATOR}
    assert {short: set(CONFIDENTIAL_DOWNLOADS[role]) for short, role in by_short.items()} == ALLOWED
    assert set(DocumentKind.values) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_a_document_of_a_confidential_communication_is_served_only_as_the_policy_says(users, role, kind):
    # given a communication whose author is confidential, with a document of each kind
    document = _documents(users, confidential=True)[kind]
    # when the role asks for the document
    response = _client(users[role]).get(f"/documents/{document.pk}/")
    # then it is served if the policy allows it, otherwise refused with the reason and not logged as a download
    downloads = AccessEvent.objects.filter(kind=AccessEvent.Kind.DOWNLOAD, object_id=str(document.pk))
    if kind in ALLOWED[role]:
        assert response.status_code == 200
        assert downloads.count() == 1
    else:
        assert response.status_code == 403
        assert "confidential" in response.content.decode()
        assert not downloads.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_confidential_person_the_iwg_member_downloads_every_kind(users, kind):
    document = _documents(users, confidential=False)[kind]
    assert _client(users["iwg"]).get(f"/documents/{document.pk}/").status_code == 200


def test_the_refusal_is_translated(users):
    document = _documents(users, confidential=True)["note"]
    english = _client(users["iwg"]).get(f"/documents/{document.pk}/").content.decode()
    users["iwg"].language = "ru"
    users["iwg"].save()
    russian = _client(users["iwg"]).get(f"/documents/{document.pk}/").content.decode()
    assert "may not download" in english
    assert "may not download" not in russian
