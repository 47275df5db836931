"""The site-wide FAQ page and one page per question."""

from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView

from articles.models import Topic
from faq.models import FAQ
from search.views import SearchMixin


class FAQListView(SearchMixin, TemplateView):
    """Every published FAQ, grouped by topic; questions without a topic come last. `?q=` searches them."""

    template_name = "faq/faq_list.html"
    search_kinds = ("faq",)

    def get_context_data(self, **kwargs):
        if self.search_text.strip():
            return super().get_context_data(**self.search_context(), **kwargs)
        published = FAQ.objects.published()
        topics = (
            Topic.objects.filter(faqs__in=published)
            .distinct()
            .prefetch_related(Prefetch("faqs", queryset=published.order_by("position", "pk"), to_attr="published_faqs"))
        )
        general = published.filter(topics__isnull=True)
        return super().get_context_data(topics=topics, general_faqs=general, **kwargs)


class FAQDetailView(DetailView):
    template_name = "faq/faq_detail.html"
    context_object_name = "faq"

    def get_queryset(self):
        return FAQ.objects.published().select_related("article").prefetch_related("topics")
