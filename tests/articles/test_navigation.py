"""The previous/next article within a topic at the end of each article."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, TopicFactory
from tests.markup import Page

pytestmark = pytest.mark.django_db


def pager(client, article):
    page = Page(client.get(article.get_absolute_url()))
    return {anchor["rel"]: anchor["href"] for anchor in page.anchors if anchor.get("rel") in ("prev", "next")}


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_article_ends_with_the_previous_and_next_article_of_its_topic(client):
    sciatica = TopicFactory(name="Sciatica")
    older = ArticleFactory(slug="older", topics=[sciatica], published_at=days_ago(30))
    middle = ArticleFactory(slug="middle", topics=[sciatica], published_at=days_ago(20))
    ArticleFactory(slug="newer", topics=[sciatica], published_at=days_ago(10))

    assert pager(client, middle) == {"prev": "/articles/older/", "next": "/articles/newer/"}
    assert pager(client, older) == {"next": "/articles/middle/"}
    assert "More in Sciatica" in client.get(middle.get_absolute_url()).content.decode()


def test_neighbours_come_from_the_first_topic_listed_on_the_article(client):
    alpha, beta = TopicFactory(name="Alpha"), TopicFactory(name="Beta")
    ArticleFactory(slug="only-beta", topics=[beta], published_at=days_ago(30))
    ArticleFactory(slug="in-alpha", topics=[alpha], published_at=days_ago(25))
    article = ArticleFactory(topics=[beta, alpha], published_at=days_ago(20))

    assert pager(client, article) == {"prev": "/articles/in-alpha/"}


def test_neighbours_skip_drafts_and_scheduled_articles(client):
    topic = TopicFactory()
    article = ArticleFactory(topics=[topic], published_at=days_ago(20))
    ArticleFactory(topics=[topic], draft=True)
    ArticleFactory(topics=[topic], scheduled=True)

    assert pager(client, article) == {}
    assert 'class="article-pager"' not in client.get(article.get_absolute_url()).content.decode()


def test_articles_published_at_the_same_moment_still_form_a_chain(client):
    topic, moment = TopicFactory(), days_ago(5)
    first = ArticleFactory(slug="first", topics=[topic], published_at=moment)
    second = ArticleFactory(slug="second", topics=[topic], published_at=moment)

    assert pager(client, first) == {"next": "/articles/second/"}
    assert pager(client, second) == {"prev": "/articles/first/"}


def test_article_without_topics_has_no_neighbours(client):
    ArticleFactory(published_at=days_ago(30))
    article = ArticleFactory(published_at=days_ago(20))

    assert pager(client, article) == {}


def test_staff_preview_of_a_draft_shows_no_neighbours_and_is_not_indexed(editor_client):
    topic = TopicFactory()
    ArticleFactory(topics=[topic])
    draft = ArticleFactory(topics=[topic], draft=True)

    page = Page(editor_client.get(draft.get_absolute_url()))

    assert page.meta["robots"] == "noindex"
    assert not [anchor for anchor in page.anchors if anchor.get("rel") in ("prev", "next")]
