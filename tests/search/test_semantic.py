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
    assert after == embedding.to_bytes(embedding.model().embed(["Do hot water bottles help?"]))
    call_command("rebuild_derived", "--check")
    call_command("rebuild_search_index")  # embeds in batches: the same vectors as one at a time, to float16 precision
    assert embedding.same_vectors(bytes(SearchDocument.objects.get(faq__slug="heat").vectors), after)
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
        index = semantic.VectorIndex()  # a fresh process: it decides whether to hold the vectors as it loads
        found = [index.nearest(query, ("faq",), 5, -1.0) for query in queries]
        return found, index.vectors is not None

    held, read_back = nearest_with(16), nearest_with(0)
    assert held[1] and not read_back[1]
    assert held[0] == read_back[0]
    assert all(len(found) == 3 for found in held[0])


def test_passages_loaded_beyond_the_expected_count_are_all_kept_in_order():
    """Documents written while the bits load (more passages than counted first) are neither lost nor misplaced."""
    unit = np.eye(embedding.DIMENSIONS, dtype=np.float32)
    rows = [(7, True, embedding.to_bytes(unit[:1]), 70), (9, False, embedding.to_bytes(unit[1:4]), 90)]
    loaded = semantic._Passages(2, keep_vectors=True)
    for row in rows:
        loaded.add([row])
    ids, is_faq, bits, vectors = loaded.arrays()
    assert ids.tolist() == [7, 9, 9, 9] and is_faq.tolist() == [True, False, False, False]
    assert np.array_equal(vectors, unit[:4].astype(np.float16))
    assert bits.shape == (semantic.WORDS, 4) and len({bits[:, column].tobytes() for column in range(4)}) == 4
    assert [array.tolist() for array in loaded.revisions()] == [[7, 9], [70, 90]]


QUERIES = [["my back seizes up when I stoop"], ["can I swim with a sore back"], ["which bed is best"], ["hoovering"]]


def nearest_of(index):
    return [index.nearest(query, ("faq", "article"), 10, -1.0) for query in QUERIES]


def test_after_writes_only_the_documents_written_are_read_again_and_rank_as_a_fresh_load(faqs, monkeypatch):
    from faq.models import FAQ

    for number, topic in enumerate(["sleeping on my side", "lifting a toddler", "gardening", "sitting at a desk"]):
        FAQFactory(slug=f"extra-{number}", question=f"Does {topic} hurt my back?", answer=f"Advice on {topic}.")
    semantic.vector_index.forget()
    nearest_of(semantic.vector_index)
    unchanged = SearchDocument.objects.get(faq__slug="mattress").pk
    bits_before = semantic.vector_index.bits[:, semantic.vector_index.document_ids == unchanged].copy()
    read_again = []
    add = semantic._Passages.add
    monkeypatch.setattr(
        semantic._Passages, "add", lambda self, rows: (read_again.extend(r[0] for r in rows), add(self, rows))
    )

    edited = FAQ.objects.get(slug="locking")
    edited.question = "Does hoovering strain my lower back?"
    edited.save()
    added = FAQFactory(slug="driving", question="Can long drives hurt my back?", answer="Stop every hour to walk.")
    FAQ.objects.get(slug="swimming").delete()
    refreshed = nearest_of(semantic.vector_index)

    documents = dict(SearchDocument.objects.values_list("faq__slug", "pk"))
    assert sorted(read_again) == sorted([documents["locking"], documents["driving"]])
    assert added.slug in documents and "swimming" not in documents
    kept = semantic.vector_index.bits[:, semantic.vector_index.document_ids == unchanged]
    assert np.array_equal(kept, bits_before)  # an unchanged document keeps its bits
    assert refreshed == nearest_of(semantic.VectorIndex())
    assert refreshed[3][0][0] == documents["locking"]  # the edited question is what is found


def test_a_rebuild_by_another_process_is_seen_by_this_one(faqs, monkeypatch):
    from backpain.search.index import rebuild_index

    semantic.vector_index.forget()
    before = nearest_of(semantic.vector_index)
    monkeypatch.setattr(semantic.vector_index, "forget", lambda: None)  # the rebuild tells only its own process
    rebuild_index()  # every document is written anew, under new ids
    after = nearest_of(semantic.vector_index)
    current = set(SearchDocument.objects.values_list("pk", flat=True))
    assert {document_id for found in after for document_id, _similarity in found} <= current
    assert [len(found) for found in after] == [len(found) for found in before]


def test_a_repeated_query_is_not_run_through_the_network_again(monkeypatch):
    model = embedding.model()
    first = model.embed_query(["can I still go jogging with sciatica", ""])
    calls = []
    encode = model.network.encode
    monkeypatch.setattr(model.network, "encode", lambda texts: (calls.append(texts), encode(texts))[1])
    again = model.embed_query(["can I still go jogging with sciatica"])
    assert calls == [] and np.array_equal(first, again)
    model.embed_query(["can I still go running with sciatica"])
    assert calls == [["can I still go running with sciatica"]]
