"""Search by meaning: paraphrases find their answer, only published content is found, and words alone still work."""

import numpy as np
import pytest
from django.core.management import call_command

from articles.models import Article
from backpain.search import embedding, semantic
from backpain.search.checks import embedding_model_loads
from backpain.search.models import SearchDocument
from backpain.search.results import run_search
from tests.factories import ArticleFactory, FAQFactory, SectionFactory

pytestmark = pytest.mark.django_db

LOCKING = "Why does my back lock when I bend over?"
LOCKING_ANSWER = (
    "A back that catches is usually a muscle spasm guarding an irritated joint. Move slowly and use warmth."
)


def slugs(query, kinds=("faq", "article")):
    return [result.object.slug for result in run_search(query, kinds=kinds).results[0:50]]


@pytest.fixture
def faqs():
    FAQFactory(slug="locking", question=LOCKING, answer=LOCKING_ANSWER)
    FAQFactory(slug="swimming", question="Is swimming good for back pain?", answer="Water supports your weight.")
    FAQFactory(slug="mattress", question="Which mattress is best?", answer="A medium-firm one suits most people.")


def test_a_query_sharing_no_word_with_an_faq_finds_it_by_meaning(faqs):
    assert slugs("backstroke", kinds=("faq",)) == ["swimming"]


def test_a_query_whose_words_match_keeps_that_answer_first(faqs):
    assert slugs("swimming")[:1] == ["swimming"]


def test_nonsense_finds_nothing_by_meaning(faqs):
    assert slugs("zebra crossing timetable") == []


def test_a_result_found_by_meaning_shows_its_question_and_the_start_of_its_answer(faqs):
    [result] = run_search("backstroke").results[0:10]
    assert (result.title, result.snippet) == ("Is swimming good for back pain?", "Water supports your weight.")


def test_drafts_are_never_found_by_meaning(faqs):
    draft = ArticleFactory(draft=True, slug="draft", title="Swimming and your back")
    FAQFactory(slug="draft-faq", article=draft, question="Can I swim with back pain?", answer="Water supports you.")
    search = run_search("backstroke")
    found = [result.object.slug for result in search.results[0:50]]
    assert "draft" not in found and "draft-faq" not in found
    assert search.results.count() == len(found)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "draft-faq" in slugs("backstroke")


def test_articles_are_found_by_the_meaning_of_one_section():
    article = ArticleFactory(slug="living", title="Living with back pain", summary="Everyday advice.")
    SectionFactory(article=article, heading="Swimming", body="Water supports your weight while you move.")
    SectionFactory(article=article, heading="Work", body="Set your desk up so the screen is at eye level.")
    ArticleFactory(slug="desks", title="Desks and chairs", summary="Setting up your desk.")
    assert slugs("backstroke", kinds=("article",)) == ["living"]


def test_vectors_follow_every_edit_and_a_rebuild_changes_nothing(faqs):
    faq = FAQFactory(slug="heat", question="Should I use heat or ice?", answer="Heat after the first two days.")
    before = bytes(SearchDocument.objects.get(faq=faq).vectors)
    faq.question = "Do hot water bottles help?"
    faq.save()
    after = bytes(SearchDocument.objects.get(faq=faq).vectors)
    assert after != before
    assert after == embedding.to_bytes(
        embedding.model().embed(["Do hot water bottles help? Heat after the first two days."])
    )
    call_command("rebuild_derived", "--check")
    call_command("rebuild_search_index")  # embeds in batches: the same vectors as one at a time
    assert bytes(SearchDocument.objects.get(faq__slug="heat").vectors) == after
    call_command("rebuild_derived", "--check")


def test_without_the_model_search_runs_on_words_alone_and_check_warns(settings, tmp_path, faqs):
    settings.SEARCH_MODEL_DIR = str(tmp_path)
    FAQFactory(slug="sciatica", question="What is sciatica?", answer="Pain down the leg.")
    assert SearchDocument.objects.get(faq__slug="sciatica").vectors is None
    assert slugs("sciatica") == ["sciatica"]
    assert slugs("backstroke") == []
    assert [warning.id for warning in embedding_model_loads(None)] == ["search.W001"]


def test_check_is_silent_when_the_model_loads():
    assert embedding_model_loads(None) == []


def test_site_search_ranks_faqs_and_articles_by_meaning_too(client, faqs):
    article = ArticleFactory(slug="water", title="Exercise in water")
    SectionFactory(article=article, heading="Swimming", body="Water supports your weight while you move.")
    html = client.get("/search/", {"q": "backstroke"}).content.decode()
    assert "/faq/swimming/" in html and article.get_absolute_url() in html


def test_a_corrected_word_does_not_hide_the_meaning_of_the_word_as_typed():
    model = embedding.model()
    typed, corrected = model.embed(["overweight", "overnight"])
    both = model.embed_query(["does being overweight affect my back", "does being overnight affect my back"])
    assert both @ typed > model.embed_query(["does being overnight affect my back"]) @ typed
    assert model.embed_query(["back pain", "back pain", ""]) @ model.embed(["back pain"])[0] > 0.999


def test_vectors_held_in_memory_rank_exactly_as_vectors_read_back(settings, monkeypatch, faqs):
    for number, topic in enumerate(["sleeping on my side", "lifting a toddler", "a long drive", "sitting at a desk"]):
        FAQFactory(slug=f"extra-{number}", question=f"Does {topic} hurt my back?", answer=f"Advice on {topic}.")
    monkeypatch.setattr(semantic, "RESCORED", 3)  # the bits choose which few are compared, on both paths
    queries = [["my back seizes up when I stoop"], ["can I swim with a sore back"], ["driving for hours"]]

    def nearest_with(megabytes):
        settings.SEARCH_VECTOR_MEMORY_MB = megabytes
        semantic.vector_index.forget()
        found = [semantic.vector_index.nearest(query, ("faq",), 5, -1.0) for query in queries]
        return found, semantic.vector_index.vectors is not None

    held, read_back = nearest_with(16), nearest_with(0)
    assert held[1] and not read_back[1]
    assert held[0] == read_back[0]
    assert all(len(found) == 3 for found in held[0])


def test_passages_loaded_beyond_the_expected_count_are_all_kept_in_order():
    """Documents written while the bits load (more passages than counted first) are neither lost nor misplaced."""
    unit = np.eye(embedding.DIMENSIONS, dtype=np.float32)
    rows = [(7, True, embedding.to_bytes(unit[:1])), (9, False, embedding.to_bytes(unit[1:4]))]
    loaded = semantic._Passages(2, keep_vectors=True)
    for row in rows:
        loaded.add([row])
    ids, is_faq, bits, vectors = loaded.arrays()
    assert ids.tolist() == [7, 9, 9, 9] and is_faq.tolist() == [True, False, False, False]
    assert np.array_equal(vectors, unit[:4].astype(np.float16))
    assert bits.shape == (semantic.WORDS, 4) and len({bits[:, column].tobytes() for column in range(4)}) == 4
