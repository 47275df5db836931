"""The article page, rendered when what it shows is written and stored on the article.

Like each Markdown field's HTML, the article page is rendered when the article or something it shows is written,
and stored on the article (`page_html`), so a page view neither queries nor renders it: the article's own fields,
its outline, sections, FAQs and sources, its author and medical reviewer, its topics and images, the page's head and
JSON-LD, and the site's header and footer around them. Four *holes* are left in it, for what depends on the moment
or the visitor and is filled on each view (`fill()`): the robots tag and banner of a staff preview, the previous and
next article of its topic, and the "More to Explore" sidebar, which change whenever another article goes live.

What is written, and how the page notices:
- the article: `Article.save()`, and QuerySet `update()` / `bulk_update()` / `bulk_create()`;
- its parts (sections, FAQs, sources): their saves and deletes (`ArticlePart`) and QuerySet bulk writes
  (`ArticlePartQuerySet`);
- its author, reviewer and topics: their saves and deletes (signals, `connect_signals()`), their QuerySet updates
  (`ShownOnArticlesQuerySet`), and its topic links from either side (`m2m_changed`).
Code that writes many of these at once (an import, an admin save with inlines) wraps it in `rendered_once()`, so
each article is rendered once, at the end.

Each stored page carries the fingerprint of what rendered it (`page_format`): the templates, the code of the template
tags and JSON-LD, the settings they read and the static files' manifest. A page made by other code (a deploy before
`migrate` re-rendered them all, or `collectstatic` after it) is rendered afresh on its next view and stored again.
"""

import hashlib
import inspect
import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import related
from articles.templatetags import outline
from backpain import context_processors, renditions, structured_data
from backpain.once import DoneOnce
from backpain.pagecache import ContentQuerySet
from backpain.templatetags import images, seo

PAGE_TEMPLATE = "articles/article_detail.html"
HOLES = ("robots", "banner", "pager", "sidebar")
# An HTML comment: nothing a visitor or an author writes can produce one (text is escaped, Markdown is sanitized).
_HOLE_MARK = "<!--backpain-hole:{}-->"
_HOLE = re.compile(r"<!--backpain-hole:(\w+)-->")
# The settings a stored page reads (its addresses, name, dates and language).
_SETTINGS = ("SITE_NAME", "SITE_URL", "TIME_ZONE", "USE_TZ", "LANGUAGE_CODE", "STATIC_URL", "MEDIA_URL")


def current_format():
    """A fingerprint of what renders pages: the code (templates, tags, JSON-LD), settings and static manifest."""
    settings_read = repr([getattr(settings, name) for name in _SETTINGS])
    manifest = getattr(staticfiles_storage, "manifest_hash", "")
    return hashlib.sha256(f"{_code_fingerprint()}|{settings_read}|{manifest}".encode()).hexdigest()[:32]


@cache
def _code_fingerprint():
    digest = hashlib.sha256(django.get_version().encode())
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(path.read_bytes())
    for code in (outline, images, seo, structured_data, renditions, _render_context):
        digest.update(inspect.getsource(code).encode())
    return digest.hexdigest()


def static_files_ready():
    """False while the hashed static files (production) have no manifest yet: pages cannot name them."""
    return getattr(staticfiles_storage, "hashed_files", True) != {}


def render(article, sections):
    """(HTML with its holes open, data) of the page of a saved `article` with these sections (flat, in order).

    The data is what a view needs to fill the holes: the topic the page is filed under (pk, name, slug), or None.
    """
    context = _render_context(article, sections)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(PAGE_TEMPLATE, context)
    topic = context["main_topic"]
    return html, {"main_topic": {"pk": topic.pk, "name": topic.name, "slug": topic.slug} if topic else None}


def _render_context(article, sections):
    """Everything the page shows, read from the article and the rows it owns or names; no request."""
    from articles.models import build_outline
    from articles.navigation import breadcrumbs

    faqs = list(article.faqs.order_by("position", "pk"))
    resources = list(article.resources.all())
    topics = list(article.topics.all())
    main_topic = next(iter(topics), None)
    trail = breadcrumbs(article, main_topic)
    return {
        **context_processors.site(None),
        "article": article,
        "sections": build_outline(sections),
        "faqs": faqs,
        "resources": resources,
        "topics": topics,
        "main_topic": main_topic,
        "breadcrumbs": trail,
        "structured_data": structured_data.article_graphs(article, topics, faqs, resources, trail),
        "canonical_path": article.get_absolute_url(),
        "holes": {name: mark_safe(_HOLE_MARK.format(name)) for name in HOLES},  # noqa: S308 (our own constant)
    }


def page_of(article):
    """(HTML with holes, data) of the article's page: the stored one, or rendered now if other code stored it.

    A page rendered now is stored too, unless someone stored another meanwhile: each is rendered once per deploy.
    """
    if article.page_format == current_format():
        return article.page_html, article.page_data
    from articles.models import Article

    if article.get_deferred_fields():  # read for a page view: rendering needs every field
        article = Article.objects.select_related("author", "reviewed_by").get(pk=article.pk)
    html, data = render(article, list(article.sections.all()))
    unchanged = Article.objects.filter(pk=article.pk, page_format=article.page_format)
    # Not `Article.objects.update()`: storing a page changes no content, so no cached page is retired.
    models.QuerySet.update(unchanged, page_html=html, page_data=data, page_format=current_format())
    return html, data


def fill(page_html, holes):
    """The stored page with each hole replaced by `holes[name]` (HTML, empty for none)."""
    pieces = _HOLE.split(page_html)
    pieces[1::2] = [holes.get(name, "") for name in pieces[1::2]]
    return "".join(pieces)


