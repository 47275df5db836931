"""The article page is stored when something it shows is written, whatever way it is written, and never shown stale.

The page cache is off here, so each request shows the stored page itself.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles import stored_page
from articles.models import Article, ArticlePage, Author, Resource, Section, Topic
from faq.models import FAQ
from tests.admin_forms import form_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FAQFactory,
    ResourceFactory,
    SectionFactory,
    TopicFactory,
    uploaded_png,
)
from tests.markup import Page
from tests.roles import editor_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def article():
    article = ArticleFactory(title="Sitting and your back", slug="sitting")
    SectionFactory(article=article, heading="Why chairs matter", body="Chairs shape posture.")
    FAQFactory(article=article, question="Is standing better?", answer="Mostly, yes.")
    ResourceFactory(article=article, title="Sitting study")
    return article


def page(client, article):
    return visit(client, article).html


def visit(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return Page(response)


def test_article_page_shows_the_body_stored_when_its_parts_were_saved(client, article):
    stored = ArticlePage.objects.get(pk=article.pk)
    assert "Why chairs matter" in stored.html and "Is standing better?" in stored.html
    assert stored.format == stored_page.current_format()
    html = page(client, article)
    assert "Why chairs matter" in html and "Is standing better?" in html and "Sitting study" in html
    assert "backpain-hole" not in html  # every hole filled, even those left empty


def test_section_renamed_by_a_queryset_update_shows_on_the_page(client, article):
    page(client, article)
    Section.objects.filter(article=article).update(heading="Why desks matter")
    html = page(client, article)
    assert "Why desks matter" in html and "Why chairs matter" not in html


def test_parts_bulk_created_show_on_the_page_with_their_structured_data(client, article):
    page(client, article)
    Section.objects.bulk_create(
        [Section(article=article, position=9, level=2, heading="Standing desks", anchor="desks")]
    )
    Resource.objects.bulk_create(
        [Resource(article=article, position=9, title="Desk trial", url="https://example.org/d")]
    )
    FAQ.objects.bulk_create(
        [FAQ(article=article, question="How long should I stand?", slug="stand", answer="A while.")]
    )
    shown = visit(client, article)
    assert 'id="desks"' in shown.html and "Desk trial" in shown.html and "How long should I stand?" in shown.html
    assert "Desk trial" in [source["name"] for source in shown.graph("MedicalWebPage")["citation"]]
    assert "How long should I stand?" in [question["name"] for question in shown.graph("FAQPage")["mainEntity"]]


def test_parts_deleted_by_a_queryset_leave_the_page(client, article):
    page(client, article)
    Resource.objects.filter(article=article).delete()
    FAQ.objects.filter(article=article).delete()
    shown = visit(client, article)
    assert "Sitting study" not in shown.html and "Is standing better?" not in shown.html
    assert shown.graphs("FAQPage") == [] and shown.graph("MedicalWebPage").get("citation") is None


def test_faq_moved_to_another_article_leaves_the_first_page_and_joins_the_second(client, article):
    other = ArticleFactory(title="Standing all day", slug="standing")
    faq = article.faqs.get()
    page(client, article), page(client, other)
    faq.article = other
    faq.save()
    assert "Is standing better?" not in page(client, article)
    assert "Is standing better?" in page(client, other)


def test_page_made_by_other_code_is_rendered_afresh_on_view_and_stored(client, article):
    ArticlePage.objects.filter(pk=article.pk).update(html="<p>Old template</p>", format="older-code")
    html = page(client, article)
    assert "Old template" not in html and "Why chairs matter" in html
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.format == stored_page.current_format() and "Why chairs matter" in stored.html


def test_migrate_renders_again_the_pages_older_code_made(article):
    ArticlePage.objects.filter(pk=article.pk).update(html="<p>Old template</p>", format="older-code")
    call_command("migrate", verbosity=0)
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.format == stored_page.current_format() and "Why chairs matter" in stored.html


def test_a_settings_change_such_as_the_site_address_renders_pages_afresh(client, article, settings):
    settings.SITE_URL = "https://moved.example"
    assert '<link rel="canonical" href="https://moved.example/articles/sitting/">' in page(client, article)


def test_admin_save_with_inline_changes_and_a_restore_show_on_the_public_page(client, article, settings):
    settings.MEDICAL_SIGNOFF_REQUIRED = False  # an Editor's save is the approval (tests/articles/test_signoff.py)
    editor = Client()
    editor.force_login(editor_user())
    change_url = f"/admin/articles/article/{article.pk}/change/"
    assert editor.post(change_url, form_data(editor.get(change_url))).status_code == 302
    first = Version.objects.get_for_object(article).order_by("-pk").first()
    assert "intro_html" in first.field_dict and "html" not in first.field_dict  # the page is not in the article
    data = form_data(editor.get(change_url))
    data["sections-0-heading"] = "Why desks matter"
    data.update({"sections-TOTAL_FORMS": "2", "sections-1-heading": "Standing up", "sections-1-level": "2"})
    data.update({"sections-1-position": "1", "sections-1-body": "Now and then."})
    data["faqs-0-DELETE"] = "on"
    assert editor.post(change_url, data).status_code == 302
    html = page(client, article)
    assert "Why desks matter" in html and "Standing up" in html and "Is standing better?" not in html

    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    assert editor.post(revision_url, form_data(editor.get(revision_url))).status_code == 302
    html = page(client, article)
    assert "Why chairs matter" in html and "Standing up" not in html and "Is standing better?" in html


def test_saving_only_the_introduction_stores_the_body_with_it(client, article):
    article.intro = "A *new* start."
    article.save(update_fields=["intro"])
    assert "<em>new</em> start" in page(client, article)


def test_sources_moved_to_another_article_by_a_queryset_update_show_there(client, article):
    other = ArticleFactory(title="Standing all day", slug="standing")
    page(client, other)
    Resource.objects.filter(article=article).update(article=other)
    assert "Sitting study" not in page(client, article)
    assert "Sitting study" in page(client, other)


def test_section_moved_to_another_article_by_saving_it_shows_there_only(client, article):
    other = ArticleFactory(title="Standing all day", slug="standing")
    page(client, article), page(client, other)
    section = Section.objects.get(article=article)
    section.article = other
    section.save()
    assert "Why chairs matter" not in page(client, article)
    assert "Why chairs matter" in page(client, other)


def test_faq_made_site_wide_leaves_the_article_page(client, article):
    page(client, article)
    faq = FAQ.objects.get(article=article)
    faq.article = None
    faq.save()
    assert "Is standing better?" not in page(client, article)


# What the page names besides its own parts: author, reviewer, topics, its own fields.


def test_author_renamed_shows_in_the_byline_the_author_card_and_the_structured_data(client, article):
    page(client, article)
    author = article.author
    author.name, author.bio = "Dr Jane Roe", "Treats *backs*."
    author.save()
    shown = visit(client, article)
    assert "Dr Jane Roe" in shown.html and "<em>backs</em>" in shown.html
    assert shown.graph("MedicalWebPage")["author"]["name"] == "Dr Jane Roe"


def test_author_photo_added_shows_on_the_article(client, article):
    page(client, article)
    author = article.author
    author.photo = uploaded_png("face.png", width=300, height=300)
    author.save()
    assert 'class="byline-photo"' in page(client, article)


def test_authors_changed_by_a_queryset_update_show_on_their_articles(client, article):
    page(client, article)
    Author.objects.filter(pk=article.author_id).update(credentials="Spine surgeon")
    assert "Spine surgeon" in page(client, article)


def test_reviewer_deleted_leaves_the_review_line(client, article):
    article.reviewed_by = AuthorFactory(name="Dr Reviewer")
    article.save()
    assert "Dr Reviewer" in page(client, article)
    article.reviewed_by.delete()
    assert "Dr Reviewer" not in page(client, article) and "Medically reviewed by" not in page(client, article)


def test_topic_renamed_shows_in_tags_breadcrumbs_and_pager(client, article):
    topic = TopicFactory(name="Posture")
    article.topics.add(topic)
    ArticleFactory(slug="older", topics=[topic], published_at=article.published_at - timedelta(days=1))
    page(client, article)
    topic.name = "Sitting posture"
    topic.save()
    shown = visit(client, article)
    assert shown.graph("BreadcrumbList")["itemListElement"][1]["name"] == "Sitting posture"
    assert "More in Sitting posture" in shown.html and ">Posture<" not in shown.html


def test_topics_renamed_by_a_queryset_update_show_on_their_articles(client, article):
    article.topics.add(TopicFactory(name="Posture"))
    page(client, article)
    Topic.objects.filter(name="Posture").update(name="Desk posture")
    assert "Desk posture" in page(client, article)


def test_topic_deleted_leaves_the_page(client, article):
    topic = TopicFactory(name="Posture")
    article.topics.add(topic)
    assert ">Posture<" in page(client, article)
    topic.delete()
    assert ">Posture<" not in page(client, article)


@pytest.mark.parametrize("change", ["article.topics.remove", "topic.articles.remove", "topic.articles.clear"])
def test_topic_links_changed_from_either_side_show_on_the_page(client, article, change):
    topic = TopicFactory(name="Posture")
    topic.articles.add(article)  # linked from the topic's side
    assert ">Posture<" in page(client, article)
    if change == "article.topics.remove":
        article.topics.remove(topic)
    elif change == "topic.articles.remove":
        topic.articles.remove(article)
    else:
        topic.articles.clear()
    assert ">Posture<" not in page(client, article)


def test_articles_changed_by_a_queryset_update_show_the_change(client, article):
    page(client, article)
    Article.objects.filter(pk=article.pk).update(title="Standing and your back")
    shown = visit(client, article)
    assert shown.title.startswith("Standing and your back") and "<h1" in shown.html
    assert "Sitting and your back" not in shown.html


def test_articles_changed_by_bulk_update_show_the_change(client, article):
    page(client, article)
    article.subtitle = "What a chair does to your spine"
    Article.objects.bulk_update([article], ["subtitle"])
    assert "What a chair does to your spine" in page(client, article)


def test_authors_changed_by_bulk_update_show_on_their_articles(client, article):
    page(client, article)
    author = article.author
    author.credentials = "Physiotherapist"
    Author.objects.bulk_update([author], ["credentials"])
    assert "Physiotherapist" in page(client, article)


def test_articles_bulk_created_have_their_page_stored(client, author_of_bulk_articles):
    (created,) = Article.objects.bulk_create(
        [
            Article(
                title="Bulk",
                slug="bulk",
                status="published",
                published_at=timezone.now(),
                author=author_of_bulk_articles,
            )
        ]
    )
    stored = ArticlePage.objects.get(article__slug="bulk")
    assert stored.format == stored_page.current_format() and "Bulk" in stored.html


def test_text_that_looks_like_a_hole_is_shown_as_text_not_filled(client):
    article = ArticleFactory(title="<!--backpain-hole:sidebar--> title", intro="<!--backpain-hole:sidebar-->")
    html = page(client, article)
    assert "&lt;!--backpain-hole:sidebar--&gt; title" in html
    assert html.count("More articles are on the way.") == 1  # the sidebar, filled in its own place only


def test_pages_saved_before_the_static_files_are_collected_are_rendered_on_first_view(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    article = ArticleFactory(title="Saved before collectstatic")  # as an import run before the first deploy
    assert ArticlePage.objects.get(pk=article.pk).format == ""
    call_command("collectstatic", interactive=False, verbosity=0)
    assert "Saved before collectstatic" in page(client, article)
    assert ArticlePage.objects.get(pk=article.pk).format == stored_page.current_format()


MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


@pytest.fixture
def author_of_bulk_articles():
    return AuthorFactory()


def test_an_article_going_live_joins_the_sidebar_and_pager_at_its_time_with_no_write(client, monkeypatch):
    topic = TopicFactory(name="Posture")
    article = ArticleFactory(title="Sitting well", topics=[topic], published_at=timezone.now() - timedelta(days=2))
    scheduled = ArticleFactory(title="Standing well", topics=[topic], scheduled=True)
    stored = ArticlePage.objects.get(pk=article.pk).html
    assert "Standing well" not in page(client, article)

    later = scheduled.published_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    shown = visit(client, article)
    assert ArticlePage.objects.get(pk=article.pk).html == stored  # nothing was written
    assert {"next": scheduled.get_absolute_url()} == {
        anchor["rel"]: anchor["href"] for anchor in shown.anchors if anchor.get("rel") == "next"
    }
    assert shown.html.count("Standing well") == 2  # the pager and the sidebar
