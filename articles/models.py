"""Authors, topics and articles with their sections, resources and related picks.

Every content model here is tracked (`backpain/writes.py`): what a write to it affects is in `articles/effects.py`,
and what is derived from it lives in models of its own (`ArticlePage`, `RelatedCandidate`, the search index).
"""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from backpain.dates import add_months
from backpain.markdown import count_words, html_to_text
from backpain.models import RenderedMarkdownModel
from backpain.siteurl import slug_url
from backpain.writes import TrackedModel, TrackedQuerySet, batch

WORDS_PER_MINUTE = 200
SECTION_LEVELS = (2, 3, 4)
DESCRIPTION_LENGTH = 300


class Author(RenderedMarkdownModel, TrackedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    credentials = models.CharField(max_length=200, blank=True, help_text=_("For example “DPT, physical therapist”."))
    bio = MarkdownxField(blank=True)
    bio_html = models.TextField(blank=True, editable=False)
    photo = models.ImageField(upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text=_("The login account of this author, if they write in the admin."),
    )

    rendered_fields = {"bio": "bio_html"}

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)


class Topic(RenderedMarkdownModel, TrackedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = MarkdownxField(blank=True)
    description_html = models.TextField(blank=True, editable=False)

    rendered_fields = {"description": "description_html"}

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:topic", self.slug)


class ArticleQuerySet(TrackedQuerySet):
    @staticmethod
    def published_q(prefix="", now=None):
        """The visibility rule as a Q object, so related models (FAQs) reuse it."""
        moment = timezone.now() if now is None else now
        return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": moment})

    def published(self, now=None):
        """What the public may see: published, and its publication time (by default: now) has come."""
        return self.filter(self.published_q(now=now))

    @staticmethod
    def published_sql(alias, now=None):
        """The same rule as SQL (condition, params) on the article table aliased `alias`, for plain-SQL reads."""
        moment = connection.ops.adapt_datetimefield_value(timezone.now() if now is None else now)
        return f"({alias}.status = %s AND {alias}.published_at <= %s)", [Article.Status.PUBLISHED.value, moment]

    def for_cards(self):
        """What an article card shows, fetched in a constant number of queries."""
        return self.select_related("author").prefetch_related("topics")

    @staticmethod
    def review_cutoff():
        """Articles last reviewed before this date are overdue for medical review."""
        return add_months(timezone.localdate(), -settings.REVIEW_INTERVAL_MONTHS)

    def review_overdue(self):
        """Articles never reviewed or whose last review is older than the review interval."""
        return self.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=self.review_cutoff()))

    def awaiting_signoff(self):
        """Articles with a version waiting for a medical reviewer: a live one's pending edit, or a draft to publish."""
        return self.filter(pending_version__isnull=False)

    def review_due_soon(self, days=30):
        """Articles reviewed in time so far whose next review falls in the next `days` days."""
        horizon = add_months(timezone.localdate() + timedelta(days=days), -settings.REVIEW_INTERVAL_MONTHS)
        return self.filter(last_reviewed__gte=self.review_cutoff(), last_reviewed__lte=horizon)


