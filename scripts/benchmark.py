"""Benchmark the public pages on a generated site of realistic size.

    python scripts/benchmark.py [--articles 500] [--faqs-per-article 20] [--seconds 10] [--soak-seconds 30]

It builds its own database (a SQLite file in /tmp, or the PostgreSQL database
named by BENCHMARK_DATABASE_URL, which it empties), then reports:

- in-process: SQL queries and median/p95 time of the home, article, topic, FAQ
  (and search, when that page exists) pages, uncached and from the cache;
- over HTTP: gunicorn with 2 workers on loopback under wrk, the article page
  from the cache and uncached, side by side with a static file, as ratios, with
  the CPU time per request of the workers and of the local database and cache
  servers; peak memory of a worker; a 304 check; 50 connections for the soak.

REDIS_URL, if set, is used as the cache (as in production); else local memory.
Everything it starts it stops; it sends traffic to 127.0.0.1 only.
"""

import argparse
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "sqlite:////tmp/backpain-benchmark.sqlite3"

PARAGRAPH = (
    "Low back pain is very common and usually gets better within a few weeks. Staying active, "
    "keeping up your daily routine and using heat or simple pain relief all help. **Bed rest** "
    "slows recovery; gentle movement speeds it up. See a doctor if the pain follows a fall, "
    "comes with numbness in the groin or trouble passing urine, or does not ease after six weeks."
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--faqs-per-article", type=int, default=20)
    parser.add_argument("--sections", type=int, default=12, help="Sections per article.")
    parser.add_argument("--repeat", type=int, default=50, help="In-process requests per page and mode.")
    parser.add_argument("--seconds", type=int, default=10, help="Duration of each wrk throughput run.")
    parser.add_argument("--connections", type=int, default=10, help="Connections of the throughput runs.")
    parser.add_argument("--soak-seconds", type=int, default=30)
    parser.add_argument("--soak-connections", type=int, default=50)
    parser.add_argument("--port", type=int, default=18000, help="First of the two ports gunicorn uses.")
    parser.add_argument("--no-http", action="store_true", help="Only the in-process figures.")
    return parser.parse_args()


def configure_environment(workdir):
    """Production-like settings for this process and the gunicorn it starts."""
    database = os.environ.get("BENCHMARK_DATABASE_URL", DEFAULT_DATABASE)
    if database == DEFAULT_DATABASE:
        Path(database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    os.environ.update(
        DATABASE_URL=database,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL="http://127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_LOG_LEVEL="ERROR",
        CACHE_KEY_PREFIX=f"benchmark-{secrets.token_hex(4)}",
    )
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backpain.settings")
    import django

    django.setup()
    return database


def build_site(*, articles, faqs_per_article, sections_per_article):
    from django.core.management import call_command
    from django.db import connection

    from backpain.writes import batch

    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    with batch():  # derived once, when all the rows are in: pages, rankings, the search index
        article, topic = insert_content(articles, faqs_per_article, sections_per_article)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them on a live site
    return article, topic


def insert_content(articles, faqs_per_article, sections_per_article):
    from django.utils import timezone

    from articles.models import Article, Author, Resource, Section, Topic
    from backpain.markdown import render_markdown
    from faq.models import FAQ

    html = render_markdown(PARAGRAPH)
    topics = Topic.objects.bulk_create(
        [Topic(name=f"Topic {i}", slug=f"topic-{i}", description=PARAGRAPH, description_html=html) for i in range(20)]
    )
    authors = Author.objects.bulk_create(
        [Author(name=f"Author {i}", slug=f"author-{i}", bio=PARAGRAPH, bio_html=html) for i in range(30)]
    )
    now = timezone.now()
    # The last 20 are not public: 10 scheduled, 10 drafts.
    states = [
        ("draft", None) if i >= articles - 10
        else ("published", now + timedelta(days=i)) if i >= articles - 20
        else ("published", now - timedelta(hours=i))
        for i in range(articles)
    ]  # fmt: skip
    new_articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Article {i}: understanding back pain",
                slug=f"article-{i}",
                summary=PARAGRAPH[:200],
                status=status,
                published_at=published_at,
                author=authors[i % len(authors)],
                reviewed_by=authors[(i + 1) % len(authors)],
                last_reviewed=now.date(),
                intro=PARAGRAPH,
                intro_html=html,
                conclusion=PARAGRAPH,
                conclusion_html=html,
            )
            for i, (status, published_at) in enumerate(states)
        ]  # fmt: skip
    )
    through = Article.topics.through
    through.objects.bulk_create(
        [through(article=a, topic=topics[(i + k) % len(topics)]) for i, a in enumerate(new_articles) for k in range(2)]
    )
    sections = []
    for article in new_articles:
        taken = set()
        for position in range(sections_per_article):
            section = Section(article=article, position=position, level=2 if position % 3 == 0 else 3,
                              heading=f"Part {position} of the story", body=PARAGRAPH + "\n\n" + PARAGRAPH)  # fmt: skip
            section.anchor = f"part-{position}"
            taken.add(section.anchor)
            section.body_html = render_markdown(section.body) if not sections else sections[0].body_html
            section.word_count = 130
            sections.append(section)
    Section.objects.bulk_create(sections, batch_size=2000)
    Resource.objects.bulk_create(
        [
            Resource(article=a, position=p, title=f"Study {p}", url="https://example.org/study", year=2020)
            for a in new_articles
            for p in range(5)
        ]  # fmt: skip
    )
    faqs = FAQ.objects.bulk_create(
        [FAQ(question=f"Question {i}-{p} about back pain?", slug=f"q-{i}-{p}", answer=PARAGRAPH, answer_html=html,
             article=a, position=p) for i, a in enumerate(new_articles) for p in range(faqs_per_article)],
        batch_size=2000,
    )  # fmt: skip
    faq_topics = FAQ.topics.through
    faq_topics.objects.bulk_create(
        [faq_topics(faq=f, topic=topics[i % len(topics)]) for i, f in enumerate(faqs)], batch_size=2000
    )
    return new_articles[0], topics[0]


