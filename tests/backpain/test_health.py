"""`/healthz` tells a load balancer whether this app server can serve pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def healthz_with(**env):
    """Ask /healthz of a server process started with the given (broken) settings."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps([r.status_code, json.loads(r.content)]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "backpain.settings", "DJANGO_LOG_LEVEL": "CRITICAL", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_unreachable_cache_answers_503(tmp_path):
    status, body = healthz_with(REDIS_URL="redis://127.0.0.1:1/0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert status == 503
    assert body == {"status": "failing", "database": "ok", "cache": "failing"}


def test_unreachable_database_answers_503(tmp_path):
    status, body = healthz_with(DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}", REDIS_URL="")
    assert status == 503
    assert body == {"status": "failing", "database": "failing", "cache": "ok"}


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
