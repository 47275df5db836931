"""An Author writes a draft with the live editor, a medical reviewer signs it off, an Editor publishes it, and
readers find it everywhere."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.admin.conftest import log_in
from tests.browser.admin.test_markdown_editor import drop_file
from tests.factories import TopicFactory, png_bytes
from tests.roles import author_user, editor_user, reviewer_user

pytestmark = [pytest.mark.browser]

SECTIONS = [
    (2, "What sciatica feels like", "A **sharp** pain down one leg."),
    (3, "Pins and needles", "Tingling in the *foot* is common."),
    (2, "When to get help", "See a doctor if you lose bladder control."),
]


def choose_topic(page, name):
    page.locator(".field-topics .select2-selection").click()
    page.keyboard.type(name)
    page.locator(".select2-results__option", has_text=name).click()


def add_section(page, index, level, heading, body):
    page.locator("#sections-group .add-row a").click()
    row = page.locator(f"#sections-{index}")
    expect(row).to_be_visible()
    row.locator(f"select[name=sections-{index}-level]").select_option(str(level))
    row.locator(f"input[name=sections-{index}-heading]").fill(heading)
    row.locator("textarea").fill(body)
    return row


def test_author_drafts_editor_publishes_and_readers_find_the_article(browser_session, transactional_db):
    topic = TopicFactory(name="Sciatica", slug="sciatica")
    page = log_in(browser_session.new_page(), author_user())

    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Living with sciatica")
    expect(page.locator("#id_slug")).to_have_value("living-with-sciatica")
    page.locator("#id_summary").fill("Everyday ways to ease sciatica.")
    choose_topic(page, "Sciatica")
    page.locator("#id_intro").fill("Sciatica is *nerve* pain.")
    expect(page.locator(".field-intro .markdownx-preview em")).to_have_text("nerve")

    rows = [add_section(page, index, *section) for index, section in enumerate(SECTIONS)]
    expect(rows[0].locator(".markdownx-preview strong")).to_have_text("sharp")
    expect(rows[1].locator(".markdownx-preview em")).to_have_text("foot")

    drop_file(page, "#id_sections-2-body", "stretch.png", png_bytes(80, 60), "image/png")
    expect(rows[2].locator("textarea")).to_have_value(re.compile(r"!\[\]\(/media/markdownx/[0-9a-f]{32}\.png\)"))
    expect(rows[2].locator(".markdownx-preview img")).to_be_visible()

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="living-with-sciatica")
    assert article.status == Article.Status.DRAFT
    assert [(s.level, s.heading) for s in article.sections.all()] == [(level, h) for level, h, _ in SECTIONS]

    visitor = browser_session.new_page()
    assert visitor.goto("/articles/living-with-sciatica/").status == 404

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview").first.click()
    preview = popup.value
    expect(preview.locator(".preview-banner")).to_contain_text("Preview")
    expect(preview.locator("h3#pins-and-needles")).to_have_text("Pins and needles")

    reviewer = log_in(browser_session.new_page(), reviewer_user())
    reviewer.goto(f"/admin/articles/article/{article.pk}/signoff/")
    reviewer.get_by_role("button", name="Sign off this version").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Signed off")

    editor = log_in(browser_session.new_page(), editor_user())
    editor.goto("/admin/articles/article/")
    editor.locator("tr", has_text="Living with sciatica").locator("input.action-select").check()
    editor.locator("select[name=action]").select_option("publish_now")
    editor.locator("button[name=index]").click()
    expect(editor.locator(".messagelist")).to_contain_text("1 article is now live")

    response = visitor.goto("/articles/living-with-sciatica/")
    assert response.status == 200
    expect(visitor.locator("h1")).to_have_text("Living with sciatica")
    expect(visitor.locator("h2#what-sciatica-feels-like")).to_be_visible()
    expect(visitor.locator("h3#pins-and-needles")).to_be_visible()
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    visitor.goto("/")
    expect(visitor.get_by_role("link", name="Living with sciatica")).to_be_visible()
    visitor.goto(topic.get_absolute_url())
    expect(visitor.get_by_role("link", name="Living with sciatica")).to_be_visible()
    sitemap = visitor.goto("/sitemap.xml").text()
    assert "/articles/living-with-sciatica/</loc>" in sitemap
