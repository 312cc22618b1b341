"""The Redis cache, degrading to no cache when Redis is down (django-redis with IGNORE_EXCEPTIONS): a read finds
nothing, a write is dropped, and each failure is logged (logger `iwg.cache`), so sign-in, the token endpoint and
every page keep working during an outage. Sessions fall back to the database (`cached_db`), the lockout lives in
the database anyway (django-axes' database handler); the API throttle counts nothing while Redis is away.

One difference from django-redis: `add` answers True when Redis is unreachable. allauth uses `add` to refuse a
one-time code used twice; answering "already there" would refuse every code, so nobody with two-factor sign-in
could sign in during an outage. A code's replay within its 30 seconds is the risk taken instead, and logged."""

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.cache import omit_exception


class RedisCache(DjangoRedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
