"""The register's search read model (communications/search_text.py): the folded texts kept on each communication
follow every row they are made of, whichever service changed it; a full refresh and the data migration write
what the signals write; confidential names are searched only for the roles that may see them."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from communications import selectors, services
from communications.models import Communication, Decision, Party
from communications.search_text import SEARCH_FIELDS, communication_search_refresh, fold
from iwg.calendar import local_date
from tests.factories import register_note

pytestmark = pytest.mark.django_db

REASON = "As in the committee's letter."


def found(user, query) -> set[str]:
    return {c.number for c in selectors.communication_list(user=user, filters={"q": query})}


def stored() -> dict:
    return {row[0]: row[1:] for row in Communication.objects.values_list("pk", *SEARCH_FIELDS)}


@pytest.fixture
def case(users):
    note = register_note(
        users,
        number="4512/2026",
        communication_fields={
            "subject": "Detention  of a   JOURNALIST",
            "symbols": ["CCPR/C/140/D/4512/2026"],
            "parties": [
                {"role": "author", "full_name": "Aliya Nurpeisova", "initials": "A.N.", "is_confidential": False},
                {"role": "victim", "full_name": "Elena Zhukova", "initials": "E.Z.", "is_confidential": True},
            ],
        },
    )
    return Communication.objects.get(pk=note.communication_id)


def test_fold_ignores_case_and_spacing_in_any_script():
    assert fold("  Пытки\tв  ИЗОЛЯТОРЕ ") == "пытки в изоляторе"
    assert fold("ҚАЗАҚСТАН") == "қазақстан"


def test_found_by_each_part_in_any_case_and_spacing(users, case):
    mfa = users["mfa"]
    for query in ["4512/2026", "ccpr   4512/2026", "CCPR 4512", "detention of a journalist", "ccpr/c/140/d", "a.n."]:
        assert found(mfa, query) == {"4512/2026"}, query
    assert found(mfa, "CAT 4512/2026") == set()
    # The parts are kept apart: a search does not match across the end of one and the start of the next.
    assert found(mfa, "4512/2026 ccpr") == set()


def test_confidential_names_are_searched_only_for_the_roles_that_may_see_them(users, case):
    assert "zhukova" not in case.search_text and "zhukova" in case.search_names
    assert found(users["mfa"], "zhukova") == {"4512/2026"}
    assert found(users["moj"], "zhukova") == set()
    assert found(users["moj"], "E.Z.") == {"4512/2026"}
    assert found(users["moj"], "nurpeisova") == {"4512/2026"}  # not confidential


def test_a_corrected_name_is_found_and_the_old_one_is_not(users, case):
    party = case.parties.get(full_name="Aliya Nurpeisova")
    services.party_edit(
        actor=users["mfa"],
        party=party,
        expected_version=Communication.objects.get(pk=case.pk).lock_version,
        full_name="Aliya Nurpeissova",
        reason=REASON,
    )
    assert found(users["moj"], "Nurpeissova") == {"4512/2026"}
    assert found(users["moj"], "Nurpeisova ") == set()


def test_a_party_made_confidential_is_no_longer_found_by_name_by_those_who_may_not_see_it(users, case):
    party = case.parties.get(full_name="Aliya Nurpeisova")
    services.party_set_confidential(
        actor=users["mfa"],
        party=party,
        expected_version=Communication.objects.get(pk=case.pk).lock_version,
        is_confidential=True,
        reason=REASON,
    )
    assert found(users["moj"], "nurpeisova") == set()
    assert found(users["mfa"], "nurpeisova") == {"4512/2026"}


def test_a_removed_party_is_not_found(users, case):
    party = case.parties.get(full_name="Aliya Nurpeisova")
    services.party_remove(
        actor=users["mfa"],
        party=party,
        expected_version=Communication.objects.get(pk=case.pk).lock_version,
        reason=REASON,
    )
    assert found(users["mfa"], "nurpeisova") == set()


def test_joined_numbers_and_the_decisions_symbol_are_found_once_recorded(users, case):
    assert found(users["mfa"], "CCPR 4513/2026") == set()
    services.communication_join_number(actor=users["mfa"], communication=case, number="4513/2026")
    assert found(users["mfa"], "CCPR 4513/2026") == {"4512/2026"}
    services.decision_record(
        actor=users["mfa"],
        communication=Communication.objects.get(pk=case.pk),
        kind=Decision.Kind.VIEWS_NO_VIOLATION,
        adopted_on=local_date() - dt.timedelta(days=5),
        symbol="CCPR/C/141/D/4512/2026",
    )
    assert found(users["mfa"], "ccpr/c/141") == {"4512/2026"}


def test_a_corrected_number_and_committee_are_found_and_the_old_ones_are_not(users, case):
    services.communication_correct_number(
        actor=users["mfa"],
        communication=case,
        expected_version=Communication.objects.get(pk=case.pk).lock_version,
        committee_code="CAT",
        number="4600/2026",
        reason=REASON,
    )
    assert found(users["mfa"], "CAT 4600/2026") == {"4600/2026"}
    assert found(users["mfa"], "CCPR 4512/2026") == set()
    assert found(users["mfa"], "4512/2026") == {"4600/2026"}  # still in its document symbol


def test_a_full_refresh_and_the_migration_write_what_the_signals_write(users, case):
    register_note(users, communication_fields={"subject": "Второе дело", "parties": []})
    expected = stored()
    Communication.objects.update(search_text="", search_names="")
    assert communication_search_refresh() == 2
    assert stored() == expected
    Communication.objects.update(search_text="", search_names="")
    importlib.import_module("communications.migrations.0019_search_text").fill(apps, None)
    assert stored() == expected
    assert Party.objects.filter(communication=case).count() == 2


def test_the_texts_follow_rows_saved_or_deleted_by_any_writer(users, case):
    # Not through a service (which also saves the communication): the rows' own signals keep the texts.
    party = Party.objects.create(communication=case, role="counsel", full_name="Marat Seitkali", initials="M.S.")
    assert found(users["moj"], "seitkali") == {"4512/2026"}
    party.full_name = "Marat Seitkaliyev"
    party.save(update_fields=["full_name"])
    assert found(users["moj"], "seitkaliyev") == {"4512/2026"}
    party.delete()
    assert found(users["moj"], "seitkali") == set()
    Communication.objects.filter(pk=case.pk).update(subject="Bypassed")  # no signal: the writer must refresh
    assert found(users["moj"], "bypassed") == set()
    communication_search_refresh(communication_ids=[case.pk])
    assert found(users["moj"], "bypassed") == {"4512/2026"}