def measure_in_process(urls, repeat):
    """Median/p95 milliseconds and queries per page: uncached (in neither cache) and from the cache."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from backpain import pagecache

    client = Client()
    rows = []
    for name, url in urls.items():
        for mode in ("uncached", "cached"):
            timings, queries = [], []
            client.get(url)  # warm Python-level caches (templates, URL resolver)
            for _ in range(repeat):
                if mode == "uncached":
                    cache.clear()
                    pagecache.forget_recent_pages()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries.append(len(captured))
            timings.sort()
            rows.append((name, mode, max(queries), statistics.median(timings), timings[int(len(timings) * 0.95) - 1]))
    return rows


def check_304_in_process(url):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    return response.status_code, len(captured)


class Gunicorn:
    """gunicorn with 2 workers on loopback, stopped on exit."""

    def __init__(self, port, **env):
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "backpain.wsgi"],
            cwd=PROJECT,
            env={
                **os.environ,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": "2",
                "GUNICORN_MAX_REQUESTS": "0",
                "GUNICORN_ACCESS_LOG": "",
                **env,
            },  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start on port {port}")

    def worker_peak_memory_mb(self):
        """Peak resident memory (VmHWM) of the busiest worker."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return max(peaks)

    def worker_pids(self):
        return Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url, *, seconds, connections):
    """Requests per second, median and p99 latency (ms), and error count, from one wrk run."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in match.groups())
    return rps, _latency(output, "50%"), _latency(output, "99%"), errors, requests


def _latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def http_304(base, path, tries=6):
    """How many of `tries` repeat requests with If-None-Match answer 304.

    With a shared cache (Redis) all do; with local memory each worker keeps its
    own generation, so only requests reaching the worker that sent the ETag do.
    """
    etag = urllib.request.urlopen(base + path).headers["ETag"]
    not_modified = 0
    for _ in range(tries):
        try:
            urllib.request.urlopen(urllib.request.Request(base + path, headers={"If-None-Match": etag}))
        except urllib.error.HTTPError as error:
            not_modified += error.code == 304
    return f"{not_modified} of {tries} answered 304"


def cpu_seconds(pids):
    """CPU time (user + system) the processes have used so far; those gone since are left out."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def service_pids():
    """The local database and cache servers' processes (PostgreSQL backends, Redis), if any run on this machine."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("postgres", "redis-server"):
                pids.append(comm.parent.name)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return pids


def wrk_with_cpu(server, url, *, seconds, connections):
    """A wrk run, and the CPU milliseconds per request its gunicorn workers and the local services spent."""
    workers, services = server.worker_pids(), service_pids()
    before = cpu_seconds(workers), cpu_seconds(services)
    rps, p50, p99, errors, requests = wrk(url, seconds=seconds, connections=connections)
    worker_ms = (cpu_seconds(workers) - before[0]) * 1000 / requests
    service_ms = (cpu_seconds(service_pids()) - before[1]) * 1000 / requests
    return rps, p50, p99, errors, worker_ms, service_ms


def measure_http(args, article_path):
    from django.contrib.staticfiles.storage import staticfiles_storage

    static_path = staticfiles_storage.url("css/site.css")
    cached_server = Gunicorn(args.port)
    uncached_server = Gunicorn(args.port + 1, DJANGO_PAGE_CACHE_SECONDS="0")
    try:
        cached, uncached = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
        load = {"seconds": args.seconds, "connections": args.connections}
        runs = {
            "static file": wrk_with_cpu(cached_server, cached + static_path, **load),
            "article, from cache": wrk_with_cpu(cached_server, cached + article_path, **load),
            "article, uncached": wrk_with_cpu(uncached_server, uncached + article_path, **load),
            # The floor of any rendered page: one SQL query and three cache calls through the same middleware.
            "/healthz (no template)": wrk_with_cpu(uncached_server, uncached + "/healthz", **load),
        }
        soak = wrk(cached + article_path, seconds=args.soak_seconds, connections=args.soak_connections)
        status_304 = http_304(cached, article_path)
        memory = max(cached_server.worker_peak_memory_mb(), uncached_server.worker_peak_memory_mb())
    finally:
        cached_server.stop()
        uncached_server.stop()
    return runs, soak, status_304, memory


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists() and (match := re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())):
        cpu = match.group(1).strip()
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024**2
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, {platform.platform()}, Python {platform.python_version()}"
    )


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="backpain-benchmark-"))
    try:
        database = configure_environment(workdir)
        from django.conf import settings
        from django.urls import Resolver404, resolve

        article, topic = build_site(
            articles=args.articles, faqs_per_article=args.faqs_per_article, sections_per_article=args.sections
        )
        urls = {"home": "/", "article": article.get_absolute_url(), "topic": topic.get_absolute_url(), "FAQ": "/faq/"}
        try:
            resolve("/search/")
            urls["search"] = "/search/?q=back+pain"
        except Resolver404:
            pass

        print(f"Machine: {machine()}")
        print(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} ({database.split('@')[-1]}); "
              f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")  # fmt: skip
        print(f"Site: {args.articles} articles x {args.sections} sections, "
              f"{args.articles * args.faqs_per_article} FAQs, 20 topics, 30 authors\n")  # fmt: skip
        print("| page | mode | SQL queries | median ms | p95 ms |\n|---|---|---|---|---|")
        for name, mode, queries, median, p95 in measure_in_process(urls, args.repeat):
            print(f"| {name} | {mode} | {queries} | {median:.2f} | {p95:.2f} |")
        status, queries = check_304_in_process(urls["article"])
        print(f"\nRepeat article request with If-None-Match (in process): {status}, {queries} SQL queries")
        if args.no_http:
            return

        runs, soak, status_304, memory = measure_http(args, urls["article"])
        static_rps = runs["static file"][0]
        print(f"\ngunicorn, 2 sync workers; wrk -t2 -c{args.connections} -d{args.seconds}s on 127.0.0.1\n")
        print(
            "| URL | requests/s | vs static | median ms | p99 ms | errors | worker CPU ms/request "
            "| database + cache CPU ms/request |\n|---|---|---|---|---|---|---|---|"
        )
        for name, (rps, p50, p99, errors, worker_ms, service_ms) in runs.items():
            print(
                f"| {name} | {rps:.0f} | {rps / static_rps:.0%} | {p50:.2f} | {p99:.2f} | {errors} "
                f"| {worker_ms:.2f} | {service_ms:.2f} |"
            )
        rps, p50, p99, errors, _ = soak
        print(f"\nSoak: article page, {args.soak_connections} connections for {args.soak_seconds} s: "
              f"{rps:.0f} requests/s, p99 {p99:.1f} ms, {errors} errors")  # fmt: skip
        print(f"Repeat article request with If-None-Match over HTTP: {status_304}")
        print(f"Peak worker memory (VmHWM): {memory:.0f} MB")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
