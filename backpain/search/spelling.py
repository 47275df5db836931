"""Typo tolerance: the closest word of the index's own vocabulary.

Candidates share the first letter (people rarely mistype it, and it keeps the
lookup to one indexed query) and are within two edits (one for words of up to five letters),
counting a swap of neighbours as one edit: "sciatcia" is one edit from
"sciatica". Closer first, then the more common word.
"""

from backpain.search.models import SearchTerm

MAX_CANDIDATES = 5
MIN_LENGTH = 4  # a three-letter word is more often a real word we lack ("bad") than a typo ("bed"?)


def edit_distance(a, b, limit):
    """Optimal string alignment distance, or limit + 1 once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def corrections(word):
    """Vocabulary words close to `word`, best first (at most MAX_CANDIDATES)."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return []
    limit = 1 if len(word) <= 5 else 2
    terms = SearchTerm.objects.filter(
        initial=word[0], length__range=(len(word) - limit, len(word) + limit), documents__gt=0
    ).values_list("term", "documents")
    scored = []
    for term, documents in terms.iterator(chunk_size=2000):
        distance = edit_distance(word, term, limit)
        if 0 < distance <= limit:
            scored.append((distance, -documents, term))
    return [term for _distance, _documents, term in sorted(scored)[:MAX_CANDIDATES]]
