"""Turning what a visitor typed into words, groups and synonyms."""

import pytest

from backpain.search.models import SearchTerm, Synonym
from backpain.search.query import MAX_QUERY_LENGTH, build_groups, normalise, words
from backpain.search.spelling import corrections

pytestmark = pytest.mark.django_db


def phrases(query):
    return [group.phrases for group in build_groups(words(normalise(query)))]


def test_stop_words_and_single_letters_are_dropped():
    assert phrases("why does my back hurt when I'm anxious")[0] == (("back",),)
    assert phrases("the of and") == []


def test_multi_word_synonyms_expand_to_every_phrase_of_their_group():
    Synonym.objects.all().delete()
    Synonym.objects.create(terms="Pins and needles, tingling, paresthesia")
    assert phrases("pins and needles in my feet") == [
        (("pins", "and", "needles"), ("tingling",), ("paresthesia",)),
        (("feet",),),
    ]


def test_editing_a_synonym_takes_effect_at_once():
    synonym = Synonym.objects.create(terms="lumbago, lower back pain")
    synonym.terms = "lumbago, low back pain"
    synonym.save()
    assert phrases("lumbago") == [(("lumbago",), ("low", "back", "pain"))]


def test_synonym_terms_are_normalised_and_deduplicated():
    assert Synonym.objects.create(terms=" Slipped  Disc,herniated disc , slipped disc,").terms == (
        "slipped disc, herniated disc"
    )


def test_seeded_synonyms_cover_lay_and_clinical_words():
    assert ("nsaid",) in phrases("ibuprofen")[0]
    assert ("lumbar",) in phrases("lower back")[0]


def test_query_is_capped_and_cleaned():
    assert len(normalise("x" * 5000)) == MAX_QUERY_LENGTH
    assert normalise("  back\x00pain \t\n now ") == "back pain now"


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [("sciatcia", "sciatica"), ("stretchs", "stretches"), ("bakc", "back"), ("sciatca", "sciatica")],
)
def test_a_typo_is_corrected_to_the_closest_word_a_swap_of_neighbours_being_one_edit(typed, corrected):
    for term, documents in [("sciatica", 3), ("stretches", 2), ("back", 9), ("stitches", 1), ("sciatic", 1)]:
        SearchTerm.objects.create(term=term, initial=term[0], length=len(term), documents=documents)
    assert corrections(typed)[0] == corrected


def test_a_correction_is_never_the_word_itself_nor_a_distant_one():
    SearchTerm.objects.create(term="sitting", initial="s", length=7, documents=4)
    assert corrections("sitting") == []
    assert corrections("sxxxxng") == []


def test_phrases_that_carry_no_meaning_are_not_required():
    assert phrases("is it ok to go swimming, any advice please") == [(("go",),), (("swimming",),)]
    assert phrases("would swimming help a bad back") == [(("swimming",),), (("back",),)]


def test_lay_idioms_mean_their_clinical_words():
    assert ("back", "strain") in phrases("I put my back out")[0]
    assert ("torticollis",) in phrases("crick in my neck")[0]


def test_a_synonym_meets_the_query_whatever_the_ending_of_its_words():
    Synonym.objects.create(terms="crack my back, spinal manipulation")
    Synonym.objects.create(terms="hoover, housework")
    assert ("spinal", "manipulation") in phrases("cracking my back")[0]
    assert ("housework",) in phrases("hoovering the stairs")[0]


def test_a_misspelt_synonym_is_corrected_though_no_document_uses_its_word():
    Synonym.objects.create(terms="coccyx, tailbone")
    SearchTerm.objects.create(term="coccydynia", initial="c", length=10, documents=1)
    assert corrections("coccix") == ["coccyx"]


def test_seeded_everyday_words_mean_what_the_faqs_say():
    assert ("injection",) in phrases("a jab in my back")[0]
    assert ("housework",) in phrases("hoovering")[0]
    assert ("pharmacist",) in phrases("what can the chemist give me")[0]
    assert ("pain", "down", "my", "arm") in phrases("cervical radiculopathy")[0]
    assert ("ibuprofen",) in phrases("nurofen")[0]
