"""Infrastructure only: record sign-ins, failures and sign-outs in the access audit trail; revoke a user's API
tokens when their password changes or their second factor is removed (allauth's hook points)."""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from iwg.models import AccessEvent
from iwg.services import access_record, api_tokens_revoke_for_user


@receiver(user_logged_in)
def _record_sign_in(sender, request, user, **kwargs):
    access_record(kind=AccessEvent.Kind.SIGN_IN, request=request, user=user)


@receiver(user_logged_out)
def _record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        access_record(kind=AccessEvent.Kind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed)
def _record_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("login") or "")
    access_record(kind=AccessEvent.Kind.SIGN_IN_FAILED, request=request, username=username)


@receiver(user_locked_out)
def _record_lockout(sender, request, username, ip_address, **kwargs):
    access_record(kind=AccessEvent.Kind.LOCKED_OUT, request=request, username=username or "")


@receiver(password_changed)
@receiver(password_set)
def _revoke_tokens_on_password_change(sender, request, user, **kwargs):
    api_tokens_revoke_for_user(user=user, actor=user, reason="password changed", request=request)


@receiver(password_reset)
def _revoke_tokens_on_password_reset(sender, request, user, **kwargs):
    api_tokens_revoke_for_user(user=user, actor=None, reason="password reset", request=request)


@receiver(authenticator_removed)
def _revoke_tokens_when_two_factor_is_removed(sender, request, user, authenticator, **kwargs):
    # A token was issued on the strength of the second factor that is gone now.
    api_tokens_revoke_for_user(user=user, actor=user, reason="two-factor sign-in removed", request=request)
