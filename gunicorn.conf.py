"""gunicorn settings: `gunicorn -c gunicorn.conf.py backpain.wsgi`.

Each value can be changed from the environment (GUNICORN_* and WEB_CONCURRENCY),
so one file serves a laptop, a benchmark and several production app servers.
gunicorn sits behind a reverse proxy (nginx) that buffers slow clients, so
plain synchronous workers are enough.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Load the app once in the master: workers share its memory and start fast.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never exhaust memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-Proto only from the reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# No control socket unless a path is given: the default one in $HOME is shared by every gunicorn of the user, so a
# second site, a benchmark or a test on the same machine would take it over. We do not use `gunicornc`.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def when_ready(server):
    """Load the search model in the master, after the app: every worker, and every worker that replaces one, is
    forked with it (about a second each otherwise, in a visitor's first search)."""
    from backpain.search import embedding

    embedding.model()
