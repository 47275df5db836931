"""Relevance on a labelled set: mean reciprocal rank and recall@3 per kind of query, read from /faq/?q=."""

import re
from collections import defaultdict

import pytest

from faq.models import FAQ
from tests.search.relevance_set import EXTRA_FAQS, QUERIES

# The floors we hold ourselves to; BENCHMARKS.md records the measured figures.
FLOORS = {
    "exact": (0.95, 0.95),
    "paraphrase": (0.75, 0.8),
    "synonym": (0.85, 0.9),
    "typo": (0.9, 0.9),
    "answer": (0.9, 0.9),
}
FAQ_LINK = re.compile(r'<h3 class="search-result-title"><a href="/faq/([^/"]+)/">')


@pytest.fixture
def labelled_content(demo_content):
    for position, (slug, question, answer) in enumerate(EXTRA_FAQS, start=100):
        FAQ.objects.create(slug=slug, question=question, answer=answer, position=position)


def ranked_slugs(client, query):
    response = client.get("/faq/", {"q": query})
    assert response.status_code == 200
    return FAQ_LINK.findall(response.content.decode())


def relevance_by_kind(client):
    reciprocal_ranks, recalls = defaultdict(list), defaultdict(list)
    for kind, query, expected in QUERIES:
        slugs = ranked_slugs(client, query)
        first_hit = next((rank for rank, slug in enumerate(slugs, 1) if slug in expected), None)
        reciprocal_ranks[kind].append(1 / first_hit if first_hit else 0.0)
        recalls[kind].append(len(expected & set(slugs[:3])) / min(len(expected), 3))
    return {
        kind: (sum(reciprocal_ranks[kind]) / len(reciprocal_ranks[kind]), sum(recalls[kind]) / len(recalls[kind]))
        for kind in reciprocal_ranks
    }


def test_search_relevance_on_the_labelled_set_stays_above_the_floors(client, labelled_content):
    figures = relevance_by_kind(client)
    report = "\n".join(f"{kind:<10} MRR {mrr:.2f}  recall@3 {recall:.2f}" for kind, (mrr, recall) in figures.items())
    print(f"\nSearch relevance by kind of query:\n{report}")
    below = {
        kind: figures[kind]
        for kind, (mrr_floor, recall_floor) in FLOORS.items()
        if figures[kind][0] < mrr_floor or figures[kind][1] < recall_floor
    }
    assert not below, f"Relevance below the floor:\n{report}"


def test_labelled_set_names_only_faqs_that_exist(labelled_content):
    slugs = set(FAQ.objects.values_list("slug", flat=True))
    assert all(expected <= slugs for _kind, _query, expected in QUERIES)
