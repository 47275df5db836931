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


def by_meaning(spellings, plan, backend, top):
    """[(document id, faq id, article id, similarity)] of the visible neighbours by meaning, nearest first.

    `spellings`: the query as typed and as corrected (`Embedder.embed_query`).

    A neighbour the words also match beyond the fused window keeps its place
    in the ranking by words, so that every result is listed exactly once.
    """
    shown, complete = top[:2]
    similarities = dict(vector_index.nearest(spellings, plan.kinds, SEMANTIC_LIMIT, SIMILARITY_FLOOR))
    visible = visible_documents(backend, plan, list(similarities), words_may_rank_lower=not complete)
    in_window = {row[0] for row in shown}
    return [
        (document_id, *visible[document_id][:2], similarity)
        for document_id, similarity in similarities.items()
        if document_id in visible and (document_id in in_window or not visible[document_id][2])
    ]


def visible_documents(backend, plan, document_ids, words_may_rank_lower=False):
    """{document id: (faq id, article id, matched by words)} of `document_ids` a visitor may see, of the plan's kinds.

    "Matched by words" is only tested when the ranking by words may list a match past its first window.
    """
    if not document_ids:
        return {}
    visible, params = backend.visible(plan)
    listed, listed_params = among("d.id", document_ids)
    match, match_params = backend.match_test(plan) if words_may_rank_lower and plan.groups else ("1 = 0", [])
    sql = (
        f"SELECT d.id, d.faq_id, d.article_id, {match} FROM search_searchdocument d"
        f" WHERE {listed} AND {kinds_sql('d', plan.kinds)} AND {visible}"
    )
    rows = backend.fetch(sql, [*match_params, *listed_params, *params])
    return {row[0]: (row[1], row[2], bool(row[3])) for row in rows}


def plain_fields(backend, document_ids):
    """{document id: (slug, title, snippet)} without highlights, for a result found by meaning, not words.

    The snippet is the start of the body, cut in Python, so both engines show the same.
    """
    if not document_ids:
        return {}
    listed, params = among("d.id", document_ids)
    rows = backend.fetch(
        f"SELECT d.id, {SLUG_SQL}, d.title, d.summary, d.body FROM search_searchdocument d {SLUG_JOINS} WHERE {listed}",
        params,
    )
    fields = {}
    for document_id, slug, title, summary, body in rows:
        text = (body or summary).split()
        snippet = " ".join(text[:SNIPPET_WORDS]) + ("…" if len(text) > SNIPPET_WORDS else "")
        fields[document_id] = (slug, title, snippet)
    return fields
