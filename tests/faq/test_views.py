import pytest

from tests.factories import ArticleFactory, FAQFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_faq_page_groups_questions_by_topic_with_untopiced_ones_last(client):
    stress, sleep = TopicFactory(name="Stress"), TopicFactory(name="Sleep")
    FAQFactory(question="Can stress cause back pain?", topics=[stress])
    FAQFactory(question="Does a mattress matter?", topics=[sleep, stress])
    FAQFactory(question="When should I see a doctor?")
    page = client.get("/faq/").content.decode()
    html = page[page.index("<main") : page.index("</main>")]
    stress_at, sleep_at, general_at = (
        html.index('id="topic-topic'),
        html.index(">Sleep</h2>"),
        html.index(">General</h2>"),
    )
    assert html.index("When should I see a doctor?") > general_at
    assert html.count("Does a mattress matter?") == 2
    assert sleep_at < general_at and stress_at < general_at


def test_faq_permalink_shows_the_answer_and_links_to_its_article(client):
    article = ArticleFactory(title="Back Pain & Stress")
    faq = FAQFactory(article=article, question="Can stress cause back pain?", answer="Yes, **it can**.")
    html = client.get(faq.get_absolute_url()).content.decode()
    assert "<h1" in html and "Can stress cause back pain?" in html
    assert "Yes, <strong>it can</strong>." in html
    assert f'href="{article.get_absolute_url()}"' in html


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_faq_of_an_unpublished_article_answers_404(client, trait):
    faq = FAQFactory(article=ArticleFactory(**{trait: True}))
    assert client.get(faq.get_absolute_url()).status_code == 404


def test_site_wide_faq_is_public(client):
    assert client.get(FAQFactory().get_absolute_url()).status_code == 200


def test_faq_page_query_count_does_not_grow_with_faqs(client, django_assert_max_num_queries):
    topics = TopicFactory.create_batch(5)
    for index in range(60):
        FAQFactory(topics=[topics[index % 5]], article=ArticleFactory() if index % 2 else None)
    with django_assert_max_num_queries(4):
        client.get("/faq/")
