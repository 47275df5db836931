"""Searches whose words are in most documents rank a bounded pool, and still put the best answers first."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backpain.search import pool
from backpain.search.backends import get_backend
from backpain.search.models import SearchPosting
from backpain.search.query import Plan, build_groups, words
from tests.factories import ArticleFactory, FAQFactory

pytestmark = pytest.mark.django_db

RESULT_LINK = re.compile(r'<h3 class="search-result-title"><a href="(/faq/[^"]+/)">')


@pytest.fixture
def small_pool(monkeypatch):
    """Limits small enough that a few dozen FAQs make a search "of many matches"."""
    monkeypatch.setattr("backpain.search.engine.COUNT_LIMIT", 20)
    monkeypatch.setattr(pool, "POOL_RECENT", 5)
    monkeypatch.setattr(pool, "POOL_POSTINGS", 10)
    monkeypatch.setattr(pool, "MIN_POSTINGS_PER_STEM", 8)


def plan_of(text):
    return Plan(groups=build_groups(words(text)), kinds=("faq",))


def test_the_best_answer_comes_first_even_when_it_is_the_oldest_of_many_matches(client, small_pool):
    best = FAQFactory(question="Coccyx pain", answer="Sitting on a cushion helps.")
    FAQFactory.create_batch(40, answer="Coccyx pain is one of many things this long answer mentions in passing.")
    html = client.get("/faq/", {"q": "coccyx pain"}).content.decode()
    assert "More than 20 results for “coccyx pain”" in html
    assert RESULT_LINK.findall(html)[0] == best.get_absolute_url()


def test_a_pool_ranks_its_candidates_exactly_as_ranking_every_match_would(small_pool):
    for number in range(30):
        FAQFactory(question=f"Coccyx {'pain ' * (number % 3)}question {number}", answer="About coccyx pain.")
    backend, plan = get_backend(), plan_of("coccyx pain")
    pooled, complete, _fields = backend.top(plan, 5)
    exact, *_rest = backend.exact_top(plan, 5)
    assert not complete and backend.pooled(plan)
    assert pooled == exact


def test_later_pages_continue_the_pooled_ranking_without_repeating_a_result(client, small_pool):
    FAQFactory.create_batch(30, answer="Coccyx pain again.")
    first = RESULT_LINK.findall(client.get("/faq/", {"q": "coccyx"}).content.decode())
    second = RESULT_LINK.findall(client.get("/faq/", {"q": "coccyx", "page": "2"}).content.decode())
    assert len(first) == len(second) == 10
    assert not set(first) & set(second)


def test_unpublished_faqs_never_enter_a_pool(client, small_pool):
    draft = ArticleFactory(draft=True)
    hidden = FAQFactory.create_batch(5, article=draft, question="Coccyx coccyx")
    FAQFactory.create_batch(30, answer="Coccyx pain again.")
    links = RESULT_LINK.findall(client.get("/faq/", {"q": "coccyx"}).content.decode())
    assert links and not {faq.get_absolute_url() for faq in hidden} & set(links)


def test_hidden_faqs_ranked_first_in_a_pool_do_not_push_visible_ones_off_the_page(client, small_pool, monkeypatch):
    monkeypatch.setattr("backpain.search.engine.RANK_WINDOW_MARGIN", 0)
    draft = ArticleFactory(draft=True)
    hidden = FAQFactory.create_batch(12, article=draft, question="Coccyx coccyx coccyx?")
    FAQFactory.create_batch(30, answer="Coccyx pain again.")
    links = RESULT_LINK.findall(client.get("/faq/", {"q": "coccyx"}).content.decode())
    assert len(links) == 10 and not {faq.get_absolute_url() for faq in hidden} & set(links)


def test_postings_follow_every_write_of_the_question():
    faq = FAQFactory(question="Does stretching help sciatica?")
    assert set(SearchPosting.objects.filter(document__faq=faq).values_list("stem", flat=True)) == {
        "stretch",
        "help",
        "sciatica",
    }
    faq.question = "Is swimming good for sciatica?"
    faq.save()
    assert set(SearchPosting.objects.filter(document__faq=faq).values_list("stem", flat=True)) == {
        "swimm",
        "good",
        "sciatica",
    }
    faq.delete()
    assert not SearchPosting.objects.exists()


def test_the_derived_data_check_finds_postings_that_drifted_and_the_rebuild_repairs_them(capsys):
    faq = FAQFactory(question="Does stretching help sciatica?")
    SearchPosting.objects.filter(document__faq=faq, stem="help").update(weight=99.0)
    SearchPosting.objects.filter(document__faq=faq, stem="sciatica").delete()
    with pytest.raises(CommandError, match="1 derived values differ"):
        call_command("rebuild_derived", "--check")
    assert f"search index: faq {faq.pk}: postings differ" in capsys.readouterr().out
    call_command("rebuild_derived")
    call_command("rebuild_derived", "--check")
    assert SearchPosting.objects.filter(document__faq=faq).count() == 3


def test_searches_of_one_shape_share_one_statement_and_the_newest_matches_are_planned_for_their_words(
    client, small_pool
):
    """PostgreSQL keeps a plan per statement text: a word or an idf written into the SQL would plan every search
    afresh, while the walk through the newest matches needs a plan made for its words (never prepared)."""
    FAQFactory.create_batch(30, question="Kettlebell or trampoline?", answer="Either, gently.")
    FAQFactory.create_batch(10, question="Kettlebell swings", answer="Keep your back straight.")
    statements = []

    def record(execute, sql, *rest):
        statements.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(record):
        for word in ("kettlebell", "trampoline", "kettlebell", "kettlebell"):
            assert "More than 20 results" in client.get("/faq/", {"q": word}).content.decode()
    pools = {sql for sql in statements if "search_searchposting" in sql}
    assert len(pools) == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
        assert any("search_searchposting" in sql for sql in prepared)
        assert not any("ORDER BY d.id DESC" in sql for sql in prepared)
