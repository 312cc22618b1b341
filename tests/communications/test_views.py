"""The communications pages: the register, the communication page, the forms of each role, and downloads.

Each page is checked for the roles that may use it, the roles that may not (403 page, or the button hidden and the
POST refused), objects the user may not see (404), hostile input (never a 500) and its number of queries."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from communications import services
from communications.models import (
    Communication,
    Deadline,
    DeadlineKind,
    Decision,
    LegalAnalysis,
    NoteKind,
    NoteVerbale,
    Party,
    Remedy,
    Round,
    StatePosition,
)
from iwg.calendar import local_date
from meetings import services as meeting_services
from tests.factories import pdf_file, register_note, round_at, submit_analysis

pytestmark = pytest.mark.django_db

ROLES = ["mfa", "pgo", "moj", "iwg", "auditor", "admin"]


@pytest.fixture
def as_user(client, users):
    """`as_user("mfa")` signs the test client in as that demo role and returns it."""

    def sign_in(role):
        client.force_login(users[role])
        return client

    return sign_in


def detail_url(communication) -> str:
    return reverse("communications:detail", args=[communication.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def views_with_remedy(users, *, agency="MIA", number=None) -> Decision:
    """A communication with Views finding a violation and one remedy the `agency` answers for."""
    note = register_note(users, kind=NoteKind.VIEWS_ADOPTED, number=number)
    return services.decision_record(
        actor=users["mfa"],
        communication=note.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date() - dt.timedelta(days=30),
        symbol="CCPR/C/140/D/1/2026",
        remedies=[{"kind": Remedy.Kind.REVIEW, "description": "Review the conviction", "responsible_agency": agency}],
    )


# ---------------------------------------------------------------------------------------------------------------
# The register


def test_register_requires_sign_in(client):
    response = client.get(reverse("communications:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_register_shows_each_role_what_it_may_see(as_user, users, role):
    # given one communication before the IWG and one that is not
    on_agenda = round_at(users, Round.Status.ON_AGENDA, number="501/2026")
    not_before_iwg = register_note(users, number="502/2026").communication
    # when
    response = as_user(role).get(reverse("communications:list"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert on_agenda.communication.number in content
    if role == "iwg":
        assert not_before_iwg.number not in content
    else:
        assert not_before_iwg.number in content


def test_register_search_finds_numbers_joined_numbers_symbols_and_subject(as_user, users):
    note = register_note(
        users,
        number="777/2025",
        communication_fields={"subject": "Forced eviction of a family", "symbols": ["CAT/C/80/D/777/2025"]},
    )
    services.communication_join_number(actor=users["mfa"], communication=note.communication, number="778/2025")
    other = register_note(users, number="888/2025", communication_fields={"subject": "Unrelated"}).communication
    client = as_user("moj")
    for query in ["777/2025", "778/2025", "CAT/C/80/D/777", "eviction"]:
        content = client.get(reverse("communications:list"), {"q": query}).content.decode()
        assert "777/2025" in content, query
        assert other.number not in content, query


def test_register_search_by_confidential_name_only_for_roles_that_may_see_it(as_user, users):
    register_note(
        users,
        number="321/2025",
        communication_fields={
            "parties": [{"role": "author", "full_name": "Elena Zhukova", "initials": "E.Z.", "is_confidential": True}]
        },
    )
    url = reverse("communications:list")
    # MFA may see the identity: found by name, name shown.
    content = as_user("mfa").get(url, {"q": "Zhukova"}).content.decode()
    assert "321/2025" in content and "Elena Zhukova" in content
    # MoJ may not: not found by name, found by initials, and only the initials are shown.
    moj = as_user("moj")
    assert "321/2025" not in moj.get(url, {"q": "Zhukova"}).content.decode()
    content = moj.get(url, {"q": "E.Z."}).content.decode()
    assert "321/2025" in content
    assert "Zhukova" not in content


def test_register_filters_narrow_the_list(as_user, users):
    old_ccpr = register_note(users, number="100/2024", ohchr_date=dt.date(2024, 3, 1)).communication  # overdue
    cat_referred = round_at(users, Round.Status.REFERRED, committee="CAT", number="200/2026").communication
    decided = views_with_remedy(users, agency="SC", number="300/2026").communication
    client = as_user("mfa")
    url = reverse("communications:list")

    def numbers(**params):
        content = client.get(url, params).content.decode()
        return {c.number for c in (old_ccpr, cat_referred, decided) if c.number in content}

    assert numbers(committee="CAT") == {"200/2026"}
    assert numbers(phase="follow_up") == {"300/2026"}
    assert numbers(round_status="referred") == {"200/2026"}
    assert numbers(agency="SC") == {"300/2026"}
    assert numbers(overdue="on") == {"100/2024"}
    assert numbers(year="2024") == {"100/2024"}
    assert numbers() == {"100/2024", "200/2026", "300/2026"}


def test_register_sorts_and_bounds_the_page_size(as_user, users):
    for index in range(3):
        register_note(users, number=f"4{index}/2026")
    client = as_user("mfa")
    response = client.get(reverse("communications:list"), {"sort": "number", "per_page": "1000", "page": "abc"})
    assert response.status_code == 200
    assert response.context["paginator"].per_page == 25  # an unknown page size falls back to the default
    assert response.context["page_obj"].number == 1
    numbers = [c.number for c in response.context["page_obj"]]
    assert numbers == sorted(numbers)
    descending = client.get(reverse("communications:list"), {"sort": "-number"}).context["page_obj"]
    assert [c.number for c in descending] == sorted(numbers, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "99999"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"committee": "XXX"},
        {"sort": "id; DROP TABLE"},
        {"per_page": "-5"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"overdue": "maybe", "round_status": "nope", "agency": "<script>"},
    ],
)
def test_register_hostile_query_strings_never_fail(as_user, users, params):
    register_note(users)
    response = as_user("mfa").get(reverse("communications:list"), params)
    assert response.status_code == 200


def test_register_htmx_request_gets_only_the_results(as_user, users):
    register_note(users, number="55/2026")
    response = as_user("mfa").get(
        reverse("communications:list"),
        {"q": "55/2026"},
        headers={"HX-Request": "true", "HX-Target": "register-results"},
    )
    content = response.content.decode()
    assert 'id="register-results"' in content
    assert "<html" not in content and "55/2026" in content


def _register_queries(client) -> int:
    client.get(reverse("communications:list"))  # a session's first request stamps its activity (a write); not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("communications:list"), {"per_page": 100})
    assert response.status_code == 200
    return len(queries)


def test_register_number_of_queries_does_not_grow_with_the_page(as_user, users, django_assert_max_num_queries):
    client = as_user("moj")
    for index in range(2):
        note = register_note(
            users,
            number=f"6{index}/2026",
            communication_fields={"parties": [{"role": "author", "full_name": f"Person {index}"}]},
        )
    few = _register_queries(client)
    for index in range(2, 14):
        note = register_note(
            users,
            number=f"6{index}/2026",
            communication_fields={"parties": [{"role": "author", "full_name": f"Person {index}"}]},
        )
        services.communication_join_number(
            actor=users["mfa"], communication=note.communication, number=f"7{index}/2026"
        )
    assert _register_queries(client) == few
    # session, user, years of the year filter, count, page, joined numbers, parties (+ decision joined in)
    with django_assert_max_num_queries(11):  # +3: session saved on every request
        client.get(reverse("communications:list"), {"per_page": 100, "q": "2026"})


# ---------------------------------------------------------------------------------------------------------------
# The communication page


def test_communication_page_shows_header_rounds_documents_and_timeline(as_user, users):
    round = round_at(
        users, Round.Status.SENT, number="2521/2015", communication_fields={"symbols": ["CCPR/C/1/D/2521/2015"]}
    )
    communication = round.communication
    services.communication_join_number(actor=users["mfa"], communication=communication, number="2522/2015")
    analysis = LegalAnalysis.objects.get(round=round)
    response = as_user("auditor").get(detail_url(communication))
    assert response.status_code == 200
    content = response.content.decode()
    for expected in [
        "2521/2015",
        "2522/2015",
        "CCPR/C/1/D/2521/2015",
        reverse("document_download", args=[analysis.document_id]),
        "Approve the draft position",  # the IWG's decision
        "Sent to OHCHR",
        round.outgoing_note.registry_number,
        "Referred to PGO and MoJ",  # an event row
    ]:
        assert expected in content, expected
    kinds = {entry.kind for entry in response.context["timeline"]}
    assert {"note-in", "note-out", "deadline", "analysis", "meeting", "event"} <= kinds


def test_communication_page_shows_every_analysis_version(as_user, users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    submit_analysis(users, round, summary="Second thoughts.")
    content = as_user("moj").get(detail_url(round.communication)).content.decode()
    documents = LegalAnalysis.objects.filter(round=round).values_list("document_id", flat=True)
    assert len(documents) == 2
    for document_id in documents:
        assert reverse("document_download", args=[document_id]) in content
    assert "Version 2" in content and "Version 1" in content


@pytest.mark.parametrize(("role", "sees_name"), [("mfa", True), ("pgo", True), ("auditor", True), ("moj", False)])
def test_communication_page_masks_a_confidential_party(as_user, users, role, sees_name):
    note = register_note(
        users,
        communication_fields={
            "parties": [
                {"role": "author", "full_name": "Aliya Nurpeisova", "initials": "A.N.", "is_confidential": True}
            ]
        },
    )
    content = as_user(role).get(detail_url(note.communication)).content.decode()
    assert ("Aliya Nurpeisova" in content) is sees_name
    assert "A.N." in content or sees_name


def test_iwg_member_cannot_see_a_communication_not_put_before_the_iwg(as_user, users):
    hidden = register_note(users).communication
    shown = round_at(users, Round.Status.ON_AGENDA).communication
    client = as_user("iwg")
    assert client.get(detail_url(hidden)).status_code == 404
    assert client.get(detail_url(shown)).status_code == 200
    assert client.get(reverse("communications:detail", args=[999999])).status_code == 404


BUTTONS = {
    "refer": "communications:round_refer",
    "analysis": "communications:analysis_submit",
    "position": "communications:position_draft",
    "approve": "communications:position_approve",
    "send": "communications:position_send",
    "cancel": "communications:round_cancel",
}


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Round.Status.REGISTERED, "mfa", {"refer", "cancel"}),
        (Round.Status.REGISTERED, "pgo", set()),
        (Round.Status.REFERRED, "pgo", {"analysis", "position"}),
        (Round.Status.REFERRED, "mfa", {"position", "cancel"}),
        (Round.Status.IWG_APPROVED, "moj", {"approve", "position"}),
        (Round.Status.IWG_APPROVED, "mfa", {"position", "cancel"}),
        (Round.Status.POSITION_APPROVED, "mfa", {"send", "cancel"}),
        (Round.Status.POSITION_APPROVED, "moj", set()),
        (Round.Status.IWG_APPROVED, "auditor", set()),
        (Round.Status.IWG_APPROVED, "admin", set()),
        (Round.Status.ON_AGENDA, "iwg", set()),
    ],
)
def test_communication_page_offers_the_steps_the_role_and_state_allow(as_user, users, status, role, expected):
    round = round_at(users, status)
    content = as_user(role).get(detail_url(round.communication)).content.decode()
    shown = {action for action, name in BUTTONS.items() if f'"{reverse(name, args=[round.pk])}"' in content}
    assert shown == expected


def _detail_queries(client, communication) -> int:
    client.get(detail_url(communication))  # a session's first request stamps its activity (a write); not counted
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail_url(communication)).status_code == 200
    return len(queries)


def test_communication_page_number_of_queries_is_fixed(as_user, users, django_assert_max_num_queries):
    client = as_user("mfa")
    small = round_at(users, Round.Status.SENT).communication  # one of everything
    big_round = round_at(users, Round.Status.SENT)
    big = big_round.communication
    for kind in (NoteKind.ADDITIONAL_INFORMATION, NoteKind.INTERIM_MEASURES):
        round_at(users, Round.Status.SENT, number=big.number, kind=kind)
        extra = register_note(users, number=big.number, kind=kind).opened_round
        services.round_refer(actor=users["mfa"], round=extra)
        submit_analysis(users, extra)
        submit_analysis(users, extra)
    assert big.rounds.count() == 5
    assert _detail_queries(client, big) == _detail_queries(client, small)
    with django_assert_max_num_queries(19):  # +3: session saved on every request
        client.get(detail_url(big))


# ---------------------------------------------------------------------------------------------------------------
# Registering a note (MFA)


def note_data(**overrides) -> dict:
    data = {
        "committee": "CCPR",
        "communication_number": "1234/2026",
        "kind": NoteKind.NEW_COMMUNICATION,
        "registry_number": "IN-9001",
        "received_on": (local_date() - dt.timedelta(days=2)).isoformat(),
        "ohchr_reference": "G/SO 215/51",
        "ohchr_date": (local_date() - dt.timedelta(days=5)).isoformat(),
        "reply_requested_by": "",
        "summary": "",
        "subject": "Detention conditions",
        "articles_invoked": "7, 10",
        "submitted_on": "",
        "symbols": "",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-role": "author",
        "parties-0-full_name": "",
        "parties-0-initials": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_note_form_is_refused_to_other_roles(as_user, role):
    client = as_user(role)
    assert client.get(reverse("communications:note_register")).status_code == 403
    response = client.post(reverse("communications:note_register"), note_data())
    assert response.status_code == 403
    assert "may not do this" in response.content.decode()
    assert not NoteVerbale.objects.exists()
    assert client.post(reverse("communications:note_preview"), note_data()).status_code == 403


def test_register_a_note_link_is_in_the_menu_only_for_the_mfa(as_user):
    url = reverse("communications:note_register")
    assert url in as_user("mfa").get(reverse("communications:list")).content.decode()
    assert url not in as_user("admin").get(reverse("communications:list")).content.decode()


def test_note_register_creates_the_communication_with_deadlines_and_the_changed_internal_date(as_user, users):
    client = as_user("mfa")
    chosen = local_date() + dt.timedelta(days=40)
    data = note_data(
        **{
            "due_pgo_analysis": chosen.isoformat(),
            "parties-0-full_name": "Sara Tulegen",
            "parties-0-is_confidential": "on",
        }
    )
    response = client.post(reverse("communications:note_register"), data)
    communication = Communication.objects.get(number="1234/2026")
    assert response.status_code == 302 and response["Location"] == detail_url(communication)
    round = communication.rounds.get()
    assert round.status == Round.Status.REGISTERED
    pgo = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    assert pgo.due_on == chosen and pgo.set_manually
    assert not round.deadlines.get(kind=DeadlineKind.DISPATCH).set_manually
    assert round.deadlines.filter(kind=DeadlineKind.COMMITTEE).exists()
    party = Party.objects.get(communication=communication)
    assert party.is_confidential and party.initials == "S.T."
    assert communication.articles_invoked == ["7", "10"]


def preview_inputs(response) -> dict[str, str]:
    """The internal-deadline inputs of the preview (shown dates and the hidden defaults), by name."""
    return dict(re.findall(r'name="((?:due|default)_\w+)" value="([^"]*)"', response.content.decode()))


def test_note_register_keeps_a_default_date_left_unchanged_as_a_default(as_user, users):
    client = as_user("mfa")
    default = preview_inputs(client.post(reverse("communications:note_preview"), note_data()))["default_pgo_analysis"]
    client.post(reverse("communications:note_register"), note_data(due_pgo_analysis=default))
    deadline = Deadline.objects.get(kind=DeadlineKind.PGO_ANALYSIS)
    assert deadline.due_on.isoformat() == default and not deadline.set_manually


def test_note_register_links_an_existing_communication_by_its_joined_number(as_user, users):
    existing = register_note(users, number="900/2020").communication
    services.communication_join_number(actor=users["mfa"], communication=existing, number="901/2020")
    response = as_user("mfa").post(
        reverse("communications:note_register"),
        note_data(communication_number="901/2020", kind=NoteKind.ADDITIONAL_INFORMATION),
    )
    assert response.status_code == 302
    assert Communication.objects.count() == 1
    assert existing.rounds.count() == 2


def test_note_preview_shows_the_committee_and_default_internal_deadlines(as_user, users):
    register_note(users, number="42/2026")
    response = as_user("mfa").post(
        reverse("communications:note_preview"),
        note_data(communication_number="42/2026", ohchr_date="2026-01-15", received_on="2026-01-20"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="deadline-preview"' in content and "<html" not in content
    assert "already registered" in content  # the note will be linked to the existing communication
    assert date_format(dt.date(2026, 7, 15), "SHORT_DATE_FORMAT") in content  # six calendar months
    inputs = preview_inputs(response)
    kinds = ["pgo_analysis", "iwg_consideration", "position_approval", "dispatch"]
    assert [name for name in inputs if name.startswith("due_")] == [f"due_{kind}" for kind in kinds]
    assert all(inputs[f"due_{kind}"] == inputs[f"default_{kind}"] for kind in kinds)
    assert inputs["due_pgo_analysis"] < inputs["due_dispatch"] < "2026-07-15"


def test_note_preview_keeps_a_date_the_user_changed_and_replaces_untouched_defaults(as_user):
    client = as_user("mfa")
    first = preview_inputs(client.post(reverse("communications:note_preview"), note_data(committee="CERD")))
    typed = "2026-12-01"
    data = note_data(
        committee="CCPR",  # the committee changes: its deadline is longer
        due_pgo_analysis=typed,
        default_pgo_analysis=first["default_pgo_analysis"],
        due_dispatch=first["default_dispatch"],
        default_dispatch=first["default_dispatch"],
    )
    response = client.post(reverse("communications:note_preview"), data)
    second = preview_inputs(response)
    assert second["due_pgo_analysis"] == typed
    assert "changed by you" in response.content.decode()
    assert second["due_dispatch"] == second["default_dispatch"] > first["default_dispatch"]


def test_note_preview_for_a_note_that_opens_no_round(as_user):
    response = as_user("mfa").post(reverse("communications:note_preview"), note_data(kind=NoteKind.EXTENSION_GRANTED))
    content = response.content.decode()
    assert "opens no round" in content
    assert not preview_inputs(response)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_on": "31.02.2026"}, "received_on"),
        ({"ohchr_date": "yesterday"}, "ohchr_date"),
        ({"ohchr_date": "9999-12-01"}, "ohchr_date"),
        ({"received_on": (local_date() + dt.timedelta(days=3)).isoformat()}, "received_on"),
        ({"committee": "UNKNOWN"}, "committee"),
        ({"kind": "state_reply"}, "kind"),
        ({"kind": ["new_communication", "x"]}, "kind"),
        ({"communication_number": "9" * 5000}, "communication_number"),
        ({"registry_number": "   "}, "registry_number"),
        ({"summary": "x" * 30000}, "summary"),
        ({"subject": "null\x00byte"}, "subject"),
        ({"articles_invoked": ",".join(["7"] * 60)}, "articles_invoked"),
        ({"due_dispatch": "2026-02-30"}, "due_dispatch"),
        ({"reply_requested_by": (local_date() - dt.timedelta(days=30)).isoformat()}, "reply_requested_by"),
    ],
)
def test_note_register_hostile_input_gets_a_message_beside_the_field(as_user, users, overrides, field):
    response = as_user("mfa").post(reverse("communications:note_register"), note_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not NoteVerbale.objects.exists()


def test_note_register_duplicate_registry_number_is_shown_beside_the_field(as_user, users):
    register_note(users, registry_number="IN-DUP")
    response = as_user("mfa").post(reverse("communications:note_register"), note_data(registry_number="IN-DUP"))
    assert "already registered" in " ".join(response.context["form"].errors["registry_number"])


def test_note_register_on_a_closed_communication_is_refused_with_a_message(as_user, users):
    closed = register_note(users, number="150/2020").communication
    register_note(users, number="150/2020", kind=NoteKind.DISCONTINUANCE)
    response = as_user("mfa").post(
        reverse("communications:note_register"),
        note_data(communication_number="150/2020", kind=NoteKind.ADDITIONAL_INFORMATION),
    )
    assert response.status_code == 200
    assert "closed" in " ".join(response.context["form"].non_field_errors())
    assert closed.rounds.count() == 1


def test_note_register_refuses_a_document_that_is_not_pdf_docx_or_odt(as_user, users):
    fake = SimpleUploadedFile("note.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    response = as_user("mfa").post(reverse("communications:note_register"), {**note_data(), "documents": fake})
    assert response.status_code == 200
    assert "Only PDF, DOCX or ODT" in " ".join(response.context["form"].errors["documents"])
    assert not NoteVerbale.objects.exists()


def test_note_register_preview_button_saves_nothing(as_user):
    response = as_user("mfa").post(reverse("communications:note_register"), {**note_data(), "preview": "1"})
    assert response.status_code == 200
    assert response.context["preview"]["ready"]
    assert not NoteVerbale.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Referring, cancelling, deadlines


def test_refer_moves_the_round_and_keeps_only_changed_dates_as_set_by_hand(as_user, users):
    round = round_at(users, Round.Status.REGISTERED)
    client = as_user("mfa")
    form = client.get(reverse("communications:round_refer", args=[round.pk])).context["form"]
    new_date = local_date() + dt.timedelta(days=20)
    data = {name: (field.initial.isoformat() if field.initial else "") for name, field in form.fields.items()}
    data.update({"due_pgo_analysis": new_date.isoformat(), "comment": "Urgent review"})
    response = client.post(reverse("communications:round_refer", args=[round.pk]), data)
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.status == Round.Status.REFERRED
    assert round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS).set_manually
    assert not round.deadlines.get(kind=DeadlineKind.DISPATCH).set_manually


def test_refer_twice_is_refused_with_a_message(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    client = as_user("mfa")
    response = client.get(reverse("communications:round_refer", args=[round.pk]), follow=True)
    assert "not possible now" in " ".join(messages_of(response))
    response = client.post(reverse("communications:round_refer", args=[round.pk]), {"comment": ""})
    assert response.status_code == 200
    assert "already been referred" in " ".join(response.context["form"].non_field_errors())


def test_refer_by_the_pgo_is_refused(as_user, users):
    round = round_at(users, Round.Status.REGISTERED)
    response = as_user("pgo").post(reverse("communications:round_refer", args=[round.pk]), {"comment": ""})
    assert response.status_code == 403
    round.refresh_from_db()
    assert round.status == Round.Status.REGISTERED


def test_a_round_the_user_may_not_see_is_not_found(as_user, users):
    round = round_at(users, Round.Status.REGISTERED)
    client = as_user("iwg")
    for name in BUTTONS.values():
        assert client.post(reverse(name, args=[round.pk])).status_code == 404
    deadline = round.deadlines.first()
    assert client.get(reverse("communications:deadline_extend", args=[deadline.pk])).status_code == 404


def test_cancel_a_round_needs_a_reason(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    client = as_user("mfa")
    response = client.post(reverse("communications:round_cancel", args=[round.pk]), {"reason": ""})
    assert response.context["form"].errors["reason"]
    client.post(reverse("communications:round_cancel", args=[round.pk]), {"reason": "Request withdrawn"})
    round.refresh_from_db()
    assert round.status == Round.Status.CANCELLED


def test_record_an_extension_of_the_committee_deadline(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    deadline = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    url = reverse("communications:deadline_extend", args=[deadline.pk])
    client = as_user("mfa")
    earlier = client.post(
        url,
        {
            "new_due_on": (deadline.due_on - dt.timedelta(days=1)).isoformat(),
            "reason": "x",
            "expected_version": deadline.lock_version,
        },
    )
    assert "later than the current one" in " ".join(earlier.context["form"].errors["new_due_on"])
    new_date = deadline.due_on + dt.timedelta(days=60)
    response = client.post(
        url,
        {
            "new_due_on": new_date.isoformat(),
            "reference": "G/SO 1",
            "reason": "Granted",
            "expected_version": deadline.lock_version,
        },
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == new_date
    assert deadline.extensions.get().reference == "G/SO 1"


def test_an_internal_deadline_is_changed_not_extended(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    internal = round.deadlines.get(kind=DeadlineKind.DISPATCH)
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    client = as_user("mfa")
    response = client.get(reverse("communications:deadline_extend", args=[internal.pk]), follow=True)
    assert "internal deadline is changed instead" in " ".join(messages_of(response))
    response = client.post(
        reverse("communications:deadline_change", args=[committee.pk]),
        {"due_on": "2030-01-01", "reason": "x", "expected_version": committee.lock_version},
    )
    assert "only by an extension" in " ".join(str(e) for e in response.context["form"].non_field_errors())
    new_date = internal.due_on - dt.timedelta(days=3)
    client.post(
        reverse("communications:deadline_change", args=[internal.pk]),
        {"due_on": new_date.isoformat(), "reason": "Earlier dispatch", "expected_version": internal.lock_version},
    )
    internal.refresh_from_db()
    assert internal.due_on == new_date and internal.set_manually


def test_deadline_pages_are_refused_to_the_pgo(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    deadline = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    client = as_user("pgo")
    assert client.get(reverse("communications:deadline_extend", args=[deadline.pk])).status_code == 403
    assert client.post(reverse("communications:deadline_change", args=[deadline.pk])).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# Legal analysis (PGO)


def analysis_data(document=None, **overrides) -> dict:
    data = {
        "document": document or pdf_file("analysis.pdf"),
        "summary": "Domestic remedies were not exhausted.",
        "admissibility_conclusion": LegalAnalysis.Conclusion.INADMISSIBLE,
        "merits_conclusion": LegalAnalysis.Conclusion.NO_VIOLATION,
    }
    data.update(overrides)
    return data


def test_analysis_upload_creates_a_new_version_and_keeps_the_old_one(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    client = as_user("pgo")
    url = reverse("communications:analysis_submit", args=[round.pk])
    assert client.post(url, analysis_data()).status_code == 302
    first = LegalAnalysis.objects.get(round=round)
    assert client.post(url, analysis_data(pdf_file("revised.pdf"), summary="Revised.")).status_code == 302
    versions = list(LegalAnalysis.objects.filter(round=round).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].document_id == first.document_id and versions[0].document.file.storage.exists(
        first.document.file.name
    )
    round.refresh_from_db()
    assert round.status == Round.Status.ANALYSIS_SUBMITTED


def test_analysis_upload_checks_the_type_by_content_and_the_size(as_user, users, settings):
    round = round_at(users, Round.Status.REFERRED)
    client = as_user("pgo")
    url = reverse("communications:analysis_submit", args=[round.pk])
    fake = SimpleUploadedFile("analysis.pdf", b"just text pretending", content_type="application/pdf")
    response = client.post(url, analysis_data(fake))
    assert "Only PDF, DOCX or ODT" in " ".join(response.context["form"].errors["document"])
    settings.IWG_MAX_UPLOAD_BYTES = 100
    response = client.post(url, analysis_data())
    assert "largest allowed" in " ".join(response.context["form"].errors["document"])
    missing = client.post(url, analysis_data(summary="", admissibility_conclusion="bogus") | {"document": ""})
    assert set(missing.context["form"].errors) >= {"document", "summary", "admissibility_conclusion"}
    assert not LegalAnalysis.objects.exists()


def test_analysis_upload_is_refused_to_the_mfa_and_before_referral(as_user, users):
    registered = round_at(users, Round.Status.REGISTERED)
    assert (
        as_user("mfa")
        .post(reverse("communications:analysis_submit", args=[registered.pk]), analysis_data())
        .status_code
        == 403
    )
    client = as_user("pgo")
    response = client.get(reverse("communications:analysis_submit", args=[registered.pk]), follow=True)
    assert "not possible now" in " ".join(messages_of(response))
    response = client.post(reverse("communications:analysis_submit", args=[registered.pk]), analysis_data())
    assert "not been referred" in " ".join(response.context["form"].non_field_errors())


# ---------------------------------------------------------------------------------------------------------------
# State position


def test_position_draft_and_a_stale_revision_is_refused(as_user, users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    url = reverse("communications:position_draft", args=[round.pk])
    moj = as_user("moj")
    loaded = moj.get(url).context["form"]["expected_version"].value()
    assert moj.post(url, {"expected_version": loaded, "text_ru": "Позиция", "text_en": "Position"}).status_code == 302
    position = StatePosition.objects.get(round=round)
    assert set(position.texts.values_list("language", flat=True)) == {"ru", "en"}
    # someone else saves in between: the stale form is refused and nothing is overwritten
    services.position_draft(
        actor=users["pgo"], round=round, texts={"en": "PGO's text"}, expected_version=position.lock_version
    )
    response = moj.post(url, {"expected_version": position.lock_version, "text_en": "MoJ's stale text"})
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    assert position.texts.get(language="en").text == "PGO's text"


def test_position_draft_needs_some_text_and_is_refused_to_auditors(as_user, users):
    round = round_at(users, Round.Status.REFERRED)
    url = reverse("communications:position_draft", args=[round.pk])
    response = as_user("mfa").post(url, {"expected_version": "0"})
    assert "at least one language" in " ".join(response.context["form"].non_field_errors())
    assert as_user("auditor").post(url, {"expected_version": "0", "text_en": "x"}).status_code == 403
    assert not StatePosition.objects.exists()


def test_position_approve_is_a_post_by_the_moj_only(as_user, users):
    round = round_at(users, Round.Status.IWG_APPROVED)
    url = reverse("communications:position_approve", args=[round.pk])
    assert as_user("moj").get(url).status_code == 405
    assert as_user("mfa").post(url).status_code == 403
    response = as_user("moj").post(url, follow=True)
    assert "was approved" in " ".join(messages_of(response))
    round.refresh_from_db()
    assert round.status == Round.Status.POSITION_APPROVED
    again = as_user("moj").post(url, follow=True)
    assert "only after the IWG" in " ".join(messages_of(again))


def test_position_send_records_the_outgoing_note(as_user, users):
    round = round_at(users, Round.Status.POSITION_APPROVED)
    register_note(users, registry_number="OUT-TAKEN")  # an incoming number does not collide with outgoing ones
    client = as_user("mfa")
    url = reverse("communications:position_send", args=[round.pk])
    future = client.post(
        url, {"registry_number": "OUT-1", "sent_on": (local_date() + dt.timedelta(days=2)).isoformat()}
    )
    assert "cannot be in the future" in " ".join(future.context["form"].errors["sent_on"])
    response = client.post(url, {"registry_number": "OUT-1", "sent_on": local_date().isoformat()})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.status == Round.Status.SENT and round.outgoing_note.registry_number == "OUT-1"
    other = round_at(users, Round.Status.POSITION_APPROVED)
    duplicate = client.post(
        reverse("communications:position_send", args=[other.pk]),
        {"registry_number": "OUT-1", "sent_on": local_date().isoformat()},
    )
    assert "already exists" in " ".join(duplicate.context["form"].errors["registry_number"])


# ---------------------------------------------------------------------------------------------------------------
# Final decision, remedies, follow-up


def decision_data(**overrides) -> dict:
    data = {
        "kind": Decision.Kind.VIEWS_VIOLATION,
        "adopted_on": (local_date() - dt.timedelta(days=10)).isoformat(),
        "symbol": "CCPR/C/140/D/1234/2026",
        "articles_violated": "7, 9(3)",
        "summary": "",
        "remedies-TOTAL_FORMS": "3",
        "remedies-INITIAL_FORMS": "0",
        "remedies-MIN_NUM_FORMS": "0",
        "remedies-MAX_NUM_FORMS": "20",
        "remedies-0-kind": "compensation",
        "remedies-0-description": "Adequate compensation",
        "remedies-0-responsible_agency": "MOF",
        "remedies-1-kind": "publication",
        "remedies-1-description": "Publish the Views",
        "remedies-1-responsible_agency": "MOJ",
        "remedies-2-kind": "",
        "remedies-2-description": "",
        "remedies-2-responsible_agency": "",
    }
    data.update(overrides)
    return data


def test_record_views_with_remedies(as_user, users):
    communication = register_note(users).communication
    response = as_user("mfa").post(reverse("communications:decision_record", args=[communication.pk]), decision_data())
    assert response.status_code == 302
    decision = Decision.objects.get(communication=communication)
    assert decision.articles_violated == ["7", "9(3)"]
    assert sorted(decision.remedies.values_list("responsible_agency__code", flat=True)) == ["MOF", "MOJ"]
    communication.refresh_from_db()
    assert communication.phase == Communication.Phase.FOLLOW_UP


def test_decision_form_reports_errors_and_saves_nothing(as_user, users):
    communication = register_note(users).communication
    client = as_user("mfa")
    url = reverse("communications:decision_record", args=[communication.pk])
    response = client.post(url, decision_data(kind=Decision.Kind.INADMISSIBLE))
    assert "only for Views finding a violation" in " ".join(response.context["form"].non_field_errors())
    response = client.post(url, decision_data(**{"remedies-0-responsible_agency": "NOPE", "adopted_on": "2026-13-01"}))
    assert response.context["form"].errors["adopted_on"]
    assert response.context["remedies"].forms[0].errors["responsible_agency"]
    response = client.post(url, decision_data(**{"remedies-TOTAL_FORMS": "5000"}))
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert as_user("moj").get(url).status_code == 403


def test_a_second_decision_is_refused(as_user, users):
    decision = views_with_remedy(users)
    response = as_user("mfa").post(
        reverse("communications:decision_record", args=[decision.communication_id]), decision_data()
    )
    assert "already recorded" in " ".join(response.context["form"].non_field_errors())


def test_iwg_member_of_the_responsible_agency_records_a_follow_up_action(as_user, users):
    mine = views_with_remedy(users, agency="MIA").remedies.get()
    others = views_with_remedy(users, agency="SC").remedies.get()
    client = as_user("iwg")
    # the communication with a remedy of the member's agency is visible, and the action offered
    assert (
        reverse("communications:remedy_action", args=[mine.pk])
        in client.get(detail_url(mine.decision.communication)).content.decode()
    )
    data = {"taken_on": local_date().isoformat(), "description": "Case reopened", "status": "in_progress"}
    data["expected_version"] = mine.lock_version
    assert client.post(reverse("communications:remedy_action", args=[mine.pk]), data).status_code == 302
    mine.refresh_from_db()
    assert mine.status == Remedy.Status.IN_PROGRESS and mine.actions.get().agency.code == "MIA"
    # another agency's remedy is not even visible
    assert client.post(reverse("communications:remedy_action", args=[others.pk]), data).status_code == 404
    # nor may the member grade
    assert client.post(reverse("communications:remedy_grade", args=[mine.pk]), {}).status_code == 403


def test_follow_up_action_refuses_a_future_date(as_user, users):
    remedy = views_with_remedy(users).remedies.get()
    response = as_user("mfa").post(
        reverse("communications:remedy_action", args=[remedy.pk]),
        {"taken_on": (local_date() + dt.timedelta(days=5)).isoformat(), "description": "Planned"},
    )
    assert "cannot be in the future" in " ".join(response.context["form"].errors["taken_on"])


def test_record_a_follow_up_grade(as_user, users):
    remedy = views_with_remedy(users).remedies.get()
    url = reverse("communications:remedy_grade", args=[remedy.pk])
    data = {
        "grade": "B",
        "assessed_on": local_date().isoformat(),
        "state_assessment": "partly",
        "reference": "CCPR/C/1/3",
    }
    assert as_user("moj").post(url, data).status_code == 403
    client = as_user("mfa")
    assert client.post(url, data).status_code == 302
    remedy.refresh_from_db()
    assert remedy.committee_grade == "B"
    repeat = client.post(url, data)
    assert "already recorded" in " ".join(repeat.context["form"].non_field_errors())
    bad = client.post(url, {**data, "grade": "Z"})
    assert bad.context["form"].errors["grade"]


# ---------------------------------------------------------------------------------------------------------------
# Editing a communication


def test_edit_the_communication(as_user, users):
    communication = register_note(users).communication
    url = reverse("communications:update", args=[communication.pk])
    client = as_user("mfa")
    response = client.post(
        url,
        {"expected_version": communication.lock_version, "subject": "Updated subject", "articles_invoked": "7; 14"},
    )
    assert response.status_code == 302
    communication.refresh_from_db()
    assert communication.subject == "Updated subject" and communication.articles_invoked == ["7", "14"]
    assert as_user("pgo").get(url).status_code == 403


def test_a_stale_edit_is_refused_and_overwrites_nothing(as_user, users):
    communication = register_note(users).communication
    url = reverse("communications:update", args=[communication.pk])
    client = as_user("mfa")
    loaded_version = client.get(url).context["form"]["expected_version"].value()
    services.communication_update(
        actor=users["mfa"], communication=communication, expected_version=loaded_version, subject="Colleague's text"
    )
    response = client.post(url, {"expected_version": loaded_version, "subject": "My text"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed this record" in content
    assert "My text" in content  # the user's text is kept on the page to copy
    communication.refresh_from_db()
    assert communication.subject == "Colleague's text"


def test_add_a_joined_number_and_a_person(as_user, users):
    existing = register_note(users, number="10/2026").communication
    other = register_note(users, number="11/2026").communication
    client = as_user("mfa")
    url = reverse("communications:join_number", args=[other.pk])
    taken = client.post(url, {"number": "10/2026"})
    assert "already used" in " ".join(taken.context["joined_form"].errors["number"])
    assert client.post(url, {"number": "12/2026"}).status_code == 302
    assert other.joined_numbers.get().number == "12/2026"
    response = client.post(
        reverse("communications:party_add", args=[existing.pk]),
        {"party-role": "victim", "party-full_name": "Anna Ivanova", "party-is_confidential": "on"},
    )
    assert response.status_code == 302
    assert existing.parties.get().initials == "A.I."
    assert client.get(url).status_code == 405


# ---------------------------------------------------------------------------------------------------------------
# Documents


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_document_download_serves_the_file_as_an_attachment(as_user, users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    document = LegalAnalysis.objects.get(round=round).document
    response = as_user("moj").get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert document.original_name in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert _content(response).startswith(b"%PDF")
    from iwg.models import AccessEvent

    logged = AccessEvent.objects.get(kind=AccessEvent.Kind.DOWNLOAD)
    assert (logged.user, logged.object_type, logged.object_id) == (
        users["moj"],
        "communications.Document",
        str(document.pk),
    )


def test_documents_of_communications_the_user_may_not_see_are_not_found(as_user, users, client):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    document = LegalAnalysis.objects.get(round=round).document
    url = reverse("document_download", args=[document.pk])
    assert as_user("iwg").get(url).status_code == 404
    assert client.get(reverse("document_download", args=[987654])).status_code == 404
    from iwg.models import AccessEvent

    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.DOWNLOAD).exists()
    client.logout()
    assert client.get(url).status_code == 302


def test_minutes_of_a_meeting_are_served_to_any_signed_in_user(as_user, users):
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() - dt.timedelta(days=1))
    meeting_services.meeting_record_held(
        actor=users["moj"], meeting=meeting, decisions={}, minutes_file=pdf_file("minutes.pdf")
    )
    meeting.refresh_from_db()
    response = as_user("iwg").get(reverse("document_download", args=[meeting.minutes_id]))
    assert response.status_code == 200
    assert "minutes.pdf" in response["Content-Disposition"]


def test_a_document_whose_file_is_missing_is_a_404(as_user, users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    document = LegalAnalysis.objects.get(round=round).document
    document.file.storage.delete(document.file.name)
    assert as_user("mfa").get(reverse("document_download", args=[document.pk])).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# CSRF and methods


def test_posts_without_a_csrf_token_are_refused(users):
    round = round_at(users, Round.Status.IWG_APPROVED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["moj"])
    response = client.post(reverse("communications:position_approve", args=[round.pk]))
    assert response.status_code == 403
    round.refresh_from_db()
    assert round.status == Round.Status.IWG_APPROVED


@pytest.mark.parametrize("name", ["position_approve", "note_preview"])
def test_action_endpoints_refuse_get(as_user, users, name):
    round = round_at(users, Round.Status.IWG_APPROVED)
    url = (
        reverse(f"communications:{name}", args=[round.pk])
        if name == "position_approve"
        else reverse(f"communications:{name}")
    )
    assert as_user("mfa").get(url).status_code == 405


def test_the_decision_form_is_not_offered_twice(as_user, users):
    decision = views_with_remedy(users)
    client = as_user("mfa")
    assert (
        reverse("communications:decision_record", args=[decision.communication_id])
        not in client.get(detail_url(decision.communication)).content.decode()
    )
    response = client.get(reverse("communications:decision_record", args=[decision.communication_id]), follow=True)
    assert "already recorded" in " ".join(messages_of(response))


@pytest.mark.parametrize("name", ["update", "decision_record", "join_number", "party_add"])
def test_communication_forms_of_a_hidden_communication_are_not_found(as_user, users, name):
    hidden = register_note(users).communication
    assert (
        as_user("iwg").post(reverse(f"communications:{name}", args=[hidden.pk]), {"number": "1/2026"}).status_code
        == 404
    )
    assert not hidden.joined_numbers.exists()


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_communication_forms_are_refused_to_roles_other_than_the_mfa(as_user, users, role):
    communication = round_at(users, Round.Status.ON_AGENDA).communication  # visible to the IWG member too
    client = as_user(role)
    for name in ["update", "decision_record", "join_number", "party_add"]:
        response = client.post(reverse(f"communications:{name}", args=[communication.pk]), {"number": "1/2026"})
        assert response.status_code == 403, name
    assert not communication.joined_numbers.exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("role", "status", "name"),
    [
        ("mfa", Round.Status.REGISTERED, "communications:round_refer"),
        ("moj", Round.Status.ANALYSIS_SUBMITTED, "communications:position_draft"),
        ("pgo", Round.Status.REFERRED, "communications:analysis_submit"),
        ("mfa", Round.Status.POSITION_APPROVED, "communications:position_send"),
    ],
)
def test_every_visible_field_of_the_round_forms_is_styled_and_labelled(as_user, users, role, status, name):
    round = round_at(users, status)
    response = as_user(role).get(reverse(name, args=[round.pk]))
    content = response.content.decode()
    for field in response.context["form"].visible_fields():
        assert field.field.widget.attrs.get("class"), field.name
        assert f'for="{field.id_for_label}"' in content, field.name


def test_timeline_puts_a_same_day_outgoing_note_after_the_steps_that_led_to_it(users):
    from communications.models import Communication
    from communications.selectors import communication_detail as communication_page
    from communications.selectors import communication_timeline

    round = round_at(users, Round.Status.SENT)  # every step today
    communication = communication_page(user=users["auditor"], pk=round.communication_id)
    kinds = [entry.kind for entry in communication_timeline(communication) if entry.kind != "deadline"]
    assert kinds[0] == "note-in"
    assert kinds.index("analysis") < kinds.index("note-out")
    assert kinds.index("meeting") < kinds.index("note-out")
    assert Communication.objects.filter(pk=round.communication_id).exists()


def test_register_rows_show_each_column_and_escape_what_users_typed(as_user, users):
    note = register_note(
        users,
        number="4512/2026",
        kind=NoteKind.INTERIM_MEASURES,
        communication_fields={
            "subject": "<script>alert(1)</script> detention",
            "symbols": ["CCPR/C/1/<b>"],
            "parties": [
                {"role": "author", "full_name": "<i>Aigerim</i> B.", "initials": "A.B.", "is_confidential": False},
                {"role": "counsel", "full_name": "Counsel Kept Out", "initials": "C.K.", "is_confidential": False},
            ],
        },
    )
    services.communication_join_number(actor=users["mfa"], communication=note.communication, number="4513/2026")
    content = as_user("mfa").get(reverse("communications:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = content[content.index("CCPR 4512/2026") - 200 : content.index("</tr>", content.index("CCPR 4512/2026"))]
    assert f'<a href="{note.communication.get_absolute_url()}">CCPR 4512/2026</a>' in row
    assert "joined: 4513/2026" in row
    assert "Urgent" in row
    assert "&lt;script&gt;alert(1)&lt;/script&gt; detention" in row and "<script>alert" not in content
    assert "CCPR/C/1/&lt;b&gt;" in row
    assert '<span class="d-block">&lt;i&gt;Aigerim&lt;/i&gt; B.</span>' in row
    assert "Counsel Kept Out" not in row  # the register lists authors and victims, not counsel
    assert "days left" in row or "Due today" in row or "Overdue" in row
