"""A published article whose slug changes keeps its old URL working, as a permanent redirect."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory
from tests.roles import author_user, editor_user

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    article.save()


def test_old_url_of_a_live_article_redirects_permanently_to_the_new_one(client):
    article = ArticleFactory(slug="lower-back-pain")
    rename(article, "low-back-pain")
    response = client.get("/articles/lower-back-pain/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/low-back-pain/"
    assert client.get("/articles/low-back-pain/").status_code == 200


def test_every_old_slug_redirects_to_the_current_one(client):
    article = ArticleFactory(slug="first")
    rename(article, "second")
    rename(article, "third")
    assert client.get("/articles/first/")["Location"] == "/articles/third/"
    assert client.get("/articles/second/")["Location"] == "/articles/third/"


def test_renaming_a_draft_leaves_no_redirect(client):
    article = ArticleFactory(slug="draft-name", draft=True)
    rename(article, "better-name")
    assert client.get("/articles/draft-name/").status_code == 404


def test_redirect_never_reveals_an_article_that_is_no_longer_public(client):
    article = ArticleFactory(slug="old-name")
    rename(article, "secret-new-name")
    article.status = Article.Status.DRAFT
    article.save()
    response = client.get("/articles/old-name/")
    assert response.status_code == 404
    assert "secret-new-name" not in response.content.decode()


def test_an_old_slug_taken_by_another_article_shows_that_article(client):
    article = ArticleFactory(slug="taken")
    rename(article, "moved")
    ArticleFactory(slug="taken", title="The new owner")
    response = client.get("/articles/taken/")
    assert response.status_code == 200
    assert "The new owner" in response.content.decode()


def test_editors_see_the_redirects_in_the_admin(client):
    article = ArticleFactory(slug="before")
    rename(article, "after")
    client.force_login(editor_user())
    assert "before" in client.get("/admin/articles/articleredirect/").content.decode()
    client.force_login(author_user())
    assert client.get("/admin/articles/articleredirect/").status_code == 403
