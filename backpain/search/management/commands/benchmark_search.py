"""Search latency on synthetic FAQs at growing sizes, in a throw-away database.

    python manage.py benchmark_search                      # SQLite (the default database settings)
    DATABASE_URL=postgres://... python manage.py benchmark_search

The command creates its own database (a temporary file on SQLite,
`<name>_benchmark` on PostgreSQL), so it never touches real content. Each size
is loaded with bulk inserts, indexed with `rebuild_index` (timed), then
searched with queries taken from the FAQs themselves, the way the FAQ page
does it: plan, count, first page ranked and highlighted. Then the whole
`/faq/?q=` page is requested in process for queries of the most common
words (those in most FAQs), the query's embedding is timed on its own, a
fresh process serving those pages reports its resident memory (a worker's),
and a search is timed just after an FAQ is written ("after write": the process
reads again the documents that changed).
It runs as production does (`DEBUG` off: no query log). Two figures say what
the bounds cost in quality: how many of the top ten by ranking every match
the bounded pool also puts in its top ten, for those common queries ("pool
top-10"), and how many of the twenty nearest FAQs by exact comparison of
every vector the sign bits then rescoring find ("vector top-20").
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from backpain import generation
from backpain.markdown import html_to_text, render_markdown
from backpain.search import embedding
from backpain.search.backends import get_backend
from backpain.search.index import rebuild_index
from backpain.search.models import SearchDocument, SearchTerm
from backpain.search.query import STOP_WORDS, Plan, build_groups, words
from backpain.search.results import run_search
from backpain.search.semantic import vector_index
from faq.models import FAQ

DEMO_BUNDLE = Path(__file__).resolve().parents[3] / "demo" / "bundle.json"
SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu".split()  # noqa: E501


class Command(BaseCommand):
    help = "Benchmark search latency on 1k/10k/100k synthetic FAQs in a temporary database."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, sizes, queries, seed, **options):
        settings.DEBUG = False  # measured as a production worker runs: no query log
        creation = connection.creation
        with tempfile.TemporaryDirectory() as folder:
            test_settings = connection.settings_dict.setdefault("TEST", {})
            test_settings["NAME"] = (
                str(Path(folder) / "benchmark.sqlite3")
                if connection.vendor == "sqlite"
                else f"{connection.settings_dict['NAME']}_benchmark"
            )
            old_name = connection.settings_dict["NAME"]
            creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                self.run_benchmark(sorted(sizes), queries, random.Random(seed))
            finally:
                generation.watcher.stop_listening()  # its connection would keep the database open
                creation.destroy_test_db(old_name, verbosity=0)

    def run_benchmark(self, sizes, query_count, rng):
        vocabulary = _vocabulary(rng)
        self.stdout.write(f"Search benchmark on {connection.vendor}, {query_count} queries per size")
        self.stdout.write(
            f"{'FAQs':>8} {'rebuild s':>10} {'median ms':>10} {'p95 ms':>8} {'mean hits':>10}"
            f" {'page median':>12} {'page p95':>9} {'page hits':>10} {'embed ms':>9} {'worker MB':>10}"
            f" {'pool top-10':>12} {'vector top-20':>14} {'after write ms':>15}"
        )
        loaded = 0
        for size in sizes:
            _load_faqs(loaded, size, vocabulary, rng)
            loaded = size
            started = time.perf_counter()
            rebuild_index()
            rebuild_seconds = time.perf_counter() - started
            latencies, hits = _measure(_queries(rng, query_count), rng)
            common = _common_queries(rng, query_count)
            pages, page_hits = _measure_pages(common)
            self.stdout.write(
                f"{size:>8} {rebuild_seconds:>10.1f} {statistics.median(latencies):>10.2f}"
                f" {_percentile(latencies, 95):>8.2f} {statistics.mean(hits):>10.0f}"
                f" {statistics.median(pages):>12.2f} {_percentile(pages, 95):>9.2f} {statistics.mean(page_hits):>10.0f}"
                f" {_embedding_ms(common):>9.3f} {_worker_megabytes(common):>10.0f}"
                f" {_pool_agreement(common):>12.2f} {_vector_agreement(_queries(rng, 50)):>14.2f}"
                f" {_after_write_ms(common):>15.1f}"
            )


def _vocabulary(rng):
    """Real words from the demo content first (most frequent), then made-up ones: a Zipf-like distribution."""
    demo_text = " ".join(_strings(json.loads(DEMO_BUNDLE.read_text())))
    demo_words = list(dict.fromkeys(w for w in words(demo_text) if w.isalpha() and len(w) > 2))
    made_up = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(30_000)}
    vocabulary = demo_words + sorted(made_up - set(demo_words))
    weights = [1 / (rank + 10) for rank in range(len(vocabulary))]
    return vocabulary, weights


def _strings(value):
    """Every string in a JSON document: the demo's prose, without its keys."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _strings(item)


def _sentence(rng, vocabulary, length):
    return " ".join(rng.choices(vocabulary[0], cum_weights=_cumulative(vocabulary[1]), k=length))


_CUMULATIVE = {}


def _cumulative(weights):
    key = id(weights)
    if key not in _CUMULATIVE:
        total, cumulative = 0.0, []
        for weight in weights:
            total += weight
            cumulative.append(total)
        _CUMULATIVE[key] = cumulative
    return _CUMULATIVE[key]


