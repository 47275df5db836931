"""Editors find broken and redirected sources with the article each belongs to."""

import pytest

from sources.models import Source
from tests.factories import ArticleFactory, ResourceFactory
from tests.roles import author_user, editor_user

pytestmark = pytest.mark.django_db


def test_an_editor_lists_broken_sources_with_their_article_and_where_redirects_led(client):
    article = ArticleFactory(title="Sciatica explained")
    ResourceFactory(article=article, url="https://example.org/gone")
    ResourceFactory(article=article, url="https://example.org/moved")
    ResourceFactory(article=ArticleFactory(title="Fine article"), url="https://example.org/fine")
    Source.objects.filter(url__endswith="gone").update(state="broken", status_code=410)
    Source.objects.filter(url__endswith="moved").update(state="redirected", status_code=200,
                                                         final_url="https://example.org/new-home")  # fmt: skip
    client.force_login(editor_user())
    response = client.get("/admin/sources/source/?state=broken")
    html = response.content.decode()
    assert "https://example.org/gone" in html and "Sciatica explained" in html and "410" in html
    assert [row.url for row in response.context["cl"].result_list] == ["https://example.org/gone"]
    html = client.get("/admin/sources/source/?state=redirected").content.decode()
    assert "https://example.org/new-home" in html


def test_an_author_sees_the_sources_of_their_own_articles_only(client):
    user = author_user()
    ResourceFactory(article=ArticleFactory(author=user.author_profile), url="https://example.org/mine")
    ResourceFactory(article=ArticleFactory(), url="https://example.org/theirs")
    client.force_login(user)
    response = client.get("/admin/sources/source/")
    assert [row.url for row in response.context["cl"].result_list] == ["https://example.org/mine"]


def test_check_again_queues_a_check_for_after_the_request(client, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    ResourceFactory(url="https://example.org/again")
    source = Source.objects.get()
    client.force_login(editor_user())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/sources/source/", {"action": "check_again", "_selected_action": [source.pk]})
    assert DBTaskResult.objects.filter(task_path="sources.tasks.check_source").count() == 1
