"""What a reader does, in a real browser, on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, has_horizontal_scroll

pytestmark = [pytest.mark.browser]


def in_viewport(page, selector):
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_reader_goes_from_home_to_article_faq_related_article_author_and_faq_search(
    browser_session, demo_site, viewport
):
    page = browser_session.new_page(viewport=viewport)
    visited = []

    def arrived(heading):
        expect(page.locator("h1")).to_have_text(heading)
        visited.append((page.url, has_horizontal_scroll(page)))

    page.goto("/")
    arrived("Understand your back pain")
    page.get_by_role("link", name="Back Pain & Stress").first.click()
    arrived("Back Pain & Stress")

    assert not in_viewport(page, "#physical-activity")
    page.get_by_role("navigation", name="Table of contents").get_by_role("link", name="Physical Activity").click()
    page.wait_for_function("() => location.hash === '#physical-activity'")
    page.wait_for_function(
        "() => { const b = document.querySelector('#physical-activity').getBoundingClientRect();"
        " return b.top >= 0 && b.top < window.innerHeight; }"
    )

    page.get_by_role("link", name="Can stress cause back pain?").click()
    arrived("Can stress cause back pain?")
    expect(page.locator("main")).to_contain_text("Stress causes your muscles to tense up")
    page.get_by_role("link", name="Back Pain & Stress").click()
    arrived("Back Pain & Stress")

    page.get_by_role("complementary").get_by_role("link", name="What Makes Sciatica Worse?").click()
    arrived("What Makes Sciatica Worse?")
    page.get_by_role("link", name="Judd Beale", exact=True).first.click()
    arrived("Judd Beale")
    expect(page.locator("main")).to_contain_text("My goal is to help others")

    page.get_by_role("link", name="FAQ", exact=True).click()
    arrived("Frequently asked questions")
    page.get_by_label("Search the questions").fill("why does my back hurt when im anxious")
    page.get_by_label("Search the questions").press("Enter")
    results = page.locator("main .search-result-title a")
    expect(results.first).to_be_visible()
    results.filter(has_text="Can stress cause back pain?").first.click()
    arrived("Can stress cause back pain?")

    assert [url for url, scrolls in visited if scrolls] == []
    assert browser_session.dialogs == []


def test_print_view_hides_navigation_and_sidebar(page, demo_site):
    page.goto("/articles/back-pain-and-stress/")
    page.emulate_media(media="print")
    expect(page.get_by_role("complementary")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Table of contents")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
