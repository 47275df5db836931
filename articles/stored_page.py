"""Deriver: the article page, rendered when what it shows is written and stored in `ArticlePage`.

A page view neither queries nor renders what the page shows: the article's own fields, its outline, sections, FAQs
and sources, its author and medical reviewer, its topics and images, the head's tags and JSON-LD, and the site's
header and footer. Four *holes* are filled at each view (`fill()`), because they change when other articles go live
or depend on the visitor: a preview's robots tag and banner, the pager and the "More to Explore" sidebar.

This deriver runs first among those about articles and locks the `ArticlePage` row of every article the batch
derives anything for, in key order, before anything is read: a concurrent writer affecting the same article waits
until this one commits, then reads what it wrote.

Each page carries the fingerprint of what rendered it (`format`): the project's code and templates, the settings
they read and the static files' manifest. A page made by other code is rendered afresh on its next view; `migrate`
renders them all.
"""

import hashlib
import re
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import versions
from articles.models import Article, ArticlePage, build_outline
from articles.navigation import breadcrumbs
from articles.readability import measure
from backpain import context_processors, structured_data
from backpain.markdown import count_words
from backpain.writes import rolled_back

PAGE_TEMPLATE = "articles/article_detail.html"
HOLES = ("robots", "banner", "pager", "sidebar")
# An HTML comment: nothing a visitor or an author writes can produce one (text is escaped, Markdown is sanitized).
_HOLE_MARK = "<!--backpain-hole:{}-->"
_HOLE = re.compile(r"<!--backpain-hole:(\w+)-->")
# The settings a stored page reads (its addresses, name, dates and language).
_SETTINGS = ("SITE_NAME", "SITE_URL", "TIME_ZONE", "USE_TZ", "LANGUAGE_CODE", "STATIC_URL", "MEDIA_URL")
# Every file of these folders of the project may change what a page shows (feedback: the form under it).
_CODE_FOLDERS = ("articles", "backpain", "faq", "feedback", "templates")


def current_format():
    """A fingerprint of what renders pages: the project's code and templates, the settings and static manifest."""
    settings_read = repr([getattr(settings, name) for name in _SETTINGS])
    manifest = getattr(staticfiles_storage, "manifest_hash", "")
    return hashlib.sha256(f"{_code_fingerprint()}|{settings_read}|{manifest}".encode()).hexdigest()[:32]


@cache
def _code_fingerprint():
    digest = hashlib.sha256(django.get_version().encode())
    root = Path(settings.BASE_DIR)
    for folder in _CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def static_files_ready():
    """False while the hashed static files (production) have no manifest yet: pages cannot name them."""
    return getattr(staticfiles_storage, "hashed_files", True) != {}


def render(article, sections):
    """(HTML with its holes open, data) of the page of a saved `article` with these sections (flat, in order)."""
    context = _render_context(article, sections)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(PAGE_TEMPLATE, context)
    topic = context["main_topic"]
    return html, {"main_topic": {"pk": topic.pk, "name": topic.name, "slug": topic.slug} if topic else None}


def _render_context(article, sections):
    """Everything the page shows, read from the article and the rows it owns or names; no request."""
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


def derived_page(article, with_html=None):
    """The `ArticlePage` this article's rows derive now (unsaved): word counts, readability and page.

    Before the first `collectstatic` (production) the page cannot name its static files: it is left empty, to be
    rendered on its first view.
    """
    sections = list(article.sections.all())
    page = ArticlePage(article=article)
    page.word_count = count_words(article.intro_html) + count_words(article.conclusion_html)
    page.word_count += sum(section.word_count for section in sections)
    readability = measure(
        article.intro_html, *(f"<h2>{s.heading}</h2>{s.body_html}" for s in sections), article.conclusion_html
    )
    page.reading_ease, page.reading_grade, page.reading_smog = (
        readability.reading_ease,
        readability.grade,
        readability.smog,
    )
    article.page = page  # the page shows its reading time
    if static_files_ready() if with_html is None else with_html:
        page.html, page.data = render(article, sections)
        page.format = current_format()
    return page


