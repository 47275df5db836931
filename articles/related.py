"""The "More to Explore" sidebar: its ranking, stored when what it ranks by is written.

The sidebar lists the editor's picks, in their order, then the articles sharing most topics with the article, ties
broken by the likeness of title and summary, then recency, then pk; when that is not enough, the newest articles.
Ranking reads every article of the article's topics, which was most of an uncached page view's database time, and
its result changes only when an article's title, summary, status, publication date or topics, or the picks change.
So it is worked out on those writes and stored as `RelatedCandidate` rows (article, rank, candidate): the first
`STORED_CANDIDATES` of the picks, whatever their state, then the published articles, scheduled ones included. A page
view reads the first few of them that are public at that moment, by an index: an article going live at its time,
with no write, takes its place at once.

When fewer than a full sidebar of the stored candidates are public (an article with few related ones, or many of
its best still scheduled), the view ranks afresh (`ranked_now()`, the same ranking) and tops up with the newest, so
the stored rows only ever spare work and never change what is shown.

What is written, and how the ranking notices:
- an article's own fields: `Article.save()` (signal) and QuerySet `update()` / `bulk_update()` (`ArticleQuerySet`);
  it and every article sharing a topic with it are ranked again; a deleted article, the articles that listed it.
- topic links, from either side (`m2m_changed`), and a deleted topic (its links go with it);
- the picks: their saves and deletes (signals) and QuerySet bulk writes (`RelatedPickQuerySet`).
Only articles whose ranking changed are written. Code that writes many articles at once wraps it in
`stored_page.rendered_once()`, which ranks once, at its end.
"""

import math
import re
from collections import Counter, defaultdict
from datetime import datetime
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from backpain.compiled import CompiledQuery
from backpain.once import DoneOnce
from backpain.pagecache import ContentQuerySet

MORE_TO_EXPLORE_SIZE = 4
# How many of the best picks and articles are stored per article: a few sidebars' worth, so scheduled ones among
# them seldom leave too few to show.
STORED_CANDIDATES = 12
# How many of the newest articles the top-up of a sidebar chooses from, by likeness.
NEWEST_CANDIDATES = 50
# The fields of an article that its place in other articles' rankings depends on.
RANKED_BY = frozenset({"title", "summary", "status", "published_at"})


def more_to_explore(article):
    """The sidebar of `article` at this moment: up to `MORE_TO_EXPLORE_SIZE` `ArticleLink`s, most relevant first."""
    from articles.models import ArticleLink

    now = timezone.now()
    rows = _STORED.rows(now=now, article=article.pk)
    if len(rows) < MORE_TO_EXPLORE_SIZE:
        return ranked_now(article, now)
    return [ArticleLink(*row) for row in rows]


def ranked_now(article, now):
    """The sidebar worked out from the articles public at `now`, topped up with the newest ones."""
    from articles.models import ArticleLink

    order, cards = rankings({article.pk}, now=now)
    links = [ArticleLink(*cards[pk]) for pk in order.get(article.pk, [])[:MORE_TO_EXPLORE_SIZE]]
    if len(links) < MORE_TO_EXPLORE_SIZE:
        listed, own_words = {link.pk for link in links}, _keywords(f"{article.title} {article.summary}")
        newest = [row for row in _NEWEST.rows(now=now, article=article.pk) if row[0] not in listed]
        newest.sort(key=lambda row: -_likeness(own_words, _keywords(f"{row[1]} {row[3]}")))  # stable: then newest
        links += [ArticleLink(*row) for row in newest[: MORE_TO_EXPLORE_SIZE - len(links)]]
    return links


def rerank(article_ids):
    """Rank these articles again, and store what changed."""
    _rank({pk for pk in article_ids if pk is not None}, with_topic_mates=False)


def rerank_with_topic_mates(article_ids):
    """Rank again these articles and every article sharing a topic with one of them (their fields changed)."""
    _rank({pk for pk in article_ids if pk is not None}, with_topic_mates=True)


def rank_all(**kwargs):
    """Rank every article again (after `migrate`: a deploy may rank differently); stores only what changed."""
    from articles.models import Article

    _store(set(Article.objects.values_list("pk", flat=True)))


def _rank(ids, with_topic_mates):
    if not _RANKING.note((pk, with_topic_mates) for pk in ids) and ids:
        _store(_with_topic_mates(ids) if with_topic_mates else ids)


def _rank_noted(noted):
    ids = {pk for pk, with_topic_mates in noted if not with_topic_mates}
    with_mates = {pk for pk, with_topic_mates in noted if with_topic_mates}
    _store(ids | (_with_topic_mates(with_mates) if with_mates else set()))


_RANKING = DoneOnce(_rank_noted)


def ranked_once():
    """Within this block, articles are only noted for ranking; they are ranked once, on leaving it without an error."""
    return _RANKING.block()


