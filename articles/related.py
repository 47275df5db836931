"""Deriver: the "More to Explore" sidebar's ranking, stored when what it ranks by is written.

The sidebar lists the editor's picks, in their order, then the articles sharing most topics with the article, ties
broken by the likeness of title and summary, then recency, then pk; when that is not enough, the newest articles.
Ranking reads every article of the article's topics, so it is worked out when the batch's writes change it
(`articles/effects.py` says which) and stored as `RelatedCandidate` rows (article, rank, candidate): the first
`STORED_CANDIDATES` of the picks, whatever their state, then the published articles, scheduled ones included. A page
view reads the first few of them that are public at that moment, by an index: an article going live at its time,
with no write, takes its place at once.

When fewer than a full sidebar of the stored candidates are public, the view ranks afresh (`ranked_now()`, the same
ranking) and tops up with the newest, so the stored rows only ever spare work and never change what is shown.
"""

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

from django.utils import timezone

from articles import reads
from articles.models import Article, ArticleLink, RelatedCandidate, RelatedPick

MORE_TO_EXPLORE_SIZE = 4
# How many of the best picks and articles are stored per article: a few sidebars' worth, so scheduled ones among
# them seldom leave too few to show.
STORED_CANDIDATES = 12
# How many of the newest articles the top-up of a sidebar chooses from, by likeness.
NEWEST_CANDIDATES = 50


def more_to_explore(article):
    """The sidebar of `article` at this moment: up to `MORE_TO_EXPLORE_SIZE` `ArticleLink`s, most relevant first."""
    now = timezone.now()
    rows = reads.stored_candidates(now, article.pk, STORED_CANDIDATES, MORE_TO_EXPLORE_SIZE)
    if len(rows) < MORE_TO_EXPLORE_SIZE:
        return ranked_now(article, now)
    return [ArticleLink(*row) for row in rows]


def ranked_now(article, now):
    """The sidebar worked out from the articles public at `now`, topped up with the newest ones."""
    order, cards = rankings({article.pk}, now=now)
    links = [ArticleLink(*cards[pk]) for pk in order.get(article.pk, [])[:MORE_TO_EXPLORE_SIZE]]
    if len(links) < MORE_TO_EXPLORE_SIZE:
        listed, own_words = {link.pk for link in links}, _keywords(f"{article.title} {article.summary}")
        newest = [row for row in reads.newest(now, article.pk, NEWEST_CANDIDATES) if row[0] not in listed]
        newest.sort(key=lambda row: -_likeness(own_words, _keywords(f"{row[1]} {row[3]}")))  # stable: then newest
        links += [ArticleLink(*row) for row in newest[: MORE_TO_EXPLORE_SIZE - len(links)]]
    return links


class Rankings:
    """Deriver: rank again the articles whose ranking the batch's writes may change; store what changed."""

    name = "sidebar ranking"

    def derive(self, changes):
        if changes["rankings"]:
            store_rankings(changes["rankings"])

    def rebuild(self, check):
        return store_rankings(set(Article.objects.values_list("pk", flat=True)), fix=not check)


rankings_deriver = Rankings()


def rank_all(**kwargs):
    """Rank every article again (after `migrate`: a deploy may rank differently); stores only what changed."""
    rankings_deriver.rebuild(check=False)


def store_rankings(ids, fix=True):
    """Write the rankings of these articles where they differ from the stored ones; returns the differences."""
    ids = sorted(ids)
    differences = []
    for start in range(0, len(ids), _BATCH):
        differences += _store_batch(set(ids[start : start + _BATCH]), fix)
    return differences


_BATCH = 500


def _store_batch(ids, fix):
    order, _ = rankings(ids)
    stored = defaultdict(list)
    rows = RelatedCandidate.objects.filter(article__in=ids).order_by("article", "rank")
    for article, candidate in rows.values_list("article_id", "candidate_id"):
        stored[article].append(candidate)
    changed = [pk for pk in sorted(ids) if order.get(pk, []) != stored.get(pk, [])]
    if changed and fix:
        RelatedCandidate.objects.filter(article__in=changed).delete()
        RelatedCandidate.objects.bulk_create(
            [
                RelatedCandidate(article_id=pk, rank=rank, candidate_id=candidate)
                for pk in changed
                for rank, candidate in enumerate(order.get(pk, []))
            ],
            batch_size=1000,
        )
    return [("sidebar ranking", f"article {pk}", "candidates differ") for pk in changed]


def rankings(ids, now=None):
    """({article: [candidate pks, best first]}, {pk: (pk, title, slug, summary)}) for the articles `ids`.

    With `now`, only the articles public at `now`, all of them; without, the first `STORED_CANDIDATES` of the picks
    whatever their state, then the published articles, scheduled ones included (what is stored).
    """

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
