"""SQLite's engine: FTS5 with the porter stemmer; column filters; snippet() and highlight()."""

from django.db import connection

from backpain.search.engine import (
    MARK_END,
    MARK_START,
    SLUG_JOINS,
    SLUG_SQL,
    SNIPPET_WORDS,
    Backend,
    kinds_sql,
    pick_snippet_sql,
)
from backpain.search.query import Plan
from backpain.search.sql import among


class SQLiteBackend(Backend):
    """FTS5 with the porter stemmer; column filters; snippet() and highlight()."""

    id_order = "search_fts.rowid DESC"

    @staticmethod
    def lowered(column):
        """The column itself: SQLite's LIKE ignores the case of ASCII letters, as the other engine folds them."""
        return column

    @staticmethod
    def contains_sql(text):
        """As `Backend.contains_sql`, by LIKE, which here needs no lowered copy of the text."""
        return f"{text} LIKE '%%' || %s || '%%'"

    @staticmethod
    def match_expression(plan):
        """An FTS5 query built from words only: every phrase quoted, groups joined by AND or OR."""
        groups = [
            "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in group.phrases) + ")" for group in plan.groups
        ]
        return (" AND " if plan.match_all else " OR ").join(groups)

    def matches(self, plan):
        return (
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"
            f" WHERE search_fts MATCH %s AND {kinds_sql('d', plan.kinds)}",
            [self.match_expression(plan)],
        )

    def group_match_sql(self, group):
        return (
            "(search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))",
            [self.match_expression(Plan(groups=(group,)))],
        )

    def plan_match_sql(self, plan):
        return "(d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))", [self.match_expression(plan)]

    def result_fields(self, plan, document_ids):
        if not document_ids:
            return {}
        listed, listed_params = among("search_fts.rowid", document_ids)
        marks = [MARK_START, MARK_END]
        snippet = pick_snippet_sql("snippet(search_fts, 1, %s, %s, '…', %s)", "snippet(search_fts, 2, %s, %s, '…', %s)")
        sql = (
            f"SELECT search_fts.rowid, {SLUG_SQL}, highlight(search_fts, 0, %s, %s), {snippet}"
            f" FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid {SLUG_JOINS}"
            f" WHERE search_fts MATCH %s AND {listed}"
        )
        params = [*marks, *marks, SNIPPET_WORDS, *marks, SNIPPET_WORDS, self.match_expression(plan), *listed_params]
        return {row[0]: tuple(row[1:]) for row in self.fetch(sql, params)}

    def optimise(self):
        """Merge the FTS5 b-trees after a bulk load."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
