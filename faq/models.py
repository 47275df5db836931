from django.db import models
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from articles.models import Article, ArticleQuerySet, Topic
from backpain.models import RenderedMarkdownModel
from backpain.siteurl import slug_url
from backpain.writes import TrackedModel, TrackedQuerySet


class FAQQuerySet(TrackedQuerySet):
    def published(self, now=None):
        """Site-wide FAQs are always public; an article's FAQs only once the article is."""
        return self.filter(models.Q(article__isnull=True) | ArticleQuerySet.published_q("article__", now=now))

    @staticmethod
    def published_sql(alias, now=None):
        """The same rule as SQL (condition, params) on the FAQ table aliased `alias`, for plain-SQL reads."""
        article = f"{alias}_article"
        condition, params = ArticleQuerySet.published_sql(article, now)
        exists = f"SELECT 1 FROM {Article._meta.db_table} {article} WHERE {article}.id = {alias}.article_id"
        return f"({alias}.article_id IS NULL OR EXISTS ({exists} AND {condition}))", params


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
