"""Merging the ranking by words with the ranking by meaning: weighted reciprocal rank fusion.

Reciprocal rank fusion needs no common scale between a BM25F-style score
and a cosine similarity, only each list's order. The words' list is
weighted above the meaning's: an exact or answer-only query keeps its
answer on top, and a paraphrase, which the words rank low or not at all,
is lifted by its meaning. The constants are tuned on the labelled set's
tuning half only (`python manage.py evaluate_search`).
"""

RRF_K = 30
LEXICAL_WEIGHT = 1.0
LEXICAL_FALLBACK_WEIGHT = 0.5  # when not every concept of the query matched: the words are a weaker witness
SEMANTIC_WEIGHT = 0.9
SEMANTIC_LIMIT = 20  # neighbours by meaning taken into the fusion
SIMILARITY_FLOOR = 0.35  # below this a neighbour is noise, not a paraphrase


def fuse(lexical, semantic, every_concept_matched=True):
    """Rows of both lists (each best first; a row's first item is its document id) in fused order; ties by id."""
    lexical_weight = LEXICAL_WEIGHT if every_concept_matched else LEXICAL_FALLBACK_WEIGHT
    fused, rows = {}, {}
    for weight, ranking in ((lexical_weight, lexical), (SEMANTIC_WEIGHT, semantic)):
        for rank, row in enumerate(ranking, 1):
            fused[row[0]] = fused.get(row[0], 0.0) + weight / (RRF_K + rank)
            rows.setdefault(row[0], tuple(row[:3]))
    return [rows[document_id] for document_id in sorted(fused, key=lambda d: (-round(fused[d], 12), d))]
