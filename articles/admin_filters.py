"""Filters of the article list: what an editor asks every morning (what is scheduled? what needs review?)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("awaiting", _("Awaiting medical sign-off")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
            ("pending", _("Live, changes pending")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_signoff()
        if self.value() == "pending":
            return queryset.published().awaiting_signoff()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        if self.value() == "live":
            return queryset.published()
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Review overdue")),
            ("never", _("Never reviewed")),
            ("due", _("Due in the next 30 days")),
            ("current", _("Up to date")),
        ]

    def queryset(self, request, queryset):
        cutoff = Article.objects.review_cutoff()
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        if self.value() == "due":
            return queryset.review_due_soon()
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff)
        return queryset


def awaiting_signoff_panel(user):
    """The dashboard's "Awaiting sign-off" panel: the articles of the sign-off queue and the filtered list's URL."""
    from django.urls import reverse

    return Article.objects.awaiting_signoff(), reverse("admin:articles_article_changelist") + "?state=awaiting"
