"""The article list and change page: state, review tracking, readability, preview, actions."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory, TopicFactory
from tests.roles import editor_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def editor(client):
    client.force_login(editor_user())
    return client


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_changelist_shows_state_author_topics_review_and_readability(editor):
    topic = TopicFactory(name="Sciatica")
    ArticleFactory(title="Live one", topics=[topic], last_reviewed=days_ago(30))
    ArticleFactory(title="Soon", scheduled=True)
    ArticleFactory(title="Not yet", draft=True)
    html = editor.get(CHANGELIST).content.decode()
    assert 'class="state state-live">Live' in html
    assert 'class="state state-scheduled">Scheduled' in html
    assert 'class="state state-draft">Draft' in html
    assert "Sciatica" in html
    assert "never reviewed" in html
    assert "grade" in html


def test_changelist_filters_by_state(editor):
    ArticleFactory(title="Live one")
    ArticleFactory(title="Soon", scheduled=True)
    ArticleFactory(title="Not yet", draft=True)
    html = editor.get(CHANGELIST, {"state": "scheduled"}).content.decode()
    assert "Soon" in html
    assert "Live one" not in html
    assert "Not yet" not in html


def test_review_overdue_filter_and_badge(editor, settings):
    settings.REVIEW_INTERVAL_MONTHS = 12
    ArticleFactory(title="Reviewed long ago", last_reviewed=days_ago(400))
    ArticleFactory(title="Reviewed recently", last_reviewed=days_ago(20))
    html = editor.get(CHANGELIST, {"review": "overdue"}).content.decode()
    assert "Reviewed long ago" in html
    assert "Reviewed recently" not in html
    assert "overdue since" in html


def test_review_due_follows_the_configured_interval(settings):
    settings.REVIEW_INTERVAL_MONTHS = 6
    article = ArticleFactory(last_reviewed=datetime.date(2025, 8, 31))
    assert article.review_due == datetime.date(2026, 2, 28)


def test_review_report_lists_overdue_published_articles_only(settings):
    settings.REVIEW_INTERVAL_MONTHS = 12
    ArticleFactory(title="Stale advice", last_reviewed=days_ago(500))
    ArticleFactory(title="Never checked")
    ArticleFactory(title="Fresh advice", last_reviewed=days_ago(10))
    ArticleFactory(title="Unfinished draft", draft=True)
    output = StringIO()
    call_command("review_report", stdout=output)
    report = output.getvalue()
    assert "2 published article(s) overdue" in report
    assert "Stale advice" in report
    assert "Never checked" in report
    assert "Fresh advice" not in report
    assert "Unfinished draft" not in report


def test_review_report_can_fail_for_a_scheduler():
    ArticleFactory(title="Never checked")
    with pytest.raises(SystemExit):
        call_command("review_report", "--fail", stdout=StringIO())


def test_readability_is_stored_when_an_article_and_its_sections_are_saved():
    plain = ArticleFactory(intro="Rest a bit. Then walk. Walk a bit more each day.", conclusion="")
    dense = ArticleFactory(
        intro=(
            "Intervertebral disc degeneration, characterised by progressive dehydration of the nucleus "
            "pulposus and consequent biomechanical destabilisation, predisposes individuals to radiculopathy."
        ),
        conclusion="",
    )
    assert plain.page.reading_ease > 80
    assert dense.page.reading_ease < 30
    assert dense.page.reading_grade > plain.page.reading_grade
    before = plain.page.reading_ease
    SectionFactory(
        article=plain,
        body="Musculoskeletal pathophysiology necessitates comprehensive multidisciplinary rehabilitation.",
    )
    plain.refresh_from_db()
    assert plain.page.reading_ease < before


def test_change_page_shows_readability_review_due_and_a_preview_link_for_drafts(editor):
    draft = ArticleFactory(draft=True)
    html = editor.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f'href="{draft.get_absolute_url()}"' in html
    assert ">Preview</a>" in html
    assert "Flesch reading ease" in html
    live = ArticleFactory()
    assert ">Preview</a>" not in editor.get(f"/admin/articles/article/{live.pk}/change/").content.decode()


def test_publish_now_sets_the_publication_time_of_a_scheduled_article(editor):
    scheduled = ArticleFactory(scheduled=True)
    editor.post(CHANGELIST, {"action": "publish_now", "_selected_action": [scheduled.pk]})
    scheduled.refresh_from_db()
    assert scheduled.state == "live"
    assert scheduled.published_at <= timezone.now()


def test_scheduled_article_goes_live_at_its_time_without_any_job(client, monkeypatch):
    article = ArticleFactory(scheduled=True)
    assert client.get(article.get_absolute_url()).status_code == 404
    later = article.published_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr("articles.models.timezone.now", lambda: later)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_editor_search_finds_articles_by_title(editor):
    ArticleFactory(title="Herniated disc basics")
    ArticleFactory(title="Posture at work")
    html = editor.get(CHANGELIST, {"q": "herniated"}).content.decode()
    assert "Herniated disc basics" in html
    assert "Posture at work" not in html


def test_changelist_runs_the_same_number_of_queries_for_few_or_many_articles(editor):
    topics = [TopicFactory(), TopicFactory()]
    for _ in range(3):
        ArticleFactory(topics=topics, last_reviewed=days_ago(3))
    with CaptureQueriesContext(connection) as few:
        editor.get(CHANGELIST)
    for _ in range(12):
        ArticleFactory(topics=topics, last_reviewed=days_ago(3))
    with CaptureQueriesContext(connection) as many:
        editor.get(CHANGELIST)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_sections_that_skip_a_heading_level_are_refused(editor):
    article = ArticleFactory()
    SectionFactory(article=article, position=0, level=2, heading="Causes")
    SectionFactory(article=article, position=1, level=3, heading="Posture")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data["sections-1-level"] = "4"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "A level-4 heading cannot follow a level-2 one." in response.content.decode()
    assert list(article.sections.values_list("level", flat=True)) == [2, 3]
