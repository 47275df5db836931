"""Absolute URLs from the configured `SITE_URL`, never from the request.

The Host header is chosen by whoever sends the request, so anything that
leaves the site with an address in it (canonical links, Open Graph tags,
structured data, feeds, sitemaps) is built from `settings.SITE_URL`.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


def absolute_url(url):
    """`url` (a path such as `/articles/x/`) on the public site; absolute URLs pass through."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def site_protocol():
    return settings.SITE_URL.split("://", 1)[0]


def site_domain():
    """The host (and any path prefix) of `SITE_URL`, as sitemaps expect a "domain"."""
    return settings.SITE_URL.split("://", 1)[1]


def slug_url(viewname, slug):
    """The path of the page `viewname` shows for `slug`: `reverse()`, remembered, as a page asks for dozens.

    Keyed on the script prefix too, so it is what `reverse()` would answer; forgotten when the URLconf changes.
    """
    return _slug_url(get_script_prefix(), viewname, slug)


@lru_cache(maxsize=8192)
def _slug_url(prefix, viewname, slug):
    return reverse(viewname, kwargs={"slug": slug})


@receiver(setting_changed)
def _forget_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _slug_url.cache_clear()
