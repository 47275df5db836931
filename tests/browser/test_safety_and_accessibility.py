"""No author-supplied markup runs script; pages pass an axe-core audit and work from the keyboard."""

import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, serious_accessibility_violations
from tests.factories import ArticleFactory, AuthorFactory, FAQFactory, SectionFactory, TopicFactory

pytestmark = [pytest.mark.browser]

SCRIPT_FLAG = "window.__xss = true; alert('xss')"
PAYLOADS = [
    f"<script>{SCRIPT_FLAG}</script>",
    f'<img src="missing.png" onerror="{SCRIPT_FLAG}">',
    f"[Click for relief](javascript:{SCRIPT_FLAG})",
    f'<a href="javascript:{SCRIPT_FLAG}">Free sample</a>',
    f'<svg onload="{SCRIPT_FLAG}"><circle r="5"/></svg>',
    f'<iframe src="javascript:{SCRIPT_FLAG}"></iframe>',
    f'<details open ontoggle="{SCRIPT_FLAG}">x</details>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]
HOSTILE_TEXT = "\"</script><script>window.__xss = true; alert('xss')</script>"


@pytest.fixture
def hostile_article():
    """An article whose every author-editable field carries a payload."""
    markdown = "\n\n".join(PAYLOADS)
    topic = TopicFactory(name=HOSTILE_TEXT, description=markdown)
    author = AuthorFactory(name=HOSTILE_TEXT, credentials=HOSTILE_TEXT, bio=markdown)
    article = ArticleFactory(
        slug="hostile",
        title=HOSTILE_TEXT,
        subtitle=HOSTILE_TEXT,
        summary=HOSTILE_TEXT,
        intro=markdown,
        conclusion=markdown,
        author=author,
        topics=[topic],
    )
    SectionFactory(article=article, heading=HOSTILE_TEXT, body=markdown)
    FAQFactory(article=article, slug="hostile-faq", question=HOSTILE_TEXT, answer=markdown, topics=[topic])
    ArticleFactory(title="Neighbour", topics=[topic])
    return article


@pytest.mark.parametrize(
    "url", ["/articles/hostile/", "/faq/", "/faq/hostile-faq/", "/", "/topics/{topic}/", "/authors/{author}/"]
)
def test_payloads_in_content_never_run_script(browser_session, hostile_article, url):
    # bypass_csp: the sanitizer alone must stop these; a Content Security Policy is a second wall, not the first.
    page = browser_session.new_page(bypass_csp=True)
    page.goto(url.format(topic=hostile_article.topics.get().slug, author=hostile_article.author.slug))
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__xss === true") is False
    assert browser_session.dialogs == []
    hrefs = [link.get_attribute("href") or "" for link in page.locator("a").all()]
    assert [href for href in hrefs if href.lower().startswith(("javascript:", "data:"))] == []
    expect(page.locator("h1").first).to_be_visible()


PAGES = {
    "home": "/",
    "article": "/articles/back-pain-and-stress/",
    "faq": "/faq/",
    "faq-answer": "/faq/can-stress-cause-back-pain/",
    "topic": "/topics/stress/",
    "author": "/authors/judd-beale/",
    "search": "/search/?q=sciatcia+sitting",
    "faq-search": "/faq/?q=stress",
    "no-results": "/search/?q=zzzz+qqqq",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(page, demo_site, axe_source, name):
    page.goto(PAGES[name])
    assert serious_accessibility_violations(page, axe_source) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, demo_site):
    page.goto("/articles/back-pain-and-stress/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main'")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_every_interactive_element_is_reachable_by_keyboard_and_visibly_focused(page, demo_site):
    page.goto("/articles/back-pain-and-stress/")
    interactive = page.evaluate(
        "() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]"
        ".filter(el => el.offsetParent !== null).length"
    )
    reached, unfocused = 0, []
    for _ in range(interactive + 5):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                return {text: (el.textContent || el.name || '').trim().slice(0, 40), visible};
            }"""
        )
        if focus is None:
            break
        reached += 1
        if not focus["visible"]:
            unfocused.append(focus["text"])
    assert reached == interactive
    assert unfocused == []


README_SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
IN_README = {("home", 1280), ("article", 1280), ("faq", 375)}


@pytest.mark.parametrize("name", ["home", "article", "faq"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_of_the_main_pages(browser_session, demo_site, name, viewport):
    """Full pages go to test-artifacts/; UPDATE_SCREENSHOTS=1 also refreshes the README's first-screen views."""
    page = browser_session.new_page(viewport=viewport)
    page.goto(PAGES[name])
    target = ARTIFACTS / "screenshots" / f"{name}-{viewport['width']}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    with Image.open(target) as image:
        assert image.width == viewport["width"] and image.height >= viewport["height"]
        darkest, lightest = image.convert("L").getextrema()
    assert lightest - darkest > 100  # text on a background, not a blank page
    if os.environ.get("UPDATE_SCREENSHOTS") and (name, viewport["width"]) in IN_README:
        page.screenshot(path=str(README_SCREENSHOTS / f"{name}-{viewport['width']}.png"))
