"""The article's body is rendered when it changes, whatever way its parts are written, and never shown stale."""

import pytest
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from articles import page_body
from articles.models import Article, Resource, Section
from faq.models import FAQ
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, FAQFactory, ResourceFactory, SectionFactory
from tests.markup import Page
from tests.roles import editor_user

pytestmark = pytest.mark.django_db


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
    stored = Article.objects.get(pk=article.pk)
    assert "Why chairs matter" in stored.body_html and "Is standing better?" in stored.body_html
    assert stored.body_format == page_body.current_format()
    html = page(client, article)
    assert "Why chairs matter" in html and "Is standing better?" in html and "Sitting study" in html


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


def test_body_made_by_other_code_is_rendered_afresh_and_migrate_stores_it_again(client, article):
    Article.objects.filter(pk=article.pk).update(body_html="<p>Old template</p>", body_format="older-code")
    html = page(client, article)
    assert "Old template" not in html and "Why chairs matter" in html
    call_command("migrate", verbosity=0)
    stored = Article.objects.get(pk=article.pk)
    assert stored.body_format == page_body.current_format() and "Why chairs matter" in stored.body_html


def test_body_of_an_unsaved_article_is_its_own_text_only():
    html, data = page_body.render(Article(title="New", slug="new", intro_html="<p>Hello</p>"), [])
    assert "Hello" in html and data == {"faqs": [], "citations": []}


def test_admin_save_with_inline_changes_and_a_restore_show_on_the_public_page(client, article):
    editor = Client()
    editor.force_login(editor_user())
    change_url = f"/admin/articles/article/{article.pk}/change/"
    assert editor.post(change_url, form_data(editor.get(change_url))).status_code == 302
    first = Version.objects.get_for_object(article).order_by("-pk").first()
    assert "body_html" not in first.field_dict  # revisions keep what people wrote, not what is derived from it
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
