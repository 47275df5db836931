"""What a visitor sends is made safe before any of it reaches a view, a cache key or the database.

PostgreSQL refuses NUL characters in text (psycopg raises before the query is sent), so a query parameter carrying
one would be a 500 wherever a view filters on it. No person types control characters into a URL, so in every
parameter's name and value they become spaces, as the search has always done with its text; tab, newline and
carriage return too. A query string with more parameters, or longer values, than any page reads is answered 400
with a page saying so, before the page cache, sessions or any view run.

A session cookie that could not name a session (anything but letters, digits, `-` and `_`, or longer than 64) is
dropped, so the visitor is simply anonymous instead of the session store being asked for it.

What each view accepts beyond this (a topic that is a slug, a page that is a number, the search's length cap) the
view checks itself.
"""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# More than any page reads; gunicorn refuses request lines over 4094 bytes anyway.
MAX_PARAMETER_LENGTH = 10_000
MAX_PARAMETERS = 30
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SESSION_KEY = re.compile(r"[-\w]{1,64}", re.ASCII)


def problem_with(query):
    """Why this QueryDict is refused, or None."""
    if len(query) > MAX_PARAMETERS:
        return _("too many parameters")
    if any(len(text) > MAX_PARAMETER_LENGTH for name, values in query.lists() for text in (name, *values)):
        return _("a parameter is too long")
    return None


def without_control_characters(query):
    if not any(CONTROL_CHARACTERS.search(text) for name, values in query.lists() for text in (name, *values)):
        return query
    cleaned = QueryDict(mutable=True)
    for name, values in query.lists():
        cleaned.setlist(CONTROL_CHARACTERS.sub(" ", name), [CONTROL_CHARACTERS.sub(" ", value) for value in values])
    return QueryDict(cleaned.urlencode())  # read-only, as Django's own


class VisitorInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = problem_with(request.GET)
        if problem is not None:
            return bad_request(problem)
        request.GET = without_control_characters(request.GET)
        session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session is not None and not SESSION_KEY.fullmatch(session):
            del request.COOKIES[settings.SESSION_COOKIE_NAME]
        return self.get_response(request)


def bad_request(problem):
    html = render_to_string("400.html", {"site_name": settings.SITE_NAME, "problem": problem})
    return HttpResponseBadRequest(html)