@contextmanager
def rendered_once():
    """Within this block, an article whose parts change is rendered again once, on leaving it without an error.

    Sidebar rankings are stored once too, at its end (`related.ranked_once()`).
    """
    with _RENDERING.block(), related.ranked_once():
        yield


def deferred(article_id):
    """True, and noted, when a `rendered_once()` block will render this article at its end."""
    return _RENDERING.note({article_id})


def refresh_outdated_pages(**kwargs):
    """After `migrate` (each deploy): render again the pages that older code made."""
    from articles.models import Article

    if not static_files_ready():
        return  # before the first `collectstatic`: each page is rendered on its first view instead
    for article in Article.objects.exclude(page_format=current_format()).iterator(chunk_size=200):
        article.refresh_page()


class ArticlePartQuerySet(ContentQuerySet):
    """For the parts of an article: bulk writes, which call no `save()`, render the pages of the articles they touch."""

    def update(self, **kwargs):
        articles = self._article_ids()
        rows = super().update(**kwargs)
        if "article" in kwargs or "article_id" in kwargs:  # moved to another article: that one shows them now
            moved_to = kwargs.get("article_id", kwargs.get("article"))
            articles.add(getattr(moved_to, "pk", moved_to))
        refresh_articles(articles)
        return rows

    def delete(self):
        articles = self._article_ids()
        result = super().delete()
        refresh_articles(articles)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        refresh_articles({obj.article_id for obj in objs})
        return objs

    def bulk_update(self, objs, *args, **kwargs):
        articles = self.filter(pk__in=[obj.pk for obj in objs])._article_ids()
        rows = super().bulk_update(objs, *args, **kwargs)
        refresh_articles(articles | {obj.article_id for obj in objs})
        return rows

    def _article_ids(self):
        return set(self.exclude(article=None).values_list("article_id", flat=True).distinct())


def refresh_articles(article_ids):
    """Render the pages of these articles again (None among the ids is ignored)."""
    from articles.models import Article

    for article in Article.objects.filter(pk__in={pk for pk in article_ids if pk is not None}):
        article.refresh_page()


_RENDERING = DoneOnce(refresh_articles)


def articles_showing(model, pks):
    """The ids of the articles whose pages show these rows of `model` (authors, topics)."""
    from articles.models import Article

    where = models.Q()
    for lookup in model.shown_on_article_pages_as:
        where |= models.Q(**{f"{lookup}__in": pks})
    return set(Article.objects.filter(where).values_list("pk", flat=True).distinct())


class ShownOnArticlesQuerySet(ContentQuerySet):
    """For rows that article pages name (authors, topics): QuerySet updates, which call no `save()`, render them."""

    def update(self, **kwargs):
        articles = articles_showing(self.model, self.values("pk"))
        rows = super().update(**kwargs)
        refresh_articles(articles)
        return rows

    def bulk_update(self, objs, *args, **kwargs):
        rows = super().bulk_update(objs, *args, **kwargs)
        refresh_articles(articles_showing(self.model, [obj.pk for obj in objs]))
        return rows


def connect_signals():
    """Saves and deletes of authors and topics, and topic links from either side, render the pages showing them."""
    from articles.models import Article, Author, Topic

    for model in (Author, Topic):
        label = model._meta.label
        post_save.connect(_shown_row_saved, sender=model, dispatch_uid=f"stored-page-save-{label}")
        pre_delete.connect(_shown_row_deleting, sender=model, dispatch_uid=f"stored-page-deleting-{label}")
        post_delete.connect(_shown_row_deleted, sender=model, dispatch_uid=f"stored-page-deleted-{label}")
    m2m_changed.connect(_topic_links_changed, sender=Article.topics.through, dispatch_uid="stored-page-topics")


def _shown_row_saved(sender, instance, created, **kwargs):
    if not created:  # a new author or topic is on no page yet
        refresh_articles(articles_showing(sender, [instance.pk]))


def _shown_row_deleting(sender, instance, **kwargs):
    instance._shown_on_articles = articles_showing(sender, [instance.pk])


def _shown_row_deleted(sender, instance, **kwargs):
    refresh_articles(getattr(instance, "_shown_on_articles", ()))  # after its links are gone (or set to null)


def _topic_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """`article.topics` changes render that article; `topic.articles` changes render the articles named."""
    if reverse and action == "pre_clear":
        instance._cleared_articles = set(instance.articles.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh_articles(pk_set if reverse else {instance.pk})
    elif action == "post_clear":
        refresh_articles(getattr(instance, "_cleared_articles", set()) if reverse else {instance.pk})


class ArticlePart(models.Model):
    """A row of an article's body (a section, a source, an FAQ): saving or deleting it renders the page again.

    A part moved to another article (its `article` changed) renders the one it left too. Parts whose `article` may
    be empty (site-wide FAQs) render nothing while it is.
    """

    objects = ArticlePartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        left = self._stored_article()
        super().save(*args, **kwargs)
        self._stored_article_id = self.article_id
        if self.article_id is not None:
            self.article.refresh_page()
        if left is not None and left != self.article_id:
            refresh_articles({left})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        if self.article_id is not None:
            self.article.refresh_page()
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        part = super().from_db(db, field_names, values)
        part._stored_article_id = part.__dict__.get("article_id", _UNKNOWN)
        return part

    def _stored_article(self):
        """The article this row belongs to in the database, before this save (None for a new row)."""
        if self.pk is None:
            return None
        stored = getattr(self, "_stored_article_id", _UNKNOWN)
        if stored is _UNKNOWN:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("article_id", flat=True).first()
        return stored


_UNKNOWN = object()
