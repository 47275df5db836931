"""The site-wide FAQ page and one page per question.

Searching the questions (`/faq/?q=`) is added on top of `FAQListView` by the search package
(`backpain.search.views.SearchableFAQListView`, wired in `backpain/urls.py`): content apps import no search.
"""

import re

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from articles.models import Topic
from articles.views import FAQS_PER_GROUP
from backpain import structured_data
from backpain.pagecache import CachedPublicPageMixin
from faq.models import FAQ

# The overview shows the first questions of each topic (as many as the topic's page
# shows); a topic's own list shows them all, page by page, so no page grows with the
# number of questions.
FAQS_PER_PAGE = 50
GENERAL = "general"
# What `?topic=` may be: a topic's slug (at most as long as the field allows); anything else is a 404 at once.
TOPIC_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


def _first_questions(now):
    """(topic pk or None, FAQ pk, place in its group, size of its group) of each group's first FAQS_PER_GROUP.

    A group is a topic's published FAQs (None: those of no topic), numbered
    and counted by one window over the FAQ-topic pairs alone, without the
    questions' text. Picking each topic's first with a sliced `Prefetch` sorted
    every FAQ with its answer, and the counts took two more passes: four
    times the work (77 ms against 18 on the benchmark site's 10,000 FAQs).
    """
    by_topic = {"partition_by": F("topics")}
    return (
        FAQ.objects.published(now=now)
        .annotate(
            group=F("topics"),
            place=Window(RowNumber(), order_by=(F("position"), F("pk")), **by_topic),
            group_size=Window(Count("pk"), **by_topic),
        )
        .filter(place__lte=FAQS_PER_GROUP)
        .order_by()
        .values_list("group", "pk", "place", "group_size")
    )


def first_questions_of_each_topic(now):
    """({topic pk or None: its first published FAQs, in order}, {topic pk or None: how many it has}), 2 queries."""
    rows = sorted(_first_questions(now), key=lambda row: row[2])
    faqs = FAQ.objects.in_bulk([faq for _group, faq, _place, _size in rows])
    shown, counts = {}, {}
    for group, faq, _place, size in rows:
        if faq in faqs:  # else deleted in between
            shown.setdefault(group, []).append(faqs[faq])
            counts[group] = size
    return shown, counts


def faq_graphs(faqs):
    """The FAQPage graph of the questions a page shows (none when it shows none)."""
    faqs = list(faqs)
    return [structured_data.faq_page(faqs, reverse("faq:list"))] if faqs else []


class FAQListView(CachedPublicPageMixin, TemplateView):
    """Published FAQs grouped by topic; questions without a topic come last as "General".

    `?topic=<slug>` (or `?topic=general`) lists one group in full, page by page.
    """

    template_name = "faq/faq_list.html"
    page_parameters = ("topic", "page")

    def is_shared_page(self):
        """A page number the paginator had to correct (past the end, not a number) shows a page but is not stored."""
        shown = getattr(self, "shown_page", None)
        asked = self.request.GET.get("page", "").strip() or "1"
        return super().is_shared_page() and (shown is None or asked.lstrip("0") == str(shown))

    def get_template_names(self):
        if self.request.GET.get("topic"):
            return ["faq/faq_group.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.questions_context(), **kwargs)

    def questions_context(self):
        """The questions the page shows: one group's, or the first of every group."""
        now = timezone.now()
        published = FAQ.objects.published(now=now).order_by("position", "pk")
        group = self.request.GET.get("topic")
        if group:
            return self.group_context(published, group)
        shown, counts = first_questions_of_each_topic(now)
        topics = list(Topic.objects.filter(pk__in=[group for group in counts if group is not None]))
        for topic in topics:
            topic.faq_count, topic.published_faqs = counts[topic.pk], shown[topic.pk]
        general_shown = shown.get(None, [])
        shown = {faq.pk: faq for topic in topics for faq in topic.published_faqs} | {
            faq.pk: faq for faq in general_shown
        }
        return {
            "topics": topics,
            "general_faqs": general_shown,
            "general_count": counts.get(None, 0),
            "faqs_per_group": FAQS_PER_GROUP,
            "structured_data": faq_graphs(shown.values()),
        }

    def group_context(self, published, group):
        if group == GENERAL:
            title, faqs = _("General"), published.filter(topics__isnull=True)
        elif TOPIC_SLUG.fullmatch(group):
            topic = get_object_or_404(Topic, slug=group)
            title, faqs = topic.name, published.filter(topics=topic)
        else:
            raise Http404
        page = Paginator(faqs, FAQS_PER_PAGE).get_page(self.request.GET.get("page"))
        self.shown_page = page.number
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
