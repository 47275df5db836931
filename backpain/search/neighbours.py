"""The neighbours by meaning of a query that a visitor may see, and what such a result shows.

`semantic.vector_index` knows only vectors; here its candidates meet the
content: visibility by the one `published()` rule (its SQL spelling, as the
words' ranking uses), and whether the words match them too. Plain SQL on
our own tables, the same on both engines.
"""

from backpain.search.engine import SLUG_JOINS, SLUG_SQL, SNIPPET_WORDS, kinds_sql
from backpain.search.fusion import SEMANTIC_LIMIT, SIMILARITY_FLOOR
from backpain.search.semantic import vector_index
from backpain.search.sql import among


def nearest(spellings, plan):
    """[(document id, similarity)] of the documents of the plan's kinds nearest the query by meaning, nearest first.

    `spellings`: the query as typed and as corrected (`Embedder.embed_query`). Any of them may not be visible.
    """
    return vector_index.nearest(spellings, plan.kinds, SEMANTIC_LIMIT, SIMILARITY_FLOOR)


def by_meaning(nearby, plan, backend, top):
    """[(document id, faq id, article id, similarity, plain fields)] of the visible neighbours by meaning, nearest
    first; the plain fields (`_plain`) are what the result shows if the words do not match it.

    `nearby`: what `nearest` gave. A neighbour the words also match beyond the fused window keeps its place
    in the ranking by words, so that every result is listed exactly once.
    """
    shown, complete = top[:2]
    similarities = dict(nearby)
    visible = visible_documents(backend, plan, list(similarities), words_may_rank_lower=not complete)
    in_window = {row[0] for row in shown}
    return [
        (document_id, *visible[document_id][:2], similarity, visible[document_id][3])
        for document_id, similarity in similarities.items()
        if document_id in visible and (document_id in in_window or not visible[document_id][2])
    ]


def visible_documents(backend, plan, document_ids, words_may_rank_lower=False):
    """{document id: (faq id, article id, matched by words, plain fields)} of `document_ids` a visitor may see, of
    the plan's kinds.

    "Matched by words" is only tested when the ranking by words may list a match past its first window. The plain
    fields come in the same statement: a neighbour shown as found by meaning needs no other query.
    """
    if not document_ids:
        return {}
    visible, params = backend.visible(plan)
    listed, listed_params = among("d.id", document_ids)
    match, match_params = backend.match_test(plan) if words_may_rank_lower and plan.groups else ("1 = 0", [])
    sql = (
        f"SELECT d.id, d.faq_id, d.article_id, {match}, {SLUG_SQL}, d.title, d.summary, d.body"
        f" FROM search_searchdocument d {SLUG_JOINS}"
        f" WHERE {listed} AND {kinds_sql('d', plan.kinds)} AND {visible}"
    )
    rows = backend.fetch(sql, [*match_params, *listed_params, *params])
    return {row[0]: (row[1], row[2], bool(row[3]), _plain(*row[4:])) for row in rows}


def _plain(slug, title, summary, body):
    """(slug, title, snippet) without highlights, for a result found by meaning, not words: the start of the body,
    cut in Python, so both engines show the same."""
    text = (body or summary).split()
    return slug, title, " ".join(text[:SNIPPET_WORDS]) + ("…" if len(text) > SNIPPET_WORDS else "")
