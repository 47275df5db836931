"""No unreviewed text goes live: an edit of a published article waits for a medical reviewer's sign-off.

Every way the admin writes an article (the change form with its inlines, the list's actions, restoring a revision)
is tried by an Editor, also with crafted POSTs; the public surfaces (page, home, feed, search) show only the live
version until a reviewer signs off the pending one.
"""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles import versions
from articles.models import Article, MedicalSignOff, PendingVersion
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, FAQFactory, ResourceFactory, SectionFactory, TopicFactory
from tests.roles import editor_user, reviewer_user, sign_off, signoff_url

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def article():
    article = ArticleFactory(title="Sciatica and sitting", slug="sciatica", intro="Sitting can press the nerve.")
    SectionFactory(article=article, position=0, heading="Why sitting hurts", body="Pressure on the nerve root.")
    FAQFactory(article=article, question="Should I stand?", answer="Now and then.")
    ResourceFactory(article=article, title="Sitting study")
    return article


@pytest.fixture
def editor():
    client = Client()
    client.force_login(editor_user())
    return client


@pytest.fixture
def reviewer():
    return reviewer_user()


def public(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def edit_text(editor, article, **changes):
    """The Editor changes the title, the first section's heading and the FAQ's answer in one save."""
    data = form_data(editor.get(change_url(article)))
    data.update(changes)
    response = editor.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def test_an_edit_of_a_live_article_reaches_no_public_surface_until_a_reviewer_signs_it_off(editor, reviewer, article):
    edit_text(
        editor,
        article,
        **{"title": "Sciatica: standing desks", "sections-0-heading": "Desks at work", "faqs-0-answer": "Hourly."},
    )
    for path in (article.get_absolute_url(), "/", "/feed/", "/search/?q=desks"):
        html = public(path)
        assert "standing desks" not in html and "Desks at work" not in html, path
    assert "Sciatica and sitting" in public(article.get_absolute_url())
    assert Article.objects.get(pk=article.pk).state == "pending"

    sign_off(reviewer, article, note="Checked against NICE.")
    html = public(article.get_absolute_url())
    assert "Sciatica: standing desks" in html and "Desks at work" in html and "Hourly." in html
    assert "standing desks" in public("/feed/")
    assert "/articles/sciatica/" in public("/search/?q=desks")
    assert not PendingVersion.objects.filter(article=article).exists()
    assert Article.objects.get(pk=article.pk).state == "live"


def test_the_change_form_edits_the_pending_version_and_a_second_save_keeps_both_edits(editor, reviewer, article):
    edit_text(editor, article, title="First edit")
    page = editor.get(change_url(article)).content.decode()
    assert 'value="First edit"' in page and "You are editing the pending version" in page
    edit_text(editor, article, **{"sections-0-body": "Second edit."})
    pending = PendingVersion.objects.get(article=article).text
    assert pending["article"]["title"] == "First edit"
    assert pending["sections"][0]["body"] == "Second edit."
    assert Article.objects.get(pk=article.pk).title == "Sciatica and sitting"
    assert article.sections.get().body == "Pressure on the nerve root."


def test_an_edit_that_puts_the_live_text_back_leaves_nothing_pending(editor, article):
    edit_text(editor, article, title="Changed my mind")
    edit_text(editor, article, title="Sciatica and sitting")
    assert not PendingVersion.objects.filter(article=article).exists()


def test_changes_that_touch_no_text_go_live_without_a_new_signoff(editor, article):
    topic = TopicFactory(name="Posture")
    later = timezone.now() - timedelta(hours=2)
    edit_text(
        editor,
        article,
        topics=[str(topic.pk)],
        hero_image_alt="A person at a desk",
        published_at_0=later.date().isoformat(),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    assert not PendingVersion.objects.filter(article=article).exists()
    assert "Posture" in public(article.get_absolute_url())


def test_restoring_an_old_revision_of_a_live_article_waits_for_signoff(editor, reviewer, article):
    sign_off(reviewer, article)
    first = Version.objects.get_for_object(article).order_by("-pk").first()
    edit_text(editor, article, title="Renamed")
    sign_off(reviewer, article)
    assert "Renamed" in public(article.get_absolute_url())
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    assert editor.post(revision_url, form_data(editor.get(revision_url))).status_code == 302
    assert "Renamed" in public(article.get_absolute_url())
    assert PendingVersion.objects.get(article=article).text["article"]["title"] == "Sciatica and sitting"


def test_an_editor_cannot_sign_off_not_even_by_a_crafted_post(editor, article):
    edit_text(editor, article, title="Unreviewed title")
    page = editor.get(signoff_url(article))
    assert page.status_code == 200 and "Unreviewed title" in page.content.decode()
    token = page.context["form"]["content_hash"].value()
    assert editor.post(signoff_url(article), {"content_hash": token}).status_code == 403
    data = form_data(editor.get(change_url(article)))
    data.update(reviewed_by=str(article.author_id), last_reviewed="2026-01-01", status="published")
    editor.post(change_url(article), data)
    assert "Unreviewed title" not in public(article.get_absolute_url())
    assert Article.objects.get(pk=article.pk).last_reviewed is None


def test_a_draft_an_editor_publishes_waits_for_its_signoff_then_goes_live(editor, reviewer):
    draft = ArticleFactory(draft=True, title="New advice on lifting")
    data = form_data(editor.get(change_url(draft)))
    data.update(status="published", published_at_0="", published_at_1="")
    response = editor.post(change_url(draft), data, follow=True)
    assert "goes live when a medical reviewer signs it off" in response.content.decode()
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert Article.objects.get(pk=draft.pk).state == "awaiting"
    assert list(Article.objects.awaiting_signoff()) == [draft]
    sign_off(reviewer, draft)
    assert "New advice on lifting" in public(draft.get_absolute_url())


def test_the_publish_action_says_which_articles_wait_for_a_signoff(editor, reviewer):
    waiting = ArticleFactory(draft=True, title="Unsigned draft")
    signed = ArticleFactory(draft=True, title="Signed draft")
    sign_off(reviewer, signed)
    response = editor.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [waiting.pk, signed.pk]}, follow=True
    )
    html = response.content.decode()
    assert "1 article is now live." in html and "Unsigned draft" in html
    assert Client().get(waiting.get_absolute_url()).status_code == 404
    assert public(signed.get_absolute_url())


