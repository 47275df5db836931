"""PostgreSQL's engine: a stored tsvector (title A, summary B, body C) with a GIN index; ts_headline."""

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


class PostgreSQLBackend(Backend):
    """A stored tsvector (title A, summary B, body C) with a GIN index; ts_filter by weight; ts_headline."""

    id_order = "d.id DESC"
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, ShortWord=2, MaxFragments=1"
    )

    @staticmethod
    def tsquery(plan):
        """A tsquery expression built from words only: one phraseto_tsquery per phrase.

        (websearch_to_tsquery cannot group alternatives, "(a or b) c", which synonyms need.)
        """
        sql_groups, params = [], []
        for group in plan.groups:
            sql_groups.append("(" + " || ".join(["phraseto_tsquery('english', %s)"] * len(group.phrases)) + ")")
            params.extend(" ".join(phrase) for phrase in group.phrases)
        return (" && " if plan.match_all else " || ").join(sql_groups), params

    def prepare(self, cursor):
        """Settings for this connection's searches: no JIT compilation (~100 ms to save nothing on queries this
        short)."""
        raw = connection.connection
        if getattr(connection, "_search_prepared", None) is not raw:
            cursor.execute("SET jit = off")
            connection._search_prepared = raw

    def fetch(self, sql, params, planned_for_values=False):
        """A statement `planned_for_values` is never prepared, so PostgreSQL plans it for its words each time.

        Prepared, it would after five runs get the generic plan, made without the words: for the newest matches
        that reads every match of a common word by bitmap and sorts them (10-15 ms at 10,000 FAQs) where the plan
        for the word walks the newest (1 ms). Every other search statement keeps its prepared, generic plan (its
        text names no word or idf), which saves planning a statement that costs as much to plan as to run.
        """
        if not planned_for_values:
            return super().fetch(sql, params)
        connection.ensure_connection()
        raw = connection.connection
        threshold, raw.prepare_threshold = raw.prepare_threshold, None
        try:
            return super().fetch(sql, params)
        finally:
            raw.prepare_threshold = threshold

    @staticmethod
    def lowered(column):
        """In the "C" collation only ASCII letters are folded (as SQLite's LIKE folds them), at a third of the cost
        of the database's own collation."""
        return f'lower({column} COLLATE "C")'

    @staticmethod
    def contains_sql(text):
        """strpos, not LIKE '% phrase%' (words hold no wildcards, so both say the same): half the cost."""
        return f"strpos({text}, %s) > 0"

    def matches(self, plan):
        tsquery, params = self.tsquery(plan)
        return (
            f"FROM search_searchdocument d, (SELECT {tsquery} AS q) query"
            f" WHERE d.search_vector @@ query.q AND {kinds_sql('d', plan.kinds)}",
            params,
        )

    def group_match_sql(self, group):
        tsquery, params = self.tsquery(Plan(groups=(group,)))
        return f"(d.search_vector @@ ({tsquery}))::int", params

    def plan_match_sql(self, plan):
        tsquery, params = self.tsquery(plan)
        return f"(d.search_vector @@ ({tsquery}))", params

    def checked_window(self, ranked, params, plan, page_size=0, neighbours=()):
        """As `Backend.checked_window`, with the first page's result fields computed in the same statement.

        One statement instead of three (ranking, highlights, slugs): each
        round trip costs as much as the ranking itself does on the server.
        ts_headline runs only for the rows of the first page, numbered among
        the visible ones, and for the `neighbours` by meaning among them (fusion
        may lift one onto the first page). The ranked rows carry no text: the top-N sort would
        copy every match's body.
        """
        if not page_size:
            return super().checked_window(ranked, params, plan)
        visible, visible_params = self.visible(plan)
        tsquery, tsquery_params = self.tsquery(plan)
        fields, field_params = self.fields_sql("query.q", "r.on_page")
        neighbour, neighbour_params = among("r.id", list(neighbours))
        order = "r.matched DESC, r.score DESC, r.id"
        rows = self.fetch(
            f"WITH ranked AS ({ranked}),"
            f" checked AS MATERIALIZED (SELECT d.*, {visible} AS visible FROM ranked d),"
            f" numbered AS (SELECT r.*, r.visible AND (row_number() OVER (PARTITION BY r.visible ORDER BY {order})"
            f" <= {int(page_size)} OR {neighbour}) AS on_page FROM checked r)"
            f" SELECT r.id, r.faq_id, r.article_id, r.visible, r.on_page, {fields}"
            f" FROM numbered r CROSS JOIN (SELECT {tsquery} AS q) query"
            f" LEFT JOIN search_searchdocument d ON r.on_page AND d.id = r.id {SLUG_JOINS} ORDER BY {order}",
            [*params, *visible_params, *neighbour_params, *field_params, *tsquery_params],
        )
        fields = {row[0]: tuple(row[5:]) for row in rows if row[4]}
        return [tuple(row[:3]) for row in rows if row[3]], len(rows), fields

    def fields_sql(self, query, condition):
        """(SQL, params): slug, marked title and snippet of document `d` (for tsquery `query`) if `condition`."""
        headline = "ts_headline('english', d.{}, " + query + ", %s)"
        snippet = pick_snippet_sql(headline.format("summary"), headline.format("body"))
        columns = [SLUG_SQL, headline.format("title"), snippet]
        title_options = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
        sql = ", ".join(f"CASE WHEN {condition} THEN {column} END" for column in columns)
        return sql, [title_options, self.headline_options, self.headline_options]

    def result_fields(self, plan, document_ids):
        if not document_ids:
            return {}
        tsquery, params = self.tsquery(plan)
        fields, field_params = self.fields_sql("query.q", "TRUE")
        listed, listed_params = among("d.id", document_ids)
        sql = (
            f"SELECT d.id, {fields} FROM search_searchdocument d CROSS JOIN (SELECT {tsquery} AS q) query"
            f" {SLUG_JOINS} WHERE {listed}"
        )
        rows = self.fetch(sql, [*field_params, *params, *listed_params])
        return {row[0]: tuple(row[1:]) for row in rows}

    def optimise(self):
        """Refresh the planner's statistics after a bulk load (without them postings are not read best first)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument, search_searchposting")

    def settle(self):
        """After a rebuild has committed: vacuum what it replaced, so that searches never compete with autovacuum.

        A rebuild leaves every old row dead and no page marked all-visible; until a vacuum, index-only scans visit
        the table, and autovacuum arrives later, in the middle of visitors' searches. (`optimise` has analysed.)
        """
        with connection.cursor() as cursor:
            cursor.execute("VACUUM search_searchdocument, search_searchposting, search_searchterm")
