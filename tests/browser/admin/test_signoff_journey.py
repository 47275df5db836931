"""An Editor edits a live article; readers keep the approved text until a medical reviewer compares and signs off."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin.conftest import log_in
from tests.factories import ArticleFactory, SectionFactory
from tests.roles import editor_user, reviewer_user

pytestmark = [pytest.mark.browser]

CARD = '!!! emergency "Call 999 or go to A&E if:"\n    - both legs feel numb or weak'


def test_an_editors_edit_goes_live_only_when_a_reviewer_has_compared_and_signed_it_off(
    browser_session, transactional_db, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(title="Sciatica at work", slug="sciatica-at-work")
    SectionFactory(article=article, heading="Sitting", body="Take breaks.")
    visitor = browser_session.new_page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.locator("h1")).to_have_text("Sciatica at work")

    editor = log_in(browser_session.new_page(), editor_user())
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.locator("#id_title").fill("Sciatica at work: red flags")
    body = editor.locator("textarea[name=sections-0-body]")
    body.fill(f"Take breaks every half hour.\n\n{CARD}")
    expect(editor.locator("#sections-0 .markdownx-preview .care-card-emergency h3")).to_contain_text(
        "Immediate action required:"
    )
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".messagelist")).to_contain_text("wait for a medical reviewer's sign-off")
    expect(editor.locator("#id_title")).to_have_value("Sciatica at work: red flags")
    expect(editor.locator(".signoff-notice")).to_contain_text("You are editing the pending version")

    visitor.reload()
    expect(visitor.locator("h1")).to_have_text("Sciatica at work")
    expect(visitor.locator(".care-card")).to_have_count(0)

    reviewer = log_in(browser_session.new_page(), reviewer_user())
    reviewer.goto("/admin/articles/article/")
    reviewer.get_by_role("link", name="1 awaiting medical sign-off").click()
    reviewer.get_by_role("link", name="Sciatica at work").click()
    reviewer.get_by_role("link", name="Compare and sign off").click()
    title_change = reviewer.get_by_role("region", name="Title")
    expect(title_change.locator("table.diff")).to_contain_text("Sciatica at work")
    expect(title_change.locator(".diff_add")).to_contain_text("red flags")
    expect(reviewer.get_by_role("region", name="Section: Sitting")).to_contain_text("half")
    with reviewer.expect_popup() as popup:
        reviewer.get_by_role("link", name="Preview the pending version on the site").click()
    preview = popup.value
    expect(preview.locator(".preview-banner")).to_contain_text("Pending version")
    expect(preview.locator("h1")).to_have_text("Sciatica at work: red flags")
    expect(preview.locator(".care-card-emergency")).to_be_visible()

    reviewer.get_by_label("Note").fill("Red flags match NHS guidance.")
    reviewer.get_by_role("button", name="Sign off this version").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Signed off")

    visitor.reload()
    expect(visitor.locator("h1")).to_have_text("Sciatica at work: red flags")
    expect(visitor.locator(".care-card-emergency h3")).to_contain_text("Call 999 or go to A&E if:")
    expect(visitor.locator(".reviewed")).to_contain_text(f"Medically reviewed by {reviewer.user.author_profile.name}")
    expect(visitor.locator(".review-dates")).to_contain_text("Next review due")
