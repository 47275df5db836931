"""Bundles carry medical sign-offs and care cards; a backpain-bundle/1 file still imports, its review as a sign-off."""

import copy
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Author, MedicalSignOff, Topic
from articles.versions import content_hash, text_of
from backpain.bundles import BundleError, bundle_export, bundle_import
from faq.models import FAQ
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory, TopicFactory
from tests.roles import editor_user, reviewer_user, sign_off

pytestmark = pytest.mark.django_db

CARD = '!!! emergency "Call 999 if:"\n    - you cannot feel your legs\n'


def bundle_1(**article):
    return {
        "format": "backpain-bundle/1",
        "authors": [{"slug": "ana", "name": "Ana"}, {"slug": "dr-kim", "name": "Dr Kim", "credentials": "MD"}],
        "articles": [
            {"slug": "lifting", "title": "Lifting", "status": "published", "author": "ana", **article},
        ],
    }


def signoffs(article):
    return list(
        MedicalSignOff.objects.filter(article__slug=article)
        .order_by("signed_at", "pk")
        .values_list("reviewer__slug", "review_date", "note", "minor", "content_hash")
    )


def test_export_then_import_round_trips_signoffs_and_care_cards(tmp_path):
    article = ArticleFactory(slug="red-flags", title="Red flags")
    SectionFactory(article=article, heading="When to get help", body=CARD)
    reviewer = reviewer_user()
    sign_off(reviewer, article, note="First review.")
    editor = Client()
    editor.force_login(editor_user())
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data["title"] = "Red flags in back pain"
    assert editor.post(url, data).status_code == 302
    sign_off(reviewer, article, note="Title only.", minor=True)
    before = signoffs("red-flags")
    live_hash = Article.objects.get(pk=article.pk).live_signoff.content_hash
    page_before = Client().get(article.get_absolute_url()).content.decode()

    exported = bundle_export(path=tmp_path / "site.json")
    for model in (MedicalSignOff, FAQ, Article, Author, Topic):  # sign-offs outlive their articles
        model.objects.all().delete()
    summary = bundle_import(data=json.loads((tmp_path / "site.json").read_text()), base_dir=tmp_path)

    assert signoffs("red-flags") == before and len(before) == 2
    imported = Article.objects.get(slug="red-flags")
    assert imported.live_signoff.content_hash == live_hash == content_hash(text_of(imported))
    assert "care-card-emergency" in imported.sections.get().body_html
    page = Client().get(imported.get_absolute_url()).content.decode()
    assert "Medically reviewed by" in page and "care-card-emergency" in page
    assert page.count("Page last reviewed") == page_before.count("Page last reviewed") == 1
    assert "red-flags" not in summary.live_without_signoff
    assert bundle_export(path=tmp_path / "again.json") == exported


def test_a_format_1_review_becomes_the_signoff_of_the_imported_text_once(tmp_path):
    data = bundle_1(reviewed_by="dr-kim", last_reviewed="2025-02-03", intro="Bend your knees.")
    bundle_import(data=data, base_dir=tmp_path)
    bundle_import(data=copy.deepcopy(data), base_dir=tmp_path)
    article = Article.objects.get(slug="lifting")
    (row,) = MedicalSignOff.objects.filter(article=article)
    assert (row.reviewer.slug, row.review_date, row.imported) == ("dr-kim", date(2025, 2, 3), True)
    assert row.content_hash == content_hash(text_of(article)) and article.live_signoff == row
    assert "Medically reviewed by" in Client().get(article.get_absolute_url()).content.decode()


def test_a_live_article_imported_without_a_signoff_shows_no_review_and_the_summary_names_it(tmp_path, capsys):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle_1()))
    call_command("import_content", str(path))
    assert "published without a medical sign-off (no review shown): lifting" in capsys.readouterr().out
    page = Client().get("/articles/lifting/").content.decode()
    assert "Medically reviewed by" not in page and "Page last reviewed" not in page


def test_a_signoff_of_other_text_is_kept_as_history_but_not_shown(tmp_path):
    data = bundle_1()
    data["format"] = "backpain-bundle/2"
    data["articles"][0]["signoffs"] = [{"reviewer": "dr-kim", "review_date": "2025-01-01", "content_hash": "0" * 64}]
    summary = bundle_import(data=data, base_dir=tmp_path)
    assert summary.live_without_signoff == ["lifting"]
    assert Article.objects.get(slug="lifting").live_signoff is None
    assert MedicalSignOff.objects.filter(article__slug="lifting").count() == 1


