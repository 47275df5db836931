"""The editors' workspace in a real browser: plain-language help while writing, and a reader's "No" reaching the
Editor's dashboard."""

import pytest
from playwright.sync_api import expect

from editorial.models import ClinicalTerm
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.browser]
LONG = (
    "Musculoskeletal pain and paraesthesia in the legs can follow a long day of sitting at a desk without a break, "
    "and they usually settle with gentle movement, a short walk and some time, so try not to worry about it."
)


@pytest.fixture
def terms(transactional_db):
    """The live server's database is emptied between tests, the seeded list with it."""
    for term, lay in {"paraesthesia": "pins and needles", "musculoskeletal": "muscles and bones"}.items():
        ClinicalTerm.objects.get_or_create(term=term, defaults={"lay_alternative": lay})


def test_an_author_sees_readability_long_sentences_and_plain_words_as_they_type(author_page, terms):
    page = author_page
    article = ArticleFactory(title="My draft", draft=True, author=page.user.author_profile)
    SectionFactory(article=article, position=0, heading="Why it hurts", body="Backs ache. Rest helps. Walk daily.")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    help_panel = page.locator("#sections-0 .writing-help")
    expect(help_panel).to_contain_text("Reading ease")
    expect(help_panel).not_to_contain_text("Long sentences")
    page.locator("#sections-0 textarea").fill(LONG)
    expect(help_panel).to_contain_text("Long sentences (over 25 words): 1")
    expect(help_panel.locator(".writing-help-terms")).to_contain_text("paraesthesia → pins and needles")
    expect(help_panel.locator(".writing-help-terms")).to_contain_text("musculoskeletal → muscles and bones")
    expect(help_panel).to_contain_text("SMOG")


def test_a_readers_hard_to_understand_reaches_the_editors_dashboard(browser_session, admin_page_for, transactional_db):
    from tests.roles import editor_user

    article = ArticleFactory(title="Sciatica explained", slug="sciatica-explained")
    reader = browser_session.new_page()
    reader.goto("/articles/sciatica-explained/")
    feedback = reader.locator("[data-feedback]")
    feedback.get_by_role("button", name="No").click()
    expect(feedback.get_by_role("status")).to_have_text("Thank you for your answer.")
    feedback.get_by_label("It was hard to understand").check()
    feedback.get_by_label("Anything else? (optional)").fill("Too many <b>long</b> words")
    feedback.get_by_role("button", name="Send").click()
    expect(feedback.get_by_role("status")).to_contain_text("your comment helps us")
    assert reader.context.cookies() == []

    editor = admin_page_for(editor_user())
    editor.goto("/admin/")
    panel = editor.locator("#panel-least-helpful")
    expect(panel.locator(".dashboard-count")).to_have_text("1")
    expect(panel).to_contain_text("Sciatica explained")
    expect(panel.locator(".dashboard-quote")).to_have_text("Too many <b>long</b> words")
    panel.get_by_role("link", name="Sciatica explained").click()
    expect(editor.locator("#result_list")).to_contain_text("hard to understand")
    assert article.feedback.get().reason == "hard-to-understand"


def test_without_javascript_a_reader_answers_on_a_thank_you_page(chromium, live_server, transactional_db):
    ArticleFactory(title="Sitting", slug="sitting")
    context = chromium.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/articles/sitting/")
    page.get_by_role("button", name="No").click()
    expect(page.get_by_role("heading", name="Thank you for your answer.")).to_be_visible()
    page.get_by_label("It did not answer my question").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your comment helps us")
    assert context.cookies() == []
    context.close()
