"""Deployment settings come from the environment; production settings pass Django's deploy checks.

Settings are read once per process, so each case runs `manage.py` in a fresh
process with its own environment, as a server would start.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "SITE_URL": "https://backpain.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
}


def manage(*args, **env):
    """Run manage.py with the given environment on top of a clean one (no deployment settings)."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_")
        and key not in {"DATABASE_URL", "DATABASE_PREPARE_THRESHOLD", "REDIS_URL", "CACHE_URL", "SITE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env, *names):
    code = (
        "from django.conf import settings; import json;"
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_production_has_no_shared_cache():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "axes.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0" in result.stderr


def test_an_unknown_cache_url_is_refused_with_a_clear_message():
    result = manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL/REDIS_URL must start with redis://" in result.stderr


def test_production_settings_come_from_the_environment(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://backpain:secret@db.internal:5432/backpain",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SECURE_HSTS_SECONDS": "600",
    }
    values = settings_in(
        env,
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "CACHES",
        "DATABASES",
        "STATIC_ROOT",
        "MEDIA_ROOT",
        "SECURE_HSTS_SECONDS",
        "STORAGES",
        "SESSION_COOKIE_SECURE",
    )
    assert values["ALLOWED_HOSTS"] == "['backpain.example.org']"
    assert values["CSRF_TRUSTED_ORIGINS"] == "['https://backpain.example.org']"
    assert "RedisCache" in values["CACHES"] and "redis://127.0.0.1:6379/0" in values["CACHES"]
    assert "postgresql" in values["DATABASES"] and "db.internal" in values["DATABASES"]
    assert values["STATIC_ROOT"] == str(tmp_path / "static")
    assert values["MEDIA_ROOT"] == str(tmp_path / "media")
    assert values["SECURE_HSTS_SECONDS"] == "600"
    assert "CompressedManifestStaticFilesStorage" in values["STORAGES"]
    assert values["SESSION_COOKIE_SECURE"] == "True"


def test_laptop_defaults_need_nothing_installed():
    values = settings_in({}, "DEBUG", "DATABASES", "CACHES")
    assert values["DEBUG"] == "True"
    assert "sqlite3" in values["DATABASES"]
    assert "LocMemCache" in values["CACHES"]


def test_production_serves_static_files_hashed_compressed_and_cached_for_a_year(tmp_path):
    env = {
        **{key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"},
        "CACHE_URL": "locmem://",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    collected = manage("collectstatic", "--noinput", **env)
    assert collected.returncode == 0, collected.stderr
    code = (
        "import json; from django.templatetags.static import static; from django.test import Client;"
        "url = static('css/site.css');"
        "r = Client(HTTP_HOST='backpain.example.org').get(url, HTTP_ACCEPT_ENCODING='gzip');"
        "print(json.dumps([url, r.status_code, r.get('Cache-Control'), r.get('Content-Encoding')]))"
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    url, status, cache_control, encoding = json.loads(result.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    assert status == 200
    assert "max-age=315360000" in cache_control and "immutable" in cache_control
    assert encoding == "gzip"


def test_production_redirects_to_https_except_the_health_check(tmp_path):
    env = {
        **{key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"},
        "CACHE_URL": "locmem://",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = (
        "import json; from django.test import Client; c = Client(HTTP_HOST='backpain.example.org');"
        "home, health = c.get('/'), c.get('/healthz');"
        "print(json.dumps([home.status_code, home.get('Location'), health.status_code]))"
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    home_status, home_location, health_status = json.loads(result.stdout.strip().splitlines()[-1])
    assert (home_status, home_location) == (301, "https://backpain.example.org/")
    assert health_status == 200


POSTGRES_URL = "postgres://backpain:secret@127.0.0.1:5432/backpain"


def test_postgresql_prepares_repeated_statements_unless_told_off():
    prepared = settings_in({"DATABASE_URL": POSTGRES_URL}, "DATABASES")["DATABASES"]
    assert "'server_side_binding': True" in prepared and "'prepare_threshold': 2" in prepared
    off = settings_in({"DATABASE_URL": POSTGRES_URL, "DATABASE_PREPARE_THRESHOLD": "off"}, "DATABASES")["DATABASES"]
    assert "'prepare_threshold': None" in off


def test_a_bad_prepare_threshold_is_refused_with_a_clear_message():
    result = manage("check", DATABASE_URL=POSTGRES_URL, DATABASE_PREPARE_THRESHOLD="often")
    assert result.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a whole number or 'off', not 'often'" in result.stderr
