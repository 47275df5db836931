"""The shared cache: Django's Redis backend behind a breaker, and what the page cache asks of it.

The page cache (`backpain/pagecache.py`) counts generations with `incr()` from a clock reading in nanoseconds (a
missing key raising `ValueError`), keeps them with no expiry, reads stamps with `get_many()`, stores a page and its
stamp with `set_many()`, and treats a `RedisError` as the cache being down. The cases that need a server run in CI's
PostgreSQL + Redis pass.
"""

import os
import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from backpain.settings import cache_from_url

needs_redis = pytest.mark.skipif(
    not isinstance(caches["default"], RedisCache),
    reason="needs the Redis server of REDIS_URL (CI's PostgreSQL + Redis pass)",
)


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://cache.internal:6380/1", "unix:///run/redis.sock"]
)
def test_redis_urls_give_djangos_redis_backend_behind_a_breaker_with_short_timeouts(url):
    assert cache_from_url(url) == {
        "BACKEND": "backpain.sharedcache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "backpain"),
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    assert issubclass(import_string(cache_from_url(url)["BACKEND"]), RedisCache)


def test_a_cache_that_cannot_be_reached_raises_what_the_page_cache_treats_as_down():
    unreachable = RedisCache("redis://127.0.0.1:1/0", {})
    with pytest.raises(RedisError):
        unreachable.get("some-key")


@needs_redis
def test_a_counter_from_a_clock_reading_is_incremented_exactly_and_a_missing_one_raises_value_error():
    """Exactly: a counter incremented through a Lua script (django-redis's `incr()`) comes back rounded to a double."""
    with pytest.raises(ValueError):
        cache.incr("generation")
    start = time.time_ns()
    assert cache.add("generation", start, timeout=None)
    assert not cache.add("generation", 7, timeout=None)
    assert cache.incr("generation") == start + 1 == cache.get("generation")


@needs_redis
def test_many_values_are_stored_and_read_in_one_call_each():
    page = b"<html>\xe2\x80\x94</html>"
    cache.set_many({"page": page, "page:stamp": (3, 1.5)}, timeout=60)
    assert cache.get_many(["page", "page:stamp", "missing"]) == {"page": page, "page:stamp": (3, 1.5)}
