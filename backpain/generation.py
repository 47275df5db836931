"""The content generation: a number the database keeps, which every batch of content writes moves on.

Cached pages are stamped with it and with the publication window (the next time a scheduled article goes live), and
served only while both are current. The number lives in the database, in the writers' own transaction, so a write
never depends on the cache, and a cache that is down, flushed or restored from an old snapshot holds no page under
the current stamp.

Each process keeps the stamp it last read and reads it again only when it may have moved:
- after a write in this process (at once, and again when it commits);
- on SQLite, when the database file changed (a `stat`, no query): another process wrote;
- on PostgreSQL, when a notification arrived on the process's listening connection: writers `NOTIFY` in their
  transaction, so it arrives exactly when their writes are visible. Until that connection is up, it reads the
  stamp on each request;
- when the publication window's time has come.
If the database cannot be read, the last stamp read stays in use (nothing can be written meanwhile).
"""

import contextlib
import logging
import os
import select
import threading
import time
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from backpain.models import ContentGeneration

logger = logging.getLogger(__name__)

CHANNEL = "backpain_content"
# A file changed this recently may change again within the clock's granularity: read the stamp again until it settles.
_SETTLING_NS = 200_000_000
_RECONNECT_SECONDS = 5.0


class Generation:
    """Deriver, last of all: move the generation on, in the batch's transaction."""

    name = "page-cache generation"

    def derive(self, changes):
        if not ContentGeneration.objects.filter(pk=1).update(generation=F("generation") + 1):
            ContentGeneration.objects.create(pk=1, generation=time.time_ns())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
        watcher.moved()
        transaction.on_commit(watcher.moved)

    def rebuild(self, check):
        if not check:
            self.derive(None)
        return []


generation_deriver = Generation()


@cache
def _next_publication():
    return import_string(settings.PAGE_CACHE_SCHEDULE)


class Watcher:
    """This process's copy of the stamp, read again from the database only when it may have moved."""

    def __init__(self):
        self.lock = threading.Lock()
        self.stamp = None  # (generation, window as a POSIX time or 0)
        self.dirty = True
        self.file_state = None
        self.listener = None
        self.listener_pid = None
        self.next_connect = 0.0
        self.outage = False
        self.listener_outage = False

    def moved(self):
        self.dirty = True

    def current(self, now):
        """(generation, window) now, or None if it was never read and cannot be."""
        with self.lock:
            self._look_for_writes()
            stamp = self.stamp
            if self.dirty or stamp is None or (stamp[1] and now.timestamp() >= stamp[1]):
                self.dirty = False
                try:
                    stamp = self.stamp = _read(now)
                    if self.outage:
                        logger.warning("Content generation readable again.")
                    self.outage = False
                except DatabaseError as error:
                    self.dirty = True
                    if not self.outage:
                        logger.warning("Content generation unreadable (%s); keeping the last one read.", error)
                    self.outage = True
            return stamp

    def _look_for_writes(self):
        if connection.vendor == "sqlite":
            self._look_at_file()
        elif connection.vendor == "postgresql":
            self._listen()

    def _look_at_file(self):
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            return  # one process only: its own writes mark it
        state = []
        for path in (name, name + "-wal"):
            try:
                info = os.stat(path)
            except OSError:
                state.append(None)
                continue
            state.append((info.st_mtime_ns, info.st_size, info.st_ino))
            if time.time_ns() - info.st_mtime_ns < _SETTLING_NS:
                self.dirty = True
        if state != self.file_state:
            self.file_state, self.dirty = state, True

    def _listen(self):
        if self.listener is not None and self.listener_pid == os.getpid():
            try:
                if select.select([self.listener.fileno()], [], [], 0)[0]:
                    for _ in self.listener.notifies(timeout=0):
                        pass
                    self.dirty = True
                return
            except Exception:  # noqa: BLE001 (a broken connection raises psycopg's or the OS's errors)
                self.stop_listening()
        self.dirty = True  # not listening: read the stamp on each request
        if time.monotonic() >= self.next_connect:
            self.next_connect = time.monotonic() + _RECONNECT_SECONDS
            self._connect_listener()

    def _connect_listener(self):
        import psycopg

        params = connection.settings_dict
        try:
            self.listener = psycopg.connect(
                dbname=params["NAME"],
                user=params.get("USER") or None,
                password=params.get("PASSWORD") or None,
                host=params.get("HOST") or None,
                port=params.get("PORT") or None,
                autocommit=True,
                connect_timeout=2,
            )
            self.listener.execute(f"LISTEN {CHANNEL}")
            self.listener_pid = os.getpid()
            if self.listener_outage:
                logger.warning("Listening for content changes again.")
            self.listener_outage = False
        except psycopg.Error:
            if not self.listener_outage:  # one warning per outage, not one per attempt
                logger.warning("Cannot listen for content changes; reading the generation on each request.")
            self.listener_outage = True
            self.stop_listening()

    def stop_listening(self):
        """Close this process's listening connection (it is opened again when needed)."""
        if self.listener is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self.listener.close()
        self.listener = None


def _read(now):
    """(generation, window) from the database, in one query."""
    upcoming = Subquery(_next_publication()(now))
    row = ContentGeneration.objects.filter(pk=1).annotate(window=upcoming).values_list("generation", "window").first()
    if row is None:  # no content was ever written through the write path
        upcoming = next(iter(_next_publication()(now)), None)
        row = (0, upcoming["published_at"] if upcoming else None)
    generation, window = row
    return generation, window.timestamp() if window else 0


watcher = Watcher()


def current(now=None):
    """The stamp (generation, window) cached pages must carry now, or None if it cannot be known."""
    return watcher.current(timezone.now() if now is None else now)
