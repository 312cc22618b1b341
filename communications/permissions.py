"""Who may take each step on communications (django-rules). Services call `iwg.permissions.require`."""

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
    reads_history,
)


@rules.predicate
def is_of_responsible_agency(user, remedy) -> bool:
    return remedy is not None and user.agency_id is not None and remedy.responsible_agency_id == user.agency_id


RULES = {
    "communications.register_note": (is_mfa_officer, _("register a note verbale")),
    "communications.update_communication": (is_mfa_officer, _("edit a communication")),
    "communications.refer_round": (is_mfa_officer, _("refer a round to PGO and MoJ")),
    "communications.change_deadline": (is_mfa_officer, _("change a deadline")),
    "communications.extend_deadline": (is_mfa_officer, _("record an extension")),
    "communications.submit_analysis": (is_pgo_prosecutor, _("submit a legal analysis")),
    "communications.draft_position": (
        is_mfa_officer | is_moj_secretary | is_pgo_prosecutor,
        _("draft the State position"),
    ),
    "communications.approve_position": (is_moj_secretary, _("approve the State position")),
    "communications.send_position": (is_mfa_officer, _("send the State position")),
    "communications.cancel_round": (is_mfa_officer, _("cancel a round")),
    "communications.record_decision": (is_mfa_officer, _("record a final decision")),
    "communications.record_remedy_action": (
        is_mfa_officer | is_moj_secretary | is_pgo_prosecutor | (is_iwg_member & is_of_responsible_agency),
        _("record a follow-up action"),
    ),
    "communications.grade_remedy": (is_mfa_officer, _("record a follow-up grade")),
    "communications.close_communication": (is_mfa_officer, _("close a communication")),
    "communications.correct_communication": (
        is_mfa_officer,
        _("correct a communication (number, parties, confidentiality, void, merge)"),
    ),
    "communications.view_history": (reads_history | is_auditor, _("read the change history")),
    "communications.record_calendar_transfer": (is_administrator, _("record a working-day transfer")),
    "communications.import_communications": (
        is_mfa_officer | is_administrator,
        _("import communications from a spreadsheet"),
    ),
}

for _name, (_predicate, _label) in RULES.items():
    rules.add_perm(_name, _predicate)
    PERMISSION_LABELS[_name] = str(_label)
