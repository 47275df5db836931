"""Source checks for editors: what is broken or redirected, with the article it belongs to.

Read-only: the rows follow the articles. "Check again" queues a check for after this request.
"""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import roles
from sources.links import queue_checks
from sources.models import Source


def visible_sources(user, queryset=None):
    """All sources for Editors and Medical reviewers; an Author's own articles' otherwise."""
    queryset = Source.objects.all() if queryset is None else queryset
    if roles.can_publish(user) or roles.can_review(user):
        return queryset
    return queryset.filter(Q(article__author__user=user))


def source_list_url(**filters):
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return reverse("admin:sources_source_changelist") + (f"?{query}" if query else "")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["address", "state", "status_code", "final_address", "article_link", "place", "checked_at"]
    list_filter = ["state", "place", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["url", "final_url", "label", "article__title"]
    fields = ["article_link", "place", "label", "address", "state", "status_code", "final_address", "detail",
              "checked_at"]  # fmt: skip
    readonly_fields = fields
    actions = ["check_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return visible_sources(request.user, super().get_queryset(request))

    @admin.display(description=_("address"), ordering="url")
    def address(self, source):
        return format_html('<a href="{}" rel="noreferrer noopener">{}</a>', source.url, source.url)

    @admin.display(description=_("redirected to"), ordering="final_url")
    def final_address(self, source):
        if source.state != Source.State.REDIRECTED:
            return ""
        return format_html('<a href="{}" rel="noreferrer noopener">{}</a>', source.final_url, source.final_url)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, source):
        url = reverse("admin:articles_article_change", args=[source.article_id])
        return format_html('<a href="{}">{}</a>', url, source.article.title)

    @admin.action(description=_("Check the selected sources again"), permissions=["change"])
    def check_again(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        queue_checks(ids)
        self.message_user(request, _("%(count)d checks queued.") % {"count": len(ids)})
