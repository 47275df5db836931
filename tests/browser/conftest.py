"""A real Chromium (Debian's, driven by Playwright) against a real server (pytest-django's live_server).

Playwright's own browser download cannot work here, so we launch /usr/bin/chromium.
Without it these tests skip locally with a message; under CI (CI=true) they fail instead,
because .ci/run installs Chromium and a skipped journey would hide a broken site.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def _missing(what, how):
    message = f"Browser tests need {what}: {how}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        _missing("Debian's Chromium", "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserSession:
    """Opens pages on the live server and records any JavaScript dialog, which no page should ever raise."""

    def __init__(self, chromium, base_url):
        self.chromium, self.base_url, self.dialogs, self.contexts = chromium, base_url, [], []

    def new_page(self, viewport=DESKTOP, **options):
        context = self.chromium.new_context(viewport=viewport, base_url=self.base_url, **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", self._record_dialog)
        return page

    def _record_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser_session(chromium, live_server, transactional_db):
    session = BrowserSession(chromium, live_server.url)
    yield session
    session.close()


@pytest.fixture
def page(browser_session):
    return browser_session.new_page()


@pytest.fixture
def demo_site(transactional_db):
    call_command("import_content", str(Path(__file__).resolve().parents[2] / "backpain" / "demo" / "bundle.json"))


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        _missing("axe-core", "npm ci (in the project folder)")
    return AXE.read_text(encoding="utf-8")


def serious_accessibility_violations(page, axe_source):
    """Run axe-core in the page; return its serious and critical findings as readable lines."""
    page.evaluate(axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {[n['target'] for n in violation['nodes']]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def has_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
