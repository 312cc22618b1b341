"""The sign-in backend: allauth's (username or e-mail and password), with the signed-in user read from the cache.

Django loads the user of a session on every signed-in request (`backend.get_user`): one query before the view's
own, on every page, htmx fragment and poll. Here the user is kept in the cache (Redis in production) for
IWG_USER_CACHE_SECONDS and dropped whenever the user row is saved or deleted (`iwg.signals`: infrastructure, like
a cache sync), so a changed role, password, language or a deactivation is seen on the next request. A change
made without save() (QuerySet.update) is seen after the cache's timeout at the latest. The session hash is still
checked by Django against the cached user's password, and an inactive user is still refused."""

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.core.cache import cache

_KEY = "iwg:user:v1:{}"


def user_cache_key(user_id) -> str:
    return _KEY.format(user_id)


def user_cache_drop(user_id) -> None:
    cache.delete(user_cache_key(user_id))


class CachedUserBackend(AuthenticationBackend):
    def get_user(self, user_id):
        timeout = settings.IWG_USER_CACHE_SECONDS
        if not timeout:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, timeout)
            return user
        return user if self.user_can_authenticate(user) else None