def test_a_signoff_of_a_scheduled_publication_goes_live_at_that_time_with_no_job(editor, reviewer):
    draft = ArticleFactory(draft=True, title="Scheduled advice")
    when = timezone.now() + timedelta(days=2)
    data = form_data(editor.get(change_url(draft)))
    data.update(status="published", published_at_0=when.date().isoformat(), published_at_1=when.strftime("%H:%M:%S"))
    editor.post(change_url(draft), data)
    sign_off(reviewer, draft)
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    assert Article.objects.published(now=when + timedelta(minutes=1)).filter(pk=draft.pk).exists()


def test_a_signoff_of_a_version_that_changed_since_the_reviewer_opened_it_is_refused(editor, reviewer, article):
    edit_text(editor, article, title="Version one")
    client = Client()
    client.force_login(reviewer)
    token = client.get(signoff_url(article)).context["form"]["content_hash"].value()
    edit_text(editor, article, title="Version two")
    response = client.post(signoff_url(article), {"content_hash": token}, follow=True)
    assert "The text changed after you opened it" in response.content.decode()
    assert "Version" not in public(article.get_absolute_url())


def test_a_minor_signoff_keeps_the_review_date_and_every_signoff_is_in_the_history(editor, reviewer, article):
    sign_off(reviewer, article, note="Full review.")
    first_date = Article.objects.get(pk=article.pk).last_reviewed
    MedicalSignOff.objects.filter(article=article).update(review_date=date(2026, 1, 5))
    Article.objects.filter(pk=article.pk).update(last_reviewed=date(2026, 1, 5))
    edit_text(editor, article, title="Typo fixed")
    sign_off(reviewer, article, note="Typo only.", minor=True)
    article.refresh_from_db()
    assert article.last_reviewed == date(2026, 1, 5) != first_date
    assert list(article.signoffs.values_list("minor", flat=True)) == [True, False]
    comments = [version.revision.comment for version in Version.objects.get_for_object(article)]
    assert any("Medically signed off by" in comment and "Typo only." in comment for comment in comments)


