"""Whole-page caching for anonymous visitors that never serves stale content.

Every cached page is stamped with the content generation and the publication window (`backpain/generation.py`),
both decided by the database, and is served only while both are current: a write moves the generation on in its
own transaction, and a scheduled article going live ends the window with no write at all. The cache holds pages
only; a write never touches it, and a cache that is down only means pages are rendered.

The same stamp makes an ETag known before rendering, so a repeat request with `If-None-Match` is answered 304
without touching the database.

Views opt in with `CachedPublicPageMixin` or `@cache_public_page`: they mark an anonymous visitor's page as
shareable. `PageCacheMiddleware`, near the top of the stack, stores marked pages with their final headers and
answers later requests before sessions, authentication, CSRF or URL routing run. Requests that carry a session are
neither answered from the cache nor stored in it, and logged-in people's pages (editors, previews) are marked private.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import http_date
from django.utils.translation import get_language

from backpain import generation, sharedcache

# Beside each stored page, the stamp it was made under: read first, it tells whether to fetch the page.
STAMP_SUFFIX = ":stamp"
# What a down or unreachable cache or database raises.
SERVICE_ERRORS = (DatabaseError, *sharedcache.CACHE_ERRORS)

# A page number as a person types it: from 1 up, nine digits at most.
PAGE_NUMBER = re.compile(r"0*[1-9][0-9]{0,8}")

# Per-response headers that must not be replayed to another visitor.
UNSHARED_HEADERS = {"set-cookie", "date", "content-length"}


def page_key(uri, language):
    """The cache key of the page at this address in this language (its stamp is beside it)."""
    return "pagecache:page:" + hashlib.sha256(f"{uri}|{language}".encode()).hexdigest()


class PageCacheMiddleware(MiddlewareMixin):
    """Answer anonymous visitors from the page cache; store the pages views marked as public."""

    def process_request(self, request):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return None
        address = shared_address(request)
        if address is None:
            request.page_cache = None
            return None
        # Outside the `try`: a disallowed Host header is the visitor's error (400), not the cache's.
        key = page_key(request.build_absolute_uri(address), get_language())
        try:
            return self.lookup(request, key)
        except SERVICE_ERRORS:
            # A broken cache or database must not hide the page (or /healthz's diagnosis) behind a 500; the outage
            # was logged once where it was noticed (backpain/sharedcache.py, backpain/generation.py).
            request.page_cache = None
            return None

    def lookup(self, request, key):
        """The stamp from this process; the page from this worker's recent pages, or from the shared cache.

        The stamp each stored page was made under is read first, so a page made before the last change is never
        fetched: just after an edit, every page costs one small round trip, not its bytes.
        """
        now = timezone.now()
        stamp = generation.current(now)
        if stamp is None:
            request.page_cache = None
            return None
        window = stamp[1]
        version = f"{stamp[0]}:{window}"
        etag = f'W/"{hashlib.sha256(f"{key}|{version}".encode()).hexdigest()[:32]}"'
        request.page_cache = {
            "key": key,
            "version": version,
            "etag": etag,
            "timeout": _timeout(now, window),
            "now": now,
        }
        if _has_own_state(request):
            return None
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return _with_validation_headers(not_modified, etag)
        entry = _recent_pages.get(key, version)
        if entry is None:
            if sharedcache.get(key + STAMP_SUFFIX) != version:
                return None
            entry = sharedcache.get(key)
            if entry is None or entry[0] != version:
                return None
            _recent_pages.put(key, entry)
        _, status, content, headers = entry
        return HttpResponse(content, status=status, headers={**headers, "Content-Length": str(len(content))})

    def process_response(self, request, response):
        state = getattr(request, "page_cache", None)
        shareable = state and getattr(request, "is_public_page", False) and not _has_own_state(request)
        if shareable and _is_cacheable(response):
            response.headers.setdefault("Last-Modified", http_date(state["now"].timestamp()))
            _with_validation_headers(response, state["etag"])
            headers = {name: value for name, value in response.items() if name.lower() not in UNSHARED_HEADERS}
            entry = (state["version"], response.status_code, response.content, headers)
            _recent_pages.put(state["key"], entry)
            sharedcache.set_many({state["key"]: entry, state["key"] + STAMP_SUFFIX: state["version"]}, state["timeout"])
        return response


def shared_address(request):
    """The address a shared copy of this page is kept under, or None when no copy may be used or stored.

    Only the query parameters the view reads (`page_parameters`) are part of it, normalised, so `?utm_source=…`
    or `?page=01` finds the one copy of the page instead of storing another. A page number that is not a plain
    positive number is rendered every time and never stored. Addresses of views that share no page are not looked
    up at all.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    names = getattr(getattr(match.func, "view_class", match.func), "page_parameters", None)
    if names is None:
        return None
    query = {}
    for name in sorted(names):
        value = request.GET.get(name, "").strip()
        if name == "page" and value and value != "last":
            if not PAGE_NUMBER.fullmatch(value):
                return None
            value = "" if int(value) == 1 else str(int(value))
        if value:
            query[name] = value
    return f"{request.path}?{urlencode(query)}" if query else request.path


class RecentPages:
    """This worker's copies of the pages it served last.

    A copy is used only while its stamp matches the shared one, so it is never
    staler than the shared cache; it spares moving the page out of Redis.
    """

    def __init__(self, size):
        self.size, self.pages, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key, version):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry[0] != version:
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_recent_pages = RecentPages(size=200)


def forget_recent_pages():
    """Drop this worker's copies: the next request reads the shared cache, as another worker would."""
    with _recent_pages.lock:
        _recent_pages.pages.clear()


def _has_own_state(request):
    """A session or a pending message may change the page: render it for this visitor alone."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def _timeout(now, window):
    if not window:
        return settings.PAGE_CACHE_SECONDS
    return max(1, min(settings.PAGE_CACHE_SECONDS, int(window - now.timestamp())))


def _is_cacheable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _with_validation_headers(response, etag):
    """Browsers may keep the page but must ask again; the ETag makes asking cheap."""
    response["ETag"] = etag
    patch_cache_control(response, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def mark_public_page(request, response):
    """Let an anonymous visitor's page be shared; keep a logged-in person's page private."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        request.is_public_page = True
    return response


def cache_public_page(view=None, *, page_parameters=()):
    """Decorator for function views that show public content (naming the query parameters they read, if any)."""
    if view is None:
        return lambda view: cache_public_page(view, page_parameters=page_parameters)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        return mark_public_page(request, view(request, *args, **kwargs))

    cached_view.page_parameters = tuple(page_parameters)
    return cached_view


class CachedPublicPageMixin:
    """For class-based views that show public content: cached for anonymous visitors.

    `page_parameters` names the query parameters the view reads; the cache keeps one copy per combination of
    their normalised values and ignores every other parameter.
    """

    page_parameters = ()

    def is_shared_page(self):
        """Whether this request's page may be cached; views override it for requests that must always render."""
        return True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        return mark_public_page(request, response) if self.is_shared_page() else response
