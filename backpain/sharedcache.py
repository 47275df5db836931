"""The shared cache is optional: a Redis that is down, frozen or slow costs a visitor at most one short timeout.

`ResilientRedisCache` is Django's own Redis backend behind a circuit breaker, one per Redis address and process:
after a call fails (refused, reset, or no answer within the socket timeouts set in settings), every call for the
next `CACHE_RETRY_SECONDS` raises `CacheUnavailable` at once instead of waiting on the dead server again; then one
call tries the server. An outage logs one warning when it starts and one when it ends, per process.

Readers that can do without the cache use `get`, `get_many`, `set` and `set_many` here, which treat a failing cache
as empty. A reader that must know (the login lockout, `/healthz`) calls the cache and catches `CACHE_ERRORS` itself.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache that is down, unreachable or skipped raises.
CACHE_ERRORS = (RedisError, OSError)


class CacheUnavailable(RedisConnectionError):
    """The cache failed a moment ago and is skipped until its retry time."""


class Breaker:
    """Open for `CACHE_RETRY_SECONDS` after a failure; then the next call tries the server again."""

    def __init__(self, name):
        self.name, self.lock = name, threading.Lock()
        self.failed_at = 0.0
        self.outage = False

    def call(self, method, *args, **kwargs):
        if self.outage and time.monotonic() - self.failed_at < settings.CACHE_RETRY_SECONDS:
            raise CacheUnavailable(f"{self.name} failed less than {settings.CACHE_RETRY_SECONDS} s ago")
        try:
            result = method(*args, **kwargs)
        except CACHE_ERRORS as error:
            with self.lock:
                self.failed_at = time.monotonic()
                if not self.outage:
                    self.outage = True
                    logger.warning(
                        "Cache %s unavailable (%s); pages are rendered without it, and it is tried again every %s s.",
                        self.name, error, settings.CACHE_RETRY_SECONDS,
                    )  # fmt: skip
            raise
        if self.outage:
            with self.lock:
                if self.outage:
                    self.outage = False
                    logger.warning("Cache %s answers again.", self.name)
        return result


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location):
    """This process's breaker for one Redis address (Django makes a backend object per thread; they share it)."""
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker(location))


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, each public operation through this process's breaker for its server."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.breaker = breaker_for(server)


def _through_breaker(name):
    def operation(self, *args, **kwargs):
        return self.breaker.call(getattr(super(ResilientRedisCache, self), name), *args, **kwargs)

    operation.__name__ = name
    return operation


# RedisCache's own operations; the rest of Django's cache API (decr, get_or_set, the async ones) is built on them.
OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")
for _name in OPERATIONS:
    setattr(ResilientRedisCache, _name, _through_breaker(_name))


def get(key, default=None):
    """The cached value, or `default` when it is missing or the cache is down."""
    try:
        return cache.get(key, default)
    except CACHE_ERRORS:
        return default


def get_many(keys):
    try:
        return cache.get_many(keys)
    except CACHE_ERRORS:
        return {}


def set(key, value, timeout):  # noqa: A001 (the cache's own name for it)
    """Store a value if the cache works; a cache that is down only means it is computed again next time."""
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, value, timeout)


def set_many(values, timeout):
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set_many(values, timeout)
