"""What readers are told about the medical review follows the live version's sign-off, and nothing else."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, MedicalSignOff
from backpain.dates import add_months
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory
from tests.markup import Page
from tests.roles import editor_user, reviewer_user, sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.REVIEW_INTERVAL_MONTHS = 12


def visit(article):
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return Page(response)


@pytest.fixture
def article():
    article = ArticleFactory(title="Lifting safely")
    SectionFactory(article=article, heading="Bend your knees")
    return article


@pytest.fixture
def reviewer():
    user = reviewer_user()
    user.author_profile.name, user.author_profile.credentials = "Dr Ada Nwosu", "MBBS, GP"
    user.author_profile.save()
    return user


def edit_title(article, title):
    editor = Client()
    editor.force_login(editor_user())
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data["title"] = title
    assert editor.post(url, data).status_code == 302


def test_an_article_without_a_signoff_shows_no_review_badge_dates_or_reviewed_by(article):
    page = visit(article)
    assert "Medically reviewed by" not in page.html and "Page last reviewed" not in page.html
    graph = page.graph("MedicalWebPage")
    assert "reviewedBy" not in graph and "lastReviewed" not in graph


def test_a_signoff_shows_the_badge_the_nhs_review_dates_and_the_json_ld_from_the_same_signoff(article, reviewer):
    sign_off(reviewer, article)
    today = timezone.localdate()
    due = add_months(today, 12)
    page = visit(article)
    assert f'Dr Ada Nwosu</a>, MBBS, GP on <time datetime="{today.isoformat()}">' in page.html
    assert f'Page last reviewed: <time datetime="{today.isoformat()}">' in page.html
    assert f'Next review due: <time datetime="{due.isoformat()}">' in page.html
    graph = page.graph("MedicalWebPage")
    assert graph["reviewedBy"]["name"] == "Dr Ada Nwosu"
    assert graph["lastReviewed"] == today.isoformat()


def test_while_an_edit_waits_readers_keep_the_signoff_of_the_text_they_read(article, reviewer):
    sign_off(reviewer, article)
    Article.objects.filter(pk=article.pk).update(last_reviewed=date(2026, 3, 1))
    MedicalSignOff.objects.filter(article=article).update(review_date=date(2026, 3, 1))
    edit_title(article, "Lifting safely, revised")
    page = visit(article)
    assert "Lifting safely, revised" not in page.html
    assert page.graph("MedicalWebPage")["lastReviewed"] == "2026-03-01"
    sign_off(reviewer, article, minor=True)
    page = visit(article)
    assert "Lifting safely, revised" in page.html
    assert page.graph("MedicalWebPage")["lastReviewed"] == "2026-03-01"
    assert 'Page last reviewed: <time datetime="2026-03-01">' in page.html
    sign_off(reviewer, article)
    assert visit(article).graph("MedicalWebPage")["lastReviewed"] == timezone.localdate().isoformat()
