"""The two full-text engines behind one small interface; views never know which one runs.

Each backend answers three questions about a `Plan`: how many visible
documents match, which ones rank at positions [offset, offset+limit), and
what their highlighted title and snippet are. Visibility is the content's
own `published()` rule, applied per matching row at query time.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from articles.models import Article
from faq.models import FAQ

# Highlight markers: control characters never present in indexed text (the
# indexer strips them), turned into <mark> only after the text is escaped.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 32


def _visible_sql(alias):
    """SQL (and params) true when the document `alias` is a published FAQ or article.

    Compiled from `FAQ.objects.published()` and `Article.objects.published()`
    so the visibility rule is never written twice.
    """
    parts, params = [], []
    for column, queryset in (("faq_id", FAQ.objects.published()), ("article_id", Article.objects.published())):
        sql, sub_params = (
            queryset.filter(pk=RawSQL(f"{alias}.{column}", ())).order_by().values("pk").query.sql_with_params()
        )
        parts.append(f"({alias}.{column} IS NOT NULL AND EXISTS ({sql}))")
        params.extend(sub_params)
    return "(" + " OR ".join(parts) + ")", params


def _kinds_sql(alias, kinds):
    if set(kinds) >= {"faq", "article"}:
        return "1 = 1"
    return f"{alias}.faq_id IS NOT NULL" if "faq" in kinds else f"{alias}.article_id IS NOT NULL"


class SQLiteBackend:
    """FTS5 with the porter stemmer; bm25 with column weights; snippet() and highlight()."""

    weights = "10.0, 4.0, 1.0"

    @staticmethod
    def match_expression(plan):
        """An FTS5 query built from words only: every phrase quoted, groups joined by AND or OR."""
        groups = [
            "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in group.phrases) + ")" for group in plan.groups
        ]
        return (" AND " if plan.match_all else " OR ").join(groups)

    def _where(self, plan):
        visible, params = _visible_sql("d")
        return (
            f"search_fts MATCH %s AND {_kinds_sql('d', plan.kinds)} AND {visible}",
            [self.match_expression(plan), *params],
        )

    def count(self, plan, limit=None):
        where, params = self._where(plan)
        inner = f"SELECT 1 FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE {where}"
        if limit is not None:
            inner += f" LIMIT {int(limit)}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner})", params)
            return cursor.fetchone()[0]

    def ranked(self, plan, *, offset, limit):
        where, params = self._where(plan)
        sql = (
            "SELECT d.id, d.faq_id, d.article_id FROM search_fts"
            f" JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE {where}"
            f" ORDER BY bm25(search_fts, {self.weights}), d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, int(limit), int(offset)])
            return cursor.fetchall()

    def highlights(self, plan, document_ids):
        if not document_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(document_ids))
        marks = [MARK_START, MARK_END]
        sql = (
            "SELECT rowid, highlight(search_fts, 0, %s, %s), snippet(search_fts, 1, %s, %s, '…', %s),"
            f" snippet(search_fts, 2, %s, %s, '…', %s) FROM search_fts"
            f" WHERE search_fts MATCH %s AND rowid IN ({placeholders})"
        )
        params = [*marks, *marks, SNIPPET_WORDS, *marks, SNIPPET_WORDS, self.match_expression(plan), *document_ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: (row[1], pick_snippet(row[2], row[3])) for row in cursor.fetchall()}

    def optimise(self):
        """Merge the FTS5 b-trees after a bulk load."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


class PostgreSQLBackend:
    """A stored tsvector (title A, summary B, body C) with a GIN index; ts_rank and ts_headline."""

    weights = "'{0.05, 0.1, 0.4, 1.0}'"
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, ShortWord=2,"
        " MaxFragments=1, FragmentDelimiter=…"
    )

    @staticmethod
    def tsquery(plan):
        """A tsquery expression built from words only: one phraseto_tsquery per phrase."""
        sql_groups, params = [], []
        for group in plan.groups:
            sql_groups.append("(" + " || ".join(["phraseto_tsquery('english', %s)"] * len(group.phrases)) + ")")
            params.extend(" ".join(phrase) for phrase in group.phrases)
        return (" && " if plan.match_all else " || ").join(sql_groups), params

    def _from_where(self, plan):
        tsquery, query_params = self.tsquery(plan)
        visible, params = _visible_sql("d")
        return (
            f"FROM search_searchdocument d, (SELECT {tsquery} AS q) query"
            f" WHERE d.search_vector @@ query.q AND {_kinds_sql('d', plan.kinds)} AND {visible}",
            [*query_params, *params],
        )

    def count(self, plan, limit=None):
        from_where, params = self._from_where(plan)
        inner = f"SELECT 1 {from_where}"
        if limit is not None:
            inner += f" LIMIT {int(limit)}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner}) matches", params)
            return cursor.fetchone()[0]

    def ranked(self, plan, *, offset, limit):
        from_where, params = self._from_where(plan)
        sql = (
            f"SELECT d.id, d.faq_id, d.article_id {from_where}"
            f" ORDER BY ts_rank({self.weights}, d.search_vector, query.q) DESC, d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, int(limit), int(offset)])
            return cursor.fetchall()

    def highlights(self, plan, document_ids):
        if not document_ids:
            return {}
        tsquery, params = self.tsquery(plan)
        sql = (
            "SELECT d.id, ts_headline('english', d.title, query.q, %s), ts_headline('english', d.summary, query.q, %s),"
            f" ts_headline('english', d.body, query.q, %s) FROM search_searchdocument d, (SELECT {tsquery} AS q) query"
            " WHERE d.id = ANY(%s)"
        )
        options = self.headline_options
        with connection.cursor() as cursor:
            title_options = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
            cursor.execute(sql, [title_options, options, options, *params, list(document_ids)])
            return {row[0]: (row[1], pick_snippet(row[2], row[3])) for row in cursor.fetchall()}

    def optimise(self):
        """Refresh the planner's statistics after a bulk load (the tsvector column is generated)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")


def pick_snippet(summary, body):
    """The body's snippet (its start when the match is elsewhere); the summary's only when there is no body."""
    return body or summary


def get_backend():
    return PostgreSQLBackend() if connection.vendor == "postgresql" else SQLiteBackend()
