"""Infrastructure signals of the base: the cached signed-in user (iwg.auth_backends) is dropped when the user row
or its agency (cached with it) changes, so the next request reads it again; the session forgets that two-factor sign-in is set up
(iwg.middleware.RequireTwoFactorMiddleware) when an authenticator is removed in it."""

from allauth.mfa.signals import authenticator_removed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .auth_backends import user_cache_drop
from .commit import on_commit_call
from .middleware import MFA_ENABLED_KEY
from .models import Agency, User


@receiver(post_save, sender=User, dispatch_uid="iwg_user_cache_drop_on_save")
@receiver(post_delete, sender=User, dispatch_uid="iwg_user_cache_drop_on_delete")
def user_cache_drop_on_change(sender, instance, **kwargs) -> None:
    user_cache_drop(instance.pk)
    # Again once committed: a request that read the old row meanwhile may have cached it again.
    transaction.on_commit(on_commit_call(user_cache_drop, instance.pk))


@receiver(post_save, sender=Agency, dispatch_uid="iwg_user_cache_drop_on_agency_save")
def user_cache_drop_on_agency_change(sender, instance, **kwargs) -> None:
    for user_id in User.objects.filter(agency=instance).values_list("pk", flat=True):
        user_cache_drop(user_id)


@receiver(authenticator_removed, dispatch_uid="iwg_mfa_enabled_forget")
def mfa_enabled_forget(sender, request=None, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(MFA_ENABLED_KEY, None)
