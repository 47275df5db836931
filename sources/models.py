"""The web addresses each article cites (its sources and the links in its text), with their last check.

The rows are derived from the articles (`sources/links.py`); the check results are the one thing kept here that
comes from outside: the status answered, where redirects led, and when (`sources/checker.py`).
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

RECHECK_AFTER = timedelta(days=7)
URL_LENGTH = 2000


class SourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Never checked, or not in the last seven days: what `check_sources --due` checks."""
        moment = timezone.now() if now is None else now
        return self.filter(Q(checked_at__isnull=True) | Q(checked_at__lt=moment - RECHECK_AFTER))

    def broken(self):
        return self.filter(state=Source.State.BROKEN)

    def needing_attention(self):
        """Broken, redirected elsewhere, or refused: an editor should look at each."""
        return self.filter(state__in=[Source.State.BROKEN, Source.State.REDIRECTED, Source.State.REFUSED])


class Source(models.Model):
    class State(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Working")
        REDIRECTED = "redirected", _("Redirected")
        BROKEN = "broken", _("Broken")
        REFUSED = "refused", _("Not checked: private address")

    class Place(models.TextChoices):
        RESOURCE = "resource", _("Additional resources")
        TEXT = "text", _("Link in the text")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="cited_sources")
    url = models.URLField(max_length=URL_LENGTH)
    place = models.CharField(max_length=10, choices=Place.choices)
    label = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UNCHECKED)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("last status"))
    final_url = models.URLField(max_length=URL_LENGTH, blank=True, help_text=_("Where the redirects led."))
    detail = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last checked"))

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["article", "place", "url"]
        constraints = [models.UniqueConstraint(fields=["article", "url"], name="unique_source_per_article")]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["checked_at"])]

    def __str__(self):
        return self.url