def test_an_unknown_reviewer_or_a_malformed_signoff_is_reported_with_its_path(tmp_path):
    data = bundle_1()
    data["format"] = "backpain-bundle/2"
    data["articles"][0]["signoffs"] = [{"reviewer": "nobody", "review_date": "2025-01-01"}]
    with pytest.raises(BundleError) as caught:
        bundle_import(data=data, base_dir=tmp_path)
    assert caught.value.problems == ["$.articles[0].signoffs[0].reviewer: unknown author 'nobody'"]
    data["articles"][0]["signoffs"] = [{"reviewer": "dr-kim", "review_date": "yesterday"}]
    with pytest.raises(BundleError) as caught:
        bundle_import(data=data, base_dir=tmp_path)
    assert caught.value.problems[0].startswith("$.articles[0].signoffs[0].review_date:")
    assert not Article.objects.exists()


def test_signoffs_are_refused_in_a_format_1_file(tmp_path):
    data = bundle_1()
    data["articles"][0]["signoffs"] = [{"reviewer": "dr-kim", "review_date": "2025-01-01"}]
    with pytest.raises(BundleError) as caught:
        bundle_import(data=data, base_dir=tmp_path)
    assert "signoffs" in caught.value.problems[0]


def test_the_version_waiting_for_signoff_round_trips_and_can_then_be_signed_off(tmp_path):
    article = ArticleFactory(slug="walking", title="Walking")
    SectionFactory(article=article, position=0, heading="How far", body="A little further each day.")
    editor = Client()
    editor.force_login(editor_user())
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data.update({"title": "Walking more", "sections-0-body": f"Build up slowly.\n\n{CARD}"})
    data.update({"sections-TOTAL_FORMS": "2", "sections-1-heading": "Shoes", "sections-1-level": "3"})
    data.update({"sections-1-position": "1", "sections-1-body": "Cushioned soles."})
    assert editor.post(url, data).status_code == 302
    draft = ArticleFactory(draft=True, slug="asked-to-publish", title="Asked to publish")
    form = form_data(editor.get(f"/admin/articles/article/{draft.pk}/change/"))
    form.update(status="published", published_at_0="2099-01-01", published_at_1="08:00:00")
    editor.post(f"/admin/articles/article/{draft.pk}/change/", form)
    pending_hash = content_hash(article.pending_version.text)

    exported = bundle_export(path=tmp_path / "site.json")
    for model in (MedicalSignOff, FAQ, Article, Author, Topic):  # sign-offs outlive their articles
        model.objects.all().delete()
    bundle_import(data=json.loads((tmp_path / "site.json").read_text()), base_dir=tmp_path)

    assert bundle_export(path=tmp_path / "again.json") == exported
    imported = Article.objects.get(slug="walking")
    assert imported.state == "pending" and content_hash(imported.pending_version.text) == pending_hash
    assert "Walking more" not in Client().get(imported.get_absolute_url()).content.decode()
    asked = Article.objects.get(slug="asked-to-publish")
    assert asked.state == "awaiting" and asked.pending_version.publish_at.year == 2099
    sign_off(reviewer_user(), imported)
    page = Client().get(imported.get_absolute_url()).content.decode()
    assert "Walking more" in page and "Cushioned soles." in page and "care-card-emergency" in page


def test_a_new_faq_of_a_pending_version_round_trips_with_its_topics(tmp_path):
    article = ArticleFactory(slug="walking", title="Walking")
    topic = TopicFactory(slug="exercise", name="Exercise")
    editor = Client()
    editor.force_login(editor_user())
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data.update({"faqs-TOTAL_FORMS": "1", "faqs-0-position": "0", "faqs-0-question": "How far?"})
    data.update({"faqs-0-slug": "how-far", "faqs-0-answer": "Build up slowly.", "faqs-0-topics": [str(topic.pk)]})
    assert editor.post(url, data).status_code == 302
    exported = bundle_export(path=tmp_path / "site.json")
    assert exported["articles"][0]["pending"]["text"]["faqs"][0]["topics"] == ["exercise"]
    for model in (MedicalSignOff, FAQ, Article, Author, Topic):
        model.objects.all().delete()
    bundle_import(data=json.loads((tmp_path / "site.json").read_text()), base_dir=tmp_path)
    imported = Article.objects.get(slug="walking")
    sign_off(reviewer_user(), imported)
    assert list(imported.faqs.get().topics.values_list("slug", flat=True)) == ["exercise"]


def test_a_pending_faq_naming_an_unknown_topic_is_refused_with_its_path(tmp_path):
    faq = {"slug": "how-far", "question": "How far?", "answer": "Slowly.", "topics": ["nowhere"]}
    data = {**bundle_1(pending={"text": {"title": "Lifting", "faqs": [faq]}}), "format": "backpain-bundle/2"}
    with pytest.raises(BundleError) as caught:
        bundle_import(data=data, base_dir=tmp_path)
    assert "$.articles[0].pending.text.faqs[0].topics[0]" in caught.value.problems[0]
    assert not Article.objects.exists()
