"""The rate limit on readers' answers, without keeping anything about the reader.

A client is counted under a keyed hash (HMAC with the secret key) of its address and the current hour, in the
cache, expiring with the hour: the address itself is never stored, and a count cannot be tied to another hour's.
A cache that is down lets answers through rather than refusing readers.
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from backpain.security import client_ip

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 3600


def _key(request, now):
    message = f"{now:%Y-%m-%dT%H}|{client_ip(request)}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"feedback:rate:{digest}"


def allow(request):
    """Count this answer for its client; False once the client has sent `FEEDBACK_PER_HOUR` this hour."""
    key = _key(request, timezone.now())
    try:
        count = 1 if cache.add(key, 1, WINDOW_SECONDS) else cache.incr(key)
    except (RedisError, OSError, ValueError):
        logger.warning("Feedback rate limit unavailable; answer accepted", exc_info=True)
        return True
    return count <= settings.FEEDBACK_PER_HOUR
