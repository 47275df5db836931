"""The Markdown editor in a real browser: live preview and image upload, also in rows added with "Add another"."""

import base64
import re

import pytest
from playwright.sync_api import expect

from articles.models import Section
from tests.factories import ArticleFactory, SectionFactory, png_bytes

pytestmark = [pytest.mark.browser]

DROP_FILE = """async ({selector, content, name, type}) => {
    const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
    const files = new DataTransfer();
    files.items.add(new File([bytes], name, {type}));
    document.querySelector(selector).dispatchEvent(
        new DragEvent("drop", {dataTransfer: files, bubbles: true, cancelable: true})
    );
}"""


def drop_file(page, selector, name, content, content_type):
    """Drop a file on an element, as dragging it from the desktop does."""
    page.evaluate(
        DROP_FILE,
        {"selector": selector, "content": base64.b64encode(content).decode(), "name": name, "type": content_type},
    )


@pytest.fixture
def article_with_a_section(transactional_db):
    article = ArticleFactory(draft=True, title="Sciatica explained")  # a draft's edits are saved as they are
    SectionFactory(article=article, position=0, heading="What it is", body="Nerve pain.")
    return article


def add_section(page):
    page.locator("#sections-group .add-row a").click()
    row = page.locator("#sections-1")
    expect(row).to_be_visible()
    return row


def test_preview_works_in_a_section_added_with_add_another(editor_page, article_with_a_section):
    page = editor_page
    page.goto(f"/admin/articles/article/{article_with_a_section.pk}/change/")
    row = add_section(page)
    row.locator("textarea").fill("Walk **every** day, and [read more](javascript:alert(1)).")
    preview = row.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("every")
    expect(preview.locator("a")).to_have_text("read more")
    assert "javascript:" not in preview.inner_html()


def test_image_dropped_in_an_added_section_is_uploaded_and_previewed(editor_page, article_with_a_section, live_server):
    page = editor_page
    page.goto(f"/admin/articles/article/{article_with_a_section.pk}/change/")
    row = add_section(page)
    row.locator("input[name=sections-1-heading]").fill("Exercises")
    drop_file(page, "#id_sections-1-body", "stretch.png", png_bytes(64, 48), "image/png")
    body = row.locator("textarea")
    expect(body).to_have_value(re.compile(r"!\[\]\(/media/markdownx/[0-9a-f]{32}\.png\)"))
    preview_image = row.locator(".markdownx-preview picture")
    expect(preview_image.locator("source[type='image/webp']")).to_have_attribute(
        "srcset", re.compile(r"-64w\.webp 64w")
    )
    expect(preview_image.locator("img")).to_have_attribute("width", "64")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Section.objects.get(article=article_with_a_section, heading="Exercises")
    assert re.fullmatch(r"!\[\]\(/media/markdownx/[0-9a-f]{32}\.png\)", saved.body)
    assert list(article_with_a_section.sections.values_list("heading", flat=True)) == ["What it is", "Exercises"]


def test_refused_upload_in_an_added_section_shows_why(editor_page, article_with_a_section):
    page = editor_page
    page.goto(f"/admin/articles/article/{article_with_a_section.pk}/change/")
    row = add_section(page)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    drop_file(page, "#id_sections-1-body", "drawing.svg", svg, "image/svg+xml")
    expect(row.locator(".markdownx-upload-errors")).to_contain_text("Only JPEG, PNG, WebP and GIF")
    expect(row.locator("textarea")).to_have_value("")


def test_editors_present_at_page_load_still_work(editor_page, article_with_a_section):
    page = editor_page
    page.goto(f"/admin/articles/article/{article_with_a_section.pk}/change/")
    intro = page.locator("#id_intro")
    intro.fill("An *introduction* that changed.")
    expect(page.locator(".field-intro .markdownx-preview em")).to_have_text("introduction")
    existing = page.locator("#sections-0")
    existing.locator("textarea").fill("Nerve **pain**.")
    expect(existing.locator(".markdownx-preview strong")).to_have_text("pain")
