"""What readers answered to "Was this page helpful?": a vote, an optional reason and an optional short comment.

Nothing about the reader is kept: no address, no browser, no cookie (the rate limit is a salted hash in the cache,
`feedback/limits.py`). Each answer belongs to one article or one FAQ; editors mark comments dealt with.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Count, F, FloatField, Max, Q
from django.db.models.functions import Cast, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from faq.models import FAQ

COMMENT_LENGTH = 500
PERIODS = (30, 90)


class FeedbackQuerySet(models.QuerySet):
    def commented(self):
        return self.exclude(comment="")

    def page_summaries(self, now=None):
        """One row per article or FAQ answered about in the last 90 days: answers and helpful ones per period.

        Rows carry `article`, `faq`, their title, `answers_30`, `helpful_30`, `share_30` (None without answers),
        the same for 90 days, and `open_comments`; least helpful in the last 30 days first.
        """
        now = timezone.now() if now is None else now
        counts = {}
        for days in PERIODS:
            recent = Q(created_at__gte=now - timedelta(days=days))
            counts[f"answers_{days}"] = Count("pk", filter=recent)
            counts[f"helpful_{days}"] = Count("pk", filter=recent & Q(helpful=True))
        shares = {
            f"share_{days}": Cast(F(f"helpful_{days}"), FloatField())
            / NullIf(Cast(F(f"answers_{days}"), FloatField()), 0.0)
            for days in PERIODS
        }
        return (
            self.filter(created_at__gte=now - timedelta(days=max(PERIODS)))
            .values("article", "article__title", "faq", "faq__question")
            .annotate(
                **counts,
                open_comments=Count("pk", filter=~Q(comment="") & Q(dealt_with=False)),
                latest=Max("created_at"),
            )
            .annotate(**shares)
            .order_by(F("share_30").asc(nulls_last=True), "-answers_30", "article", "faq")
        )


class PageFeedback(models.Model):
    class Reason(models.TextChoices):
        NOT_ANSWERED = "not-answered", _("It did not answer my question")
        HARD = "hard-to-understand", _("It was hard to understand")
        OUTDATED = "out-of-date", _("It seemed out of date or wrong")
        OTHER = "other", _("Something else")

    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback")
    faq = models.ForeignKey(FAQ, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    comment = models.TextField(max_length=COMMENT_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    dealt_with = models.BooleanField(default=False, help_text=_("An editor has read the comment and acted on it."))

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reader's answer")
        verbose_name_plural = _("readers' feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, faq__isnull=True) | Q(article__isnull=True, faq__isnull=False),
                name="feedback_about_one_page",
            )
        ]

    def __str__(self):
        return f"{_('Yes') if self.helpful else _('No')}: {self.page}"

    @property
    def page(self):
        return self.article if self.article_id else self.faq
