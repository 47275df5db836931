"""What visitors searched for, aggregated per normalised query and day.

No IP address, user or cookie is stored: only the query, the day, how often
it was searched and how many results the latest search found. Rows older
than LOG_RETENTION_DAYS are pruned as new days begin, so storage stays bounded.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from backpain.search.models import SearchQueryDay

LOG_RETENTION_DAYS = 400
MAX_LOGGED_LENGTH = 100


def log_key(query):
    return " ".join(query.lower().split())[:MAX_LOGGED_LENGTH]


def record_search(*, query, results):
    key = log_key(query)
    if not key:
        return
    today = timezone.localdate()
    rows = SearchQueryDay.objects.filter(query=key, day=today)
    if rows.update(searches=F("searches") + 1, results=results):
        return
    if not SearchQueryDay.objects.filter(day=today).exists():
        SearchQueryDay.objects.filter(day__lt=today - timedelta(days=LOG_RETENTION_DAYS)).delete()
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(query=key, day=today, searches=1, results=results)
    except IntegrityError:
        rows.update(searches=F("searches") + 1, results=results)
