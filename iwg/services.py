"""Writes shared by both apps: the access audit trail."""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .addresses import client_ip
from .history import tracked_save
from .models import AccessEvent
from .texts import LANGUAGE_CHANGED, PREFERENCES_CHANGED, Text, stored


def access_record(*, kind: str, request=None, user=None, username: str = "", obj=None, detail: str = "") -> AccessEvent:
    """Append one access event. `obj` names what was accessed (a document, an export, a page)."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        path=(request.get_full_path() if request is not None else "")[:500],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:2000],
        occurred_at=timezone.now(),
    )


def _path_class(path: str) -> str:
    """The part of the site a path belongs to (/api/, /accounts/, /admin/, /communications/, ...)."""
    first = path.lstrip("/").split("/", 1)[0]
    return f"/{first}/"[:50] if first else "/"


def access_refusal_record(*, request, detail: str = "") -> None:
    """A refused request (403). Every refusal of a signed-in user is its own row. Anonymous refusals (a flood of
    requests without a session or CSRF token) are counted, one row per address, part of the site and minute, so
    a flood cannot grow the table without bound; `count` says how many requests the row stands for."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        access_record(kind=AccessEvent.Kind.REFUSED, request=request, detail=detail)
        return
    now = timezone.now()
    ip = client_ip(request)
    key = f"{AccessEvent.Kind.REFUSED}|{ip or '-'}|{_path_class(request.path)}|{now:%Y-%m-%dT%H:%M}"
    table = AccessEvent._meta.db_table
    # One statement, safe under concurrency: the first refusal of the minute inserts, the others add one.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, username, ip_address, user_agent, path, object_type, object_id, detail, "  # noqa: S608
            "occurred_at, count, aggregate_key) VALUES (%s, '', %s, %s, %s, '', '', %s, %s, 1, %s) "
            f"ON CONFLICT (aggregate_key) DO UPDATE SET count = {table}.count + 1",
            [
                AccessEvent.Kind.REFUSED,
                ip,
                request.META.get("HTTP_USER_AGENT", "")[:300],
                request.get_full_path()[:500],
                detail[:2000],
                now,
                key,
            ],
        )


def user_set_language(*, user, language: str) -> None:
    """Keep the user's interface language (also used for their e-mails and notices)."""

    if language not in {code for code, _name in settings.LANGUAGES} or user.language == language:
        return
    user.language = language
    tracked_save(user, actor=user, reason=stored(Text(LANGUAGE_CHANGED)), update_fields=["language"])


# ---------------------------------------------------------------------------------------------------------------
# API tokens (django-rest-knox: the database keeps a digest, never the token)


def api_token_create(*, user, request=None):
    """A new API token for `user`, who has just proved who they are (password, and the second factor when they
    have one). Returns (the stored token row, the token itself: shown once, never stored). Nobody creates a
    token for someone else: there is no `actor` other than the user. Writes TOKEN_CREATED."""
    from knox.models import AuthToken

    with transaction.atomic():
        instance, token = AuthToken.objects.create(user=user)
        access_record(
            kind=AccessEvent.Kind.TOKEN_CREATED,
            request=request,
            user=user,
            detail=f"token {instance.token_key[:8]}…, expires {instance.expiry:%Y-%m-%d %H:%M %Z}",
        )
    return instance, token


def api_tokens_revoke(*, actor, tokens, reason: str, request=None) -> int:
    """Revoke the given token rows (a queryset). `actor` is who revoked them (the owner, an administrator, or None
    for the system). One TOKEN_REVOKED event per token, in the owner's trail. Returns how many were revoked."""
    revoked = 0
    with transaction.atomic():
        for token in tokens.select_related("user").select_for_update(of=("self",)):
            by = f" by {actor.get_username()}" if actor is not None and actor.pk != token.user_id else ""
            access_record(
                kind=AccessEvent.Kind.TOKEN_REVOKED,
                request=request,
                user=token.user,
                detail=f"token {token.token_key[:8]}…: {reason}{by}"[:2000],
            )
            token.delete()
            revoked += 1
    return revoked


def api_tokens_revoke_for_user(*, user, actor, reason: str, request=None) -> int:
    """Revoke every API token of `user`: on password change or reset, deactivation, or at their request."""
    from knox.models import AuthToken

    return api_tokens_revoke(actor=actor, tokens=AuthToken.objects.filter(user=user), reason=reason, request=request)


def api_tokens_remove_expired(*, now=None) -> int:
    """Delete the rows of expired API tokens (they authenticate nobody: `iwg.authentication` refuses them).
    One TOKEN_REVOKED event per token, by the system. Run daily by Celery beat (`iwg.tasks`)."""
    from knox.models import AuthToken

    expired = AuthToken.objects.filter(expiry__lt=now or timezone.now())
    return api_tokens_revoke(actor=None, tokens=expired, reason="expired")


def api_sign_in(*, request, username: str, password: str, code: str = ""):
    """Exchange a user name, password and (for a user with two-factor sign-in) a one-time or recovery code for a
    new API token: the same proof the sign-in page asks for. Returns (token row, token).

    Refused with `SignInRefused` (401) for wrong credentials or a missing or wrong code, and with
    `TwoFactorSetupRequired` (403) when IWG_REQUIRE_2FA is on and the user has not set up two-factor sign-in.
    A wrong code counts as a failed sign-in towards django-axes' lockout, like a wrong password."""
    from allauth.core import context
    from allauth.mfa.base.forms import AuthenticateForm
    from allauth.mfa.utils import is_mfa_enabled
    from django.conf import settings
    from django.contrib.auth import authenticate
    from django.contrib.auth.signals import user_login_failed
    from django.utils.translation import gettext_lazy as _

    from .errors import SignInRefused, TwoFactorSetupRequired

    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise SignInRefused(_("Unable to sign in with this username and password."))
    if is_mfa_enabled(user):
        if not code:
            message = _("Enter the code from your authenticator app (or a recovery code): you use two-factor sign-in.")
            raise SignInRefused(message, extra={"fields": {"code": [message]}})
        with context.request_context(request):
            form = AuthenticateForm(user=user, data={"code": code})
            verified = form.is_valid()
        if not verified:
            # django-axes counts this failure (and locks the user name out at the limit), as for a wrong password;
            # the access trail records it as a failed sign-in.
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=request, reason="two_factor_code"
            )
            messages = [str(message) for message in form.errors.get("code") or [_("Incorrect code.")]]
            raise SignInRefused(" ".join(messages), extra={"fields": {"code": messages}})
        form.authenticator.record_usage()
    elif settings.IWG_REQUIRE_2FA:
        raise TwoFactorSetupRequired()
    return api_token_create(user=user, request=request)


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
    tracked_save(
        user, actor=actor, reason=stored(Text(PREFERENCES_CHANGED)), update_fields=["email_delivery", "language"]
    )
