"""Readers answer "Was this page helpful?" with or without JavaScript; nothing about them is kept."""

import json
import re

import pytest
from django.test import Client

from feedback.models import PageFeedback
from tests.factories import ArticleFactory, FAQFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def article():
    return ArticleFactory(title="Sitting and your back", slug="sitting")


def vote(client, page, helpful="no", **extra):
    return client.post("/feedback/", {"page": page, "helpful": helpful, "website": ""}, **extra)


def token_in(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_every_article_and_faq_page_asks_and_stays_in_the_page_cache(client, article, django_assert_num_queries):
    faq = FAQFactory(question="Is walking good?", slug="walking")
    for url, page in [(article.get_absolute_url(), f"article:{article.pk}"), (faq.get_absolute_url(), f"faq:{faq.pk}")]:
        response = client.get(url)
        html = response.content.decode()
        assert "Was this page helpful?" in html
        assert f'name="page" value="{page}"' in html
        assert 'name="csrfmiddlewaretoken"' not in html
        assert not response.cookies
        with django_assert_num_queries(0):
            assert client.get(url).content == response.content


def test_a_vote_without_javascript_is_thanked_on_a_page_that_asks_why_and_sets_no_cookie(client, article):
    response = vote(client, f"article:{article.pk}", "no")
    assert response.status_code == 200
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "Thank you for your answer." in html
    assert "It was hard to understand" in html
    answer = PageFeedback.objects.get()
    assert (answer.article, answer.helpful, answer.reason, answer.comment) == (article, False, "", "")

    response = client.post("/feedback/more/", {"token": token_in(html), "reason": "hard-to-understand",
                                               "comment": "Too many long words."})  # fmt: skip
    assert response.status_code == 200
    assert not response.cookies
    assert "your comment helps us" in response.content.decode()
    answer.refresh_from_db()
    assert (answer.reason, answer.comment) == ("hard-to-understand", "Too many long words.")


def test_a_yes_is_not_asked_what_was_wrong(client, article):
    html = vote(client, f"article:{article.pk}", "yes").content.decode()
    assert "What was the problem?" not in html
    client.post("/feedback/more/", {"token": token_in(html), "reason": "out-of-date", "comment": "Clear, thanks"})
    answer = PageFeedback.objects.get()
    assert (answer.helpful, answer.reason, answer.comment) == (True, "", "Clear, thanks")


def test_with_javascript_each_step_answers_json(client, article):
    faq = FAQFactory()
    response = vote(client, f"faq:{faq.pk}", "no", **JSON)
    data = json.loads(response.content)
    assert response.status_code == 200 and data["message"] == "Thank you for your answer." and data["token"]
    assert not response.cookies
    response = client.post("/feedback/more/", {"token": data["token"], "reason": "not-answered"}, **JSON)
    assert response.status_code == 200
    assert PageFeedback.objects.get().faq == faq
    assert PageFeedback.objects.get().reason == "not-answered"


def test_nothing_about_the_reader_is_stored():
    fields = {field.name for field in PageFeedback._meta.get_fields()}
    assert fields == {"id", "article", "faq", "helpful", "reason", "comment", "created_at", "dealt_with"}


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, article):
    response = client.post("/feedback/", {"page": f"article:{article.pk}", "helpful": "no", "website": "http://spam"})
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_a_client_sending_too_many_answers_is_refused_and_others_are_not(client, article, settings):
    settings.FEEDBACK_PER_HOUR = 3
    for _ in range(3):
        assert vote(client, f"article:{article.pk}").status_code == 200
    refused = vote(client, f"article:{article.pk}")
    assert refused.status_code == 429
    assert "many answers from you" in refused.content.decode()
    assert PageFeedback.objects.count() == 3
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert vote(other, f"article:{article.pk}").status_code == 200


def test_a_comment_over_500_characters_is_refused_with_a_message_and_changes_nothing(client, article):
    html = vote(client, f"article:{article.pk}").content.decode()
    response = client.post("/feedback/more/", {"token": token_in(html), "comment": "x" * 501})
    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()
    assert PageFeedback.objects.get().comment == ""


@pytest.mark.parametrize("page", ["article:999999", "faq:x", "nonsense", "user:1", ""])
def test_an_unknown_page_is_refused_with_a_message(client, page):
    response = vote(client, page)
    assert response.status_code == 400
    assert "cannot take answers" in response.content.decode() or "required" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_a_draft_cannot_be_answered_about(client):
    draft = ArticleFactory(draft=True)
    assert vote(client, f"article:{draft.pk}").status_code == 400
    assert not PageFeedback.objects.exists()


def test_a_form_posted_from_another_site_is_refused(client, article):
    response = vote(client, f"article:{article.pk}", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not PageFeedback.objects.exists()
    assert vote(client, f"article:{article.pk}", HTTP_ORIGIN="http://testserver").status_code == 200


def test_a_comment_is_added_once_and_a_forged_token_is_refused(client, article):
    html = vote(client, f"article:{article.pk}").content.decode()
    token = token_in(html)
    assert client.post("/feedback/more/", {"token": token, "comment": "First"}).status_code == 200
    again = client.post("/feedback/more/", {"token": token, "comment": "Second"})
    assert again.status_code == 400
    forged = client.post("/feedback/more/", {"token": token[:-2] + "xx", "comment": "Forged"})
    assert forged.status_code == 400
    assert PageFeedback.objects.get().comment == "First"


def test_get_is_not_allowed(client):
    assert client.get("/feedback/").status_code == 405
