"""What visitors searched for, aggregated per normalised query and day.

No IP address, user or cookie is stored: only the query, the day, how often
it was searched and how many results the latest search found. Rows older
than LOG_RETENTION_DAYS are pruned as new days begin, so storage stays bounded.

Searches are counted in this process's memory and written together at most
every `SEARCH_LOG_FLUSH_SECONDS`: a search then costs no database write (on
SQLite a write locks the whole file, and tells every process the file
changed). The reports flush this process's counts before reading; another
process's counts arrive within that interval. Counts that cannot be written
(the database is down) are dropped with one warning: a log, not content.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from backpain.search.models import SearchQueryDay

LOG_RETENTION_DAYS = 400
MAX_LOGGED_LENGTH = 100
MAX_PENDING_QUERIES = 10_000  # distinct queries held between writes; beyond it they are written at once

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_pending = {}  # (query, day): [searches, results of the latest]
_last_flush = [time.monotonic()]


def log_key(query):
    return " ".join(query.lower().split())[:MAX_LOGGED_LENGTH]


def record_search(*, query, results):
    key = log_key(query)
    if not key:
        return
    with _lock:
        counts = _pending.setdefault((key, timezone.localdate()), [0, 0])
        counts[0] += 1
        counts[1] = results
        due = len(_pending) >= MAX_PENDING_QUERIES or (
            time.monotonic() - _last_flush[0] >= settings.SEARCH_LOG_FLUSH_SECONDS
        )
    if due:
        flush()


def flush():
    """Write this process's counted searches in one transaction (or drop them, warning, if it fails)."""
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _last_flush[0] = time.monotonic()
    if not pending:
        return
    try:
        with transaction.atomic():
            for (key, day), (searches, results) in sorted(pending.items()):
                _write(key, day, searches, results)
    except DatabaseError as error:
        logger.warning("Search log: %d queries not recorded (%s).", len(pending), error)


def discard():
    """Forget the counts not written yet (a test's searches must not reach the next test's database)."""
    with _lock:
        _pending.clear()
        _last_flush[0] = time.monotonic()


def _write(key, day, searches, results):
    rows = SearchQueryDay.objects.filter(query=key, day=day)
    if rows.update(searches=F("searches") + searches, results=results):
        return
    if not SearchQueryDay.objects.filter(day=day).exists():
        SearchQueryDay.objects.filter(day__lt=day - timedelta(days=LOG_RETENTION_DAYS)).delete()
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(query=key, day=day, searches=searches, results=results)
    except IntegrityError:  # another process created the row meanwhile
        rows.update(searches=F("searches") + searches, results=results)
