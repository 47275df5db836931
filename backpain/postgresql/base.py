"""Django's PostgreSQL backend, with a health check that needs no round trip.

With `CONN_HEALTH_CHECKS`, Django makes sure a kept connection still works before a request first uses it, by
running `SELECT 1`: one more round trip on every page view. A connection left idle between requests has nothing to
read unless the server has written to it, and a server that ends a connection (a restart, `pg_terminate_backend`,
an idle timeout) writes its reason and closes it. So the check here asks the socket, without waiting, whether
anything arrived; if so, or if psycopg already knows the connection is broken, Django connects afresh. A false alarm
(a notice the server sent) costs a new connection, never an error.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.pool or self.connection is None or not self.health_check_enabled or self.health_check_done:
            return super().close_if_health_check_failed()
        if self.connection.broken or self.connection.closed or _has_unread_data(self.connection.fileno()):
            self.close()
        self.health_check_done = True


def _has_unread_data(fileno):
    readable, _, _ = select.select([fileno], [], [], 0)
    return bool(readable)
