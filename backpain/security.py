"""Who is asking: the client address as seen through our own reverse proxies."""

from django.conf import settings


def client_ip(request):
    """The address that connected to the outermost proxy we run.

    Each of our `PROXY_COUNT` proxies appends the address it saw to
    X-Forwarded-For, so the entry that many places from the end is the client;
    anything further left was written by the client and cannot be trusted.
    """
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
