"""The same content gives the same results on SQLite and PostgreSQL (the suite runs on both).

The expected sets below were read from SQLite and hold unchanged on
PostgreSQL; only the order within them may differ (bm25 and ts_rank differ).
"""

import pytest

from backpain.search.results import run_search

EXPECTED = {
    "sciatica": {"can-sitting-make-sciatica-worse", "is-walking-good-for-sciatica", "what-makes-sciatica-worse"},
    "stress": {
        "back-pain-and-stress",
        "can-exercise-help-with-stress-induced-back-pain",
        "can-stress-cause-back-pain",
        "how-can-i-reduce-my-stress-induced-back-pain",
        "should-i-consult-a-doctor-for-stress-induced-back-pain",
        "what-kind-of-diet-should-i-follow-to-manage-stress-and-back-pain",
        "what-makes-sciatica-worse",
    },
    "heat or ice": {"should-i-use-heat-or-ice-for-back-pain"},
    "doctor": {
        "back-pain-and-stress",
        "how-long-does-lower-back-pain-usually-last",
        "is-walking-good-for-sciatica",
        "should-i-consult-a-doctor-for-stress-induced-back-pain",
        "what-makes-sciatica-worse",
        "when-should-i-see-a-doctor-about-back-pain",
    },
    "stretches": {"back-pain-and-stress", "what-makes-sciatica-worse"},
    "slipped disc": {"what-makes-sciatica-worse"},
    "lower back pain last": {"how-long-does-lower-back-pain-usually-last"},
    "sciatcia": {"can-sitting-make-sciatica-worse", "is-walking-good-for-sciatica", "what-makes-sciatica-worse"},
}


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_search_finds_the_same_documents_on_every_database(demo_content, query, expected):
    search = run_search(query)
    assert {result.object.slug for result in search.results[0:50]} == expected
    assert search.results.count() == len(expected)
