"""Redis killed, frozen and restarted, PostgreSQL restarted, while real requests run through a live gunicorn.

The site is the demo content in a database of this module's own (a SQLite file, or on CI's PostgreSQL pass a
database made for it on the same server, reached through a relay the test can cut as a restart would), with a
`redis-server` of its own, served by gunicorn with the project's gunicorn.conf.py. Visitors ask for every public
page from several threads throughout. Every answer must come within 2 seconds and never be a 500; while the
database is away a page is either served from the cache or a 503 with Retry-After; after each fault an edit shows
at once (nothing stale), and gunicorn is never restarted.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.services import RedisServer, TcpProxy, free_port

PROJECT = Path(__file__).resolve().parents[2]
ANSWER_WITHIN = 2.0
PAGES = [
    "/",
    "/articles/back-pain-and-stress/",
    "/articles/what-makes-sciatica-worse/",
    "/authors/judd-beale/",
    "/topics/sciatica/",
    "/faq/",
    "/faq/?topic=sciatica",
    "/faq/is-bed-rest-good-for-back-pain/",
    "/faq/?q=sciatica",
    "/search/?q=back+pain",
    "/sitemap.xml",
    "/feed/",
    "/admin/login/",
]
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@contextlib.contextmanager
def own_database(tmp_path):
    """(URL the app uses, URL for direct edits, the relay or None): this module's database, dropped afterwards."""
    if not ON_POSTGRESQL:
        url = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
        yield url, url, None
        return
    params = settings.DATABASES["default"]
    name = f"{params['NAME']}_faults"[:63]
    admin = {"host": params["HOST"], "port": params["PORT"] or 5432, "user": params["USER"]}
    admin["password"] = params["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    proxy = TcpProxy(int(admin["port"]), admin["host"]).start()
    credentials = f"{admin['user']}:{admin['password']}"
    try:
        yield (
            f"postgres://{credentials}@127.0.0.1:{proxy.port}/{name}",
            f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}",
            proxy,
        )
    finally:
        proxy.cut()
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """gunicorn serving the demo site, its log kept in a file."""

    def __init__(self, database_url, edit_url, redis, proxy, tmp_path):
        self.redis, self.proxy, self.port = redis, proxy, free_port()
        self.log = tmp_path / "gunicorn.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backpain.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis.url,
            "CACHE_RETRY_SECONDS": "1",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_SUPERUSER_PASSWORD": "correct horse battery staple",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "3",
            "GUNICORN_ACCESS_LOG": "",
        }
        self.edit_env = {**self.env, "DATABASE_URL": edit_url}
        self.process = None

    def start(self):
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "quickstart", "--no-serve"], cwd=PROJECT, env=self.env, check=True,
                       capture_output=True, timeout=180)  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "backpain.wsgi"],
                cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while get(self.url("/healthz"))[0] != 200:
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def retitle(self, slug, title):
        """An editor's change, written by another process straight to the database (the cache is not touched)."""
        code = (
            f"from articles.models import Article; article = Article.objects.get(slug={slug!r});"
            f"article.title = {title!r}; article.save()"
        )
        subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=PROJECT, env=self.edit_env,
                       check=True, capture_output=True, timeout=60)  # fmt: skip


