"""Public pages are cached for anonymous visitors, and no change ever leaves a page stale."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from backpain import pagecache
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FAQFactory,
    RelatedPickFactory,
    ResourceFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory(name="Sciatica", slug="sciatica", description="All about the sciatic nerve.")


@pytest.fixture
def author():
    return AuthorFactory(name="Dana Smith", slug="dana-smith", bio="Physiotherapist for twenty years.")


@pytest.fixture
def article(topic, author):
    article = ArticleFactory(title="Sitting and your back", slug="sitting", author=author, topics=[topic])
    SectionFactory(article=article, heading="Why chairs matter", body="Chairs shape posture.")
    FAQFactory(article=article, question="Is standing better?", answer="Mostly, yes.")
    ResourceFactory(article=article, title="Sitting study")
    return article


def pages(article):
    """Every public page the article's content appears on."""
    topic = article.topics.first()
    return ["/", article.get_absolute_url(), article.author.get_absolute_url(), topic.get_absolute_url(), "/faq/"]


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200


def test_anonymous_visitor_is_served_a_repeat_page_from_cache_without_queries(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Length"] == str(len(first.content))


def test_a_page_another_app_server_stored_is_served_from_the_shared_cache(client, article, django_assert_num_queries):
    first = client.get(article.get_absolute_url())
    pagecache.forget_recent_pages()  # this server has no copy of its own: as if another one rendered it
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.content == first.content


def test_every_public_page_is_cached_for_anonymous_visitors(client, article, django_assert_num_queries):
    faq = article.faqs.get()
    urls = [*pages(article), faq.get_absolute_url()]
    warm(client, *urls)
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url).status_code == 200


def test_editor_is_never_served_the_cached_page(editor_client, article, django_assert_max_num_queries):
    warm(Client(), article.get_absolute_url())
    with django_assert_max_num_queries(30) as queries:
        response = editor_client.get(article.get_absolute_url())
    assert len(queries) > 0, "the editor's page was rendered, not taken from the cache"
    assert "private" in response["Cache-Control"]


def test_editing_an_article_shows_the_new_text_on_every_page(client, article):
    warm(client, *pages(article))
    article.title = "Sitting well at work"
    article.summary = "New summary of the article."
    article.save()
    for url in [
        "/",
        article.get_absolute_url(),
        article.author.get_absolute_url(),
        article.topics.first().get_absolute_url(),
    ]:
        assert "Sitting well at work" in client.get(url).content.decode(), url


def test_editing_a_section_shows_the_new_text(client, article):
    warm(client, article.get_absolute_url())
    section = article.sections.get()
    section.body = "Chairs with lumbar support help."
    section.save()
    assert "lumbar support" in client.get(article.get_absolute_url()).content.decode()


def test_adding_and_deleting_a_section_shows_on_the_article(client, article):
    warm(client, article.get_absolute_url())
    SectionFactory(article=article, heading="Standing desks")
    assert "Standing desks" in client.get(article.get_absolute_url()).content.decode()
    Section.objects.filter(heading="Standing desks").delete()
    assert "Standing desks" not in client.get(article.get_absolute_url()).content.decode()


def test_editing_a_faq_shows_the_new_answer_on_article_and_faq_pages(client, article):
    faq = article.faqs.get()
    warm(client, article.get_absolute_url(), "/faq/", faq.get_absolute_url())
    faq.answer = "Alternating is best."
    faq.save()
    for url in [article.get_absolute_url(), "/faq/", faq.get_absolute_url()]:
        assert "Alternating is best." in client.get(url).content.decode(), url


def test_giving_a_faq_a_topic_shows_it_on_the_topic_page(client, article):
    other_topic = TopicFactory(name="Posture", slug="posture")
    faq = FAQFactory(question="Does posture matter?")
    warm(client, other_topic.get_absolute_url())
    faq.topics.add(other_topic)
    assert "Does posture matter?" in client.get(other_topic.get_absolute_url()).content.decode()


def test_editing_an_author_bio_shows_on_author_and_article_pages(client, article):
    warm(client, article.get_absolute_url(), article.author.get_absolute_url())
    author = article.author
    author.bio = "Now also a certified yoga teacher."
    author.save()
    for url in [article.get_absolute_url(), author.get_absolute_url()]:
        assert "certified yoga teacher" in client.get(url).content.decode(), url


def test_editing_a_topic_shows_the_new_name_everywhere(client, article, topic):
    warm(client, "/", article.get_absolute_url(), topic.get_absolute_url())
    topic.name = "Sciatic nerve pain"
    topic.save()
    for url in ["/", article.get_absolute_url(), topic.get_absolute_url()]:
        assert "Sciatic nerve pain" in client.get(url).content.decode(), url


def test_tagging_an_article_with_a_topic_shows_it_on_the_topic_page(client, article):
    new_topic = TopicFactory(name="Office work", slug="office-work")
    warm(client, new_topic.get_absolute_url())
    article.topics.add(new_topic)
    assert "Sitting and your back" in client.get(new_topic.get_absolute_url()).content.decode()
    article.topics.remove(new_topic)
    assert "Sitting and your back" not in client.get(new_topic.get_absolute_url()).content.decode()


def test_adding_a_related_pick_shows_it_in_more_to_explore(client, article):
    target = ArticleFactory(title="Lifting without strain", slug="lifting")
    ArticleFactory.create_batch(4)  # enough candidates that the pick is not there by chance
    response = client.get(article.get_absolute_url())
    assert "Lifting without strain" not in response.content.decode()
    RelatedPickFactory(article=article, target=target, position=0)
    assert "Lifting without strain" in client.get(article.get_absolute_url()).content.decode()


