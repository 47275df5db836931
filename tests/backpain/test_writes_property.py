"""Property: whatever sequence of writes, through whatever path, every derived store matches the content after it."""

import io

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Author, RelatedPick, Section, Topic
from backpain.writes import batch
from faq.models import FAQ
from tests.factories import ArticleFactory, AuthorFactory, FAQFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

WORDS = ["sciatica", "posture", "sleep", "lifting", "stretching", "desk", "walking", "spine"]


def small_site():
    topics = [TopicFactory(name=f"Topic {word}") for word in WORDS[:3]]
    author = AuthorFactory()
    articles = [
        ArticleFactory(title=f"About {word}", author=author, topics=topics[: i % 3 + 1])
        for i, word in enumerate(WORDS[:4])
    ]
    for article in articles:
        SectionFactory(article=article, heading=f"On {article.title}")
    FAQFactory(article=articles[0])
    FAQFactory(topics=topics[:1])
    return {"articles": articles, "topics": topics, "author": author}


def pick(items, n):
    """The n-th of these objects still in the database (the deleting writes always leave one)."""
    alive = set(type(items[0]).objects.filter(pk__in=[item.pk for item in items]).values_list("pk", flat=True))
    items = [item for item in items if item.pk in alive]
    return items[n % len(items)]


def more_than_one_left(model, items):
    return model.objects.filter(pk__in=[item.pk for item in items]).count() > 1


# Each write: (site, n, word) -> None, through one path.
def save_title(site, n, word):
    article = Article.objects.get(pk=pick(site["articles"], n).pk)
    article.title = f"{word} {n}"
    article.save()


def update_intro(site, n, word):
    Article.objects.filter(pk=pick(site["articles"], n).pk).update(intro=f"**{word}** now.")


def update_status(site, n, word):
    status = Article.Status.DRAFT if n % 2 else Article.Status.PUBLISHED
    Article.objects.filter(pk=pick(site["articles"], n).pk).update(status=status)


def save_section(site, n, word):
    section = Section.objects.filter(article=pick(site["articles"], n)).first()
    if section:
        section.body = f"A *{word}* body."
        section.save()


def update_sections(site, n, word):
    Section.objects.filter(article=pick(site["articles"], n)).update(body=f"Bulk {word}.", heading=f"Heading {word}")


def bulk_create_section(site, n, word):
    Section.objects.bulk_create([Section(article=pick(site["articles"], n), heading=word, body=f"New {word}.")])


def bulk_update_sections(site, n, word):
    sections = list(Section.objects.all()[:2])
    for section in sections:
        section.body = f"Bulk-updated {word}."
    Section.objects.bulk_update(sections, ["body"])


def move_section(site, n, word):
    Section.objects.filter(article=pick(site["articles"], n)).update(article=pick(site["articles"], n + 1))


def delete_section(site, n, word):
    section = Section.objects.filter(article=pick(site["articles"], n)).first()
    if section:
        section.delete()


def delete_sections_queryset(site, n, word):
    Section.objects.filter(article=pick(site["articles"], n)).delete()


def save_faq(site, n, word):
    faq = FAQ.objects.filter(slug=f"faq-{word}-{n}").first() or FAQ(slug=f"faq-{word}-{n}")
    faq.question, faq.answer, faq.article = f"What about {word} {n}?", word, pick(site["articles"], n)
    faq.save()


def update_faqs(site, n, word):
    FAQ.objects.filter(pk__in=FAQ.objects.values("pk")[:1]).update(question=f"Is {word} ok?")


def delete_faq(site, n, word):
    FAQ.objects.filter(pk__in=FAQ.objects.values("pk")[:1]).delete()


def link_topic(site, n, word):
    pick(site["articles"], n).topics.add(pick(site["topics"], n + 1))


def unlink_from_topic_side(site, n, word):
    pick(site["topics"], n).articles.remove(pick(site["articles"], n))


def clear_topic(site, n, word):
    pick(site["topics"], n).articles.clear()


def set_topics(site, n, word):
    pick(site["articles"], n).topics.set([pick(site["topics"], n)])


def faq_topics(site, n, word):
    for faq in FAQ.objects.all()[:1]:
        faq.topics.set([pick(site["topics"], n)])


def rename_author(site, n, word):
    Author.objects.filter(pk=site["author"].pk).update(name=f"Dr {word}")


def rename_topic(site, n, word):
    topic = Topic.objects.get(pk=pick(site["topics"], n).pk)
    topic.name = f"Topic {word} {n}"
    topic.save()


def delete_topic(site, n, word):
    if more_than_one_left(Topic, site["topics"]):
        Topic.objects.filter(pk=pick(site["topics"], n).pk).delete()


def add_pick(site, n, word):
    article, target = pick(site["articles"], n), pick(site["articles"], n + 1)
    if article.pk != target.pk:
        RelatedPick.objects.get_or_create(article=article, target=target)


def delete_picks(site, n, word):
    RelatedPick.objects.all().delete()


def raw_save_section(site, n, word):
    section = Section.objects.first()
    if section:
        loaded = next(serializers.deserialize("json", serializers.serialize("json", [section])))
        loaded.object.body = f"Restored {word}."
        loaded.save()


def delete_article(site, n, word):
    if more_than_one_left(Article, site["articles"]):
        Article.objects.filter(pk=pick(site["articles"], n).pk).delete()


WRITES = [
    save_title, update_intro, update_status, save_section, update_sections, bulk_create_section,
    bulk_update_sections, move_section, delete_section, delete_sections_queryset, save_faq, update_faqs,
    delete_faq, link_topic, unlink_from_topic_side, clear_topic, set_topics, faq_topics, rename_author,
    rename_topic, delete_topic, add_pick, delete_picks, raw_save_section, delete_article,
]  # fmt: skip

write = st.tuples(st.sampled_from(WRITES), st.integers(0, 7), st.sampled_from(WORDS))
step = st.one_of(
    write.map(lambda w: ("one", [w])),
    st.lists(write, min_size=2, max_size=4).map(lambda ws: ("batch", ws)),
    st.lists(write, min_size=1, max_size=3).map(lambda ws: ("transaction", ws)),
    st.lists(write, min_size=1, max_size=3).map(lambda ws: ("rolled back", ws)),
)


class RolledBack(Exception):
    pass


def run(site, kind, writes):
    def all_writes():
        for function, n, word in writes:
            function(site, n, word)

    if kind == "one":
        all_writes()
    elif kind == "batch":
        with batch():
            all_writes()
    elif kind == "transaction":
        with transaction.atomic():
            all_writes()
    else:
        try:
            with transaction.atomic():
                all_writes()
                raise RolledBack
        except RolledBack:
            pass


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=6))
def test_after_any_writes_every_derived_store_matches_the_content(steps):
    with transaction.atomic():
        site = small_site()
        for kind, writes in steps:
            run(site, kind, writes)
        out = io.StringIO()
        call_command("rebuild_derived", "--check", stdout=out)  # raises, listing each difference, if any
        client = Client()
        for article in Article.objects.published().prefetch_related("sections"):
            html = client.get(article.get_absolute_url()).content.decode()
            assert escape(article.title) in html
            for section in article.sections.all():
                assert section.body_html in html
            found = client.get("/search/", {"q": article.title}).content.decode()
            assert article.get_absolute_url() in found
        for faq in FAQ.objects.published():
            assert escape(faq.question) in client.get(faq.get_absolute_url()).content.decode()
        hidden = Article.objects.exclude(pk__in=Article.objects.published())
        for article in hidden:
            assert client.get(article.get_absolute_url()).status_code == 404
        transaction.set_rollback(True)
