"""The plain-SQL reads of `articles/reads.py` and the SQL spelling of the visibility rule answer what the ORM does."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from articles import reads
from articles.models import Article, ArticleQuerySet, RelatedCandidate
from faq.models import FAQ, FAQQuerySet
from tests.factories import ArticleFactory, FAQFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """Articles in every state, some sharing a publication moment, in two topics, ranked as sidebar candidates."""
    now = timezone.now()
    topic, other = TopicFactory(), TopicFactory()
    same_moment = now - timedelta(days=2)
    articles = [
        ArticleFactory(published_at=now - timedelta(days=5), topics=[topic]),
        ArticleFactory(published_at=same_moment, topics=[topic]),
        ArticleFactory(published_at=same_moment, topics=[topic, other]),
        ArticleFactory(published_at=same_moment, topics=[other]),
        ArticleFactory(published_at=now - timedelta(hours=1), topics=[topic]),
        ArticleFactory(scheduled=True, topics=[topic]),
        ArticleFactory(draft=True, topics=[topic]),
        ArticleFactory(status=Article.Status.DRAFT, published_at=now - timedelta(days=1), topics=[topic]),
    ]
    return now, topic, articles


def visible_by_sql(model, queryset, moment):
    condition, params = queryset.published_sql("x", moment)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT x.id FROM {model._meta.db_table} x WHERE {condition}", params)
        return {pk for (pk,) in cursor.fetchall()}


def test_the_sql_visibility_rule_selects_what_published_selects_at_every_moment(site):
    now, _topic, articles = site
    for article in articles:
        FAQFactory(article=article)
    FAQFactory(article=None)
    for moment in (now - timedelta(days=3), now, now + timedelta(days=10)):
        expected = set(Article.objects.published(now=moment).values_list("pk", flat=True))
        assert visible_by_sql(Article, ArticleQuerySet, moment) == expected
        expected_faqs = set(FAQ.objects.published(now=moment).values_list("pk", flat=True))
        assert visible_by_sql(FAQ, FAQQuerySet, moment) == expected_faqs
    assert 0 < len(expected) < len(articles)


def orm_neighbours(now, topic, moment, pk):
    topic_articles = Article.objects.published(now=now).filter(topics=topic)
    earlier = Q(published_at__lte=moment) & ~Q(published_at=moment, pk__gte=pk)
    later = Q(published_at__gte=moment) & ~Q(published_at=moment, pk__lte=pk)
    previous = topic_articles.filter(earlier).order_by("-published_at", "-pk").values_list("pk", flat=True).first()
    following = topic_articles.filter(later).order_by("published_at", "pk").values_list("pk", flat=True).first()
    return previous, following


def test_neighbours_are_the_orm_queries_neighbours_for_every_article(site):
    now, topic, articles = site
    seen = set()
    for article in articles:
        if article.published_at is None:
            continue
        rows = reads.neighbours(now, topic.pk, article.published_at, article.pk)
        found = {bool(is_next): pk for is_next, pk, _title, _slug in rows}
        expected = orm_neighbours(now, topic, article.published_at, article.pk)
        assert (found.get(False), found.get(True)) == expected
        seen.update(expected)
    assert len(seen - {None}) >= 3  # ties on the same moment, both ends and the middle were all exercised


def test_stored_candidates_and_newest_are_what_the_orm_returns(site):
    now, _topic, articles = site
    first = articles[0]
    RelatedCandidate.objects.filter(article=first).delete()  # the stored ranking, replaced by one of all of them
    RelatedCandidate.objects.bulk_create(
        [RelatedCandidate(article=first, rank=rank, candidate=c) for rank, c in enumerate(reversed(articles[1:]))]
    )
    card = ("pk", "title", "slug", "summary")
    stored = RelatedCandidate.objects.filter(article=first, rank__lt=12).filter(
        Article.objects.published_q("candidate__", now=now)
    )
    expected = list(stored.order_by("rank").values_list(*(f"candidate__{f}" for f in card))[:3])
    assert [tuple(row) for row in reads.stored_candidates(now, first.pk, 12, 3)] == expected
    assert len(expected) == 3
    newest = Article.objects.published(now=now).exclude(pk=first.pk).order_by("-published_at", "-pk")
    assert [tuple(row) for row in reads.newest(now, first.pk, 3)] == list(newest.values_list(*card)[:3])
