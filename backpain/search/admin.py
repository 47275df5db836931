"""Synonyms editors maintain, and the report of what visitors searched for."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backpain.search import log as search_log
from backpain.search.models import SearchQueryDay, Synonym
from backpain.writes import BatchedAdminMixin

REPORT_DAYS = 90
REPORT_SIZE = 50


@admin.register(Synonym)
class SynonymAdmin(BatchedAdminMixin, admin.ModelAdmin):
    list_display = ["terms"]
    search_fields = ["terms"]


@admin.register(SearchQueryDay)
class SearchQueryDayAdmin(admin.ModelAdmin):
    """Read-only: the changelist is a report of the most frequent queries, with and without results."""

    change_list_template = "admin/search/searchqueryday/report.html"
    list_display = ["query", "day", "searches", "results"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        search_log.flush()  # this process's latest counts
        since = timezone.localdate() - timedelta(days=REPORT_DAYS)
        recent = SearchQueryDay.objects.filter(day__gte=since).values("query")
        totals = recent.annotate(total=Sum("searches"), best=Max("results")).order_by("-total", "query")
        extra_context = {
            **(extra_context or {}),
            "report_days": REPORT_DAYS,
            "zero_result_queries": totals.filter(best=0)[:REPORT_SIZE],
            "top_queries": totals[:REPORT_SIZE],
            "title": _("What visitors searched for"),
        }
        return super().changelist_view(request, extra_context)
