"""`/healthz`: may a load balancer send visitors to this app server?

It answers 200 only when the database and the shared cache both work, else 503
naming what failed, so a broken server is taken out of rotation. It reveals no
detail of the failure to the outside (that goes to the log).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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


CHECKS = {"database": _database_works, "cache": _cache_works}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "failing"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503)


urlpatterns = [path("healthz", healthz, name="healthz")]
