"""Query budgets: every public page runs a small, constant number of SQL queries,
however much content the site holds.

Each test renders a page with little content and one with a lot, uncached
(just after an edit), and asserts both run the same number of queries,
within the budget. From the cache a page runs none (test_pagecache.py).
"""

from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from backpain import generation, pagecache
from faq.models import FAQ
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FAQFactory,
    RelatedPickFactory,
    ResourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# The target for the article page; every other public page fits in it too.
QUERY_BUDGET = 8


def bulk_articles(count, *, author, topics, prefix="bulk"):
    """`count` published articles in a few queries (factories would save them one by one)."""
    now = timezone.now()
    articles = [
        Article(
            title=f"Bulk article {index}",
            slug=f"{prefix}-{index}",
            summary="A summary.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=index + 1),
            author=author,
            intro_html="<p>Intro.</p>",
        )
        for index in range(count)
    ]
    Article.objects.bulk_create(articles)
    through = Article.topics.through
    through.objects.bulk_create([through(article=a, topic=t) for a in articles for t in topics])
    return articles


FAQ_NUMBERS = count()


def bulk_faqs(how_many, *, article=None, topics=()):
    faqs = []
    for position in range(how_many):
        number = next(FAQ_NUMBERS)
        faqs.append(FAQ(question=f"Bulk question {number}?", slug=f"bulk-question-{number}", answer="Answer.",
                        answer_html="<p>Answer.</p>", article=article, position=position))  # fmt: skip
    FAQ.objects.bulk_create(faqs)
    through = FAQ.topics.through
    through.objects.bulk_create([through(faq=f, topic=t) for f in faqs for t in topics])
    return faqs


def queries_for(client, url):
    """SQL queries of an uncached render of `url` (checked to be a 200): in neither cache."""
    cache.clear()
    pagecache.forget_recent_pages()
    generation.current()  # the stamp after the test's writes: read once by whichever page comes first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def assert_constant_budget(client, small_url, big_url, budget=QUERY_BUDGET):
    small, big = queries_for(client, small_url), queries_for(client, big_url)
    assert big == small, f"{big_url} runs {big} queries, {small_url} runs {small}: the count grows with content"
    assert big <= budget, f"{big_url} runs {big} queries; the budget is {budget}"


def article_of_size(*, sections, faqs, resources, picks):
    """An article with 3 topics, a reviewer, and the given numbers of sections, FAQs, resources and related picks."""
    topics = TopicFactory.create_batch(3)
    article = ArticleFactory(topics=topics, reviewed_by=AuthorFactory(), last_reviewed=timezone.now().date())
    rows = [Section(article=article, position=i, level=(2, 3, 4, 3)[i % 4], heading=f"Heading {i}", body="Text.")
            for i in range(sections)]  # fmt: skip
    taken = set()
    for section in rows:
        section.prepare(taken_anchors=taken)
    Section.objects.bulk_create(rows)
    bulk_faqs(faqs, article=article, topics=topics[:1])
    for position in range(resources):
        ResourceFactory(article=article, position=position)
    others = bulk_articles(30, author=article.author, topics=topics, prefix=f"by-{article.pk}")
    for position, target in enumerate(others[:picks]):
        RelatedPickFactory(article=article, target=target, position=position)
    return article


def test_article_page_runs_the_same_few_queries_for_a_40_section_article(client):
    small = article_of_size(sections=1, faqs=1, resources=1, picks=1)
    big = article_of_size(sections=40, faqs=20, resources=10, picks=2)
    assert_constant_budget(client, small.get_absolute_url(), big.get_absolute_url())
    html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('class="faq"') == 20
    assert "Heading 39" in html
    assert html.count("Study ") >= 10


def test_topic_page_runs_the_same_few_queries_with_200_articles(client):
    small, big = TopicFactory(), TopicFactory()
    ArticleFactory(topics=[small])
    FAQFactory(topics=[small])
    bulk_articles(200, author=AuthorFactory(), topics=[big, TopicFactory()])
    bulk_faqs(50, topics=[big])
    assert_constant_budget(client, small.get_absolute_url(), big.get_absolute_url() + "?page=17")
    assert "Bulk article" in client.get(big.get_absolute_url()).content.decode()


def test_home_page_runs_the_same_few_queries_with_500_articles(client):
    ArticleFactory(topics=[TopicFactory()])
    small = queries_for(client, "/")
    bulk_articles(500, author=AuthorFactory(), topics=TopicFactory.create_batch(2))
    TopicFactory.create_batch(30)
    big = queries_for(client, "/?page=3")
    assert big == small <= QUERY_BUDGET


def test_author_page_runs_the_same_few_queries_with_200_articles(client):
    small, big = AuthorFactory(), AuthorFactory()
    ArticleFactory(author=small, topics=[TopicFactory()])
    bulk_articles(200, author=big, topics=TopicFactory.create_batch(2))
    assert_constant_budget(client, small.get_absolute_url(), big.get_absolute_url())


def test_faq_pages_run_the_same_few_queries_with_2000_faqs(client):
    topics = TopicFactory.create_batch(10)
    FAQFactory(topics=topics[:1])
    FAQFactory()
    small = queries_for(client, "/faq/")
    small_group = queries_for(client, f"/faq/?topic={topics[0].slug}")
    article = ArticleFactory(topics=topics[:2])
    for index, topic in enumerate(topics):
        bulk_faqs(150, article=article if index % 2 else None, topics=[topic])
    bulk_faqs(500)
    assert queries_for(client, "/faq/") == small <= QUERY_BUDGET
    assert queries_for(client, f"/faq/?topic={topics[3].slug}&page=3") == small_group <= QUERY_BUDGET
    assert queries_for(client, "/faq/?topic=general&page=10") <= small_group


def test_faq_detail_page_runs_the_same_few_queries_with_many_topics(client):
    small = FAQFactory()
    big = FAQFactory(article=ArticleFactory(), topics=TopicFactory.create_batch(12))
    assert_constant_budget(client, small.get_absolute_url(), big.get_absolute_url())
