"""`/healthz`: may a load balancer send visitors to this app server?

It answers 200 only when the database and the shared cache both work, else 503
naming what failed, so a broken server is taken out of rotation (monitoring
should alert on it too: with the cache down the site is slower but serves). It
reveals no detail of the failure to the outside; the log gets one warning when a
service starts failing and one when it works again, not one per probe.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from backpain.sharedcache import CACHE_ERRORS

logger = logging.getLogger(__name__)


def _database_works():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_works():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    works = cache.get(key) == value
    cache.delete(key)
    return works


CHECKS = {"database": (_database_works, DatabaseError), "cache": (_cache_works, CACHE_ERRORS)}
_failing = set()


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, (check, errors) in CHECKS.items():
        try:
            works = check()
        except errors as error:
            works = False
            if name not in _failing:
                logger.warning("Health check: %s failing (%s)", name, error)
        if works:
            if name in _failing:
                logger.warning("Health check: %s works again", name)
            _failing.discard(name)
        else:
            _failing.add(name)
        results[name] = "ok" if works else "failing"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503)


urlpatterns = [path("healthz", healthz, name="healthz")]
