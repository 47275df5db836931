"""The article page's small per-view reads, in plain SQL through `connection.cursor()`.

Each view of an article runs these; building them with the ORM costs ten times what the database spends answering
(BENCHMARKS.md). Visibility comes from `ArticleQuerySet.published_sql()`, the SQL spelling kept beside
`published()`; `tests/articles/test_reads.py` proves each read returns what its ORM query returns.
"""

from django.db import connection

from articles.models import Article, ArticleQuerySet, RelatedCandidate

_ARTICLES = Article._meta.db_table
_TOPICS = Article.topics.through._meta.db_table
_CANDIDATES = RelatedCandidate._meta.db_table


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def neighbours(now, topic, moment, pk):
    """[(is_next, pk, title, slug)]: the public articles of `topic` just before and after (`moment`, `pk`)."""
    visible, visible_params = ArticleQuerySet.published_sql("a", now)
    moment = connection.ops.adapt_datetimefield_value(moment)
    one = (
        f"SELECT * FROM (SELECT {{flag}}, a.id, a.title, a.slug FROM {_ARTICLES} a "
        f"JOIN {_TOPICS} t ON t.article_id = a.id AND t.topic_id = %s WHERE {visible} AND {{side}} "
        f"ORDER BY a.published_at {{order}}, a.id {{order}} LIMIT 1) AS {{name}}"
    )
    earlier = "a.published_at <= %s AND NOT (a.published_at = %s AND a.id >= %s)"
    later = "a.published_at >= %s AND NOT (a.published_at = %s AND a.id <= %s)"
    sql = (
        one.format(flag="0", side=earlier, order="DESC", name="previous")
        + " UNION ALL "
        + one.format(flag="1", side=later, order="ASC", name="following")
    )
    side_params = [topic, *visible_params, moment, moment, pk]
    return _rows(sql, side_params + side_params)


def stored_candidates(now, article, ranks, limit):
    """(pk, title, slug, summary) of the first `limit` stored candidates of `article` public at `now`, by rank."""
    visible, visible_params = ArticleQuerySet.published_sql("a", now)
    sql = (
        f"SELECT a.id, a.title, a.slug, a.summary FROM {_CANDIDATES} c JOIN {_ARTICLES} a ON a.id = c.candidate_id "
        f"WHERE c.article_id = %s AND c.rank < %s AND {visible} ORDER BY c.rank LIMIT %s"
    )
    return _rows(sql, [article, ranks, *visible_params, limit])


def newest(now, article, limit):
    """(pk, title, slug, summary) of the `limit` newest public articles other than `article`."""
    visible, visible_params = ArticleQuerySet.published_sql("a", now)
    sql = (
        f"SELECT a.id, a.title, a.slug, a.summary FROM {_ARTICLES} a WHERE {visible} AND a.id <> %s "
        "ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
    )
    return _rows(sql, [*visible_params, article, limit])
