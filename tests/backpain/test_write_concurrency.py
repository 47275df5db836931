"""Concurrent writers and other processes: no stored page or cached page is left behind the database."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, transaction

from articles.models import Article, ArticlePage, Author
from tests.factories import ArticleFactory, AuthorFactory

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between real connections")


def _in_thread(work, started, release):
    def run():
        try:
            with transaction.atomic():
                work()
                started.set()
                release.wait(10)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["rename", "edit"])
def test_an_author_rename_and_an_article_edit_both_show_whichever_commits_first(first):
    author = AuthorFactory(name="Dr Before")
    article = ArticleFactory(author=author, title="Title before")

    def rename():
        renamed = Author.objects.get(pk=author.pk)
        renamed.name = "Dr After"
        renamed.save()

    def edit():
        edited = Article.objects.get(pk=article.pk)
        edited.title = "Title after"
        edited.save()

    works = {"rename": rename, "edit": edit}
    second = "edit" if first == "rename" else "rename"
    first_started, first_release = threading.Event(), threading.Event()
    second_started, second_release = threading.Event(), threading.Event()
    second_release.set()
    one = _in_thread(works[first], first_started, first_release)
    assert first_started.wait(10)  # the first writer has derived, and holds its transaction open
    two = _in_thread(works[second], second_started, second_release)
    time.sleep(0.5)  # the second writer now waits for the first one's lock
    assert not second_started.is_set()
    first_release.set()
    one.join(10)
    two.join(10)
    html = ArticlePage.objects.get(pk=article.pk).html
    assert "Title after" in html and "Dr After" in html


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_database(tmp_path):
    """A database of its own for processes started by the test: a SQLite file, or a new PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}"
        return
    import psycopg

    params = settings.DATABASES["default"]
    name = f"backpain_processes_{uuid.uuid4().hex[:8]}"
    admin = {"user": params["USER"], "password": params["PASSWORD"], "host": params["HOST"], "port": params["PORT"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_write_from_another_process_reaches_every_worker_at_once(own_database, tmp_path):
    """quickstart's set-up served by two gunicorn workers; a title saved from `manage.py shell` shows at once."""
    env = {**os.environ, "DATABASE_URL": own_database, "DJANGO_DEBUG": "1", "DJANGO_MEDIA_ROOT": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "quickstart", "--no-serve"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "backpain.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/articles/back-pain-and-stress/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(6):  # both workers store the page
            assert "Edited in a shell" not in urllib.request.urlopen(url, timeout=5).read().decode()
        edit = (
            "from articles.models import Article; a = Article.objects.get(slug='back-pain-and-stress');"
            " a.title = 'Edited in a shell'; a.save()"
        )
        subprocess.run([*manage, "shell", "-c", edit], env=env, check=True, capture_output=True, timeout=60)
        time.sleep(0.05)  # a notification is delivered when the writer commits
        for _ in range(6):
            assert "Edited in a shell" in urllib.request.urlopen(url, timeout=5).read().decode()
    finally:
        server.terminate()
        server.wait(10)
