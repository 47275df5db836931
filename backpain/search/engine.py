"""What both full-text engines share: the score, visibility, the pool and the window of checked rows.

Each engine only finds matches (and highlights them); the score is the same
SQL on both, built from what we store ourselves, so the same data gives the
same order on either database: for each concept of the query, an idf from our
own word counts (`SearchTerm`) times, per field the concept matches in, the
field's weight (title > summary > body) damped by the field's length, BM25F
style. Exact ties break by document id.

Ranking needs every match's score, but checking visibility row by row is
the costlier part, so it is checked only for a window of the best-scored
matches; the window is enough whenever hidden content is not crowding the
top, and otherwise the query is run again with visibility checked for all.
The engines themselves: `sqlite_engine.py`, `postgresql_engine.py`.
"""

import math

from django.db import connection
from django.utils import timezone

from articles.models import Article
from backpain.search import pool
from backpain.search.query import STOP_WORDS
from backpain.search.weights import FIELDS, double, stem
from backpain.search.word_counts import word_counts
from faq.models import FAQ

# Highlight markers: control characters never present in indexed text (the
# indexer strips them), turned into <mark> only after the text is escaped.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 32
COUNT_LIMIT = 250  # "More than 250 results": a count, like the ranking, costs the same for any query
RANK_WINDOW_MARGIN = 50  # rows ranked past the page asked for, in case some are hidden
ORDER = pool.ORDER
# A result's slug, from the FAQ or the article of document `d`: all a result's URL needs.
SLUG_SQL = "COALESCE(f.slug, a.slug)"
SLUG_JOINS = (
    f"LEFT JOIN {FAQ._meta.db_table} f ON f.id = d.faq_id LEFT JOIN {Article._meta.db_table} a ON a.id = d.article_id"
)
# The idf's notional collection size: a constant, so a score never needs a count of the whole index.
IDF_DOCUMENTS = 1000


def _visible_sql(alias, kinds):
    """SQL (and params) true when the document `alias` is a published FAQ or article (of `kinds`).

    Built from the SQL spelling of the one visibility rule (`published_sql()` beside each model's `published()`),
    at this moment, so the rule is never written twice.
    """
    now = timezone.now()
    parts, params = [], []
    for kind in kinds:
        column, model = _DOCUMENT_OWNERS[kind]
        row = f"{alias}_{kind}"
        condition, sub_params = model.objects.published_sql(row, now)
        parts.append(
            f"({alias}.{column} IS NOT NULL AND EXISTS (SELECT 1 FROM {model._meta.db_table} {row} "
            f"WHERE {row}.id = {alias}.{column} AND {condition}))"
        )
        params.extend(sub_params)
    return "(" + " OR ".join(parts) + ")", params


_DOCUMENT_OWNERS = {"faq": ("faq_id", FAQ), "article": ("article_id", Article)}


def kinds_sql(alias, kinds):
    if set(kinds) >= {"faq", "article"}:
        return "1 = 1"
    return f"{alias}.faq_id IS NOT NULL" if "faq" in kinds else f"{alias}.article_id IS NOT NULL"


def group_idfs(groups):
    """{group: idf} from our own word counts, the same on both engines.

    A phrase is as rare as its rarest counted word (stop words, short words
    and numbers are not counted), a group as common as its commonest phrase.
    """
    phrase_words = {group: [[w for w in phrase if w not in STOP_WORDS] for phrase in group.phrases] for group in groups}
    terms = {word for phrases in phrase_words.values() for phrase in phrases for word in phrase}
    documents = word_counts.documents(terms)
    idfs = {}
    for group, phrases in phrase_words.items():
        frequency = max(
            (min((documents[word] for word in phrase if documents[word] is not None), default=0) for phrase in phrases),
            default=0,
        )
        idfs[group] = math.log(1 + IDF_DOCUMENTS / (frequency + 0.5))
    return idfs


def phrase_patterns(group):
    """The substrings the field test looks for: " " and each phrase, its last word stemmed, none found inside another.

    A pattern that starts with another (" painful" after " pain") can only match where the shorter one does, so
    leaving it out changes no result; synonyms' inflections ("hurt", "hurts", "hurting") share one pattern.
    """
    kept = []
    for pattern in sorted({f" {' '.join([*phrase[:-1], stem(phrase[-1])])}" for phrase in group.phrases}):
        if not any(pattern.startswith(shorter) for shorter in kept):  # sorted: it comes after all it starts with
            kept.append(pattern)
    return kept


