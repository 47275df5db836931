"""What a write to each content model affects: the table `backpain/writes.py` reads.

| written                  | Markdown HTML | article pages        | sidebar rankings                | search index    |
| ------------------------ | ------------- | -------------------- | ------------------------------- | --------------- |
| an article               | its own       | its own              | its own, its topic mates' (*)   | its own         |
| a section                | its own       | its article's        |                                 | its article's   |
| a source (resource)      |               | its article's        |                                 |                 |
| an FAQ (`faq/effects.py`) | its own      | its article's        |                                 | its own         |
| a related pick           |               |                      | its article's                   |                 |
| an author                | its own       | its articles'        |                                 |                 |
| a topic                  | its own       | its articles'        | its articles' (when deleted)    | articles', FAQs'|
| topic links of articles  |               | those articles'      | those, and the topics' members' | those articles' |

(*) when a field others are ranked by changes (`RANKED_BY`). Every write also moves the page-cache generation on.
A part moved to another article affects both articles; a deleted row is looked at before it goes. An author's
articles are those they wrote or reviewed.
"""

from articles.models import Article, Author, RelatedCandidate, RelatedPick, Resource, Section, Topic
from backpain.models import note_stale_markdown
from backpain.writes import track

RANKED_BY = frozenset({"title", "summary", "status", "published_at"})


def track_articles():
    track(Article, article_effects)
    track(Section, section_effects)
    track(Resource, part_effects)
    track(RelatedPick, pick_effects)
    track(Author, author_effects)
    track(Topic, topic_effects)


def article_effects(write, changes):
    if write.kind == "links":
        return topic_links_effects(write, changes)
    pks = write.pks
    if not write.settled:
        return
    if write.kind == "delete":
        listing = RelatedCandidate.objects.filter(candidate__in=pks).values_list("article_id", flat=True)
        changes.add("rankings", set(listing) - pks)
        changes.add("index_articles", pks)
        return
    note_stale_markdown(write, changes)
    changes.add("pages", pks)
    changes.add("index_articles", pks)
    if write.fields is None or write.fields & RANKED_BY:
        changes.add("rankings", pks | topic_mates(pks))


def topic_mates(article_ids):
    """The articles sharing a topic with one of these."""
    links = Article.topics.through.objects
    topics = links.filter(article__in=article_ids).values("topic")
    return set(links.filter(topic__in=topics).values_list("article_id", flat=True))


def topic_links_effects(write, changes):
    """`article.topics` or `topic.articles` changed: those articles, and the members of those topics, are ranked."""
    links = Article.topics.through.objects
    if write.reverse:  # topic.articles.add(…): the instance is the topic
        topics = {write.instance.pk}
        articles = set(write.pk_set) or set(links.filter(topic=write.instance).values_list("article_id", flat=True))
    else:
        articles = {write.instance.pk}
        topics = set(write.pk_set) or set(links.filter(article=write.instance).values_list("topic_id", flat=True))
    members = set(links.filter(topic__in=topics).values_list("article_id", flat=True))
    changes.add("pages", articles)
    changes.add("index_articles", articles)
    changes.add("rankings", articles | members)


def article_ids_of(write):
    """The articles the rows of a part write belong to: as stored before it, or as written after it."""
    rows_as_written = write.instance is not None and (write.when == "after" or write.kind == "delete")
    if rows_as_written:
        return {write.instance.article_id}
    return set(write.model._base_manager.filter(pk__in=write.pks).values_list("article_id", flat=True))


def part_effects(write, changes):
    """A section, source or FAQ: the page of the article it belongs to (before and after a move)."""
    note_stale_markdown(write, changes)
    changes.add("pages", article_ids_of(write))


def section_effects(write, changes):
    articles = article_ids_of(write)
    note_stale_markdown(write, changes)
    changes.add("pages", articles)
    changes.add("index_articles", articles)


def pick_effects(write, changes):
    changes.add("rankings", article_ids_of(write))


def articles_showing(model, pks):
    """The articles whose pages show these authors (as author or reviewer) or topics."""
    if model is Author:
        rows = Article.objects.filter(author__in=pks) | Article.objects.filter(reviewed_by__in=pks)
    else:
        rows = Article.objects.filter(topics__in=pks)
    return set(rows.values_list("pk", flat=True).distinct())


def author_effects(write, changes):
    note_stale_markdown(write, changes)
    if write.settled:
        changes.add("pages", articles_showing(Author, write.pks))


def topic_effects(write, changes):
    note_stale_markdown(write, changes)
    if not write.settled:
        return
    articles = articles_showing(Topic, write.pks)
    changes.add("pages", articles)
    changes.add("index_articles", articles)
    faqs = Topic.objects.filter(pk__in=write.pks, faqs__isnull=False).values_list("faqs", flat=True)
    changes.add("index_faqs", faqs)
    if write.kind == "delete":
        changes.add("rankings", articles)
