"""Roles of the users and what each role may do in general. Per-object rules are in each app's permissions.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MFA_OFFICER = "mfa_officer", _("MFA officer")
    PGO_PROSECUTOR = "pgo_prosecutor", _("PGO prosecutor")
    MOJ_SECRETARY = "moj_secretary", _("MoJ secretary (IWG secretariat)")
    IWG_MEMBER = "iwg_member", _("IWG member")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see every communication. Other users (IWG members of other bodies) see what concerns them.
ROLES_SEEING_ALL = frozenset(
    {Role.MFA_OFFICER, Role.PGO_PROSECUTOR, Role.MOJ_SECRETARY, Role.AUDITOR, Role.ADMINISTRATOR}
)
# Roles that need a confidential author's or victim's name: MFA registers it, PGO analyses the case,
# auditors read everything. Everyone else sees initials.
ROLES_SEEING_CONFIDENTIAL_NAMES = frozenset({Role.MFA_OFFICER, Role.PGO_PROSECUTOR, Role.AUDITOR})
# Roles that may read the full change history.
ROLES_READING_HISTORY = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})
