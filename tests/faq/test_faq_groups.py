"""The FAQ page stays readable with thousands of questions: each topic shows its first
questions and links to its full list, which is split into pages."""

import re

import pytest

from articles.views import FAQS_PER_GROUP
from faq.views import FAQS_PER_PAGE
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


def shown_groups(client):
    """{section id: [slugs of the questions it shows, in order]} of the FAQ overview, in page order."""
    content = client.get("/faq/").content.decode()
    sections = re.findall(r'<section aria-labelledby="topic-([\w-]+)">(.*?)</section>', content, re.S)
    return {name: re.findall(r'<div class="faq" id="faq-([\w-]+)">', body) for name, body in sections}


def test_overview_with_many_topics_shows_each_topics_first_published_questions_in_order(client):
    """Questions shared by two topics, positions out of creation order, hidden questions at the lowest
    positions: each topic still shows its own first published questions by position, and counts only those."""
    topics = TopicFactory.create_batch(12)
    draft, scheduled = ArticleFactory(draft=True), ArticleFactory(scheduled=True)
    published = {topic.slug: [] for topic in topics}
    for index, topic in enumerate(topics):
        FAQFactory(topics=[topic], article=draft, position=0)
        FAQFactory(topics=[topic], article=scheduled, position=0)
        for n in range(FAQS_PER_GROUP - 6 + index % 9):
            shared = n % 3 == 0
            faq_topics = [topic, topics[(index + 1) % len(topics)]] if shared else [topic]
            faq = FAQFactory(
                topics=faq_topics, position=(7 * n + index) % 13, article=None if n % 2 else ArticleFactory()
            )
            for faq_topic in faq_topics:
                published[faq_topic.slug].append(faq)
    general = [FAQFactory(position=position) for position in (5, 1, 3)]
    FAQFactory(article=draft, position=0)

    groups = shown_groups(client)
    content = client.get("/faq/").content.decode()

    assert list(groups) == [topic.slug for topic in sorted(topics, key=lambda topic: topic.name)] + ["general"]
    for topic in topics:
        first = sorted(published[topic.slug], key=lambda faq: (faq.position, faq.pk))[:FAQS_PER_GROUP]
        assert groups[topic.slug] == [faq.slug for faq in first]
        count = len(published[topic.slug])
        assert (f"All {count} questions about {topic.name}" in content) == (count > FAQS_PER_GROUP)
    assert groups["general"] == [faq.slug for faq in sorted(general, key=lambda faq: faq.position)]


def test_overview_lists_topics_by_name(client):
    for name in ("Sciatica", "Arthritis", "Posture"):
        FAQFactory(topics=[TopicFactory(name=name, slug=name.lower())])
    assert list(shown_groups(client)) == ["arthritis", "posture", "sciatica"]


def test_overview_of_general_questions_only(client):
    FAQFactory.create_batch(FAQS_PER_GROUP + 2)
    FAQFactory(article=ArticleFactory(draft=True))
    groups = shown_groups(client)
    assert list(groups) == ["general"]
    assert len(groups["general"]) == FAQS_PER_GROUP
    assert f"All {FAQS_PER_GROUP + 2} general questions" in client.get("/faq/").content.decode()


def test_overview_without_published_questions_says_so(client):
    FAQFactory(topics=[TopicFactory()], article=ArticleFactory(draft=True))
    content = client.get("/faq/").content.decode()
    assert "No questions have been answered yet." in content
