"""In a real Chromium, the Content Security Policy blocks nothing the site needs:
the admin and the markdownx editor's live preview work under it."""

import os
from pathlib import Path

import pytest

from tests.factories import EditorUserFactory

pytestmark = [pytest.mark.browser]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PASSWORD = "correct horse battery staple"

# Runs before any page script: records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def browser_page(live_server, transactional_db):
    if not CHROMIUM.exists():
        message = "Browser tests need Debian's Chromium: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(base_url=live_server.url)
        context.add_init_script(RECORD_VIOLATIONS)
        yield context.new_page()
        browser.close()


def violations(page):
    return page.evaluate("() => window.__cspViolations")


def test_markdownx_preview_works_in_the_admin_under_the_policy(browser_page):
    from playwright.sync_api import expect

    editor = EditorUserFactory(username="dana", is_superuser=True)
    page = browser_page
    page.goto("/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    response = page.goto("/admin/articles/article/add/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.fill("textarea[name=intro]", "Rest is **not** the cure.")
    preview = page.locator(".markdownx-preview").first
    expect(preview.locator("strong")).to_have_text("not", timeout=10_000)
    assert violations(page) == []


def test_public_pages_run_under_the_policy_without_violations(browser_page):
    page = browser_page
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/faq/")
    assert violations(page) == []
