"""Ranking a bounded pool of candidates when a query's words are in most documents.

Scoring every match costs time in proportion to the matches, and on a
back-pain site "back pain" matches nearly every document. So once the words
match more visible documents than the count shows (COUNT_LIMIT), only a pool
is scored: the newest POOL_RECENT visible matches (each engine reads its
matches in id order and stops; the same read gives the capped count) and, for each word of the
query, the documents where it weighs most in the title or summary
(`SearchPosting`, read best first from its index): those the score puts
first. The pool is scored exactly as every match would be, each field tested
once per candidate, with the score's own field test deciding which of it
match: the same on both engines. A deeper page widens the pool with it: work
grows with the page asked for, not with the number of matches.
"""

from backpain.search.models import SearchPosting
from backpain.search.query import STOP_WORDS
from backpain.search.sql import among
from backpain.search.weights import FIELDS, stem

POOL_RECENT = 50  # newest visible matches in the pool
POOL_POSTINGS = 2000  # posting rows read in all, shared among the query's words
MIN_POSTINGS_PER_STEM = 100
POOL_SCORED = 100  # documents the postings put first, then scored exactly
ORDER = "matched DESC, score DESC, id"
_BEST_FIRST = "ORDER BY weight DESC, document_id"  # a stem's postings, as their index holds them


def query_stems(backend, plan):
    """{stem: idf} of the plan's words, as the postings hold them (a stem in several groups: its highest idf)."""
    idfs, found = backend.idfs(plan), {}
    for group in plan.groups:
        for phrase in group.phrases:
            for word in phrase:
                if word not in STOP_WORDS and len(word) > 1:
                    found[stem(word)] = max(found.get(stem(word), 0.0), idfs[group])
    return found


def pool_sql(backend, plan, newest, size):
    """(SQL, params) of the pool's document ids: the newest visible matches, and the best by their postings.

    The postings' candidates are the best POOL_POSTINGS rows of the query's stems (shared among them), summed per
    document with each stem's idf: the score of the title and summary alone, so only the likeliest best are kept
    for the exact score.
    """
    stems = query_stems(backend, plan)
    listed, recent = among("id", newest[: max(POOL_RECENT, size)])
    newest_sql = f"SELECT id FROM search_searchdocument WHERE {listed}"
    if not stems:
        return newest_sql, recent
    table, limit = SearchPosting._meta.db_table, int(POOL_SCORED + size)
    if len(stems) == 1:  # one posting per document and stem: its best rows are the best documents, read directly
        best, best_params = f"SELECT document_id FROM {table} WHERE stem = %s {_BEST_FIRST} LIMIT {limit}", [*stems]
    else:
        per_stem = max(MIN_POSTINGS_PER_STEM, (POOL_POSTINGS + size) // len(stems))
        lists = " UNION ALL ".join(
            f"SELECT * FROM (SELECT document_id, weight * CAST(%s AS DOUBLE PRECISION) AS weighed FROM {table}"
            f" WHERE stem = %s {_BEST_FIRST} LIMIT {int(per_stem)}) s{number}"
            for number in range(len(stems))
        )
        best = (
            f"SELECT document_id FROM ({lists}) postings GROUP BY document_id"
            f" ORDER BY sum(weighed) DESC, document_id LIMIT {limit}"
        )
        best_params = [value for word, idf in stems.items() for value in (float(idf), word)]
    return f"SELECT document_id FROM ({best}) best UNION {newest_sql}", [*best_params, *recent]


def _texts(backend):
    """The fields of document `d` prepared once for the phrase patterns, and their lengths, as columns."""
    columns = [f"{backend.prepared_text_sql(field)} AS text_{field}" for field, *_weights in FIELDS]
    return ", ".join(columns + [f"length(d.{field}) AS length_{field}" for field, *_weights in FIELDS])


def _flags(backend, plan):
    """(SQL, params) of each group's match in each field of the prepared texts `d`, and their lengths, as columns."""
    columns, params = [f"d.length_{field}" for field, *_weights in FIELDS], []
    for number, group in enumerate(plan.groups):
        for field, *_weights in FIELDS:
            sql, field_params = backend.field_match_sql(group, field, prepared=f"d.text_{field}")
            columns.append(f"{sql} AS g{number}_{field}")
            params.extend(field_params)
    return ", ".join(columns), params


def _group_matches(number):
    return "(" + " OR ".join(f"d.g{number}_{field}" for field, *_weights in FIELDS) + ")"


def ranked_pool_sql(backend, plan, newest, size, visible_only=False):
    """(SQL, params) of the pool's best `size` matches, best first, as `id, faq_id, article_id, matched, score`.

    Only visible ones if asked.
    """
    pool, pool_params = pool_sql(backend, plan, newest, size)
    flags, flag_params = _flags(backend, plan)
    groups = range(len(plan.groups))
    match = (" AND " if plan.match_all else " OR ").join(_group_matches(number) for number in groups)
    coordination = "0"
    if not plan.match_all and len(plan.groups) > 1:
        coordination = " + ".join(f"(CASE WHEN {_group_matches(number)} THEN 1 ELSE 0 END)" for number in groups)
    score, score_params = backend.score_sql(plan, flagged=True)
    visible, visible_params = backend.visible(plan)
    condition = f" AND {visible}" if visible_only else ""
    return (
        f"WITH texts AS MATERIALIZED (SELECT d.id, d.faq_id, d.article_id, {_texts(backend)}"
        f" FROM search_searchdocument d WHERE d.id IN ({pool}) AND {backend.kinds_condition(plan)}),"
        f" flagged AS MATERIALIZED (SELECT d.id, d.faq_id, d.article_id, {flags} FROM texts d)"
        f" SELECT d.id, d.faq_id, d.article_id, {coordination} AS matched, {score} AS score"
        f" FROM flagged d WHERE ({match}){condition} ORDER BY {ORDER} LIMIT {int(size)}",
        [*pool_params, *flag_params, *score_params, *(visible_params if visible_only else [])],
    )


def top(backend, plan, size, newest, page_size=0, neighbours=()):
    """As `Backend.top` for a pooled plan: never complete (there are more matches than the pool)."""
    ranked, params = ranked_pool_sql(backend, plan, newest, size)
    shown, _rows, fields = backend.checked_window(ranked, params, plan, page_size, neighbours)
    return shown, False, fields


def ranked(backend, plan, needed):
    """The first `needed` visible matches of the pool, visibility checked for every candidate (in the ranking)."""
    newest = backend.newest_visible(plan)
    return [tuple(row[:3]) for row in backend.fetch(*ranked_pool_sql(backend, plan, newest, needed, visible_only=True))]
