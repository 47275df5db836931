"""The demo's red-flags care cards in a real Chromium: distinct, readable by a screen reader, and accessible."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, has_horizontal_scroll, serious_accessibility_violations

pytestmark = [pytest.mark.browser]

SCIATICA = "/articles/what-makes-sciatica-worse/"


def test_the_sciatica_articles_care_cards_say_their_level_in_words_and_pass_axe(page, demo_site, axe_source):
    page.goto(SCIATICA)
    for level, words in (
        ("non-urgent", "Non-urgent advice: See a GP if:"),
        ("urgent", "Urgent advice: Ask for an urgent GP appointment or call 111 if:"),
        ("emergency", "Immediate action required: Call 999 or go to A&E if you have sciatica and:"),
    ):
        card = page.locator(f"aside.care-card-{level}")
        expect(card.get_by_role("heading", level=3)).to_have_text(words)
        expect(card.get_by_role("listitem").first).to_be_visible()
    emergency = page.locator("aside.care-card-emergency")
    assert emergency.evaluate("card => getComputedStyle(card).borderTopWidth") == "4px"
    assert serious_accessibility_violations(page, axe_source) == []


def test_the_care_cards_fit_a_phone_and_print_in_black_on_white(browser_session, demo_site):
    page = browser_session.new_page(viewport=PHONE)
    page.goto(SCIATICA)
    assert not has_horizontal_scroll(page)
    page.emulate_media(media="print")
    title = page.locator("aside.care-card-emergency .care-card-title")
    assert title.evaluate("node => getComputedStyle(node).color") == "rgb(0, 0, 0)"