class Article(RenderedMarkdownModel, TrackedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(
        max_length=500, blank=True, help_text=_("Plain text for cards, feeds and the meta description.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("A future time schedules the article: it goes live then.")
    )
    updated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    reviewed_by = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        verbose_name=_("medical reviewer"),
    )
    last_reviewed = models.DateField(null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    hero_image = models.ImageField(upload_to="articles/", blank=True)
    hero_image_alt = models.CharField(max_length=300, blank=True)
    intro = MarkdownxField(blank=True)
    intro_html = models.TextField(blank=True, editable=False)
    conclusion = MarkdownxField(blank=True)
    conclusion_html = models.TextField(blank=True, editable=False)
    related = models.ManyToManyField("self", through="RelatedPick", symmetrical=False, blank=True, related_name="+")
    live_signoff = models.ForeignKey(
        "MedicalSignOff",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The sign-off of the text the article's rows hold: what readers are told was reviewed."),
    )

    objects = ArticleQuerySet.as_manager()

    rendered_fields = {"intro": "intro_html", "conclusion": "conclusion_html"}

    class Meta:
        ordering = ["-published_at", "-pk"]
        # With `id`, both orders of a topic's pager and the newest-first lists are read from the index, ties too.
        indexes = [models.Index(fields=["status", "published_at", "id"])]
        permissions = [
            ("publish_article", _("Can publish, unpublish and schedule any article")),
            ("review_article", _("Can record the medical review of any article")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:article", self.slug)

    def clean(self):
        if self.hero_image and not self.hero_image_alt:
            raise ValidationError({"hero_image_alt": _("Describe the hero image for readers who cannot see it.")})
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def save(self, *args, touch=True, **kwargs):
        """Save, marking the article updated unless `touch=False` (imports keep their dates).

        A published article whose slug changes leaves a redirect from the old address.
        """
        if touch:
            self.updated_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with batch():
            old_public_slug = self._old_public_slug()
            super().save(*args, **kwargs)
            if old_public_slug and old_public_slug != self.slug:
                ArticleRedirect.objects.update_or_create(old_slug=old_public_slug, defaults={"article": self})
            ArticleRedirect.objects.filter(old_slug=self.slug).delete()

    def _old_public_slug(self):
        """The slug this article is live under before this save, if any: changing it leaves a redirect."""
        if self.pk is None:
            return None
        old = Article.objects.filter(pk=self.pk).only("slug", "status", "published_at").first()
        return old.slug if old is not None and old.is_public else None

    @property
    def stored_page(self):
        """The article's `ArticlePage`, or None before it was first derived."""
        try:
            return self.page
        except ArticlePage.DoesNotExist:
            return None

    @property
    def word_count(self):
        page = self.stored_page
        return page.word_count if page is not None else 0

    @property
    def review_due(self):
        """When the next medical review is due: `REVIEW_INTERVAL_MONTHS` after the last one."""
        if self.last_reviewed is None:
            return None
        return add_months(self.last_reviewed, settings.REVIEW_INTERVAL_MONTHS)

    @property
    def review_overdue(self):
        return self.review_due is None or self.review_due <= timezone.localdate()

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def pending(self):
        """The `PendingVersion` waiting for sign-off, or None."""
        try:
            return self.pending_version
        except PendingVersion.DoesNotExist:
            return None

    @property
    def state(self):
        """draft, awaiting sign-off, scheduled, live or live with changes pending: what staff need at a glance."""
        pending = self.pending
        if self.status == self.Status.DRAFT:
            return "awaiting" if pending is not None else "draft"
        if not self.is_public:
            return "scheduled"
        return "pending" if pending is not None else "live"

    @property
    def reading_minutes(self):
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    @property
    def description(self):
        """The summary, or the start of the introduction if there is none: search results and feeds need one."""
        return self.summary or Truncator(html_to_text(self.intro_html)).chars(DESCRIPTION_LENGTH)


class ArticlePage(models.Model):
    """What is derived from an article and what it shows: its page, with holes, and its word counts.

    Kept apart from the article so that deriving never writes a content row: a writer locks this row, not the
    article, before reading what it derives from (`articles/stored_page.py`).
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="page")
    html = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=32, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    reading_ease = models.FloatField(null=True, blank=True, help_text=_("Flesch reading ease."))
    reading_grade = models.FloatField(null=True, blank=True, help_text=_("Flesch–Kincaid grade."))
    reading_smog = models.FloatField(null=True, blank=True, help_text=_("SMOG grade (three sentences or more)."))

    def __str__(self):
        return f"page of article {self.article_id}"


class MedicalSignOff(models.Model):
    """A medical reviewer's approval of one version of an article's text, named by the hash of that text.

    `text` keeps what was approved, so the history shows it and the next review can be compared with it. The
    review date readers see is `review_date`: the day of signing, or the previous one for a minor change.
    A sign-off is audit history: deleting its article keeps it (`article_key` names the article still), and
    recovering the article from its history attaches it again (`articles/signoff.py`, `article_recovered`).
    """

    article = models.ForeignKey(Article, null=True, on_delete=models.SET_NULL, related_name="signoffs")
    article_key = models.PositiveIntegerField(
        db_index=True, editable=False, help_text=_("The article's id, kept when the article is deleted.")
    )
    content_hash = models.CharField(max_length=64, db_index=True)
    text = models.JSONField(default=dict, blank=True)
    reviewer = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="signoffs")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    review_date = models.DateField()
    minor = models.BooleanField(
        default=False, help_text=_("A minor change: the review date readers see stays that of the last full review.")
    )
    note = models.TextField(blank=True)
    imported = models.BooleanField(default=False, help_text=_("Recorded by an import from a content bundle."))

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("medical sign-off")

    def __str__(self):
        title = self.article or (self.text or {}).get("article", {}).get("title", _("deleted article"))
        return f"{title} · {self.reviewer} · {self.review_date}"

    def save(self, *args, **kwargs):
        if self.article_id is not None:
            self.article_key = self.article_id
        super().save(*args, **kwargs)


class PendingVersion(models.Model):
    """The version of an article waiting for a medical sign-off, kept out of the tables the public reads.

    For a published article, `text` is its working text (`articles/versions.py`), applied to its rows on sign-off.
    For a draft an Editor asked to publish, `text` is None (a draft's rows are its working text) and `publish_at`
    is the time it was asked to go live at.
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="pending_version")
    text = models.JSONField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"pending version of article {self.article_id}"


class ArticleLink(NamedTuple):
    """What a link to another article shows (the sidebar, the pager): lighter than an `Article` to make."""

    pk: int
    title: str
    slug: str
    summary: str = ""

    def get_absolute_url(self):
        return slug_url("articles:article", self.slug)


def next_publication(now):
    """A query of the next time a scheduled article goes live: the end of the cached pages' publication window."""
    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    return upcoming.order_by("published_at").values("published_at")[:1]


def published_article_page(slug):
    """The published article at `slug` with its stored page, or None: one query."""
    fields = ("id", "slug", "title", "summary", "status", "published_at")
    articles = Article.objects.published().filter(slug=slug).order_by().select_related("page")
    return articles.only(*fields, "page__html", "page__data", "page__format").first()


def validate_section_outline(levels):
    """Check that heading levels form a proper outline: start at h2, never skip a level.

    Returns a list of (index, message) so forms and imports can point at the
    exact section.
    """
    problems = []
    previous = 1
    for index, level in enumerate(levels):
        if level not in SECTION_LEVELS:
            problems.append((index, _("Heading level must be 2, 3 or 4.")))
        elif level > previous + 1:
            problems.append((index, _("A level-%(level)s heading cannot follow a level-%(prev)s one.")
                             % {"level": level, "prev": previous}))  # fmt: skip
        previous = level
    return problems


def build_outline(sections):
    """Nest a flat, ordered list of sections by level; each gets a `children` list."""
    roots, open_sections = [], []
    for section in sections:
        section.children = []
        while open_sections and open_sections[-1].level >= section.level:
            open_sections.pop()
        (open_sections[-1].children if open_sections else roots).append(section)
        open_sections.append(section)
    return roots


class Section(RenderedMarkdownModel, TrackedModel):
    """A heading and its text. Sections are a flat ordered list; `level` gives the nesting."""

    class Level(models.IntegerChoices):
        H2 = 2, _("Section (h2)")
        H3 = 3, _("Sub-section (h3)")
        H4 = 4, _("Sub-sub-section (h4)")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.H2)
    heading = models.CharField(max_length=300)
    anchor = models.SlugField(
        max_length=120, blank=True, help_text=_("The #anchor of this heading; made from it when left blank.")
    )
    body = MarkdownxField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)

    rendered_fields = {"body": "body_html"}

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.prepare(taken_anchors=set(self.article.sections.exclude(pk=self.pk).values_list("anchor", flat=True)))
        super().save(*args, **kwargs)

    def prepare(self, *, taken_anchors):
        """Fill the derived fields (anchor, HTML, word count); also used before bulk inserts."""
        if not self.anchor:
            base = slugify(self.heading)[:100] or "section"
            self.anchor, suffix = base, 2
            while self.anchor in taken_anchors:
                self.anchor, suffix = f"{base}-{suffix}", suffix + 1
        taken_anchors.add(self.anchor)
        self.render_markdown_fields()

    @classmethod
    def row_derivations(cls, values):
        derived = super().row_derivations(values)
        derived["word_count"] = len(values["heading"].split()) + count_words(derived["body_html"])
        return derived

    @classmethod
    def row_sources(cls):
        return (*super().row_sources(), "heading")

    @classmethod
    def row_targets(cls):
        return (*super().row_targets(), "word_count")

    @classmethod
    def derived_from_markdown(cls, fields):
        derived = super().derived_from_markdown(fields)
        return derived | {"word_count"} if {"heading", "body"} & set(fields) else derived


class Resource(TrackedModel):
    """One entry of an article's "Additional Resources": a source a reader can check."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="resources")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class RelatedPick(TrackedModel):
    """An editor's choice for an article's "More to Explore" sidebar, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_picks")
    target = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="picked_in", verbose_name=_("related article")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="unique_related_pick"),
            models.CheckConstraint(condition=~Q(article=models.F("target")), name="related_pick_not_self"),
        ]

    def __str__(self):
        return f"{self.article} → {self.target}"


class RelatedCandidate(models.Model):
    """An article the sidebar of another may show, at its rank: derived from picks and topics (`related.py`)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()
    candidate = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "rank"], name="unique_related_candidate_rank")]

    def __str__(self):
        return f"{self.article_id} #{self.rank}: {self.candidate_id}"


class ArticleRedirectQuerySet(models.QuerySet):
    def live_article(self, old_slug):
        """The live article that used to be at `old_slug`, or None: drafts are never revealed by a redirect."""
        return Article.objects.published().filter(redirects__old_slug=old_slug).only("slug").first()


class ArticleRedirect(models.Model):
    """An old slug of a published article: its URL answers with a permanent redirect to the article."""

    old_slug = models.SlugField(max_length=120, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleRedirectQuerySet.as_manager()

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
