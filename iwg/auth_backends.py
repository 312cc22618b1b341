"""The sign-in backend: allauth's (username or e-mail and password), with the signed-in user read from caches.

Django loads the user of a session on every signed-in request (`backend.get_user`): one query before the view's
own, on every page, htmx fragment and poll. Here the user is kept in the shared cache (Redis in production) for
IWG_USER_CACHE_SECONDS, and, when a deployment turns it on, in the process's memory for
IWG_USER_LOCAL_CACHE_SECONDS (off by default; a couple of seconds would spare a Redis round trip on the
requests that follow each other). Both are dropped whenever the user row is saved or
deleted (`iwg.signals`: infrastructure, like a cache sync), so a changed role, password, language or a
deactivation is seen on the next request of this process, and within the local timeout in the other processes.
A change made without save() (QuerySet.update) is seen after the shared cache's timeout at the latest. Django
still checks the session hash against the cached user's password, and an inactive user is still refused."""

import pickle
import time

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

_KEY = "iwg:user:v2:{}"  # v2: with the agency
# user id -> (monotonic expiry, pickled user): each request gets its own copy, as a request may set attributes.
_local: dict[str, tuple[float, bytes]] = {}


def user_cache_key(user_id) -> str:
    return _KEY.format(user_id)


def user_cache_drop(user_id) -> None:
    _local.pop(str(user_id), None)
    if settings.IWG_USER_CACHE_SECONDS:
        cache.delete(user_cache_key(user_id))


class CachedUserBackend(AuthenticationBackend):
    def get_user(self, user_id):
        timeout = settings.IWG_USER_CACHE_SECONDS
        if not timeout:
            return super().get_user(user_id)
        user = self._local_get(str(user_id))
        if user is None:
            key = user_cache_key(user_id)
            user = cache.get(key)
            if user is None:
                user = self._with_agency(user_id)
                if user is None:
                    return None
                cache.set(key, user, timeout)
            self._local_set(str(user_id), user)
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _with_agency(user_id):
        """The user with its agency, which every page's menu names: cached with it, so the layout makes no query
        (an agency renamed shows in the menu once the cached user expires)."""
        user_model = get_user_model()
        try:
            return user_model._default_manager.select_related("agency").get(pk=user_id)
        except (user_model.DoesNotExist, ValueError, TypeError):
            return None

    @staticmethod
    def _local_get(user_id: str):
        entry = _local.get(user_id)
        if entry is None or entry[0] < time.monotonic():
            return None
        return pickle.loads(entry[1])  # noqa: S301  (bytes this process pickled itself)

    @staticmethod
    def _local_set(user_id: str, user) -> None:
        seconds = settings.IWG_USER_LOCAL_CACHE_SECONDS
        if seconds:
            if len(_local) > 10_000:  # a bound, not a policy: a process serves far fewer people
                _local.clear()
            _local[user_id] = (time.monotonic() + seconds, pickle.dumps(user))