class Backend:
    """What both engines share; subclasses say how to match, find a field's matches and highlight."""

    def visible(self, plan):
        """The visibility condition for the plan's kinds, compiled once per backend instance (once per search)."""
        compiled = self.__dict__.setdefault("_visible", {})
        if plan.kinds not in compiled:
            compiled[plan.kinds] = _visible_sql("d", plan.kinds)
        return compiled[plan.kinds]

    def matches(self, plan):
        """(SQL, params): `FROM … WHERE …` of every matching document `d` of the plan's kinds, visible or not."""
        raise NotImplementedError

    def group_match_sql(self, group):
        """(SQL, params): 1 when document `d` matches this one group of the plan, else 0."""
        raise NotImplementedError

    def field_match_sql(self, group, field, prepared=None):
        """(SQL, params): true when a word of this field of document `d` starts with one of the group's phrases.

        A plain substring test (" " and the phrase, its last word stemmed) on our own stored text, ASCII letters
        folded, not the engine's stemmer, so the score is the same on both engines even where their stemmers differ.
        `prepared`: a column already holding `prepared_text_sql(field)`, lowered once rather than per phrase.
        """
        text = prepared or self.prepared_text_sql(field)
        patterns = phrase_patterns(group)
        return "(" + " OR ".join([self.contains_sql(text)] * len(patterns)) + ")", patterns

    @staticmethod
    def contains_sql(text):
        """SQL true when `text` (lowered) holds the parameter, a space and a phrase, somewhere."""
        raise NotImplementedError

    def idfs(self, plan):
        """{group: idf} of the plan's groups, looked up once per backend instance (once per search)."""
        idfs = self.__dict__.setdefault("_idfs", {})
        missing = [group for group in plan.groups if group not in idfs]
        if missing:
            idfs.update(group_idfs(missing))
        return idfs

    def score_sql(self, plan, flagged=False):
        """(SQL, params): the document's score, the same arithmetic on both engines.

        The idfs are parameters, so a statement's text depends only on the query's shape and PostgreSQL can keep
        one plan for it.

        `flagged`: document `d` carries each field's match (`g<group>_<field>`) and length (`length_<field>`)
        as columns, computed once (`pool.py`), instead of the score testing the text itself.
        """
        idfs = self.idfs(plan)
        terms, params = [], []
        for number, group in enumerate(plan.groups):
            for field, weight, average, damping in FIELDS:
                if flagged:
                    sql, field_params, length = f"d.g{number}_{field}", [], f"d.length_{field}"
                else:
                    (sql, field_params), length = self.field_match_sql(group, field), f"length(d.{field})"
                terms.append(
                    f"CASE WHEN {sql} THEN CAST(%s AS DOUBLE PRECISION)"
                    f" / ({double(1 - damping)} + {double(damping / average)} * {length}) ELSE 0.0 END"
                )
                params.extend([*field_params, float(idfs[group] * weight)])
        return "(" + " + ".join(terms) + ")", params

    def own_group_match_sql(self, group):
        """(SQL, params): true when a field of document `d` matches the group, by the score's own field test."""
        parts, params = [], []
        for field, *_weights in FIELDS:
            sql, field_params = self.field_match_sql(group, field)
            parts.append(sql)
            params.extend(field_params)
        return "(" + " OR ".join(parts) + ")", params

    def own_match_sql(self, plan):
        """(SQL, params): true when document `d` matches the plan (all or any of its groups) by that same test."""
        parts, params = [], []
        for group in plan.groups:
            sql, group_params = self.own_group_match_sql(group)
            parts.append(sql)
            params.extend(group_params)
        return "(" + (" AND " if plan.match_all else " OR ").join(parts) + ")", params

    def prepared_text_sql(self, field):
        """The field of document `d` as the phrase patterns test it: a space, then the text in lower case."""
        return f"' ' || {self.lowered(f'd.{field}')}"

    @staticmethod
    def lowered(column):
        """The column as `contains_sql` compares it: ASCII letters folded to lower case, no other letter."""
        raise NotImplementedError

    def kinds_condition(self, plan):
        return kinds_sql("d", plan.kinds)

    def ranking_sql(self, plan):
        """(SQL, params) of the columns `matched, score`.

        When any group may match, documents matching more of the query's
        concepts come first (coordination), then the score decides.
        """
        score, score_params = self.score_sql(plan)
        if plan.match_all or len(plan.groups) < 2:
            return f"0 AS matched, {score} AS score", score_params
        parts, params = [], []
        for group in plan.groups:
            sql, group_params = self.group_match_sql(group)
            parts.append(sql)
            params.extend(group_params)
        return f"({' + '.join(parts)}) AS matched, {score} AS score", [*params, *score_params]

    def fetch(self, sql, params, planned_for_values=False):
        """The statement's rows. `planned_for_values`: its best plan depends on the parameters' values (a walk
        that stops early only when the words are common), so the engine must never reuse a plan made without them.
        """
        with connection.cursor() as cursor:
            self.prepare(cursor)
            cursor.execute(sql, params)
            return cursor.fetchall()

    def prepare(self, cursor):
        """Per-connection settings the engine needs; none by default."""

    def count(self, plan, limit=None):
        """Visible matches, counted up to `limit` (by default one past COUNT_LIMIT, to tell "more than")."""
        limit = COUNT_LIMIT + 1 if limit is None else limit
        matches, params = self.matches(plan)
        visible, visible_params = self.visible(plan)
        sql = f"SELECT count(*) FROM (SELECT 1 {matches} AND {visible} LIMIT {int(limit)}) counted"
        return self.fetch(sql, [*params, *visible_params], planned_for_values=True)[0][0]

    def newest_visible(self, plan, limit=None):
        """Ids of the plan's newest visible matches, up to `limit` (one past COUNT_LIMIT): the count and a pool.

        The engine reads its matches in id order and stops at the limit, however many there are. Read once per
        plan and backend instance (one search): the count, the first page and a later page share it.
        """
        limit = COUNT_LIMIT + 1 if limit is None else limit
        read = self.__dict__.setdefault("_newest", {})
        if (plan, limit) not in read:
            matches, params = self.matches(plan)
            visible, visible_params = self.visible(plan)
            sql = f"SELECT d.id {matches} AND {visible} ORDER BY {self.id_order} LIMIT {int(limit)}"
            read[plan, limit] = [row[0] for row in self.fetch(sql, [*params, *visible_params], planned_for_values=True)]
        return read[plan, limit]

    def top(self, plan, size, page_size=0, newest=None, neighbours=()):
        """(visible matches among the `size` best-ranked, whether those were all the matches, {id: result fields}).

        The result fields (see `result_fields`) are of the first `page_size`
        visible matches, and of any of the `neighbours` by meaning among them
        (fusion may lift one onto the first page), where the engine can give them in the same statement.
        A plan of no more matches than the count shows ranks them all; one of more ranks a pool (`pool.py`).
        """
        newest = self.newest_visible(plan) if newest is None else newest
        pooled = len(newest) > COUNT_LIMIT
        self.__dict__.setdefault("_pooled", {})[plan] = pooled
        if pooled:
            return pool.top(self, plan, size, newest, page_size, neighbours)
        return self.exact_top(plan, size, page_size, neighbours)

    def exact_top(self, plan, size, page_size=0, neighbours=()):
        """`top` by ranking every match."""
        matches, params = self.matches(plan)
        ranking, ranking_params = self.ranking_sql(plan)
        ranked = f"SELECT d.id, d.faq_id, d.article_id, {ranking} {matches} ORDER BY {ORDER} LIMIT {int(size)}"
        shown, rows, fields = self.checked_window(ranked, [*ranking_params, *params], plan, page_size, neighbours)
        return shown, rows < size, fields

    def checked_window(self, ranked, params, plan, page_size=0, neighbours=()):
        """(visible rows, rows ranked, {id: result fields}) of the ranked rows `ranked` (id, faq_id, article_id,
        matched, score), visibility checked for each row.

        Here no result fields: `SearchResults` asks for them when a page is shown.
        """
        visible, visible_params = self.visible(plan)
        rows = self.fetch(
            f"SELECT id, faq_id, article_id, {visible} FROM ({ranked}) d ORDER BY {ORDER}",
            [*visible_params, *params],
        )
        return [tuple(row[:3]) for row in rows if row[3]], len(rows), {}

    def ranked(self, plan, *, offset, limit):
        """[(document id, faq id, article id)] of the visible matches at [offset, offset + limit), best first."""
        shown, complete, _fields = self.top(plan, offset + limit + RANK_WINDOW_MARGIN)
        if not complete and len(shown) < offset + limit and self.pooled(plan):
            shown = pool.ranked(self, plan, offset + limit)
        elif not complete and len(shown) < offset + limit:
            matches, params = self.matches(plan)
            ranking, ranking_params = self.ranking_sql(plan)
            visible, visible_params = self.visible(plan)
            shown = self.fetch(
                f"SELECT id, faq_id, article_id FROM (SELECT d.id, d.faq_id, d.article_id, {ranking}"
                f" {matches} AND {visible}) d ORDER BY {ORDER}"
                f" LIMIT {int(offset + limit)}",
                [*ranking_params, *params, *visible_params],
            )
        return [tuple(row) for row in shown[offset : offset + limit]]

    def pooled(self, plan):
        """Whether the plan's last ranking was of a pool (so matching is the score's own field test)."""
        return self.__dict__.get("_pooled", {}).get(plan, False)

    def match_test(self, plan):
        """(SQL, params): true when document `d` matches the plan, by the test its last ranking used."""
        return self.own_match_sql(plan) if self.pooled(plan) else self.plan_match_sql(plan)

    def plan_match_sql(self, plan):
        """(SQL, params): true when the engine finds document `d` among the plan's matches."""
        raise NotImplementedError

    def probe(self, plan, page_size, neighbours=()):
        """(count, top) with `top` as `top()` gives it; the count is of the newest visible matches, capped."""
        newest = self.newest_visible(plan)
        return len(newest), self.top(plan, page_size + RANK_WINDOW_MARGIN, page_size, newest, neighbours)

    def settle(self):
        """After a rebuild has committed, anything the engine needs to search at full speed at once; none here."""

    def result_fields(self, plan, document_ids):
        """{document id: (slug, title, snippet)}: what a result shows, matches between MARK_START and MARK_END.

        The slug comes with the highlights so that showing a page never loads
        the FAQs and articles themselves (the ORM's query would cost more than the search).
        """
        raise NotImplementedError


def pick_snippet_sql(summary, body):
    """SQL of the body's snippet (its start when the match is elsewhere); the summary's only when there is no body.

    COALESCE stops at the body's snippet, so the summary's is made only when needed.
    """
    return f"COALESCE(NULLIF({body}, ''), {summary})"
