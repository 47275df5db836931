"""Relevance on our own labelled set (tests/search/labelled): floors on the test half, which is never tuned on.

`python manage.py evaluate_search` prints the same table for both halves; BENCHMARKS.md records it.
"""

import pytest

from backpain.search.evaluation import KINDS, create_faqs, evaluate, load_labelled_set, table

# (MRR, recall@3) floors per kind on the test half, set a little below what it measures.
TEST_HALF_FLOORS = {
    "exact": (0.95, 0.95),
    "paraphrase": (0.65, 0.8),
    "synonym": (0.83, 0.95),
    "typo": (0.95, 0.95),
    "answer": (0.95, 0.95),
    "symptom": (0.62, 0.65),
    "all": (0.84, 0.88),
}
FAQS, QUERIES = load_labelled_set()


@pytest.fixture
def labelled_faqs(db):
    create_faqs(FAQS)


def test_labelled_set_is_large_and_covers_every_kind_in_both_halves():
    assert len(FAQS) >= 100
    assert len(QUERIES) >= 150
    for kind in KINDS:
        halves = [query["half"] for query in QUERIES if query["kind"] == kind]
        assert halves.count("tuning") >= 10 and halves.count("test") >= 10, kind


def test_labelled_queries_name_only_faqs_of_the_set():
    slugs = {faq["slug"] for faq in FAQS}
    assert len(slugs) == len(FAQS)
    assert all(set(query["expected"]) <= slugs for query in QUERIES)


def test_search_relevance_on_the_test_half_stays_above_the_floors(labelled_faqs):
    figures = evaluate([query for query in QUERIES if query["half"] == "test"])
    report = table(figures)
    print(f"\n{report}")
    below = {
        kind: figures["test"][kind]
        for kind, (mrr, recall) in TEST_HALF_FLOORS.items()
        if figures["test"][kind].mrr < mrr or figures["test"][kind].recall_at_3 < recall
    }
    assert not below, f"Relevance below the floors:\n{report}"
