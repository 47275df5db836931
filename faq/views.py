"""The site-wide FAQ page and one page per question."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from articles.models import ArticleQuerySet, Topic
from backpain import structured_data
from backpain.pagecache import CachedPublicPageMixin
from backpain.search.views import SearchMixin
from faq.models import FAQ

# The overview shows the first questions of each topic; a topic's own list shows
# them all, page by page, so no page grows with the number of questions.
FAQS_PER_GROUP = 10
FAQS_PER_PAGE = 50
GENERAL = "general"


def published_faqs_of_topic():
    """`FAQ.objects.published()` seen from a topic: a join the database counts far faster than an IN (subquery)."""
    return Q(faqs__article__isnull=True) | ArticleQuerySet.published_q("faqs__article__")


def faq_graphs(faqs):
    """The FAQPage graph of the questions a page shows (none when it shows none)."""
    faqs = list(faqs)
    return [structured_data.faq_page(faqs, reverse("faq:list"))] if faqs else []


class FAQListView(SearchMixin, CachedPublicPageMixin, TemplateView):
    """Published FAQs grouped by topic; questions without a topic come last as "General".

    `?topic=<slug>` (or `?topic=general`) lists one group in full, page by page; `?q=` searches them.
    """

    template_name = "faq/faq_list.html"
    search_kinds = ("faq",)

    def get_template_names(self):
        if self.request.GET.get("topic") and not self.search_text.strip():
            return ["faq/faq_group.html"]
        return super().get_template_names()

    def is_shared_page(self):
        """Searches are rendered every time, so each one is counted in the search log."""
        return not self.search_text.strip()

    def get_context_data(self, **kwargs):
        if self.search_text.strip():
            return super().get_context_data(**self.search_context(), **kwargs)
        published = FAQ.objects.published().order_by("position", "pk")
        group = self.request.GET.get("topic")
        if group:
            return super().get_context_data(**self.group_context(published, group), **kwargs)
        topics = (
            Topic.objects.annotate(faq_count=Count("faqs", filter=published_faqs_of_topic()))
            .filter(faq_count__gt=0)
            .prefetch_related(Prefetch("faqs", queryset=published[:FAQS_PER_GROUP], to_attr="published_faqs"))
        )
        general = published.filter(topics__isnull=True)
        general_shown = list(general[:FAQS_PER_GROUP])
        shown = {faq.pk: faq for topic in topics for faq in topic.published_faqs} | {
            faq.pk: faq for faq in general_shown
        }
        return super().get_context_data(
            topics=topics,
            general_faqs=general_shown,
            general_count=general.count(),
            faqs_per_group=FAQS_PER_GROUP,
            structured_data=faq_graphs(shown.values()),
            **kwargs,
        )

    def group_context(self, published, group):
        if group == GENERAL:
            title, faqs = _("General"), published.filter(topics__isnull=True)
        else:
            topic = get_object_or_404(Topic, slug=group)
            title, faqs = topic.name, published.filter(topics=topic)
        page = Paginator(faqs, FAQS_PER_PAGE).get_page(self.request.GET.get("page"))
        if not page.object_list and page.number == 1:
            raise Http404
        return {
            "group_title": title,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "faqs": page.object_list,
            "structured_data": faq_graphs(page.object_list),
        }


class FAQDetailView(CachedPublicPageMixin, DetailView):
    template_name = "faq/faq_detail.html"
    context_object_name = "faq"

    def get_queryset(self):
        return FAQ.objects.published().select_related("article").prefetch_related("topics")