def test_editing_a_resource_shows_on_the_article(client, article):
    warm(client, article.get_absolute_url())
    resource = article.resources.get()
    resource.title = "Cochrane review of sitting"
    resource.save()
    assert "Cochrane review of sitting" in client.get(article.get_absolute_url()).content.decode()


def test_publishing_a_draft_shows_it_on_every_page(client, article):
    draft = ArticleFactory(draft=True, title="Brand new advice", author=article.author, topics=[article.topics.first()])
    warm(client, *pages(article))
    assert Client().get(draft.get_absolute_url()).status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.save()
    for url in [
        "/",
        draft.get_absolute_url(),
        draft.author.get_absolute_url(),
        draft.topics.first().get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Brand new advice" in response.content.decode(), url


def test_unpublishing_an_article_removes_it_from_every_page(client, article):
    faq = article.faqs.get()
    warm(client, *pages(article), faq.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(faq.get_absolute_url()).status_code == 404
    for url in ["/", article.author.get_absolute_url(), article.topics.first().get_absolute_url(), "/faq/"]:
        content = client.get(url).content.decode()
        assert "Sitting and your back" not in content, url
        assert "Is standing better?" not in content, url


def test_deleting_an_article_removes_it_from_every_page(client, article):
    warm(client, *pages(article))
    url, author_url = article.get_absolute_url(), article.author.get_absolute_url()
    article.delete()
    assert client.get(url).status_code == 404
    for page in ["/", author_url, "/faq/"]:
        assert "Sitting and your back" not in client.get(page).content.decode(), page


def test_bulk_update_without_signals_still_invalidates(client, article):
    warm(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Renamed in bulk")
    assert "Renamed in bulk" in client.get(article.get_absolute_url()).content.decode()


def test_scheduled_article_goes_live_on_time_with_no_write(client, article, monkeypatch):
    """The clock moves past the scheduled time; nothing in the database changes."""
    scheduled = ArticleFactory(
        title="Scheduled advice", author=article.author, topics=[article.topics.first()], scheduled=True
    )
    FAQFactory(article=scheduled, question="Scheduled question?")
    warm(client, *pages(article))
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "Scheduled question?" not in client.get("/faq/").content.decode()

    later = scheduled.published_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert client.get(scheduled.get_absolute_url()).status_code == 200
    for url in ["/", scheduled.author.get_absolute_url(), scheduled.topics.first().get_absolute_url()]:
        assert "Scheduled advice" in client.get(url).content.decode(), url
    assert "Scheduled question?" in client.get("/faq/").content.decode()


def test_rescheduling_into_the_past_publishes_at_once(client, article):
    scheduled = ArticleFactory(title="Moved forward", author=article.author, scheduled=True)
    warm(client, "/")
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert "Moved forward" in client.get("/").content.decode()


def test_importing_a_bundle_shows_its_articles(client, db):
    warm(client, "/")
    call_command("import_content", str(_demo_bundle()), verbosity=0)
    first = Article.objects.published().first()
    assert first.title in client.get("/").content.decode()


def _demo_bundle():
    from backpain.management.commands.quickstart import DEMO_BUNDLE

    return DEMO_BUNDLE


def test_repeat_request_with_etag_answers_304_without_queries(client, article, django_assert_num_queries):
    response = client.get(article.get_absolute_url())
    assert response["ETag"]
    assert response["Last-Modified"]
    with django_assert_num_queries(0):
        repeat = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == response["ETag"]


def test_etag_changes_when_the_article_changes(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    article.title = "A better title"
    article.save()
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "A better title" in response.content.decode()
    assert response["ETag"] != etag


def test_drafts_and_previews_are_never_cached(editor_client):
    draft = ArticleFactory(draft=True, title="Work in progress")
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_not_found_pages_are_not_cached(client, db):
    assert client.get("/articles/coming-soon/").status_code == 404
    ArticleFactory(slug="coming-soon", title="Now here")
    assert client.get("/articles/coming-soon/").status_code == 200


def test_page_cache_can_be_turned_off(client, article, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(20) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) > 0
    assert "ETag" not in response


def test_a_page_from_the_cache_keeps_its_security_headers(client, article, django_assert_num_queries):
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Vary"):
        assert second[header] == first[header], header
    assert "Cookie" in second["Vary"]


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, article, django_assert_max_num_queries):
    client.get(article.get_absolute_url())
    client.cookies["sessionid"] = "expired-or-unknown"
    with django_assert_max_num_queries(30) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) > 0, "rendered for this visitor, not taken from the cache"


def test_a_forged_host_header_is_refused_not_cached(client, article):
    response = client.get(article.get_absolute_url(), HTTP_HOST="attacker.example")
    assert response.status_code == 400


def test_the_first_view_after_an_edit_reads_the_stamp_once_then_none(client, article, settings):
    url = article.get_absolute_url()
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as without_cache:
        client.get(url)
    settings.PAGE_CACHE_SECONDS = 3600
    article.title = "Edited"
    article.save()
    with CaptureQueriesContext(connection) as after_edit:
        assert "Edited" in client.get(url).content.decode()
    assert len(after_edit) == len(without_cache) + 1  # the generation the database holds now
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached) == 0


def test_a_page_rendered_for_a_visitor_with_a_session_is_not_shared(client, article, django_assert_max_num_queries):
    visitor = Client()
    visitor.cookies["sessionid"] = "expired-or-unknown"
    visitor.get(article.get_absolute_url())
    with django_assert_max_num_queries(30) as queries:
        client.get(article.get_absolute_url())
    assert len(queries) > 0, "the next visitor's page was rendered, not taken from the session holder's"
