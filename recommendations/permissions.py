"""Who may take each step on recommendations (django-rules). Services call `iwg.permissions.require`.

Recommendations are public UN documents: every signed-in user with a role reads them. Writing is by role; a
progress report is written by the users of the measure's responsible agency."""

import rules
from django.utils.translation import gettext_lazy as _

from iwg.permissions import (
    PERMISSION_LABELS,
    is_administrator,
    is_auditor,
    is_iwg_member,
    is_mfa_officer,
    is_moj_secretary,
    is_pgo_prosecutor,
)


@rules.predicate
def is_of_responsible_agency(user, measure) -> bool:
    """The user belongs to the measure's responsible agency (a measure, or a progress report on one)."""
    if measure is None:
        # No record: the workflow table asks whether a role may take the step in general (its home queue).
        return getattr(user, "is_role_probe", False)
    measure = getattr(measure, "measure", measure)
    return measure is not None and user.agency_id is not None and measure.responsible_agency_id == user.agency_id


is_acting = is_mfa_officer | is_pgo_prosecutor | is_moj_secretary | is_iwg_member
is_reader = is_acting | is_auditor | is_administrator

RULES = {
    "recommendations.view": (is_reader, _("read recommendations")),
    "recommendations.manage_review": (is_mfa_officer | is_moj_secretary, _("record a review and its recommendations")),
    "recommendations.import_recommendations": (
        is_mfa_officer | is_moj_secretary | is_administrator,
        _("import recommendations from a spreadsheet"),
    ),
    "recommendations.propose_response": (is_mfa_officer, _("propose the State's response")),
    "recommendations.record_response": (is_mfa_officer, _("record a response the State gave before")),
    "recommendations.link_communication": (is_mfa_officer | is_moj_secretary, _("link a communication")),
    "recommendations.plan_measure": (is_moj_secretary | is_mfa_officer, _("plan a measure")),
    "recommendations.cancel_measure": (is_moj_secretary, _("cancel a measure")),
    "recommendations.submit_report": (is_acting & is_of_responsible_agency, _("submit a progress report")),
    "recommendations.review_report": (is_moj_secretary | is_mfa_officer, _("accept or return a progress report")),
}

for _name, (_predicate, _label) in RULES.items():
    rules.add_perm(_name, _predicate)
    PERMISSION_LABELS[_name] = str(_label)
