"""Login protection: who is asking (through our own reverse proxies), the lockout check, and where failures count."""

from axes.backends import AxesStandaloneBackend
from axes.checks import Codes, Hints, Messages
from axes.handlers.cache import AxesCacheHandler
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.checks import Tags, Warning, register

from backpain.sharedcache import CACHE_ERRORS


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


class LockoutHandler(AxesCacheHandler):
    """Failed logins counted in the shared cache, or in the database while the cache is down.

    An editor must be able to log in during a Redis outage (the cache is optional everywhere else), and a
    password guesser must still be stopped: so each step falls back to django-axes' database handler, whose
    counts every app server shares too. Failures counted in Redis before the outage are not seen by the
    database, so an outage gives a guesser at most one more round of `AXES_FAILURE_LIMIT` tries.
    """

    def __init__(self):
        super().__init__()
        self.database = AxesDatabaseHandler()

    def get_failures(self, request, credentials=None):
        try:
            return super().get_failures(request, credentials)
        except CACHE_ERRORS:
            return self.database.get_failures(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        except CACHE_ERRORS:
            return self.database.user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_in(sender, request, user, **kwargs)
        except CACHE_ERRORS:
            return self.database.user_logged_in(sender, request, user, **kwargs)

    def post_save_access_attempt(self, instance, **kwargs):
        """The database's own rows (written during an outage) need nothing more."""

    def post_delete_access_attempt(self, instance, **kwargs):
        """As above."""

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        """Both stores: a lockout counted during an outage is lifted too."""
        count = self.database.reset_attempts(ip_address=ip_address, username=username, ip_or_username=ip_or_username)
        try:
            return count + super().reset_attempts(ip_address=ip_address, username=username)
        except CACHE_ERRORS:
            return count


@register(Tags.security, Tags.caches)
def lockouts_need_a_shared_cache(app_configs, **kwargs):
    """django-axes' own check knows its cache handler by name only; ours needs a cache every server shares too."""
    if settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
        return [Warning(Messages.CACHE_INVALID, hint=Hints.CACHE_INVALID, id=Codes.CACHE_INVALID)]
    return []
