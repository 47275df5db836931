"""The PostgreSQL backend (`backpain.postgresql`): its health check of a kept connection needs no round trip.

Only PostgreSQL has this backend; CI runs the whole suite on PostgreSQL as well as on SQLite.
"""

import select
import time

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own behaviour"),
]


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def request_starts():
    """What Django runs for its connections when a request starts or ends (`close_old_connections`)."""
    connection.close_if_unusable_or_obsolete()


def test_a_connection_the_server_ended_is_replaced_before_the_next_request_uses_it():
    ended = backend_pid()
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [ended])
    finally:
        other.close()
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.1)[0]:
        assert time.monotonic() < deadline, "the server did not close the connection"

    request_starts()

    assert backend_pid() != ended  # no error: a new connection served the query


def test_a_healthy_connection_is_kept_and_checked_without_a_query(tmp_path):
    kept = backend_pid()
    trace = tmp_path / "protocol.trace"
    with trace.open("w") as trace_file:
        connection.connection.pgconn.trace(trace_file.fileno())
        try:
            request_starts()
            pid = backend_pid()
        finally:
            connection.connection.pgconn.untrace()

    assert pid == kept
    sent = [line for line in trace.read_text().splitlines() if "\tF\t" in line]
    assert sent and all("SELECT 1" not in line for line in sent)
    assert any("pg_backend_pid" in line for line in sent)
