"""The page cache keeps one copy per page a visitor can see, whatever else the address carries.

A copy is taken from the cache without a query; so "no query" below means "the one stored copy was served", and
"queries" means the page was rendered.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.views import ARTICLES_PER_PAGE
from faq.views import FAQS_PER_PAGE
from tests.factories import ArticleFactory, FAQFactory, TopicFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


@pytest.fixture
def site():
    topic = TopicFactory(slug="sciatica")
    ArticleFactory.create_batch(ARTICLES_PER_PAGE + 1, topics=[topic])
    FAQFactory.create_batch(FAQS_PER_PAGE + 1, topics=[topic])
    return topic


@pytest.mark.parametrize(
    ("stored", "same"),
    [
        ("/", "/?utm_source=newsletter&fbclid=abc"),
        ("/", "/?page=1"),
        ("/", "/?page="),
        ("/?page=2", "/?page=02&ref=x"),
        ("/?page=2", "/?page=%202%20"),
        ("/faq/", "/faq/?utm_campaign=spring"),
        ("/faq/", "/faq/?q=&topic="),
        ("/faq/?topic=sciatica", "/faq/?page=1&topic=sciatica&x=2"),
        ("/topics/sciatica/", "/topics/sciatica/?gclid=1"),
    ],
)
def test_parameters_a_page_does_not_read_are_served_from_its_one_copy(client, site, stored, same):
    first_queries, first = queries_for(client, stored)
    assert first_queries > 0
    again, second = queries_for(client, same)
    assert again == 0, f"{same} was rendered again instead of served from the copy of {stored}"
    assert second.content == first.content


def test_an_article_ignores_every_parameter(client, site):
    article = ArticleFactory()
    queries_for(client, article.get_absolute_url())
    for number in range(20):
        assert queries_for(client, f"{article.get_absolute_url()}?x={number}&page={number}")[0] == 0


@pytest.mark.parametrize("url", ["/?page=abc", "/faq/?topic=sciatica&page=abc", "/faq/?topic=sciatica&page=999",
                                 "/faq/?topic=sciatica&page=last", "/faq/?topic=sciatica&page=-1"])  # fmt: skip
def test_a_page_number_the_view_corrects_is_shown_but_never_stored(client, site, url):
    if url == "/?page=abc":
        assert client.get(url).status_code == 404
        return
    assert queries_for(client, url)[0] > 0
    assert queries_for(client, url)[0] > 0, "stored under a page number that names no page"


def test_a_search_is_never_served_from_the_page_it_searches(client, site):
    faq = FAQFactory(question="Does walking help sciatica?", topics=[site])
    queries_for(client, "/faq/")
    queries, response = queries_for(client, "/faq/?q=walking")
    assert queries > 0
    assert "1 result for" in response.content.decode() and faq.get_absolute_url() in response.content.decode()
