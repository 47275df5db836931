"""Readers' answers for editors: each page's helpful share over 30 and 90 days, the comments, "dealt with".

Comments are the only text readers write on the site: they are shown escaped, never as HTML, and only here and on
the dashboard. Authors see what readers said about their own articles (and those articles' FAQs).
"""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles import roles
from feedback.models import PageFeedback

SUMMARY_ROWS = 50


def visible_feedback(user, queryset=None):
    """The answers this user may read: all for Editors and Medical reviewers, else those about their articles."""
    queryset = PageFeedback.objects.all() if queryset is None else queryset
    if roles.can_publish(user) or roles.can_review(user):
        return queryset
    return queryset.filter(Q(article__author__user=user) | Q(faq__article__author__user=user))


def feedback_list_url(**filters):
    """The feedback list filtered as given (`article__id__exact`, `commented`, …)."""
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return reverse("admin:feedback_pagefeedback_changelist") + (f"?{query}" if query else "")


class CommentedFilter(admin.SimpleListFilter):
    title = _("comment")
    parameter_name = "commented"

    def lookups(self, request, model_admin):
        return [("yes", _("With a comment")), ("open", _("With a comment not dealt with")), ("no", _("Without"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.commented()
        if self.value() == "open":
            return queryset.commented().filter(dealt_with=False)
        if self.value() == "no":
            return queryset.filter(comment="")
        return queryset


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    change_list_template = "admin/feedback/pagefeedback/change_list.html"
    list_display = ["created_at", "page_link", "helpful", "reason", "short_comment", "dealt_with"]
    list_filter = [
        "helpful",
        "reason",
        CommentedFilter,
        "dealt_with",
        ("article", admin.RelatedOnlyFieldListFilter),
        ("faq", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["article", "faq"]
    date_hierarchy = "created_at"
    fields = ["page_link", "helpful", "reason", "comment", "created_at", "dealt_with"]
    readonly_fields = ["page_link", "helpful", "reason", "comment", "created_at"]
    actions = ["mark_dealt_with"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return visible_feedback(request.user, super().get_queryset(request))

    @admin.display(description=_("page"))
    def page_link(self, answer):
        page = answer.page
        return format_html('<a href="{}">{}</a>', page.get_absolute_url(), page)

    @admin.display(description=_("comment"))
    def short_comment(self, answer):
        return Truncator(answer.comment).chars(120)

    @admin.action(description=_("Mark the selected comments dealt with"), permissions=["change"])
    def mark_dealt_with(self, request, queryset):
        count = queryset.update(dealt_with=True)
        self.message_user(request, _("%(count)d marked dealt with.") % {"count": count})

    def changelist_view(self, request, extra_context=None):
        summaries = list(visible_feedback(request.user).page_summaries()[:SUMMARY_ROWS])
        for row in summaries:
            key = ("article__id__exact", row["article"]) if row["article"] else ("faq__id__exact", row["faq"])
            row["title"] = row["article__title"] or row["faq__question"]
            row["answers_url"] = feedback_list_url(**{key[0]: key[1]})
            row["comments_url"] = feedback_list_url(**{key[0]: key[1]}, commented="open")
        return super().changelist_view(request, {**(extra_context or {}), "page_summaries": summaries})
