"""Site search (`/search/`), and the FAQ page searching its questions (`/faq/?q=`).

The FAQ page's search is here, not in the faq app, because search sits above the content apps.
"""

from django.core.paginator import Paginator
from django.db.models import Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import TemplateView

from articles.models import Article, Topic
from backpain.search.log import record_search
from backpain.search.results import run_search
from faq.models import FAQ
from faq.views import FAQListView

RESULTS_PER_PAGE = 10
SUGGESTIONS = 5


def nearest_page_number(value, num_pages):
    """The page asked for, clamped to the pages that exist; anything unreadable is page 1."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def published_of_topic(published):
    """How many of `published` (articles or FAQs) the outer topic has: a count per topic, over its own links.

    Counting both kinds in one join of topics, article links and FAQ links
    multiplied them (every article of a topic times every FAQ of it): 0.3–0.6 s
    on the benchmark site, for every search that found nothing.
    """
    of_topic = published.filter(topics=OuterRef("pk")).order_by()
    return Coalesce(Subquery(of_topic.annotate(count=Func("pk", function="COUNT")).values("count")), 0)


class SearchMixin:
    """Adds `search` (query, results page, correction) to the context when `?q=` is given."""

    search_kinds = ("faq", "article")

    @property
    def search_text(self):
        return self.request.GET.get("q", "")

    def is_search(self):
        return bool(self.search_text.strip())

    def search_context(self):
        search = run_search(
            self.search_text,
            kinds=self.search_kinds,
            correct_typos=self.request.GET.get("exact") != "1",
            page_size=RESULTS_PER_PAGE,
        )
        paginator = Paginator(search.results, RESULTS_PER_PAGE)
        page = paginator.page(nearest_page_number(self.request.GET.get("page"), paginator.num_pages))
        if search.query and self.request.GET.get("page", "1") in ("", "1"):
            record_search(query=search.query, results=paginator.count)
        context = {"search": search, "page_obj": page, "paginator": paginator, "is_paginated": page.has_other_pages()}
        if not paginator.count:
            context.update(self.suggestions())
        return context

    def suggestions(self):
        """What to offer when nothing was found: the editors' first site-wide FAQs and the busiest topics."""
        faqs = FAQ.objects.published().filter(article__isnull=True).order_by("position", "pk")[:SUGGESTIONS]
        pages = published_of_topic(Article.objects.published()) + published_of_topic(FAQ.objects.published())
        busiest = Topic.objects.annotate(pages=pages).order_by("-pages", "name")[:SUGGESTIONS]
        topics = [topic for topic in busiest if topic.pages]
        return {"suggested_faqs": faqs, "suggested_topics": topics}


class SearchView(SearchMixin, TemplateView):
    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_search():
            context.update(self.search_context())
        return context


class SearchableFAQListView(SearchMixin, FAQListView):
    """The FAQ page; with `?q=` it shows the questions that match instead (`?topic=` then plays no part)."""

    search_kinds = ("faq",)
    page_parameters = ("topic", "page", "q")

    def get_template_names(self):
        return [self.template_name] if self.is_search() else super().get_template_names()

    def is_shared_page(self):
        """Searches are rendered every time, so each one is counted in the search log."""
        return not self.is_search() and super().is_shared_page()

    def questions_context(self):
        return self.search_context() if self.is_search() else super().questions_context()