def test_unpublishing_an_article_with_pending_text_makes_that_text_the_draft(editor, article):
    edit_text(editor, article, title="Pending title")
    editor.post(CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.state == "draft" and article.title == "Pending title"


def test_with_the_setting_off_an_editors_save_is_the_approval_and_the_old_review_goes(settings, editor, reviewer):
    settings.MEDICAL_SIGNOFF_REQUIRED = False
    article = ArticleFactory(title="Small site")
    sign_off(reviewer, article)
    edit_text(editor, article, title="Small site, edited")
    html = public(article.get_absolute_url())
    assert "Small site, edited" in html and "Medically reviewed by" not in html


def test_the_hash_names_the_text_only_and_ignores_line_ends(article):
    text = versions.text_of(article)
    crlf = {**text, "article": {**text["article"], "intro": text["article"]["intro"].replace("\n", "\r\n")}}
    moved = {**text, "sections": [{**row, "id": 999} for row in text["sections"]]}
    assert versions.content_hash(text) == versions.content_hash(crlf) == versions.content_hash(moved)
    changed = {**text, "article": {**text["article"], "title": "Other"}}
    assert versions.content_hash(text) != versions.content_hash(changed)


def test_an_articles_faq_cannot_be_changed_or_attached_from_the_faq_list(editor, article):
    faq = article.faqs.get()
    data = {"question": "Changed?", "slug": faq.slug, "answer": "Changed.", "position": "0", "article": article.pk}
    editor.post(f"/admin/faq/faq/{faq.pk}/change/", data)
    editor.post("/admin/faq/faq/add/", {**data, "slug": "attached"})
    assert "Changed." not in public(article.get_absolute_url())
    assert article.faqs.count() == 1


def test_staff_preview_the_pending_version_at_the_articles_address_marked_and_compare_it(editor, article):
    edit_text(editor, article, **{"title": "Sitting less", "sections-0-body": "Stand up every hour."})
    preview = editor.get(f"{article.get_absolute_url()}?version=pending")
    html = preview.content.decode()
    assert "Pending version" in html and "Sitting less" in html and "Stand up every hour." in html
    assert '<meta name="robots" content="noindex">' in html and "private" in preview["Cache-Control"]
    live = editor.get(article.get_absolute_url()).content.decode()
    assert "Sciatica and sitting" in live and "See the pending version" in live
    assert "Sitting less" not in public(f"{article.get_absolute_url()}?version=pending")
    diff = editor.get(signoff_url(article)).content.decode()
    for expected in ("Title", "Section: Why sitting hurts", "hour.", "Pressure", "Live version", "Pending version"):
        assert expected in diff
    assert "Unchanged:" in diff and "Conclusion" in diff
    assert Article.objects.get(pk=article.pk).title == "Sciatica and sitting"


def test_a_pending_edit_its_preview_and_its_form_leave_every_derived_store_as_the_rows_derive_it(editor, article):
    edit_text(editor, article, **{"title": "Pending", "sections-0-body": "Pending body."})
    editor.get(change_url(article))
    editor.get(f"{article.get_absolute_url()}?version=pending")
    call_command("rebuild_derived", "--check")


def test_readers_last_updated_date_moves_only_when_the_edit_goes_live(editor, reviewer, article):
    long_ago = timezone.now() - timedelta(days=90)
    Article.objects.filter(pk=article.pk).update(updated_at=long_ago)
    edit_text(editor, article, title="Pending")
    assert Article.objects.get(pk=article.pk).updated_at == long_ago
    assert f'"dateModified": "{long_ago.date().isoformat()}' in public(article.get_absolute_url())
    sign_off(reviewer, article)
    assert Article.objects.get(pk=article.pk).updated_at > long_ago


def test_a_second_editor_with_the_pending_version_open_cannot_overwrite_the_first(editor, article):
    other = Client()
    other.force_login(editor_user())
    stale = form_data(other.get(change_url(article)))
    edit_text(editor, article, title="First editor's title")
    stale["title"] = "Second editor's title"
    response = other.post(change_url(article), stale)
    assert response.status_code == 200 and "NOT been saved" in response.content.decode()
    assert PendingVersion.objects.get(article=article).text["article"]["title"] == "First editor's title"


def test_moving_a_section_is_a_change_the_comparison_shows(editor, article):
    SectionFactory(article=article, position=1, heading="Standing up", body="Often.")
    data = form_data(editor.get(change_url(article)))
    data.update({"sections-0-position": "5", "sections-1-position": "0"})
    assert editor.post(change_url(article), data).status_code == 302
    page = editor.get(signoff_url(article))
    changed = [change.label for change in page.context["changes"] if change.changed]
    assert changed == ["Order of the sections"]
