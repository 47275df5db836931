"""In a real Chromium, the Content Security Policy blocks nothing the site needs:
the admin and the markdownx editor's live preview work under it, and so do the public pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser]

# Runs before any page script: records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched_page(browser_session):
    page = browser_session.new_page()
    page.context.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page):
    return page.evaluate("() => window.__cspViolations")


def test_markdownx_preview_works_in_the_admin_under_the_policy(watched_page, transactional_db):
    page = log_in(watched_page, UserFactory(is_staff=True, is_superuser=True))
    response = page.goto("/admin/articles/article/add/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.fill("textarea[name=intro]", "Rest is **not** the cure.")
    expect(page.locator(".field-intro .markdownx-preview strong")).to_have_text("not", timeout=10_000)
    assert violations(page) == []


def test_public_pages_run_under_the_policy_without_violations(watched_page, demo_site):
    response = watched_page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for url in ("/articles/back-pain-and-stress/", "/faq/", "/search/?q=sciatica"):
        watched_page.goto(url)
        assert violations(watched_page) == []
