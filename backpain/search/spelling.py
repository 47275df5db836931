"""Typo tolerance: the closest word of the index's own vocabulary, or of the synonyms'.

Candidates share the first letter (people rarely mistype it, and it keeps the
lookup to one indexed query) and are within two edits (one for words of up to five letters),
counting a swap of neighbours as one edit (optimal string alignment, from
rapidfuzz): "sciatcia" is one edit from "sciatica". Closer first, then the
more common word. A synonym's word counts too, though no document uses it:
"coccix" is one edit from the synonym "coccyx", which finds the FAQ that says
"tailbone".
"""

from rapidfuzz import process
from rapidfuzz.distance import OSA

from backpain.search.models import SearchTerm
from backpain.search.query import synonym_table

MAX_CANDIDATES = 5
MIN_LENGTH = 4  # a three-letter word is more often a real word we lack ("bad") than a typo ("bed"?)


def corrections(word):
    """Vocabulary words close to `word`, best first (at most MAX_CANDIDATES)."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return []
    limit = 1 if len(word) <= 5 else 2
    terms = SearchTerm.objects.filter(
        initial=word[0], length__range=(len(word) - limit, len(word) + limit), documents__gt=0
    )
    documents = dict(terms.values_list("term", "documents"))
    for term in synonym_words():
        if term[0] == word[0] and abs(len(term) - len(word)) <= limit:
            documents.setdefault(term, 0)
    close = process.extract(word, list(documents), scorer=OSA.distance, score_cutoff=limit, limit=None)
    scored = sorted((distance, -documents[term], term) for term, distance, _index in close if distance > 0)
    return [term for _distance, _documents, term in scored[:MAX_CANDIDATES]]


def synonym_words():
    """The one-word terms of the synonyms, as editors wrote them (the table's keys are folded: "kids" is "kid")."""
    return {phrase[0] for phrases in synonym_table().values() for phrase in phrases if len(phrase) == 1}
