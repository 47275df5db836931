import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Section
from faq.models import FAQ

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_quickstart_is_idempotent_and_creates_one_admin(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("quickstart", "--no-serve")
    first_output = capsys.readouterr().out
    counts = (Article.objects.count(), Section.objects.count(), FAQ.objects.count())
    call_command("quickstart", "--no-serve")
    second_output = capsys.readouterr().out

    assert counts[0] == 2 and counts[2] == 11
    assert (Article.objects.count(), Section.objects.count(), FAQ.objects.count()) == counts
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert "Created admin account 'admin' with password:" in first_output
    assert "Created admin account" not in second_output
    assert "An admin account exists already" in second_output


@pytest.mark.django_db(transaction=True)
def test_quickstart_takes_the_admin_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-chosen-password-42")
    call_command("quickstart", "--no-serve")
    assert "a-long-chosen-password-42" not in capsys.readouterr().out
    assert get_user_model().objects.get(is_superuser=True).check_password("a-long-chosen-password-42")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_quickstart_serves_the_seed_article_on_a_fresh_database(tmp_path):
    """The README's first command, for real: a new SQLite file, then the site answers."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SUPERUSER_PASSWORD": "a-long-chosen-password-42",
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "quickstart", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/back-pain-and-stress/") as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert body is not None, server.stdout.read().decode() if server.poll() is not None else "server never answered"
        assert "Back Pain &amp; Stress" in body
        assert "More to Explore" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
