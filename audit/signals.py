"""Infrastructure only: record sign-ins, failures and sign-outs in the access audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from iwg.models import AccessEvent
from iwg.services import access_record


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
