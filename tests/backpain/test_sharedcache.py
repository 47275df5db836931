"""The shared cache is optional: with its Redis stopped or frozen every page answers, after one short wait at most.

Each test starts a `redis-server` of its own (tests/services.py) and points the site's cache at it, then stops or
freezes it (SIGSTOP) as an operator would find it.
"""

import logging

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from backpain import sharedcache
from backpain.renditions import renditions
from backpain.sharedcache import CacheUnavailable
from tests.factories import ArticleFactory, AuthorFactory, EditorUserFactory, FAQFactory, png_bytes
from tests.services import redis_server

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def own_redis(settings):
    """The site's cache on a Redis of this test's own; retried a moment after a failure."""
    with redis_server() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "backpain.sharedcache.ResilientRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
        settings.CACHE_RETRY_SECONDS = 60
        yield server


def cache_warnings(caplog):
    return [record for record in caplog.records if record.name == "backpain.sharedcache"]


def test_a_frozen_cache_is_skipped_after_its_first_timeout(own_redis, caplog):
    cache.set("greeting", "hello", 60)
    own_redis.freeze()
    with pytest.raises(sharedcache.CACHE_ERRORS) as first:
        cache.get("greeting")
    assert not isinstance(first.value, CacheUnavailable)  # the server was asked and did not answer
    with pytest.raises(CacheUnavailable):
        cache.get("greeting")  # not asked again
    assert sharedcache.get("greeting", "fallback") == "fallback"
    own_redis.resume()


def test_the_cache_is_tried_again_after_its_retry_time(own_redis, settings):
    cache.set("greeting", "hello", 60)
    own_redis.freeze()
    assert sharedcache.get("greeting") is None
    own_redis.resume()
    assert sharedcache.get("greeting") is None  # still skipped
    settings.CACHE_RETRY_SECONDS = 0
    assert sharedcache.get("greeting") == "hello"


def test_an_outage_logs_one_warning_and_its_end_one_more(own_redis, settings, client, caplog):
    settings.CACHE_RETRY_SECONDS = 0  # every request asks the stopped server again
    article = ArticleFactory()
    own_redis.kill()
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            assert client.get(article.get_absolute_url()).status_code == 200
            assert client.get("/search/", {"q": "back"}).status_code == 200
        own_redis.start()
        assert client.get("/faq/").status_code == 200
    messages = [record.getMessage() for record in cache_warnings(caplog)]
    assert len(messages) == 2 and "unavailable" in messages[0] and "answers again" in messages[1]
    assert not [record for record in caplog.records if record.exc_info]


@pytest.mark.parametrize("break_it", ["kill", "freeze"])
def test_every_public_page_answers_with_the_cache_stopped_or_frozen(own_redis, client, break_it):
    photo = default_storage.save("authors/photo.png", ContentFile(png_bytes(400, 300)))
    author = AuthorFactory(photo=photo)
    article = ArticleFactory(author=author, title="Sciatica at work")
    faq = FAQFactory(question="Is sciatica serious?")
    pages = ["/", article.get_absolute_url(), f"/authors/{author.slug}/", "/faq/", faq.get_absolute_url(),
             "/faq/?q=sciatica", "/search/?q=sciatica", "/sitemap.xml", "/feed/"]  # fmt: skip
    for page in pages:
        assert client.get(page).status_code == 200  # cached while the cache works
    getattr(own_redis, break_it)()
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert article.get_absolute_url() in client.get("/search/?q=sciatica").content.decode()
    if break_it == "freeze":
        own_redis.resume()


def test_renditions_are_made_from_the_stored_image_with_the_cache_down(own_redis):
    name = default_storage.save("articles/hero.png", ContentFile(png_bytes(700, 400)))
    own_redis.kill()
    images = renditions(name)
    assert images is not None and images.width == 700
    assert renditions(name).fallback_url == images.fallback_url


def login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_with_the_cache_down_logins_work_and_lockouts_are_counted_in_the_database(own_redis, settings):
    user = EditorUserFactory(username="dana")
    own_redis.kill()
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(attacker, "dana", "guess").status_code == 200
    assert login(attacker, "dana", "guess").status_code == 429
    assert login(attacker, "dana", PASSWORD).status_code == 429
    office = Client(REMOTE_ADDR="198.51.100.7")
    assert login(office, user.username, PASSWORD).status_code == 302
    assert office.get("/admin/").status_code == 200
