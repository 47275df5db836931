"""Editors read readers' answers per page and period, see comments only escaped, and mark them dealt with."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import PageFeedback
from tests.factories import ArticleFactory, FAQFactory, PageFeedbackFactory
from tests.roles import author_user, editor_user, reviewer_user

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_a_hostile_comment_is_shown_escaped_in_the_list_and_on_its_page(client):
    answer = PageFeedbackFactory(helpful=False, comment=HOSTILE)
    client.force_login(editor_user())
    for url in ["/admin/feedback/pagefeedback/", f"/admin/feedback/pagefeedback/{answer.pk}/change/"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


def test_helpful_share_is_counted_per_page_over_30_and_90_days():
    article, faq = ArticleFactory(title="Sitting"), FAQFactory()
    for helpful, age in [(True, 1), (False, 2), (False, 3), (True, 40), (True, 60), (True, 120)]:
        PageFeedbackFactory(article=article, helpful=helpful, created_at=days_ago(age))
    PageFeedbackFactory(article=None, faq=faq, helpful=True, created_at=days_ago(5))
    rows = {row["article"] or f"faq {row['faq']}": row for row in PageFeedback.objects.page_summaries()}
    sitting = rows[article.pk]
    assert (sitting["helpful_30"], sitting["answers_30"]) == (1, 3)
    assert (sitting["helpful_90"], sitting["answers_90"]) == (3, 5)
    assert rows[f"faq {faq.pk}"]["share_30"] == 1.0
    assert list(rows) == [article.pk, f"faq {faq.pk}"]  # least helpful first


def test_the_feedback_list_shows_each_pages_share_and_links_to_its_open_comments(client):
    article = ArticleFactory(title="Sitting and your back")
    PageFeedbackFactory(article=article, helpful=False, comment="Confusing")
    PageFeedbackFactory(article=article, helpful=True)
    client.force_login(editor_user())
    html = client.get("/admin/feedback/pagefeedback/").content.decode()
    assert "Helpful share per page" in html
    assert "50% helpful (1/2)" in html
    assert f"?article__id__exact={article.pk}&amp;commented=open" in html
    filtered = client.get(f"/admin/feedback/pagefeedback/?article__id__exact={article.pk}&commented=open")
    assert filtered.context["cl"].result_count == 1


def test_an_editor_marks_comments_dealt_with_and_a_reviewer_may_not(client):
    answer = PageFeedbackFactory(helpful=False, comment="Out of date")
    reviewer = reviewer_user()
    client.force_login(reviewer)
    assert client.get("/admin/feedback/pagefeedback/").status_code == 200
    data = {"action": "mark_dealt_with", "_selected_action": [answer.pk]}
    client.post("/admin/feedback/pagefeedback/", data)
    answer.refresh_from_db()
    assert not answer.dealt_with
    client.force_login(editor_user())
    client.post("/admin/feedback/pagefeedback/", data)
    answer.refresh_from_db()
    assert answer.dealt_with


def test_an_author_sees_only_what_readers_said_about_their_own_articles(client):
    user = author_user()
    own = ArticleFactory(author=user.author_profile, title="Mine")
    PageFeedbackFactory(article=own, comment="About mine")
    PageFeedbackFactory(article=ArticleFactory(), comment="About another")
    PageFeedbackFactory(article=None, faq=FAQFactory(article=own), comment="About my FAQ")
    client.force_login(user)
    html = client.get("/admin/feedback/pagefeedback/").content.decode()
    assert "About mine" in html and "About my FAQ" in html
    assert "About another" not in html


def test_nobody_adds_answers_in_the_admin(client):
    client.force_login(editor_user())
    assert client.get("/admin/feedback/pagefeedback/add/").status_code == 403
