"""Sign-off and the article's history: restoring a revision, recovering a deleted article, FAQ topics in a version.

A restore racing a sign-off is tried with two real connections (PostgreSQL row locks); the rest runs on any engine.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from reversion.models import Version

from articles import signoff, versions
from articles.models import Article, MedicalSignOff, PendingVersion
from backpain.writes import batch
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, FAQFactory, SectionFactory, TopicFactory
from tests.roles import editor_user, reviewer_user, sign_off

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between real connections")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def article():
    article = ArticleFactory(title="Sciatica and sitting", slug="sciatica", intro="Sitting can press the nerve.")
    SectionFactory(article=article, position=0, heading="Why sitting hurts", body="Pressure on the nerve root.")
    FAQFactory(article=article, question="Should I stand?", answer="Now and then.")
    return article


@pytest.fixture
def editor():
    client = Client()
    client.force_login(editor_user())
    return client


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def edit(editor, article, **changes):
    data = form_data(editor.get(change_url(article)))
    data.update(changes)
    response = editor.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def public(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def live_matches_its_signoff(article):
    article = Article.objects.get(pk=article.pk)
    return article.live_signoff.content_hash == versions.content_hash(versions.text_of(article))


def _sign_off_holding_the_lock(article, reviewer, signed):
    """In another connection: sign off the pending version, and commit only once someone waits for the row lock."""

    def run():
        try:
            with batch():
                working = signoff.working_text(article)
                signoff.article_sign_off(article=article, user=reviewer, content_hash=versions.content_hash(working))
                signed.set()
                with connection.cursor() as cursor:
                    for _ in range(100):
                        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.05)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_restoring_a_revision_while_a_reviewer_signs_off_keeps_the_signed_text_live(editor, article):
    reviewer = reviewer_user()
    sign_off(reviewer, article)
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    data = form_data(editor.get(revision_url))  # opened with nothing pending; meanwhile an edit, then its sign-off
    edit(editor, article, title="Renamed")
    signed = threading.Event()
    thread = _sign_off_holding_the_lock(article, reviewer, signed)
    assert signed.wait(10)
    assert editor.post(revision_url, data).status_code == 302
    thread.join(10)
    assert "Renamed" in public(article.get_absolute_url())
    assert live_matches_its_signoff(article)
    assert PendingVersion.objects.get(article=article).text["article"]["title"] == "Sciatica and sitting"


@pytest.fixture
def reviewer():
    return reviewer_user()


@pytest.mark.django_db
def test_restoring_a_revision_of_a_live_article_keeps_the_badge_of_its_live_text(editor, reviewer, article):
    sign_off(reviewer, article)
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    edit(editor, article, title="Renamed")
    sign_off(reviewer, article)
    assert editor.post(revision_url, form_data(editor.get(revision_url))).status_code == 302
    assert live_matches_its_signoff(article)
    assert "Medically reviewed by" in public(article.get_absolute_url())


@pytest.mark.django_db
def test_a_new_faq_of_a_pending_edit_goes_live_with_its_topics(editor, reviewer, article):
    topic = TopicFactory(name="Posture", slug="posture")
    sign_off(reviewer, article)
    edit(
        editor,
        article,
        **{
            "faqs-TOTAL_FORMS": "2",
            "faqs-1-position": "1",
            "faqs-1-question": "Is a standing desk better?",
            "faqs-1-slug": "standing-desk",
            "faqs-1-answer": "Changing position helps most.",
            "faqs-1-topics": [str(topic.pk)],
        },
    )
    assert "standing desk" not in Client().get("/faq/?topic=posture").content.decode()
    sign_off(reviewer, article)
    faq = article.faqs.get(slug="standing-desk")
    assert list(faq.topics.all()) == [topic]
    assert "Is a standing desk better?" in public("/faq/?topic=posture")
    change_form = editor.get(change_url(article)).content.decode()
    assert "Is a standing desk better?" in change_form


@pytest.mark.django_db
def test_an_faq_deleted_in_a_pending_edit_keeps_its_topics_while_the_deletion_waits(editor, reviewer, article):
    topic = TopicFactory(name="Posture", slug="posture")
    faq = article.faqs.get()
    faq.topics.add(topic)
    sign_off(reviewer, article)
    edit(editor, article, **{"faqs-0-DELETE": "on"})
    assert PendingVersion.objects.get(article=article).text["faqs"] == []
    assert list(article.faqs.get().topics.all()) == [topic]
    assert "Should I stand?" in public("/faq/?topic=posture")


def delete_and_recover(editor, article):
    assert editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 302
    assert Client().get(article.get_absolute_url()).status_code == 404
    version = Version.objects.get_deleted(Article).get(object_id=str(article.pk))
    recover_url = f"/admin/articles/article/recover/{version.pk}/"
    return editor.post(recover_url, form_data(editor.get(recover_url)), follow=True)


@pytest.mark.django_db
def test_a_deleted_articles_signoffs_are_kept_and_come_back_with_it(editor, reviewer, article):
    sign_off(reviewer, article, note="First review.")
    edit(editor, article, title="Renamed")
    sign_off(reviewer, article, note="Second review.")
    assert editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 302
    kept = MedicalSignOff.objects.filter(article_key=article.pk)
    assert sorted(kept.values_list("note", flat=True)) == ["First review.", "Second review."]
    assert "Renamed" in editor.get("/admin/articles/medicalsignoff/").content.decode()

    version = Version.objects.get_deleted(Article).get(object_id=str(article.pk))
    recover_url = f"/admin/articles/article/recover/{version.pk}/"
    assert editor.post(recover_url, form_data(editor.get(recover_url))).status_code == 302
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.signoffs.count() == 2
    assert recovered.live_signoff.note == "Second review." and live_matches_its_signoff(recovered)
    html = public(recovered.get_absolute_url())
    assert "Renamed" in html and "Medically reviewed by" in html


@pytest.mark.django_db
def test_a_recovered_article_whose_text_nobody_signed_off_waits_for_a_signoff(editor, reviewer, article):
    assert article.status == Article.Status.PUBLISHED and not article.signoffs.exists()
    response = delete_and_recover(editor, article)
    assert "goes live when a medical reviewer signs it off" in response.content.decode()
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.state == "awaiting"
    assert Client().get(recovered.get_absolute_url()).status_code == 404
    sign_off(reviewer, recovered)
    assert "Sciatica and sitting" in public(recovered.get_absolute_url())
