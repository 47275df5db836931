"""Absolute URLs from the configured `SITE_URL`, never from the request.

The Host header is chosen by whoever sends the request, so anything that
leaves the site with an address in it (canonical links, Open Graph tags,
structured data, feeds, sitemaps) is built from `settings.SITE_URL`.
"""

from django.conf import settings


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
