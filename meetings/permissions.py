"""Who may run IWG meetings: the MoJ secretariat."""

import rules
from django.utils.translation import gettext_lazy as _

from iwg.permissions import PERMISSION_LABELS, is_moj_secretary

RULES = {
    "meetings.schedule_meeting": (is_moj_secretary, _("schedule an IWG meeting")),
    "meetings.manage_agenda": (is_moj_secretary, _("change an IWG agenda")),
    "meetings.record_held": (is_moj_secretary, _("record an IWG meeting as held")),
    "meetings.cancel_meeting": (is_moj_secretary, _("cancel an IWG meeting")),
}

for _name, (_predicate, _label) in RULES.items():
    rules.add_perm(_name, _predicate)
    PERMISSION_LABELS[_name] = str(_label)
