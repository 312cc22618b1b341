"""Role predicates (django-rules) and the one helper services use to refuse an actor.

Services check with `rules.has_perm`, not `user.has_perm`, so that a superuser flag never bypasses the
workflow: administrators manage reference data and users, they do not take steps of the path.
"""

import rules
from django.utils.translation import gettext as _

from .errors import PermissionRefused
from .roles import Role


def _has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role == role)

    return predicate


is_mfa_officer = _has_role(Role.MFA_OFFICER)
is_pgo_prosecutor = _has_role(Role.PGO_PROSECUTOR)
is_moj_secretary = _has_role(Role.MOJ_SECRETARY)
is_iwg_member = _has_role(Role.IWG_MEMBER)
is_auditor = _has_role(Role.AUDITOR)
is_administrator = _has_role(Role.ADMINISTRATOR)


@rules.predicate
def reads_history(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.reads_history)


def require(actor, permission: str, obj=None) -> None:
    """Raise PermissionRefused unless `actor` may do `permission` (on `obj`)."""
    if actor is None:
        return  # the system (Celery, management commands) acts with its own authority
    if not rules.has_perm(permission, actor, obj):
        raise PermissionRefused(
            _("Your role (%(role)s) may not do this: %(action)s.")
            % {
                "role": actor.get_role_display() or _("no role"),
                "action": PERMISSION_LABELS.get(permission, permission),
            }
        )


def allowed(actor, permission: str, obj=None) -> bool:
    return rules.has_perm(permission, actor, obj)


# Human-readable names of the permissions, used in refusals.
PERMISSION_LABELS: dict[str, str] = {}