def _with_topic_mates(ids):
    from articles.models import Article

    links = Article.topics.through.objects
    mates = links.filter(topic__in=links.filter(article__in=ids).values("topic")).values_list("article_id", flat=True)
    return ids | set(mates)


def _store(ids):
    """Write the rankings of these articles where they differ from the stored ones, a few hundred at a time."""
    ids = sorted(ids)
    for start in range(0, len(ids), _BATCH):
        batch = set(ids[start : start + _BATCH])
        try:
            with transaction.atomic():
                _store_batch(batch)
        except IntegrityError:
            # Another writer stored one of these rankings since this one read them (PostgreSQL, two editors
            # saving related articles at once): read and rank again, now that its rows are visible.
            with transaction.atomic():
                _store_batch(batch)


_BATCH = 500


def _store_batch(ids):
    from articles.models import RelatedCandidate

    order, _ = rankings(ids)
    stored = defaultdict(list)
    rows = RelatedCandidate.objects.filter(article__in=ids).order_by("article", "rank")
    for article, candidate in rows.values_list("article_id", "candidate_id"):
        stored[article].append(candidate)
    changed = [pk for pk in ids if order.get(pk, []) != stored.get(pk, [])]
    if not changed:
        return
    RelatedCandidate.objects.filter(article__in=changed).delete()
    RelatedCandidate.objects.bulk_create(
        [
            RelatedCandidate(article_id=pk, rank=rank, candidate_id=candidate)
            for pk in changed
            for rank, candidate in enumerate(order.get(pk, []))
        ],
        batch_size=1000,
    )


def rankings(ids, now=None):
    """({article: [candidate pks, best first]}, {pk: (pk, title, slug, summary)}) for the articles `ids`.

    With `now`, only the articles public at `now`, all of them; without, the first `STORED_CANDIDATES` of the picks
    whatever their state, then the published articles, scheduled ones included (what is stored).
    """
    from articles.models import Article, RelatedPick

    def shown(status, published_at):
        return status == Article.Status.PUBLISHED and (
            now is None or (published_at is not None and published_at <= now)
        )

    cards, words, recency = {}, {}, {}
    own_topics, members = defaultdict(set), defaultdict(set)
    links = Article.topics.through.objects
    topic_links = links.filter(topic__in=links.filter(article__in=ids).values("topic"))
    fields = ("article_id", "topic_id", "article__title", "article__slug", "article__summary")
    for pk, topic, title, slug, summary, status, published_at in topic_links.values_list(
        *fields, "article__status", "article__published_at"
    ):
        cards[pk] = (pk, title, slug, summary)
        words[pk] = _keywords(f"{title} {summary}")
        recency[pk] = published_at.timestamp() if published_at else -math.inf
        if pk in ids:
            own_topics[pk].add(topic)
        if shown(status, published_at):
            members[topic].add(pk)

    picks = defaultdict(list)
    picked = RelatedPick.objects.filter(article__in=ids)
    if now is not None:
        picked = picked.filter(Article.objects.published_q("target__", now=now))
    card = ("target_id", "target__title", "target__slug", "target__summary")
    for article, *target in picked.order_by("article", "position", "pk").values_list("article_id", *card):
        picks[article].append(target[0])
        cards[target[0]] = tuple(target)

    order = {}
    for pk in ids:
        shared = Counter(mate for topic in own_topics[pk] for mate in members[topic] if mate != pk)
        own_words = words.get(pk, set())

        def relevance(mate, shared=shared, own_words=own_words):
            return (-shared[mate], -_likeness(own_words, words[mate]), -recency[mate], mate)

        mates = sorted((mate for mate in shared if mate not in picks[pk]), key=relevance)
        ranked = picks[pk] + mates if now is not None else (picks[pk] + mates)[:STORED_CANDIDATES]
        if ranked:
            order[pk] = ranked
    return order, cards


_STOPWORDS = set(
    "a about after all also an and any are as at be because been but by can could do does for from had has have how"
    " i if in into is it its may more most my no not of on or our so than that the their them then there these they"
    " this to up was we what when where which who why will with you your".split()
)


@lru_cache(maxsize=4096)
def _keywords(text):
    """The words of `text` that say what it is about; memoised, as rankings ask for the same texts again."""
    return frozenset(word for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 2 and word not in _STOPWORDS)


def _likeness(words, other_words):
    """Jaccard similarity of two keyword sets."""
    if not words or not other_words:
        return 0.0
    return len(words & other_words) / len(words | other_words)


_CARD = ("pk", "title", "slug", "summary")


