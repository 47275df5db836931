"""Who sees what of the sign-off: Authors the state of their own articles, reviewers what awaits them, Editors both."""

import pytest
from django.test import Client

from articles.models import PendingVersion
from articles.versions import content_hash, text_of
from tests.factories import ArticleFactory
from tests.roles import author_user, editor_user, reviewer_user, sign_off, signoff_url

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def articles():
    """Two articles of one Author in each state, and one of another author awaiting sign-off."""
    writer = author_user()
    own = writer.author_profile
    made = {
        "draft": ArticleFactory(draft=True, author=own, title="Plain draft"),
        "awaiting": ArticleFactory(draft=True, author=own, title="Draft to publish"),
        "live": ArticleFactory(author=own, title="Live and approved"),
        "pending": ArticleFactory(author=own, title="Live with an edit"),
        "other": ArticleFactory(draft=True, title="Another author's draft"),
    }
    PendingVersion.objects.create(article=made["awaiting"])
    PendingVersion.objects.create(article=made["other"])
    text = text_of(made["pending"])
    PendingVersion.objects.create(article=made["pending"], text={**text, "article": {**text["article"], "title": "X"}})
    made["writer"] = writer
    return made


def test_an_author_sees_the_state_of_each_of_their_articles(articles):
    html = logged_in(articles["writer"]).get(CHANGELIST).content.decode()
    for state, label in (
        ("draft", "Draft"),
        ("awaiting", "Awaiting sign-off"),
        ("live", "Live"),
        ("pending", "Live, changes pending"),
    ):
        assert f'<span class="state state-{state}">{label}</span>' in html
    assert "Another author" not in html and "awaiting medical sign-off" not in html


def test_a_reviewer_gets_the_list_of_what_awaits_their_signoff(articles):
    client = logged_in(reviewer_user())
    assert "3 awaiting medical sign-off" in client.get(CHANGELIST).content.decode()
    html = client.get(f"{CHANGELIST}?state=awaiting").content.decode()
    assert "Draft to publish" in html and "Live with an edit" in html and "Another author" in html
    assert "Plain draft" not in html and "Live and approved" not in html


def test_an_editor_sees_both_the_states_and_the_queue(articles):
    html = logged_in(editor_user()).get(CHANGELIST).content.decode()
    assert "3 awaiting medical sign-off" in html and "Live, changes pending" in html


def test_an_author_may_compare_their_own_article_but_never_sign_it_off(articles):
    client = logged_in(articles["writer"])
    article = articles["pending"]
    assert client.get(signoff_url(article)).status_code == 200
    hash_ = content_hash(PendingVersion.objects.get(article=article).text)
    assert client.post(signoff_url(article), {"content_hash": hash_}).status_code == 403
    assert client.get(signoff_url(articles["other"])).status_code == 404
    assert PendingVersion.objects.filter(article=article).exists()


def test_every_signoff_is_listed_read_only_for_an_audit(articles):
    reviewer = reviewer_user()
    sign_off(reviewer, articles["live"], note="Annual review.")
    for user in (reviewer, editor_user()):
        client = logged_in(user)
        html = client.get("/admin/articles/medicalsignoff/").content.decode()
        assert "Live and approved" in html and reviewer.author_profile.name in html
        assert client.get("/admin/articles/medicalsignoff/add/").status_code == 403
    assert logged_in(articles["writer"]).get("/admin/articles/medicalsignoff/").status_code == 403
