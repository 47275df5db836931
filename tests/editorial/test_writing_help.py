"""While writing, authors see textstat's figures, long sentences and plain alternatives to clinical words."""

import json

import pytest

from articles.readability import measure
from editorial.models import ClinicalTerm
from tests.factories import ArticleFactory
from tests.roles import author_user, reviewer_user

pytestmark = pytest.mark.django_db
URL = "/markdownx/writing-help/"
TEXT = (
    "Paraesthesia in the legs is common. It often passes. "
    "Musculoskeletal pain and more paraesthesias can follow a long day of sitting at a desk without a break, "
    "and they usually settle with gentle movement, a short walk and time, so try not to worry about it too much."
)


def test_the_seeded_list_pairs_clinical_words_with_plain_ones():
    assert ClinicalTerm.objects.get(term="paraesthesia").lay_alternative == "pins and needles"
    assert ClinicalTerm.objects.get(term="musculoskeletal").lay_alternative == "muscles and bones"
    assert ClinicalTerm.objects.count() >= 30


def test_a_writer_gets_figures_long_sentences_and_plain_words_for_the_text(client):
    client.force_login(author_user())
    data = json.loads(client.post(URL, {"content": TEXT}).content)
    expected = measure(f"<p>{TEXT}</p>")
    assert (data["reading_ease"], data["grade"], data["smog"]) == (expected.reading_ease, expected.grade, expected.smog)
    assert len(data["long_sentences"]) == 1 and data["long_sentences"][0].startswith("Musculoskeletal pain")
    terms = {term["term"]: (term["lay"], term["count"]) for term in data["terms"]}
    assert terms["paraesthesia"] == ("pins and needles", 2)
    assert terms["musculoskeletal"] == ("muscles and bones", 1)


def test_an_editor_adds_a_term_and_it_is_hinted_at_once(client):
    ClinicalTerm.objects.create(term="  Lumbago ", lay_alternative="low back pain")
    client.force_login(author_user())
    data = json.loads(client.post(URL, {"content": "My lumbago is back."}).content)
    assert {"term": "lumbago", "lay": "low back pain", "count": 1} in data["terms"]


def test_only_writers_may_ask_and_only_by_post(client):
    assert client.post(URL, {"content": TEXT}).status_code == 403
    client.force_login(reviewer_user())
    assert client.post(URL, {"content": TEXT}).status_code == 403
    client.force_login(author_user())
    assert client.get(URL).status_code == 405


def test_the_stored_page_keeps_smog_beside_flesch():
    article = ArticleFactory(intro=TEXT, conclusion="")
    expected = measure(article.intro_html)
    assert (article.page.reading_ease, article.page.reading_grade, article.page.reading_smog) == (
        expected.reading_ease, expected.grade, expected.smog
    )  # fmt: skip
    assert article.page.reading_smog is not None


def test_the_article_list_shows_smog(client):
    from tests.roles import editor_user

    ArticleFactory(intro=TEXT, conclusion="")
    client.force_login(editor_user())
    assert "SMOG" in client.get("/admin/articles/article/").content.decode()