def _stored(now, article):
    """The first stored candidates of `article` that are public at `now`, in their rank."""
    from articles.models import Article, RelatedCandidate

    # `rank` is always below the bound; saying so lets PostgreSQL expect few rows and keep one plan for all views.
    candidates = RelatedCandidate.objects.filter(article=article, rank__lt=STORED_CANDIDATES).filter(
        Article.objects.published_q("candidate__", now=now)
    )
    return candidates.order_by("rank").values_list(*(f"candidate__{field}" for field in _CARD))[:MORE_TO_EXPLORE_SIZE]


def _newest(now, article):
    """The newest public articles, the most alike of which top up the sidebar of an article with few related ones."""
    from articles.models import Article

    newest = Article.objects.published(now=now).exclude(pk=article).order_by("-published_at", "-pk")
    return newest.values_list(*_CARD)[:NEWEST_CANDIDATES]


_STORED = CompiledQuery(_stored, now=datetime, article=int)
_NEWEST = CompiledQuery(_newest, now=datetime, article=int)


class RelatedPickQuerySet(ContentQuerySet):
    """Bulk writes of picks, which call no `save()`, rank their articles again."""

    def update(self, **kwargs):
        articles = set(self.values_list("article_id", flat=True))
        rows = super().update(**kwargs)
        moved_to = kwargs.get("article_id", kwargs.get("article"))
        rerank(articles | {getattr(moved_to, "pk", moved_to)})
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        rerank({obj.article_id for obj in objs})
        return objs

    def bulk_update(self, objs, *args, **kwargs):
        articles = set(self.filter(pk__in=[obj.pk for obj in objs]).values_list("article_id", flat=True))
        rows = super().bulk_update(objs, *args, **kwargs)
        rerank(articles | {obj.article_id for obj in objs})
        return rows


def connect_signals():
    """Article saves, topic links from either side, deleted topics and picks rank the articles they touch."""
    from articles.models import Article, RelatedPick, Topic

    post_save.connect(_article_saved, sender=Article, dispatch_uid="related-article-saved")
    pre_delete.connect(_article_deleting, sender=Article, dispatch_uid="related-article-deleting")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="related-article-deleted")
    m2m_changed.connect(_topic_links_changed, sender=Article.topics.through, dispatch_uid="related-topic-links")
    pre_delete.connect(_topic_deleting, sender=Topic, dispatch_uid="related-topic-deleting")
    post_delete.connect(_topic_deleted, sender=Topic, dispatch_uid="related-topic-deleted")
    pre_save.connect(_pick_saving, sender=RelatedPick, dispatch_uid="related-pick-saving")
    post_save.connect(_pick_changed, sender=RelatedPick, dispatch_uid="related-pick-saved")
    post_delete.connect(_pick_changed, sender=RelatedPick, dispatch_uid="related-pick-deleted")


def _article_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return  # no topic links and no picks yet: it is in no ranking, and has none
    if update_fields is not None and not RANKED_BY & set(update_fields):
        return
    rerank_with_topic_mates({instance.pk})


def _article_deleting(sender, instance, **kwargs):
    from articles.models import RelatedCandidate

    listing = RelatedCandidate.objects.filter(candidate=instance).values_list("article_id", flat=True)
    instance._ranked_articles = set(listing) - {instance.pk}


def _article_deleted(sender, instance, **kwargs):
    rerank(getattr(instance, "_ranked_articles", ()))  # the next candidate takes the deleted one's place


def _topic_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """`article.topics` changes rank that article and the articles of those topics; `topic.articles` likewise."""
    from articles.models import Article

    links = Article.topics.through.objects
    if action == "pre_clear":
        if reverse:
            instance._ranked_articles = set(links.filter(topic=instance).values_list("article_id", flat=True))
        else:
            topics = links.filter(article=instance).values("topic")
            instance._ranked_articles = set(links.filter(topic__in=topics).values_list("article_id", flat=True))
    elif action in ("post_add", "post_remove"):
        if reverse:
            rerank(pk_set | set(links.filter(topic=instance).values_list("article_id", flat=True)))
        else:
            rerank({instance.pk} | set(links.filter(topic__in=pk_set).values_list("article_id", flat=True)))
    elif action == "post_clear":
        rerank(getattr(instance, "_ranked_articles", set()) | ({instance.pk} if not reverse else set()))


def _topic_deleting(sender, instance, **kwargs):
    instance._ranked_articles = set(instance.articles.values_list("pk", flat=True))


def _topic_deleted(sender, instance, **kwargs):
    rerank(getattr(instance, "_ranked_articles", ()))  # after its links are gone


def _pick_saving(sender, instance, raw=False, **kwargs):
    """Note the article a pick belonged to, so a pick moved to another article leaves the first one's ranking."""
    if instance.pk is not None and not raw:
        instance._picked_for = sender._base_manager.filter(pk=instance.pk).values_list("article_id", flat=True).first()


def _pick_changed(sender, instance, **kwargs):
    rerank({instance.article_id, getattr(instance, "_picked_for", None)})
