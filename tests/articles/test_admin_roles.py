"""Authors, Editors and Medical reviewers in the admin: the rules hold for every URL and every crafted POST."""

import json

import pytest
import reversion
from django.contrib.auth.models import Group
from reversion.models import Version

from articles.models import Article, Section
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, FAQFactory, SectionFactory, TopicFactory
from tests.roles import author_user, editor_user, reviewer_user, sign_off

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def writer(client):
    """An Author, logged in, with one draft of their own."""
    user = author_user()
    client.force_login(user)
    client.user = user
    client.own = ArticleFactory(draft=True, author=user.author_profile, title="My own draft")
    SectionFactory(article=client.own, heading="My section")
    return client


@pytest.fixture
def others_article():
    article = ArticleFactory(draft=True, title="Someone else's draft")
    SectionFactory(article=article, heading="Their section", body="Their words.")
    return article


def test_migration_creates_the_three_editorial_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Authors", "Editors", "Medical reviewers"}
    assert Group.objects.get(name="Editors").permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name="Authors").permissions.filter(codename="publish_article").exists()


# An Author and someone else's article.


def test_author_sees_only_their_own_articles_in_the_changelist(writer, others_article):
    html = writer.get(CHANGELIST).content.decode()
    assert "My own draft" in html
    assert "Someone else" not in html


@pytest.mark.parametrize("suffix", ["change/", "delete/", "history/"])
def test_author_gets_404_for_another_authors_article_admin_urls(writer, others_article, suffix):
    assert writer.get(f"/admin/articles/article/{others_article.pk}/{suffix}").status_code == 404


def test_author_cannot_change_another_authors_article_by_posting_to_it(writer, others_article):
    own_form = form_data(writer.get(change_url(writer.own)))
    own_form["title"] = "Hijacked"
    response = writer.post(change_url(others_article), own_form)
    assert response.status_code == 404
    assert Article.objects.get(pk=others_article.pk).title == "Someone else's draft"


def test_author_cannot_restore_a_revision_of_another_authors_article(writer, client):
    editor = editor_user()
    client.force_login(editor)
    article = ArticleFactory(author=writer.own.author, title="Original")
    editor_page = client.get(change_url(article))
    client.post(change_url(article), form_data(editor_page))
    version = Version.objects.get_for_object(article).first()
    article.author = ArticleFactory().author
    article.title = "Moved to another author"
    article.save()
    writer.force_login(writer.user)
    url = f"/admin/articles/article/{article.pk}/history/{version.pk}/"
    assert writer.post(url, {"title": "Original"}).status_code == 404
    article.refresh_from_db()
    assert article.title == "Moved to another author"


def test_author_cannot_recover_deleted_articles(writer):
    assert writer.get(f"{CHANGELIST}recover/").status_code == 403


def test_author_bulk_action_cannot_touch_another_authors_article(writer, others_article):
    response = writer.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [others_article.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Article.objects.filter(pk=others_article.pk).exists()


def test_author_autocomplete_offers_own_and_live_articles_but_never_others_drafts(writer, others_article):
    live = ArticleFactory(title="Live article by someone")
    response = writer.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "relatedpick", "field_name": "target", "term": "article"},
    )
    titles = {result["text"] for result in json.loads(response.content)["results"]}
    assert "Someone else's draft" not in titles
    assert {"Live article by someone"} <= titles
    response = writer.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "relatedpick", "field_name": "target", "term": "draft"},
    )
    assert [result["text"] for result in json.loads(response.content)["results"]] == ["My own draft"]
    assert live.pk


def test_author_cannot_see_the_site_wide_faq_admin(writer):
    FAQFactory(question="Site-wide?")
    assert writer.get("/admin/faq/faq/").status_code == 403


# An Author and their own article.


