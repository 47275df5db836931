"""Whole-page caching for anonymous visitors that never serves stale content.

Every cached page is stamped with two things that change whenever its content
could have changed, and is served only while both are still current:

- the *content generation*, a counter in the shared cache bumped by every write
  to a content model: saves, deletes and many-to-many changes (signals), and
  QuerySet updates and bulk inserts (`ContentQuerySet`). A new generation makes
  every earlier entry stale at once, on every app server. `migrate`
  bumps it too, so a deploy never serves pages rendered by the old templates.
- the *publication window*: the next time a scheduled article goes live. That
  change needs no write, so no signal can announce it; once the time has come,
  the window changes and pages are rendered again, with no job to run.

The same two values make an ETag known before rendering, so a repeat request
with `If-None-Match` is answered 304 without touching the database.

Views opt in with `CachedPublicPageMixin` or `@cache_public_page`: they mark
an anonymous visitor's page as shareable. `PageCacheMiddleware`, near the top
of the stack, stores marked pages with their final headers and answers later
requests before sessions, authentication, CSRF or URL routing run. Requests
that carry a session are neither answered from the cache nor stored in it, and
logged-in people's pages (editors, previews) are marked private.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import http_date
from django.utils.translation import get_language
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Every model whose rows appear on public pages. A content model added later
# joins this list (or calls `watch_content_model` from its app's `ready()`).
CONTENT_MODELS = [
    "articles.Author",
    "articles.Topic",
    "articles.Article",
    "articles.Section",
    "articles.Resource",
    "articles.RelatedPick",
    "faq.FAQ",
]

GENERATION_KEY = "pagecache:generation"
WINDOW_KEY = "pagecache:window"
# Beside each stored page, the stamp it was made under: read with the shared stamps, it tells whether to fetch it.
STAMP_SUFFIX = ":stamp"
# What a down or unreachable cache or database raises.
SERVICE_ERRORS = (DatabaseError, RedisError, OSError)

# Per-response headers that must not be replayed to another visitor.
UNSHARED_HEADERS = {"set-cookie", "date", "content-length"}


def content_changed(**kwargs):
    """Start a new generation, now and again when the current transaction commits.

    Bumping at once hides the old pages from the moment of the write; bumping
    again on commit discards any page that a concurrent request rendered from
    the database before the write was visible to it. The writer also works out
    the new publication window, so that page views need no query for it.
    """
    _new_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_new_generation)


def code_changed(**kwargs):
    """After `migrate` (every deploy), pages rendered by the old code are stale too."""
    _bump_generation()


def _new_generation():
    store_window(_bump_generation(), timezone.now())


def _bump_generation():
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (first use, flushed or evicted): a clock reading never repeats an earlier generation.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        return cache.get(GENERATION_KEY)


def watch_content_model(model):
    """Invalidate cached pages whenever rows of `model` or its many-to-many links change."""
    post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through._meta.label}")


def connect_signals():
    for label in CONTENT_MODELS:
        watch_content_model(apps.get_model(label))
    post_migrate.connect(code_changed, dispatch_uid="pagecache-migrate")


class ContentQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes, which send no model signals, still invalidate pages."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        content_changed()
        return rows

    def bulk_create(self, *args, **kwargs):
        objects = super().bulk_create(*args, **kwargs)
        content_changed()
        return objects

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        content_changed()
        return rows


def next_publication(now):
    """The next time a scheduled article goes live, or None."""
    article = apps.get_model("articles", "Article")
    upcoming = article.objects.filter(status=article.Status.PUBLISHED, published_at__gt=now)
    return upcoming.order_by("published_at").values_list("published_at", flat=True).first()


def store_window(generation, now):
    """Work out and share the end of the current publication window (a POSIX time, 0 for none)."""
    upcoming = next_publication(now)
    window = upcoming.timestamp() if upcoming else 0
    cache.set(WINDOW_KEY, (generation, window), timeout=None)
    return window


def publication_window(generation, stored, now):
    """The shared window if it belongs to this generation and its time has not come, else a new one."""
    if stored and stored[0] == generation and (not stored[1] or now.timestamp() < stored[1]):
        return stored[1]
    return store_window(generation, now)


class PageCacheMiddleware(MiddlewareMixin):
    """Answer anonymous visitors from the page cache; store the pages views marked as public."""

    def process_request(self, request):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return None
        # Outside the `try`: a disallowed Host header is the visitor's error (400), not the cache's.
        key = (
            "pagecache:page:" + hashlib.sha256(f"{request.build_absolute_uri()}|{get_language()}".encode()).hexdigest()
        )
        try:
            return self.lookup(request, key)
        except SERVICE_ERRORS:
            # A broken cache or database must not hide the page (or /healthz's diagnosis) behind a 500.
            logger.warning("Page cache unavailable; rendering %s", request.path, exc_info=True)
            request.page_cache = None
            return None

    def lookup(self, request, key):
        """One small round trip to the shared cache for the stamps; the page itself is often in this worker.

        The stamp each stored page was made under is read in the same round trip, so a page made before the last
        change is never fetched: just after an edit, every page costs one round trip, not two and its bytes.
        """
        now = timezone.now()
        found = cache.get_many([GENERATION_KEY, WINDOW_KEY, key + STAMP_SUFFIX])
        generation = found.get(GENERATION_KEY) or _bump_generation()
        window = publication_window(generation, found.get(WINDOW_KEY), now)
        version = f"{generation}:{window}"
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
            if found.get(key + STAMP_SUFFIX) != version:
                return None
            entry = cache.get(key)
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
            try:
                cache.set_many({state["key"]: entry, state["key"] + STAMP_SUFFIX: state["version"]}, state["timeout"])
            except SERVICE_ERRORS:
                logger.warning("Page cache unavailable; %s not stored", request.path, exc_info=True)
        return response


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


def cache_public_page(view):
    """Decorator for function views that show public content."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        return mark_public_page(request, view(request, *args, **kwargs))

    return cached_view


class CachedPublicPageMixin:
    """For class-based views that show public content: cached for anonymous visitors."""

    def is_shared_page(self):
        """Whether this request's page may be cached; views override it for requests that must always render."""
        return True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        return mark_public_page(request, response) if self.is_shared_page() else response
