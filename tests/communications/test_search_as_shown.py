"""Item 9 of issue 11 (part): the search finds a case as every page shows it, "CCPR 4512/2026"."""

import pytest

from communications import selectors
from tests.factories import register_note

pytestmark = pytest.mark.django_db


def found(user, query) -> set[str]:
    return {str(c) for c in selectors.communication_list(user=user, filters={"q": query})}


def test_committee_and_number_as_pages_show_them(users):
    register_note(users, committee="CCPR", number="4512/2026")
    register_note(users, committee="CAT", number="4512/2026")
    register_note(users, committee="CCPR", number="4513/2026")
    assert found(users["mfa"], "CCPR 4512/2026") == {"CCPR 4512/2026"}
    assert found(users["mfa"], "cat 4512/2026") == {"CAT 4512/2026"}
    assert found(users["mfa"], "4512/2026") == {"CCPR 4512/2026", "CAT 4512/2026"}