def _load_faqs(start, stop, vocabulary, rng):
    """Bulk-insert FAQs start..stop (rendered HTML set directly: bulk_create skips save())."""
    batch = []
    for number in range(start, stop):
        question = _sentence(rng, vocabulary, rng.randint(6, 12)).capitalize() + "?"
        answer = ". ".join(
            _sentence(rng, vocabulary, rng.randint(8, 16)).capitalize() for _ in range(rng.randint(3, 6))
        )
        batch.append(FAQ(question=question, slug=f"faq-{number}", answer=answer, answer_html=render_markdown(answer)))
        if len(batch) == 5000:
            FAQ.objects.bulk_create(batch)
            batch = []
    FAQ.objects.bulk_create(batch)


def _queries(rng, count):
    """One to three content words of random FAQs' questions and answers, as a visitor might type them."""
    pks = list(FAQ.objects.order_by("pk").values_list("pk", flat=True))
    chosen = FAQ.objects.filter(pk__in=rng.sample(pks, k=min(count, len(pks)))).order_by("pk")
    faqs = list(chosen.values_list("question", "answer_html"))
    queries = []
    for question, answer_html in faqs:
        content = [w for w in words(f"{question} {html_to_text(answer_html)}") if w not in STOP_WORDS]
        queries.append(" ".join(rng.sample(content, k=min(len(content), rng.randint(1, 3)))))
    return queries


def _measure(queries, rng):
    for query in queries[:20]:
        _search(query)
    latencies, hits = [], []
    for query in queries:
        started = time.perf_counter()
        hits.append(_search(query))
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, hits


def _search(query):
    results = run_search(query, kinds=("faq",)).results
    total = results.count()
    list(results[0:10])
    return total


def _percentile(values, percent):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _common_queries(rng, count):
    """One or two of the ten words in most FAQs ("back pain" on a back-pain site): every search matches most FAQs."""
    common = list(SearchTerm.objects.order_by("-documents", "term").values_list("term", flat=True)[:10])
    return [" ".join(rng.sample(common, k=rng.randint(1, 2))) for _ in range(count)]


def _measure_pages(queries):
    client = Client(HTTP_HOST="localhost")
    for query in queries[:20]:
        client.get("/faq/", {"q": query})
    latencies, hits = [], []
    for query in queries:
        started = time.perf_counter()
        client.get("/faq/", {"q": query})
        latencies.append((time.perf_counter() - started) * 1000)
        hits.append(run_search(query, kinds=("faq",)).results.count())
    return latencies, hits


def _embedding_ms(queries):
    model = embedding.model()
    if model is None:
        return float("nan")
    timings = []
    for query in queries:  # the network itself: a process keeps the vectors of queries it has seen
        started = time.perf_counter()
        model.embed([query])
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _pool_agreement(queries):
    """The share of the top ten by ranking every match that the bounded pool also ranks in its top ten."""
    shares = []
    for query in dict.fromkeys(queries):
        backend, plan = get_backend(), Plan(groups=build_groups(words(query)), kinds=("faq",))
        if not plan.groups:  # only filler words ("help"): nothing to rank
            continue
        pooled = {row[0] for row in backend.top(plan, 10)[0]}
        exact = {row[0] for row in backend.exact_top(plan, 10)[0]}
        shares.append(len(pooled & exact) / max(len(exact), 1))
    return statistics.mean(shares) if shares else float("nan")


def _vector_agreement(queries):
    """The share of the twenty nearest FAQs by every vector's exact similarity that the bounded search finds."""
    model = embedding.model()
    if model is None:
        return float("nan")
    documents = SearchDocument.objects.filter(faq__isnull=False, vectors__isnull=False).values_list("id", "vectors")
    ids, vectors = [], []
    for document_id, data in documents.iterator(chunk_size=5000):
        ids.append(document_id)
        vectors.append(embedding.from_bytes(data)[0].astype("float32"))
    matrix = numpy.stack(vectors)
    shares = []
    for query in queries:
        similarities = matrix @ model.embed_query([query])
        exact = {ids[row] for row in numpy.argsort(-similarities, kind="stable")[:20]}
        found = {document_id for document_id, _similarity in vector_index.nearest([query], ("faq",), 20, -1.0)}
        shares.append(len(found & exact) / 20)
    return statistics.mean(shares)


def _after_write_ms(queries):
    """The median search just after one FAQ is written, as a process then reads again what changed (five writes)."""
    timings = []
    for number, faq in enumerate(FAQ.objects.order_by("-pk")[:5]):
        faq.question = f"{faq.question} ({number})"
        faq.save()  # the one write path: every deriver, the search index's included
        started = time.perf_counter()
        _search(queries[number])
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


WORKER = """
import json, sys
from django.conf import settings
settings.DEBUG = False
from django.test import Client
client = Client(HTTP_HOST="localhost")
for query in json.loads(sys.argv[1]):
    client.get("/faq/", {"q": query})
rss = [line for line in open("/proc/self/status") if line.startswith("VmRSS")][0].split()[1]
print(int(rss) // 1024)
"""


def _worker_megabytes(queries):
    """Resident memory of a fresh process that has served these searches' pages (as a gunicorn worker would)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{params['NAME']}"
    else:
        url = f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
    code = WORKER.replace("sys.argv[1]", repr(json.dumps(queries[:50])))
    output = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "shell", "-c", code],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(output.strip().splitlines()[-1])
