"""Issue 11 item 9 (rest): lower-case Cyrillic finds on SQLite too, and numbers sort by year, then numerically."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db.utils import ConnectionHandler

from communications import selectors
from communications.models import Communication
from iwg.sqlite import unicode_like
from tests.api.conftest import token_client
from tests.factories import register_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def sqlite():
    """A fresh SQLite connection made by Django's backend (so the connection hook runs as in development)."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    connection = handler["default"]
    yield connection
    connection.close()


def sqlite_icontains(connection, value: str, text: str) -> bool:
    # The SQL Django writes for `icontains` on SQLite, with the value escaped as Django escapes it.
    operator = connection.operators["icontains"]
    pattern = "%" + connection.ops.prep_for_like_query(value) + "%"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s {operator}", [text, pattern])
        return bool(cursor.fetchone()[0])


@pytest.mark.parametrize(
    "query, text",
    [
        ("иванов", "Иванов Иван"),
        ("ИВАНОВ", "дело иванова"),
        ("асқар", "АСҚАР Әлібеков"),  # Kazakh letters
        ("пытки", "Применение ПЫТКИ"),
        ("torture", "TORTURE in custody"),
    ],
)
def test_sqlite_icontains_folds_cyrillic_case(sqlite, query, text):
    assert sqlite_icontains(sqlite, query, text)


def test_sqlite_like_keeps_wildcards_literal_and_refuses_a_non_match(sqlite):
    assert not sqlite_icontains(sqlite, "петров", "Иванов Иван")
    assert not sqlite_icontains(sqlite, "50%", "5000 тенге")
    assert sqlite_icontains(sqlite, "50%", "Скидка 50% ИТОГО")
    assert not sqlite_icontains(sqlite, "a_b", "axb")


def test_like_with_null_is_null():
    assert unicode_like(None, "x") is None
    assert unicode_like("%x%", None) is None


def test_search_finds_a_subject_in_any_case(users):
    register_note(users, number="11/2024", communication_fields={"subject": "Пытки в следственном изоляторе"})
    register_note(users, number="12/2024", communication_fields={"subject": "Свобода выражения мнений"})
    found = {c.number for c in selectors.communication_list(user=users["mfa"], filters={"q": "ПЫТКИ"})}
    assert found == {"11/2024"}


NUMBERS = ["1402/2020", "150/2020", "210/2019", "2/2021", "1/2020"]
IN_ORDER = ["210/2019", "1/2020", "150/2020", "1402/2020", "2/2021"]


@pytest.fixture
def numbered(users):
    for number in NUMBERS:
        register_note(users, number=number, ohchr_date=dt.date(2022, 1, 10))


def test_the_register_sorts_numbers_by_year_then_numerically(users, numbered):
    ascending = [c.number for c in selectors.communication_list(user=users["mfa"], filters={"sort": "number"})]
    descending = [c.number for c in selectors.communication_list(user=users["mfa"], filters={"sort": "-number"})]
    assert ascending == IN_ORDER
    assert descending == IN_ORDER[::-1]


def test_the_api_ordering_by_number_is_numeric(users, numbered):
    rows = token_client(users["mfa"]).get("/api/v1/communications/?ordering=number").json()["results"]
    assert [row["number"] for row in rows] == IN_ORDER


def test_a_save_naming_the_number_keeps_the_sort_key(users, numbered):
    communication = Communication.objects.get(number="150/2020")
    communication.number = "9/2021"
    communication.save(update_fields=["number"])
    assert Communication.objects.get(pk=communication.pk).number_sort == "2021-00009"


def test_the_migration_fills_the_sort_keys_of_existing_communications(users, numbered):
    Communication.objects.update(number_sort="")
    migration = importlib.import_module("communications.migrations.0014_number_sort_key_fill")
    migration.fill(apps, None)
    keys = dict(Communication.objects.values_list("number", "number_sort"))
    assert keys["150/2020"] == "2020-00150"
    assert keys["1402/2020"] == "2020-01402"
    assert sorted(keys, key=keys.__getitem__) == IN_ORDER


@pytest.fixture
def by_committee(users):
    for committee, number in [("CRC", "5/2021"), ("CAT", "6/2021"), ("CCPR", "7/2021"), ("CEDAW", "8/2021")]:
        register_note(users, committee=committee, number=number, ohchr_date=dt.date(2022, 1, 10))


def test_the_register_and_the_api_sort_by_the_committees_code(users, by_committee):
    codes = ["CAT", "CCPR", "CEDAW", "CRC"]
    page = [c.committee.code for c in selectors.communication_list(user=users["mfa"], filters={"sort": "committee"})]
    backwards = [
        c.committee.code for c in selectors.communication_list(user=users["mfa"], filters={"sort": "-committee"})
    ]
    api = token_client(users["mfa"]).get("/api/v1/communications/?ordering=committee").json()["results"]
    assert page == codes
    assert backwards == codes[::-1]
    assert [row["committee"] for row in api] == codes


def test_a_corrected_committee_moves_the_communication_in_the_committee_sort(users, by_committee):
    from communications import services

    communication = Communication.objects.get(number="5/2021")  # CRC
    services.communication_correct_number(
        actor=users["mfa"],
        communication=communication,
        expected_version=communication.lock_version,
        committee_code="CAT",
        number="5/2021",
        reason="Registered under the wrong committee.",
    )
    assert Communication.objects.get(pk=communication.pk).committee_code == "CAT"
    page = [c.number for c in selectors.communication_list(user=users["mfa"], filters={"sort": "committee"})]
    assert page[:2] == ["6/2021", "5/2021"]  # both CAT, the newest first


def test_a_save_naming_the_committee_keeps_its_code(users, by_committee):
    from communications.models import Committee

    communication = Communication.objects.get(number="5/2021")
    communication.committee = Committee.objects.get(code="CERD")
    communication.save(update_fields=["committee"])
    assert Communication.objects.get(pk=communication.pk).committee_code == "CERD"


def test_the_migration_fills_the_committee_codes_of_existing_communications(users, by_committee):
    Communication.objects.update(committee_code="")
    migration = importlib.import_module("communications.migrations.0018_committee_code_and_register_indexes")
    migration.fill(apps, None)
    assert dict(Communication.objects.values_list("number", "committee_code")) == {
        "5/2021": "CRC",
        "6/2021": "CAT",
        "7/2021": "CCPR",
        "8/2021": "CEDAW",
    }
