"""Word counts (the idfs' source) are held per process and follow every write, in this process or another."""

import pytest

from backpain.search import word_counts as counts_module
from backpain.search.results import run_search
from backpain.search.word_counts import WordCounts, word_counts
from tests.factories import FAQFactory

pytestmark = pytest.mark.django_db


def test_a_word_held_is_counted_again_after_a_write_in_this_process():
    FAQFactory(question="Is swimming good for back pain?", answer="Water supports your weight.")
    assert word_counts.documents(["swimming", "backstroke"]) == {"swimming": 1, "backstroke": None}
    FAQFactory(question="Can swimming strain my neck?", answer="Backstroke keeps the neck in line.")
    assert word_counts.documents(["swimming", "backstroke"]) == {"swimming": 2, "backstroke": 1}


def test_a_write_by_another_process_is_counted_at_the_next_search(monkeypatch):
    elsewhere = WordCounts()  # a process that only learns of the write through the content generation
    monkeypatch.setattr(counts_module, "word_counts", elsewhere)
    FAQFactory(question="Is swimming good for back pain?", answer="Water supports your weight.")
    assert elsewhere.documents(["swimming"]) == {"swimming": 1}
    monkeypatch.setattr(elsewhere, "forget", lambda: None)
    FAQFactory(question="Can swimming strain my neck?", answer="Keep your head in line.")
    assert elsewhere.documents(["swimming"]) == {"swimming": 2}


def test_ranking_uses_the_counts_after_a_write():
    """A word that becomes common weighs less: the FAQ matching the now-rarer word by its title comes first."""
    FAQFactory(slug="swim", question="Swimming", answer="Stretching helps too.")
    FAQFactory(slug="stretch", question="Stretching", answer="Swimming helps too.")
    first = [result.object.slug for result in run_search("swimming stretching").results[0:2]]
    for number in range(3):
        FAQFactory(question=f"Swimming lessons {number}", answer="In a pool.")
    after = [result.object.slug for result in run_search("swimming stretching").results[0:2]]
    assert first == ["swim", "stretch"]  # as common as each other: a tie, broken by document id
    assert after == ["stretch", "swim"]
