"""The editor's live preview never runs an author's script, and the article form passes an axe-core audit."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_violations
from tests.browser.test_safety_and_accessibility import PAYLOADS
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture
def article(transactional_db):
    article = ArticleFactory(title="Sciatica explained")
    SectionFactory(article=article, position=0, heading="What it is", body="Nerve pain.")
    return article


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_typed_in_the_editor_never_runs_in_the_preview(editor_page, browser_session, article, payload):
    page = editor_page
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_intro").fill(f"Marker **ready**\n\n{payload}")
    expect(page.locator(".field-intro .markdownx-preview strong")).to_have_text("ready")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss === true") is False
    assert browser_session.dialogs == []


def test_payload_saved_in_a_draft_never_runs_in_its_public_preview(editor_page, browser_session, article):
    article.status = article.Status.DRAFT
    article.intro = "\n\n".join(PAYLOADS)
    article.save()
    page = editor_page
    page.goto(article.get_absolute_url())
    expect(page.locator(".preview-banner")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__xss === true") is False
    assert browser_session.dialogs == []


def test_admin_article_form_has_no_serious_accessibility_violation(editor_page, article, axe_source):
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    assert serious_accessibility_violations(editor_page, axe_source) == []