_STORED = ("html", "data", "format", "word_count", "reading_ease", "reading_grade", "reading_smog")


def lock_articles(article_ids):
    """Lock the derived row of each of these articles (made if missing), in key order."""
    existing = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
    ArticlePage.objects.bulk_create([ArticlePage(article_id=pk) for pk in sorted(existing)], ignore_conflicts=True)
    list(ArticlePage.objects.filter(pk__in=existing).order_by("pk").select_for_update().values_list("pk"))


def store_pages(article_ids, fix=True):
    """Derive the pages of these articles; store them where they differ. Returns the differences found."""
    differences = []
    stored = {page.pk: page for page in ArticlePage.objects.filter(pk__in=article_ids)}
    articles = Article.objects.filter(pk__in=article_ids).select_related("author", "reviewed_by")
    for article in articles.prefetch_related("sections", "topics", "resources").order_by("pk"):
        page, old = derived_page(article), stored.get(article.pk)
        changed = [name for name in _STORED if old is None or getattr(old, name) != getattr(page, name)]
        if changed:
            differences.append(("article page", f"article {article.pk} ({article.slug})", ", ".join(changed)))
            if fix and old is None:
                ArticlePage.objects.bulk_create([page], ignore_conflicts=True)
            elif fix:
                ArticlePage.objects.filter(pk=article.pk).update(**{name: getattr(page, name) for name in _STORED})
    return differences


class ArticlePages:
    """Deriver: lock the articles the batch derives anything for, then render the pages that changed."""

    name = "article page"

    def derive(self, changes):
        touched = changes["pages"] | changes["rankings"] | changes["index_articles"]
        if touched:
            lock_articles(touched)
        if changes["pages"]:
            store_pages(changes["pages"])

    def rebuild(self, check):
        return store_pages(set(Article.objects.values_list("pk", flat=True)), fix=not check)


article_pages = ArticlePages()


def page_of(article):
    """(HTML with holes, data) of the article's page: the stored one, or rendered now if other code stored it.

    A page rendered now is stored too, unless someone stored another meanwhile: each is rendered once per deploy.
    """
    stored = article.stored_page
    if stored is not None and stored.format == current_format():
        return stored.html, stored.data
    article = Article.objects.select_related("author", "reviewed_by").get(pk=article.pk)
    page = derived_page(article, with_html=True)
    if stored is None:
        ArticlePage.objects.bulk_create([page], ignore_conflicts=True)
    else:
        unchanged = ArticlePage.objects.filter(pk=article.pk, format=stored.format)
        unchanged.update(**{name: getattr(page, name) for name in _STORED})
    return page.html, page.data


def page_of_version(article, text):
    """(HTML with holes, data) of the article with this version of its text (a pending one): rendered, never stored.

    The version is written into the rows for the moment of rendering and rolled back, so the staff preview is made
    by exactly what makes the public page.
    """
    with rolled_back():
        versions.apply_text(article, text)
        fresh = Article.objects.select_related("author", "reviewed_by").get(pk=article.pk)
        page = derived_page(fresh, with_html=True)
    return page.html, page.data


def fill(page_html, holes):
    """The stored page with each hole replaced by `holes[name]` (HTML, empty for none)."""
    pieces = _HOLE.split(page_html)
    pieces[1::2] = [holes.get(name, "") for name in pieces[1::2]]
    return "".join(pieces)


def refresh_outdated_pages(**kwargs):
    """After `migrate` (each deploy): render again the pages that other code made."""
    if not static_files_ready():
        return  # before the first `collectstatic`: each page is rendered on its first view instead
    outdated = Article.objects.exclude(page__format=current_format()).values_list("pk", flat=True)
    ids = sorted(outdated)
    for start in range(0, len(ids), 200):
        store_pages(ids[start : start + 200])
