"""The FAQ page stays readable with thousands of questions: each topic shows its first
questions and links to its full list, which is split into pages."""

import pytest

from faq.views import FAQS_PER_GROUP, FAQS_PER_PAGE
from tests.factories import ArticleFactory, FAQFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sciatica():
    return TopicFactory(name="Sciatica", slug="sciatica")


def questions(response):
    return response.content.decode().count('class="faq"')


def test_overview_shows_the_first_questions_of_each_topic_and_links_to_the_rest(client, sciatica):
    FAQFactory.create_batch(FAQS_PER_GROUP + 5, topics=[sciatica])
    response = client.get("/faq/")
    assert questions(response) == FAQS_PER_GROUP
    assert f"All {FAQS_PER_GROUP + 5} questions about Sciatica" in response.content.decode()
    assert 'href="?topic=sciatica"' in response.content.decode()


def test_small_topics_need_no_link(client, sciatica):
    FAQFactory.create_batch(3, topics=[sciatica])
    response = client.get("/faq/")
    assert questions(response) == 3
    assert "All 3 questions" not in response.content.decode()


def test_a_topics_full_list_is_split_into_pages(client, sciatica):
    FAQFactory.create_batch(FAQS_PER_PAGE + 2, topics=[sciatica])
    first = client.get("/faq/?topic=sciatica")
    assert questions(first) == FAQS_PER_PAGE
    assert "Questions about Sciatica" in first.content.decode()
    assert 'href="?topic=sciatica&amp;page=2"' in first.content.decode()
    second = client.get("/faq/?topic=sciatica&page=2")
    assert questions(second) == 2


def test_general_questions_have_their_own_full_list(client, sciatica):
    FAQFactory.create_batch(FAQS_PER_GROUP + 1)
    FAQFactory(topics=[sciatica], question="Only about sciatica?")
    overview = client.get("/faq/").content.decode()
    assert f"All {FAQS_PER_GROUP + 1} general questions" in overview
    general = client.get("/faq/?topic=general")
    assert questions(general) == FAQS_PER_GROUP + 1
    assert "Only about sciatica?" not in general.content.decode()


def test_a_topics_list_hides_questions_of_unpublished_articles(client, sciatica):
    FAQFactory(topics=[sciatica], question="Public question?")
    FAQFactory(topics=[sciatica], question="Draft question?", article=ArticleFactory(draft=True))
    FAQFactory(topics=[sciatica], question="Scheduled question?", article=ArticleFactory(scheduled=True))
    content = client.get("/faq/?topic=sciatica").content.decode()
    assert "Public question?" in content
    assert "Draft question?" not in content
    assert "Scheduled question?" not in content


def test_unknown_topic_or_a_topic_without_questions_is_not_found(client, sciatica):
    assert client.get("/faq/?topic=no-such-topic").status_code == 404
    assert client.get("/faq/?topic=sciatica").status_code == 404


def test_a_nonsense_page_number_shows_a_real_page(client, sciatica):
    FAQFactory.create_batch(2, topics=[sciatica])
    for page in ("999", "abc", "-1"):
        response = client.get(f"/faq/?topic=sciatica&page={page}")
        assert response.status_code == 200
        assert questions(response) == 2


def test_topic_page_shows_the_first_questions_and_links_to_all(client, sciatica):
    FAQFactory.create_batch(FAQS_PER_GROUP + 1, topics=[sciatica])
    content = client.get(sciatica.get_absolute_url()).content.decode()
    assert content.count('class="faq"') == FAQS_PER_GROUP
    assert 'href="/faq/?topic=sciatica"' in content


def test_overview_counts_only_published_questions(client, sciatica):
    FAQFactory.create_batch(FAQS_PER_GROUP + 1, topics=[sciatica])
    FAQFactory.create_batch(3, topics=[sciatica], article=ArticleFactory(draft=True))
    FAQFactory.create_batch(2, topics=[sciatica], article=ArticleFactory(scheduled=True))
    content = client.get("/faq/").content.decode()
    assert f"All {FAQS_PER_GROUP + 1} questions about Sciatica" in content


def test_a_topic_whose_questions_are_all_unpublished_is_not_listed(client, sciatica):
    FAQFactory(topics=[sciatica], article=ArticleFactory(draft=True))
    assert "Sciatica" not in client.get("/faq/").content.decode()
