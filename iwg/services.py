"""Writes shared by both apps: the access audit trail."""

from django.conf import settings
from django.utils import timezone

from .history import tracked_save
from .models import AccessEvent


def _client_ip(request) -> str | None:
    # Behind the reverse proxy REMOTE_ADDR is the proxy; the proxy must overwrite X-Forwarded-For.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return address or None


def access_record(*, kind: str, request=None, user=None, username: str = "", obj=None, detail: str = "") -> AccessEvent:
    """Append one access event. `obj` names what was accessed (a document, an export, a page)."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=_client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        path=(request.get_full_path() if request is not None else "")[:500],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:2000],
        occurred_at=timezone.now(),
    )


def user_set_language(*, user, language: str) -> None:
    """Keep the user's interface language (also used for their e-mails and notices)."""

    if language not in {code for code, _name in settings.LANGUAGES} or user.language == language:
        return
    user.language = language
    tracked_save(user, actor=user, reason="Interface language changed", update_fields=["language"])


def user_preferences_update(*, actor, user, email_delivery: str, language: str) -> None:
    """A user's own choices on the profile page: how notices are e-mailed (each at once, a daily digest, none) and
    the language of the interface and of e-mails. Only the user (or an administrator) may change them."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from .models import User

    if actor is None or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied
    errors = {}
    if email_delivery not in User.EmailDelivery.values:
        errors["email_delivery"] = _("Choose how notices are e-mailed.")
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = _("Choose Russian, Kazakh or English.")
    if errors:
        raise ValidationError(errors)
    if (user.email_delivery, user.language) == (email_delivery, language):
        return
    user.email_delivery, user.language = email_delivery, language
    tracked_save(user, actor=actor, reason="Preferences changed", update_fields=["email_delivery", "language"])
