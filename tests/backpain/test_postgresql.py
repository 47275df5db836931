"""A kept PostgreSQL connection that the server ended is replaced before a visitor's request uses it.

Connections are kept between requests (`DATABASE_CONN_MAX_AGE`), so one may have been ended by the server meanwhile:
a restart, an idle timeout, an administrator's `pg_terminate_backend`. Django's `CONN_HEALTH_CHECKS` (on in
settings) checks a kept connection before the first query of each request and connects afresh if it fails. Here
the backend serving the test's own connection is really terminated, from a second connection.
"""

import socket
import time

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.db.utils import OperationalError

from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server's own behaviour"),
]


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid):
    """End the server process `pid` from another connection, and wait until it is gone."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        deadline = time.monotonic() + 10
        while other.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]:
            assert time.monotonic() < deadline, "the server did not end the backend"
            time.sleep(0.05)


def test_the_kept_connection_outlives_a_request():
    """What the rest relies on: without an ended connection, the next request reuses it."""
    kept = backend_pid()
    close_old_connections()
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"]
    assert backend_pid() == kept


def test_a_visitor_gets_the_page_after_the_server_ended_the_kept_connection(client):
    article = ArticleFactory()
    ended = backend_pid()
    terminate(ended)

    close_old_connections()  # what every request's start runs (Django's test client leaves it out)
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert backend_pid() != ended


def test_the_next_query_after_a_request_start_works_too():
    ended = backend_pid()
    terminate(ended)

    close_old_connections()

    assert backend_pid() != ended


def test_without_the_request_start_the_ended_connection_fails_its_query():
    """The health check runs once per request: within a request, an ended connection is an error (as it must be)."""
    backend_pid()  # the request's first query has been checked
    terminate(backend_pid())

    with pytest.raises(OperationalError):
        backend_pid()
    close_old_connections()  # the next request starts afresh
    assert backend_pid()


def test_a_listener_that_cannot_connect_warns_once_per_outage_and_says_when_it_listens_again(monkeypatch, caplog):
    from backpain.generation import Watcher

    watcher = Watcher()
    with socket.socket() as closed:  # a port nobody listens on: the database "is down" for the listener
        closed.bind(("127.0.0.1", 0))
        monkeypatch.setitem(connection.settings_dict, "PORT", closed.getsockname()[1])
        for _ in range(3):
            watcher._connect_listener()
    monkeypatch.undo()
    watcher._connect_listener()
    watcher.stop_listening()
    messages = [record.getMessage() for record in caplog.records if record.name == "backpain.generation"]
    assert messages == [
        "Cannot listen for content changes; reading the generation on each request.",
        "Listening for content changes again.",
    ]
