"""Relevance on a labelled set: mean reciprocal rank and recall@3 per kind of query, on each half of the set.

A labelled set is a folder with `faqs.json` (slug, question, answer) and
`queries.json` (kind, query, expected slugs, half). The tuning half is for
trying changes against; the test half is only measured, so its floors say
how ranking does on queries nobody tuned for. Queries run through
`run_search` exactly as the FAQ page runs them.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from backpain import writes
from backpain.search.results import run_search
from faq.models import FAQ

LABELLED_SET = Path(settings.BASE_DIR) / "tests" / "search" / "labelled"
KINDS = ("exact", "paraphrase", "synonym", "typo", "answer", "symptom")
HALVES = ("tuning", "test")
RANKED = 10  # the FAQ page's first page: a hit further down counts as a miss


@dataclass(frozen=True)
class Figures:
    mrr: float
    recall_at_3: float
    queries: int


def load_labelled_set(folder=LABELLED_SET):
    folder = Path(folder)
    faqs = json.loads((folder / "faqs.json").read_text())
    queries = json.loads((folder / "queries.json").read_text())
    return faqs, queries


def create_faqs(faqs):
    """The labelled set's FAQs as site-wide, published FAQs, in one batch of writes."""
    with writes.batch():
        for position, faq in enumerate(faqs):
            FAQ.objects.create(slug=faq["slug"], question=faq["question"], answer=faq["answer"], position=position)


def ranked_slugs(query):
    return [result.object.slug for result in run_search(query, kinds=("faq",)).results[0:RANKED]]


def evaluate(queries, rank=ranked_slugs):
    """{half: {kind or "all": Figures}} over the queries, ranking each with `rank`."""
    reciprocal, recall = defaultdict(list), defaultdict(list)
    for query in queries:
        slugs = rank(query["query"])
        expected = set(query["expected"])
        first = next((position for position, slug in enumerate(slugs, 1) if slug in expected), None)
        for key in ((query["half"], query["kind"]), (query["half"], "all")):
            reciprocal[key].append(1 / first if first else 0.0)
            recall[key].append(len(expected & set(slugs[:3])) / min(len(expected), 3))
    figures = defaultdict(dict)
    for (half, kind), values in reciprocal.items():
        figures[half][kind] = Figures(sum(values) / len(values), sum(recall[half, kind]) / len(values), len(values))
    return dict(figures)


def table(figures):
    """The figures as a plain-text table: one row per kind, MRR and recall@3 for each half."""
    halves = [half for half in HALVES if half in figures]
    lines = [f"{'kind':<11}" + "".join(f"{half + ' MRR':>12}{'R@3':>7}{'n':>4}" for half in halves)]
    for kind in (*KINDS, "all"):
        cells = [figures[half].get(kind) for half in halves]
        if any(cells):
            lines.append(
                f"{kind:<11}"
                + "".join(f"{c.mrr:>12.2f}{c.recall_at_3:>7.2f}{c.queries:>4}" if c else " " * 23 for c in cells)
            )
    return "\n".join(lines)
