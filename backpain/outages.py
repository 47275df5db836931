"""A database that cannot be reached answers a friendly 503 with `Retry-After`, never a 500.

PostgreSQL restarting, failing over or refusing connections raises `OperationalError` (or `InterfaceError` for a
connection it closed) from whichever query comes first, in a public page or the admin. This middleware turns that
into the 503 page, which needs no database, and logs one warning when the outage starts and one when a view works
again, per process. Pages still in the cache are served meanwhile (backpain/pagecache.py), and nothing needs a
restart afterwards: Django connects afresh on the next request (`CONN_HEALTH_CHECKS`).
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.outage = False

    def __call__(self, request):
        response = self.get_response(request)
        routed = getattr(request, "resolver_match", None) is not None
        if self.outage and routed and not getattr(response, "database_outage", False) and response.status_code < 500:
            self.outage = False
            logger.warning("Database answers again.")
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        if not self.outage:
            self.outage = True
            logger.warning("Database unavailable (%s); answering 503 until it is back.", str(exception).strip())
        request.database_outage = True
        return unavailable_response()


class AnsweredOutages(logging.Filter):
    """Drop django.request's error line for each 503 answered here: the outage was logged once already."""

    def filter(self, record):
        return not getattr(getattr(record, "request", None), "database_outage", False)


def unavailable_response():
    """The 503 page: rendered without the request or the database, with when to try again."""
    response = HttpResponse(render_to_string("503.html", {"site_name": settings.SITE_NAME}), status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response.database_outage = True
    return response
