from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from articles.models import Article, ArticleQuerySet, Author, Topic
from backpain.models import RenderedMarkdownModel
from backpain.siteurl import slug_url
from backpain.writes import TrackedModel, TrackedQuerySet


class FAQQuerySet(TrackedQuerySet):
    def published(self, now=None):
        """Site-wide FAQs once their text is approved (`live`); an article's FAQs only once the article is."""
        site_wide = models.Q(article__isnull=True, live=True)
        return self.filter(site_wide | ArticleQuerySet.published_q("article__", now=now))

    @staticmethod
    def published_sql(alias, now=None):
        """The same rule as SQL (condition, params) on the FAQ table aliased `alias`, for plain-SQL reads."""
        article = f"{alias}_article"
        condition, params = ArticleQuerySet.published_sql(article, now)
        exists = f"SELECT 1 FROM {Article._meta.db_table} {article} WHERE {article}.id = {alias}.article_id"
        site_wide = f"({alias}.article_id IS NULL AND {alias}.live = %s)"
        return f"({site_wide} OR EXISTS ({exists} AND {condition}))", [True, *params]

    def awaiting_signoff(self):
        """Site-wide FAQs whose text waits for a medical sign-off: never approved, or with a pending version."""
        waiting = models.Q(live=False) | models.Q(pending_version__isnull=False)
        return self.filter(waiting, article__isnull=True)


class FAQ(RenderedMarkdownModel, TrackedModel):
    question = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True)
    answer = MarkdownxField()
    answer_html = models.TextField(blank=True, editable=False)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="faqs",
        help_text=_("Shown at the end of this article. Leave empty for a site-wide FAQ."),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="faqs")
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    live = models.BooleanField(
        default=True,
        editable=False,
        help_text=_(
            "A site-wide FAQ is public once its text is approved: a medical sign-off, or an Editor's save without "
            "MEDICAL_SIGNOFF_REQUIRED (faq/signoff.py). One made by an operator (an import, the demo) is live."
        ),
    )

    objects = FAQQuerySet.as_manager()

    rendered_fields = {"answer": "answer_html"}

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return slug_url("faq:detail", self.slug)

    @property
    def pending(self):
        """The `FAQPendingVersion` waiting for sign-off, or None."""
        try:
            return self.pending_version
        except FAQPendingVersion.DoesNotExist:
            return None

    @property
    def state(self):
        """article (signed off with it), awaiting sign-off, live, or live with changes pending."""
        if self.article_id is not None:
            return "article"
        if not self.live:
            return "awaiting"
        return "pending" if self.pending is not None else "live"


class FAQPendingVersion(models.Model):
    """The text of a live site-wide FAQ waiting for a medical sign-off, kept out of the row the public reads."""

    faq = models.OneToOneField(FAQ, primary_key=True, on_delete=models.CASCADE, related_name="pending_version")
    question = models.CharField(max_length=500)
    answer = models.TextField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"pending version of FAQ {self.faq_id}"


class FAQSignOff(models.Model):
    """A medical reviewer's approval of one version of a site-wide FAQ (question and answer), named by its hash.

    Audit history like an article's sign-offs: kept, with the text approved, when the FAQ is deleted.
    """

    faq = models.ForeignKey(FAQ, null=True, on_delete=models.SET_NULL, related_name="signoffs")
    content_hash = models.CharField(max_length=64, db_index=True)
    text = models.JSONField(default=dict)
    reviewer = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="faq_signoffs")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("FAQ medical sign-off")

    def __str__(self):
        return f"{self.text.get('question', '')} · {self.reviewer} · {self.signed_at:%Y-%m-%d}"
