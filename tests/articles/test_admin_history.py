"""Nothing lost: revision history with restore, recovery of deleted articles, and refused stale saves."""

import pytest
from reversion.models import Version

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory
from tests.roles import author_user, editor_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def editor(client):
    client.force_login(editor_user())
    return client


@pytest.fixture
def article():
    article = ArticleFactory(draft=True, title="Sciatica explained", intro="First paragraph.\n\nSecond paragraph.")
    SectionFactory(article=article, position=0, heading="What it is", body="Nerve pain.")
    SectionFactory(article=article, position=1, heading="What helps", body="Walking.")
    return article


def save_unchanged(client, article):
    """Save the article through the admin as it is: the first revision."""
    response = client.post(change_url(article), form_data(client.get(change_url(article))))
    assert response.status_code == 302
    return Version.objects.get_for_object(article).order_by("-pk").first()


def headings(article):
    return list(article.sections.values_list("heading", flat=True))


def test_restoring_a_revision_brings_back_the_sections_as_they_were(editor, article):
    first = save_unchanged(editor, article)
    data = form_data(editor.get(change_url(article)))
    data["sections-0-heading"] = "Renamed"
    data["sections-1-DELETE"] = "on"
    data.update({"sections-TOTAL_FORMS": "3", "sections-2-heading": "New part", "sections-2-level": "2"})
    data.update({"sections-2-position": "2", "sections-2-body": "Added later."})
    assert editor.post(change_url(article), data).status_code == 302
    assert headings(article) == ["Renamed", "New part"]

    history = editor.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    assert revision_url in history
    restore_form = editor.get(revision_url)
    assert restore_form.status_code == 200
    assert headings(article) == ["Renamed", "New part"]  # looking at an old version changes nothing

    assert editor.post(revision_url, form_data(restore_form)).status_code == 302
    assert list(article.sections.values_list("heading", "body")) == [
        ("What it is", "Nerve pain."),
        ("What helps", "Walking."),
    ]


def test_deleted_article_can_be_recovered_with_its_sections(editor, article):
    article_pk = article.pk
    response = editor.post(f"/admin/articles/article/{article_pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article_pk).exists()

    recover_list = editor.get("/admin/articles/article/recover/").content.decode()
    assert "Sciatica explained" in recover_list
    version = Version.objects.get_deleted(Article).get(object_id=str(article_pk))
    recover_url = f"/admin/articles/article/recover/{version.pk}/"
    assert editor.post(recover_url, form_data(editor.get(recover_url))).status_code == 302
    restored = Article.objects.get(pk=article_pk)
    assert headings(restored) == ["What it is", "What helps"]


def test_deleting_asks_for_confirmation_first(editor, article):
    response = editor.get(f"/admin/articles/article/{article.pk}/delete/")
    assert response.status_code == 200
    assert "Are you sure" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_restoring_an_old_version_does_not_let_an_author_republish(client):
    user = author_user()
    article = ArticleFactory(author=user.author_profile, title="Live once")
    editor_client = client.__class__()
    editor_client.force_login(editor_user())
    published_version = save_unchanged(editor_client, article)
    editor_client.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [article.pk]})
    client.force_login(user)
    url = f"/admin/articles/article/{article.pk}/history/{published_version.pk}/"
    client.post(url, form_data(client.get(url)))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_stale_save_is_refused_and_says_who_changed_what(client, article):
    first_editor, second_editor = editor_user(username="amira"), editor_user(username="ben")
    save_client = client.__class__()
    save_client.force_login(first_editor)

    client.force_login(second_editor)
    stale = form_data(client.get(change_url(article)))  # Ben opens the article...

    fresh = form_data(save_client.get(change_url(article)))  # ...meanwhile Amira changes it,
    fresh = {name: value.replace("\n", "\r\n") if isinstance(value, str) else value for name, value in fresh.items()}
    fresh["title"] = "Sciatica, explained by Amira"  # her browser sending text with CRLF line ends.
    fresh["sections-0-body"] = "Amira's words."
    assert save_client.post(change_url(article), fresh).status_code == 302

    stale["title"] = "Sciatica, explained by Ben"
    response = client.post(change_url(article), stale)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "saved by amira" in errors
    assert "NOT been saved" in errors
    assert "Title was changed." in errors
    assert "Intro was changed." not in errors
    assert "Sections were changed" in errors
    assert f'href="/admin/articles/article/{article.pk}/history/"' in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Sciatica, explained by Amira"
    assert article.sections.get(position=0).body == "Amira's words."


def test_opening_an_imported_article_records_it_so_its_first_edit_can_be_undone(editor, article):
    assert not Version.objects.get_for_object(article).exists()
    data = form_data(editor.get(change_url(article)))
    data["title"] = "Edited"
    editor.post(change_url(article), data)
    original = Version.objects.get_for_object(article).order_by("pk").first()
    assert original.field_dict["title"] == "Sciatica explained"
    assert original.revision.get_comment() == "As it was before its first edit in the admin."


def test_save_of_a_fresh_form_passes_the_lock(editor, article):
    data = form_data(editor.get(change_url(article)))
    data["title"] = "Once"
    assert editor.post(change_url(article), data).status_code == 302
    data = form_data(editor.get(change_url(article)))
    data["title"] = "Twice"
    assert editor.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Twice"


def test_save_without_the_loaded_version_is_refused(editor, article):
    data = form_data(editor.get(change_url(article)))
    data.pop("loaded_version")
    data["title"] = "Blind overwrite"
    assert editor.post(change_url(article), data).status_code == 200
    article.refresh_from_db()
    assert article.title == "Sciatica explained"


def test_bulk_actions_save_one_revision_per_article(editor):
    first, second = ArticleFactory(draft=True), ArticleFactory(draft=True)
    editor.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [first.pk, second.pk]})
    first_revision = Version.objects.get_for_object(first).get().revision
    second_revision = Version.objects.get_for_object(second).get().revision
    assert first_revision != second_revision
    assert first_revision.get_comment() == "Published now."


def test_bulk_delete_keeps_each_article_recoverable_on_its_own(editor):
    kept, other = ArticleFactory(title="Recover me"), ArticleFactory(title="Leave me deleted")
    SectionFactory(article=kept, heading="Kept section")
    editor.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [kept.pk, other.pk], "post": "yes"},
    )
    assert not Article.objects.exists()
    version = Version.objects.get_deleted(Article).get(object_id=str(kept.pk))
    recover_url = f"/admin/articles/article/recover/{version.pk}/"
    assert editor.post(recover_url, form_data(editor.get(recover_url))).status_code == 302
    assert list(Article.objects.values_list("title", flat=True)) == ["Recover me"]
    assert headings(Article.objects.get()) == ["Kept section"]
