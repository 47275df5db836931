"""The neighbours by meaning of a query that a visitor may see, and what such a result shows.

`semantic.vector_index` knows only vectors; here its candidates meet the
content: visibility by the one `published()` rule (its SQL spelling, as the
words' ranking uses), and whether the words match them too. Plain SQL on
our own tables, the same on both engines.
"""

from backpain.search.backends import SLUG_JOINS, SLUG_SQL, SNIPPET_WORDS, kinds_sql
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
    visible = visible_documents(backend, plan, list(similarities))
    in_window = {row[0] for row in shown}
    outside = [document_id for document_id in visible if document_id not in in_window]
    beyond = backend.matching_ids(plan, outside) if outside and not complete and plan.groups else set()
    return [
        (document_id, *visible[document_id], similarity)
        for document_id, similarity in similarities.items()
        if document_id in visible and document_id not in beyond
    ]


def visible_documents(backend, plan, document_ids):
    """{document id: (faq id, article id)} of those of `document_ids` a visitor may see, of the plan's kinds."""
    if not document_ids:
        return {}
    visible, params = backend.visible(plan)
    listed, listed_params = among("d.id", document_ids)
    sql = (
        "SELECT d.id, d.faq_id, d.article_id FROM search_searchdocument d"
        f" WHERE {listed} AND {kinds_sql('d', plan.kinds)} AND {visible}"
    )
    rows = backend.fetch(sql, [*listed_params, *params])
    return {row[0]: (row[1], row[2]) for row in rows}


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