def get(url):
    """(status, seconds, Retry-After, body); status 0 for no answer within ANSWER_WITHIN."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_WITHIN) as response:
            return response.status, time.monotonic() - started, response.headers.get("Retry-After"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, error.headers.get("Retry-After"), error.read()
    except OSError:
        return 0, time.monotonic() - started, None, b""


class Visitors:
    """Threads asking for every public page in turn until stopped, each answer recorded."""

    def __init__(self, site, threads=4):
        self.site, self.threads, self.answers, self.running = site, threads, [], False

    def __enter__(self):
        self.running = True
        self.workers = [threading.Thread(target=self._visit, args=(offset,)) for offset in range(self.threads)]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc_info):
        self.running = False
        for worker in self.workers:
            worker.join()

    def _visit(self, offset):
        number = offset
        while self.running:
            path = PAGES[number % len(PAGES)]
            status, seconds, retry_after, _body = get(self.site.url(path))
            self.answers.append((path, status, seconds, retry_after))
            number += 1

    def during(self, seconds):
        time.sleep(seconds)
        return self


def assert_every_page_answered(answers, allowed=(200,)):
    assert answers, "no requests were made"
    slow = [(path, status, round(seconds, 2)) for path, status, seconds, _ in answers if status == 0]
    assert slow == [], f"not answered within {ANSWER_WITHIN} s"
    wrong = sorted({(path, status) for path, status, _, _ in answers if status not in allowed})
    assert wrong == []
    assert {path for path, _, _, _ in answers} == set(PAGES)
    unavailable = [retry_after for _, status, _, retry_after in answers if status == 503]
    assert all(retry_after for retry_after in unavailable), "a 503 without Retry-After"


def assert_shows(site, path, text):
    status, _seconds, _retry, body = get(site.url(path))
    assert status == 200 and text in body.decode(), f"{path} does not show {text!r}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("faults")
    redis = RedisServer().start()
    with own_database(tmp_path) as (database_url, edit_url, proxy):
        site = Site(database_url, edit_url, redis, proxy, tmp_path).start()
        try:
            yield site
        finally:
            site.stop()
            redis.kill()


@pytest.fixture
def warmed(site):
    """Every page answered and cached with Redis up."""
    if site.redis.process is None:
        site.redis.start()
    for path in PAGES:
        assert get(site.url(path))[0] == 200, path
    return site


def test_redis_killed_and_restarted(warmed):
    with Visitors(warmed) as visitors:
        visitors.during(0.5)
        warmed.redis.kill()
        visitors.during(3)
        warmed.retitle("back-pain-and-stress", "Stress and back pain, edited with Redis down")
        visitors.during(1)
        warmed.redis.start()
        visitors.during(2)
    assert_every_page_answered(visitors.answers)
    assert_shows(warmed, "/articles/back-pain-and-stress/", "Stress and back pain, edited with Redis down")


def test_redis_frozen_and_resumed(warmed):
    with Visitors(warmed) as visitors:
        visitors.during(0.5)
        warmed.redis.freeze()
        visitors.during(3)
        warmed.retitle("back-pain-and-stress", "Stress and back pain, edited with Redis frozen")
        visitors.during(1)
        warmed.redis.resume()
        visitors.during(2)
    assert_every_page_answered(visitors.answers)
    for path in ("/articles/back-pain-and-stress/", "/"):
        assert_shows(warmed, path, "Stress and back pain, edited with Redis frozen")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="a database server that restarts: CI's PostgreSQL pass")
def test_postgresql_restarted(warmed):
    with Visitors(warmed) as visitors:
        visitors.during(0.5)
        warmed.proxy.cut()
        visitors.during(3)
        down = list(visitors.answers)
        warmed.proxy.start()
        visitors.during(3)
    assert_every_page_answered(visitors.answers, allowed=(200, 503))
    assert any(status == 503 for _, status, _, _ in down), "the outage was not noticed"
    recovered = visitors.answers[-2 * len(PAGES) :]
    assert {status for _, status, _, _ in recovered} == {200}, "not recovered without a restart"
    warmed.retitle("back-pain-and-stress", "Stress and back pain, after the restart")
    assert_shows(warmed, "/articles/back-pain-and-stress/", "Stress and back pain, after the restart")


def test_the_log_has_one_warning_per_outage_and_no_traceback(site):
    log = site.log.read_text()
    assert "Traceback" not in log
    cache_outages = len(re.findall(r"Cache \S+ unavailable", log))
    # One warning per outage per process (against a traceback per request before): two outages, three workers, and
    # gunicorn may replace a worker stalled by the frozen cache, whose new process warns once of its own.
    assert 1 <= cache_outages <= 2 * 3 * 2
    assert json.loads(get(site.url("/healthz"))[3]) == {"status": "ok", "database": "ok", "cache": "ok"}
