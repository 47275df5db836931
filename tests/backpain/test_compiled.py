"""A query compiled once answers each call with that call's arguments, and refuses a query it cannot compile."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from backpain.compiled import CompiledQuery
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def published_in(now, topic):
    return Article.objects.published(now=now).filter(topics=topic).order_by("pk").values_list("slug")


PUBLISHED_IN = CompiledQuery(published_in, now=datetime, topic=int)


def test_each_call_uses_its_own_moment_and_topic():
    back, neck = TopicFactory(), TopicFactory()
    ArticleFactory(slug="live", topics=[back])
    ArticleFactory(slug="soon", scheduled=True, topics=[back])
    ArticleFactory(slug="neck", topics=[neck])
    now = timezone.now()
    assert PUBLISHED_IN.rows(now=now, topic=back.pk) == [("live",)]
    assert PUBLISHED_IN.rows(now=now + timedelta(days=4), topic=back.pk) == [("live",), ("soon",)]
    assert PUBLISHED_IN.rows(now=now, topic=neck.pk) == [("neck",)]


def test_a_query_whose_sql_depends_on_an_argument_is_refused():
    sliced = CompiledQuery(lambda size: Article.objects.values_list("slug")[: abs(size)], size=int)
    with pytest.raises(ValueError, match="changes with 'size'"):
        sliced.rows(size=3)


def page_of(now, slug):
    return Article.objects.published(now=now).filter(slug=slug).values_list("published_at", "summary")


PAGE_OF = CompiledQuery(page_of, now=datetime, slug=str)


def test_rows_hold_python_values_as_the_queryset_gives_them():
    article = ArticleFactory(slug="live")
    assert PAGE_OF.rows(now=timezone.now(), slug="live") == [(article.published_at, article.summary)]
    assert PAGE_OF.rows(now=timezone.now(), slug="missing") == []
