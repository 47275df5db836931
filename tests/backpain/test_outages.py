"""With the database unreachable, pages and the admin answer a friendly 503 with `Retry-After`, never a 500.

Each case runs a server process whose database cannot be reached: a SQLite file in a folder that does not exist, or
a PostgreSQL address where nothing listens (refused, as during a restart). Recovery without a restart, with a real
PostgreSQL going away and coming back, is in tests/faults/.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import free_port

PROJECT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/articles/back-pain-and-stress/", "/faq/", "/faq/?topic=sciatica", "/search/?q=back", "/sitemap.xml",
         "/feed/"]  # fmt: skip
# What an editor with a session opens.
ADMIN_PAGES = ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/", "/"]


def answers_with(database_url, paths, session=""):
    """(status, Retry-After, body, warnings logged) of each path, from a server process on that database."""
    code = (
        "import django, json, logging; django.setup();"
        "from django.test import Client;"
        "records = [];"
        "handler = logging.Handler(); handler.emit = records.append; logging.getLogger().addHandler(handler);"
        "client = Client(HTTP_HOST='localhost', raise_request_exception=False);"
        "asked = json.loads(input()); client.cookies.load(asked['cookie']);"
        "answers = [client.get(path) for path in asked['paths']];"
        "print(json.dumps([[r.status_code, r.get('Retry-After'), r.content.decode()] for r in answers]"
        " + [[record.levelname, record.getMessage(), bool(record.exc_info)] for record in records]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        input=json.dumps({"paths": paths, "cookie": f"sessionid={session}" if session else ""}),
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backpain.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    return answers[: len(paths)], answers[len(paths) :]


UNREACHABLE = {
    "sqlite": lambda tmp_path: f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}",
    "postgresql": lambda tmp_path: f"postgres://postgres:postgres@127.0.0.1:{free_port()}/backpain",
}


@pytest.mark.parametrize("session", ["", "k" * 32], ids=["visitor", "editor"])
@pytest.mark.parametrize("engine", UNREACHABLE)
def test_every_page_and_the_admin_answer_503_with_retry_after_when_the_database_is_down(engine, session, tmp_path):
    pages = ADMIN_PAGES if session else PAGES
    answers, logged = answers_with(UNREACHABLE[engine](tmp_path), pages, session)
    for path, (status, retry_after, body) in zip(pages, answers, strict=True):
        assert status == 503, path
        assert retry_after == "10"
        assert "Back in a moment" in body and "try again in a minute" in body
    # A warning where the outage was noticed (the 503s, the content generation, the change listener), one each, with
    # no traceback and no line per request.
    messages = [message.split(" (")[0].split(";")[0] for _level, message, _traceback in logged]
    assert sorted(set(messages)) == sorted(messages) and "Database unavailable" in messages
    assert {level for level, _message, _traceback in logged} == {"WARNING"}
    assert not any(traceback for _level, _message, traceback in logged)


def test_healthz_names_the_database_as_the_failing_service(tmp_path):
    [(status, _retry_after, body)], _logged = answers_with(UNREACHABLE["postgresql"](tmp_path), ["/healthz"])
    assert status == 503
    assert json.loads(body) == {"status": "failing", "database": "failing", "cache": "ok"}
