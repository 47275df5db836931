"""The article's own content (outline, introduction, sections, conclusion, FAQs, sources), rendered when it changes.

Like each Markdown field's HTML, the body of an article page is rendered when the article or one of its parts is
written, and stored on the article (`body_html`, with the FAQ and citation data of its JSON-LD in `body_data`), so a
page view runs no query for sections, FAQs or resources and no template for them. Parts notice their own writes:
saves and deletes of one object (`Section`, `Resource`, `FAQ` call `Article.parts_changed()`) and QuerySet bulk
writes alike (`ArticlePartQuerySet`). Code that writes many parts at once (an import, an admin save with inlines)
wraps it in `rendered_once()`, so each article is rendered once, at the end.

Each stored body carries the fingerprint of the code that rendered it (`body_format`). A page whose stored body was
made by other code (before `migrate` after a deploy re-rendered them all) renders it afresh instead, so a template
change never shows an old body.
"""

import hashlib
import inspect
import threading
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.db import models
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from articles.templatetags import outline
from backpain import structured_data
from backpain.pagecache import ContentQuerySet

BODY_TEMPLATE = "articles/article_body.html"


@cache
def current_format():
    """A fingerprint of the code that renders bodies: its template, the outline tags and the JSON-LD data."""
    source = get_template(BODY_TEMPLATE).template.source + inspect.getsource(outline) + inspect.getsource(_data)
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def render(article, sections):
    """The body HTML and JSON-LD data of `article` (saved or not) with these sections (a flat, ordered list)."""
    from articles.models import build_outline

    faqs = list(article.faqs.order_by("position", "pk")) if article.pk else []
    resources = list(article.resources.all()) if article.pk else []
    context = {"article": article, "sections": build_outline(sections), "faqs": faqs, "resources": resources}
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(BODY_TEMPLATE, context)
    return html, _data(faqs, resources)


def _data(faqs, resources):
    """What the page's JSON-LD takes from the parts: questions with plain answers, and citations."""
    return {
        "faqs": [structured_data.question(faq) for faq in faqs],
        "citations": [structured_data.source(resource) for resource in resources],
    }


def body_of(article):
    """(HTML, data) of the article's body: the stored one, or a fresh render if older code made it."""
    if article.body_format == current_format():
        return mark_safe(article.body_html), article.body_data  # noqa: S308 (rendered by our template, escaped)
    html, data = render(article, list(article.sections.all()))
    return mark_safe(html), data  # noqa: S308 (as above)


_deferred = threading.local()


@contextmanager
def rendered_once():
    """Within this block, an article whose parts change is rendered again once, on leaving it without an error."""
    if getattr(_deferred, "articles", None) is not None:
        yield  # nested: the outermost block renders
        return
    _deferred.articles = set()
    try:
        yield
        articles = _deferred.articles
    finally:
        _deferred.articles = None
    refresh_articles(articles)


def deferred(article_id):
    """True, and noted, when a `rendered_once()` block will render this article at its end."""
    articles = getattr(_deferred, "articles", None)
    if articles is None:
        return False
    articles.add(article_id)
    return True


def refresh_outdated_bodies(**kwargs):
    """After `migrate` (each deploy): re-render the bodies that older code made."""
    from articles.models import Article

    for article in Article.objects.exclude(body_format=current_format()).iterator(chunk_size=200):
        article.parts_changed()


class ArticlePartQuerySet(ContentQuerySet):
    """For the parts of an article: bulk writes, which call no `save()`, re-render the articles they touch."""

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
    """Render the bodies of these articles again (None among the ids is ignored)."""
    from articles.models import Article

    for article in Article.objects.filter(pk__in={pk for pk in article_ids if pk is not None}):
        article.parts_changed()


class ArticlePart(models.Model):
    """A row of an article's body (a section, a source, an FAQ): saving or deleting it renders the body again.

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
            self.article.parts_changed()
        if left is not None and left != self.article_id:
            refresh_articles({left})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        if self.article_id is not None:
            self.article.parts_changed()
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
