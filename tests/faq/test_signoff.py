"""Site-wide FAQs are clinical text too: with MEDICAL_SIGNOFF_REQUIRED a new one or an edit waits for a sign-off.

Every public surface (the FAQ list, the question's page, search, the sitemap) shows only the approved text until a
medical reviewer signs off the pending version; the FAQ list in the admin says why, and an import goes live as is.
"""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from faq.models import FAQ, FAQPendingVersion, FAQSignOff
from tests.admin_forms import form_data
from tests.factories import FAQFactory, TopicFactory
from tests.roles import editor_user, reviewer_user

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/faq/faq/add/"
CHANGELIST = "/admin/faq/faq/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def editor():
    client = Client()
    client.force_login(editor_user())
    return client


@pytest.fixture
def reviewer():
    client = Client()
    client.force_login(reviewer_user())
    return client


@pytest.fixture
def faq():
    return FAQFactory(question="Can I run with back pain?", slug="running", answer="Gently, if it does not hurt more.")


def change_url(faq):
    return f"/admin/faq/faq/{faq.pk}/change/"


def signoff_url(faq):
    return f"/admin/faq/faq/{faq.pk}/signoff/"


def public(path):
    return Client().get(path).content.decode()


def save(editor, url, **changes):
    data = form_data(editor.get(url))
    data.update(changes)
    response = editor.post(url, data, follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    return response.content.decode()


def sign_off(reviewer, faq, note=""):
    page = reviewer.get(signoff_url(faq))
    assert page.status_code == 200
    data = {"content_hash": page.context["form"]["content_hash"].value(), "note": note}
    response = reviewer.post(signoff_url(faq), data)
    assert response.status_code == 302
    return page.content.decode()


def surfaces():
    return "".join(public(path) for path in ("/faq/", "/faq/running/", "/faq/?q=swimming", "/search/?q=swimming"))


def test_an_edit_of_a_live_faq_reaches_no_public_surface_until_a_reviewer_signs_it_off(editor, reviewer, faq):
    sitemap = public("/sitemap.xml")
    message = save(editor, change_url(faq), answer="Swimming is kinder to the back.")
    assert public("/sitemap.xml") == sitemap
    assert "wait for a medical reviewer" in message
    assert "Swimming" not in surfaces() and "Gently, if it does not hurt more." in public("/faq/running/")
    assert FAQ.objects.get(pk=faq.pk).state == "pending"

    comparison = sign_off(reviewer, faq, note="Checked.")
    assert "Gently" in comparison and "Swimming" in comparison
    assert "Swimming is kinder to the back." in public("/faq/running/")
    assert "/faq/running/" in public("/search/?q=swimming")
    assert not FAQPendingVersion.objects.exists()
    assert FAQSignOff.objects.get().note == "Checked."


def test_the_change_form_edits_the_pending_text_and_says_why_it_is_not_live(editor, faq):
    save(editor, change_url(faq), question="Can I run or swim?")
    form = editor.get(change_url(faq)).content.decode()
    assert 'value="Can I run or swim?"' in form and "Live with changes pending" in form
    assert FAQ.objects.get(pk=faq.pk).question == "Can I run with back pain?"
    save(editor, change_url(faq), question="Can I run with back pain?")
    assert not FAQPendingVersion.objects.exists()


def test_a_new_site_wide_faq_is_not_public_until_it_is_signed_off(editor, reviewer):
    topic = TopicFactory(name="Exercise", slug="exercise")
    data = {"question": "Is yoga safe?", "slug": "yoga", "answer": "Mostly, start slowly.", "position": "0"}
    response = editor.post(ADD_URL, {**data, "topics": [str(topic.pk)]}, follow=True)
    assert "not live yet" in response.content.decode()
    new = FAQ.objects.get(slug="yoga")
    assert Client().get("/faq/yoga/").status_code == 404
    assert "Is yoga safe?" not in public("/faq/") + public("/faq/?q=yoga") + public("/sitemap.xml")
    listing = editor.get(CHANGELIST).content.decode()
    assert "Awaiting sign-off" in listing and "1 awaiting medical sign-off" in listing
    assert "Is yoga safe?" in editor.get(CHANGELIST + "?state=awaiting").content.decode()

    sign_off(reviewer, new)
    assert "Mostly, start slowly." in public("/faq/yoga/")
    assert "/faq/yoga/" in public("/sitemap.xml") and "Is yoga safe?" in public("/faq/?topic=exercise")


def test_topics_of_a_live_faq_change_without_a_signoff(editor, faq):
    topic = TopicFactory(name="Exercise", slug="exercise")
    save(editor, change_url(faq), topics=[str(topic.pk)])
    assert not FAQPendingVersion.objects.exists()
    assert "Can I run with back pain?" in public("/faq/?topic=exercise")


def test_an_editor_cannot_sign_off_an_faq_not_even_by_a_crafted_post(editor, faq):
    save(editor, change_url(faq), answer="Unreviewed.")
    page = editor.get(signoff_url(faq))
    assert page.status_code == 200 and "Only a medical reviewer" in page.content.decode()
    crafted = {"content_hash": page.context["form"]["content_hash"].value()}
    assert editor.post(signoff_url(faq), crafted).status_code == 403
    assert "Unreviewed." not in public("/faq/running/")


def test_a_signoff_of_text_changed_since_the_reviewer_opened_it_is_refused(editor, reviewer, faq):
    save(editor, change_url(faq), answer="First edit.")
    stale = reviewer.get(signoff_url(faq)).context["form"]["content_hash"].value()
    save(editor, change_url(faq), answer="Second edit.")
    response = reviewer.post(signoff_url(faq), {"content_hash": stale}, follow=True)
    assert "The text changed after you opened it" in response.content.decode()
    assert "Second edit." not in public("/faq/running/") and not FAQSignOff.objects.exists()


def test_medical_reviewers_see_the_faq_list_read_only(reviewer, faq):
    assert reviewer.get(CHANGELIST).status_code == 200
    assert reviewer.post(change_url(faq), {"question": "Hijacked", "slug": "x", "answer": "x"}).status_code == 403
    assert FAQ.objects.get(pk=faq.pk).question == "Can I run with back pain?"


def test_with_the_setting_off_an_editors_save_is_the_approval(settings, editor, faq):
    settings.MEDICAL_SIGNOFF_REQUIRED = False
    save(editor, change_url(faq), answer="Swimming is kinder to the back.")
    editor.post(ADD_URL, {"question": "Is yoga safe?", "slug": "yoga", "answer": "Mostly.", "position": "0"})
    assert "Swimming is kinder" in public("/faq/running/") and "Mostly." in public("/faq/yoga/")


def test_an_imported_site_wide_faq_goes_live_as_imported(tmp_path, editor, faq):
    save(editor, change_url(faq), answer="Pending edit.")
    bundle = {
        "format": "backpain-bundle/2",
        "faqs": [{"slug": "running", "question": "Can I run?", "answer": "Imported answer."}],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    call_command("import_content", str(path))
    assert "Imported answer." in public("/faq/running/")
    assert not FAQPendingVersion.objects.exists()


def test_a_site_wide_faq_waiting_for_its_first_signoff_still_waits_after_export_and_import(tmp_path, editor):
    waiting = FAQFactory(slug="waiting", question="Is a heat pad safe?", answer="Not yet reviewed.", live=False)
    path = tmp_path / "bundle.json"
    call_command("export_content", str(path))
    assert [faq.get("live") for faq in json.loads(path.read_text())["faqs"]] == [False]
    waiting.delete()
    call_command("import_content", str(path))
    assert FAQ.objects.get(slug="waiting").live is False
    assert not FAQ.objects.published().filter(slug="waiting").exists()
