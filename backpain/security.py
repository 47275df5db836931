"""Login protection: who is asking (through our own reverse proxies), and the lockout check."""

from axes.backends import AxesStandaloneBackend
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


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come from a client.

    A login without a request (the test client's `login()`, a script) has no
    client address to count or lock out, so it goes on to the next backend
    instead of failing as django-axes does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
