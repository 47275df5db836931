"""The Redis cache backend shares one client per connection pool (Django's builds one per call)."""

from backpain.cache import RedisCache


def test_every_cache_call_reuses_the_client_of_its_connection_pool():
    backend = RedisCache("redis://127.0.0.1:6379/15", {})  # no connection is opened until a command runs
    client = backend._cache.get_client("some-key", write=True)
    assert backend._cache.get_client("other-key") is client
    assert client.connection_pool is backend._cache._get_connection_pool(write=True)


def test_servers_of_a_replicated_cache_each_keep_their_own_client():
    backend = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client()
    assert writer is not reader and writer is backend._cache.get_client(write=True)