def test_author_can_edit_their_own_article_and_its_sections(writer):
    data = form_data(writer.get(change_url(writer.own)))
    data["title"] = "Better title"
    data["sections-0-heading"] = "Better heading"
    response = writer.post(change_url(writer.own), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    writer.own.refresh_from_db()
    assert writer.own.title == "Better title"
    assert writer.own.sections.get().heading == "Better heading"


def test_author_cannot_publish_schedule_or_reassign_their_article_with_a_crafted_post(writer):
    data = form_data(writer.get(change_url(writer.own)))
    data.update(
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
        author=str(ArticleFactory().author_id),
        reviewed_by=str(writer.own.author_id),
        last_reviewed="2025-01-01",
    )
    assert writer.post(change_url(writer.own), data).status_code == 302
    writer.own.refresh_from_db()
    assert writer.own.status == Article.Status.DRAFT
    assert writer.own.published_at is None
    assert writer.own.author.user == writer.user
    assert writer.own.last_reviewed is None


def test_author_cannot_reach_another_articles_sections_through_hidden_inline_ids(writer, others_article):
    theirs = others_article.sections.get()
    data = form_data(writer.get(change_url(writer.own)))
    data["sections-0-id"] = str(theirs.pk)
    data["sections-0-heading"] = "Overwritten"
    writer.post(change_url(writer.own), data)
    assert Section.objects.get(pk=theirs.pk).heading == "Their section"
    assert Section.objects.get(pk=theirs.pk).article == others_article
    assert list(writer.own.sections.values_list("heading", flat=True)) == ["My section"]


def test_author_cannot_delete_another_articles_sections_through_hidden_inline_ids(writer, others_article):
    theirs = others_article.sections.get()
    data = form_data(writer.get(change_url(writer.own)))
    data["sections-0-id"] = str(theirs.pk)
    data["sections-0-DELETE"] = "on"
    writer.post(change_url(writer.own), data)
    assert Section.objects.filter(pk=theirs.pk).exists()


def test_author_publish_action_is_refused(writer):
    response = writer.post(CHANGELIST, {"action": "publish_now", "_selected_action": [writer.own.pk]}, follow=True)
    assert response.status_code == 200
    writer.own.refresh_from_db()
    assert writer.own.status == Article.Status.DRAFT


def test_author_change_page_shows_status_and_schedule_read_only(writer):
    response = writer.get(change_url(writer.own))
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "published_at" not in form.fields
    assert "author" not in form.fields
    assert "title" in form.fields


def test_article_added_by_an_author_is_their_draft_whatever_the_post_says(writer):
    topic = TopicFactory()
    data = form_data(writer.get(f"{CHANGELIST}add/"))
    data.update(
        title="New piece", slug="new-piece", status="published", author=str(ArticleFactory().author_id),
        topics=[str(topic.pk)],
    )  # fmt: skip
    response = writer.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-piece")
    assert article.status == Article.Status.DRAFT
    assert article.author.user == writer.user


def test_author_without_an_author_profile_cannot_add_articles(client):
    user = author_user()
    user.author_profile.delete()
    user.refresh_from_db()
    client.force_login(user)
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_author_may_edit_their_own_profile_but_not_other_authors(writer, others_article):
    own = writer.user.author_profile
    assert writer.get(f"/admin/articles/author/{own.pk}/change/").status_code == 200
    assert writer.get(f"/admin/articles/author/{others_article.author_id}/change/").status_code == 302
    assert "Their" not in writer.get("/admin/articles/author/").content.decode()


# Editors.


def test_editor_publishes_and_unpublishes_with_the_bulk_actions_once_the_text_is_signed_off(client, others_article):
    sign_off(reviewer_user(), others_article)
    client.force_login(editor_user())
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [others_article.pk]})
    others_article.refresh_from_db()
    assert others_article.state == "live"
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [others_article.pk]})
    others_article.refresh_from_db()
    assert others_article.state == "draft"


def test_editor_schedules_a_signed_off_article(client, others_article):
    sign_off(reviewer_user(), others_article)
    client.force_login(editor_user())
    data = form_data(client.get(change_url(others_article)))
    data.update(status="published", published_at_0="2099-05-01", published_at_1="09:00:00")
    assert client.post(change_url(others_article), data).status_code == 302
    others_article.refresh_from_db()
    assert others_article.state == "scheduled"


# Medical reviewers.


def test_reviewer_signs_off_but_cannot_change_the_text_or_type_in_a_review(client, others_article):
    reviewer = reviewer_user()
    client.force_login(reviewer)
    data = form_data(client.get(change_url(others_article)))
    assert "title" not in data
    assert "last_reviewed" not in data
    data.update(title="Changed by reviewer", last_reviewed="2026-03-01", reviewed_by=str(reviewer.author_profile.pk))
    data["sections-0-heading"] = "Changed by reviewer"
    assert client.post(change_url(others_article), data).status_code == 403
    others_article.refresh_from_db()
    assert others_article.last_reviewed is None
    assert others_article.title == "Someone else's draft"
    assert others_article.sections.get().heading == "Their section"
    sign_off(reviewer, others_article, client=client)
    others_article.refresh_from_db()
    assert others_article.reviewed_by == reviewer.author_profile


def test_reviewer_cannot_publish_add_or_delete(client, others_article):
    client.force_login(reviewer_user())
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [others_article.pk]})
    others_article.refresh_from_db()
    assert others_article.status == Article.Status.DRAFT
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"/admin/articles/article/{others_article.pk}/delete/").status_code == 403


def test_reviewer_may_preview_drafts_on_the_public_site(client, others_article):
    client.force_login(reviewer_user())
    response = client.get(others_article.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.content.decode()


def test_author_cannot_restore_a_revision_that_also_holds_other_articles(writer, others_article):
    with reversion.create_revision():
        reversion.add_to_revision(writer.own)
        reversion.add_to_revision(others_article)
    version = Version.objects.get_for_object(writer.own).get()
    url = f"/admin/articles/article/{writer.own.pk}/history/{version.pk}/"
    assert writer.get(url).status_code == 403
    assert writer.post(url, form_data(writer.get(change_url(writer.own)))).status_code == 403


def test_author_cannot_edit_their_article_once_an_editor_has_published_it(writer):
    live = ArticleFactory(author=writer.user.author_profile, title="Published by the editor")
    SectionFactory(article=live, heading="Approved text")
    response = writer.get(change_url(live))
    assert response.status_code == 200
    assert "title" not in response.context["adminform"].form.fields
    assert writer.post(change_url(live), {"title": "Unreviewed change"}).status_code == 403
    live.refresh_from_db()
    assert live.title == "Published by the editor"
    assert live.sections.get().heading == "Approved text"


def test_author_cannot_change_their_own_name_or_credentials(writer):
    own = writer.user.author_profile
    url = f"/admin/articles/author/{own.pk}/change/"
    data = form_data(writer.get(url))
    assert "credentials" not in data
    data.update(bio="New bio.", credentials="MD, world-leading spine surgeon", name="Dr Famous")
    assert writer.post(url, data).status_code == 302
    own.refresh_from_db()
    assert own.bio == "New bio."
    assert own.credentials == "DPT, physical therapist"
    assert own.name.startswith("Writer")
