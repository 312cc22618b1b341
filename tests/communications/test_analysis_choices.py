"""Item 11 of issue 11: the analysis has separate choices for admissibility and for the merits."""

import pytest
from django.core.exceptions import ValidationError

from communications.forms import AnalysisForm
from communications.models import ADMISSIBILITY_CONCLUSIONS, MERITS_CONCLUSIONS, LegalAnalysis, Round
from tests.factories import round_at, submit_analysis

pytestmark = pytest.mark.django_db


def test_the_form_offers_separate_choices():
    form = AnalysisForm()
    admissibility = {value for value, _label in form.fields["admissibility_conclusion"].choices if value}
    merits = {value for value, _label in form.fields["merits_conclusion"].choices if value}
    assert admissibility == set(ADMISSIBILITY_CONCLUSIONS) and merits == set(MERITS_CONCLUSIONS)
    assert LegalAnalysis.Conclusion.ADMISSIBLE not in merits
    assert LegalAnalysis.Conclusion.VIOLATION not in admissibility


def test_merits_admissible_is_refused_by_the_service(users):
    round = round_at(users, Round.Status.REFERRED)
    with pytest.raises(ValidationError) as refused:
        submit_analysis(users, round, merits_conclusion=LegalAnalysis.Conclusion.ADMISSIBLE)
    assert "merits_conclusion" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        submit_analysis(users, round, admissibility_conclusion=LegalAnalysis.Conclusion.VIOLATION)
    assert "admissibility_conclusion" in refused.value.message_dict
    assert not round.analyses.exists()
