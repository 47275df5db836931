"""Public pages of articles, authors and topics.

Every queryset starts from `Article.objects.published()`; only staff who may
change articles see drafts and scheduled ones, as a marked, uncached preview.
"""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import DetailView, ListView

from articles import related, roles, stored_page
from articles.models import Article, ArticleRedirect, Author, PendingVersion, Topic, published_article_page
from articles.navigation import neighbours
from backpain import structured_data
from backpain.editor import is_content_editor
from backpain.pagecache import CachedPublicPageMixin

ARTICLES_PER_PAGE = 12
# A topic's page shows its first questions and links to the rest on the FAQ page, whose overview shows as many.
FAQS_PER_GROUP = 10


class HomeView(CachedPublicPageMixin, ListView):
    page_parameters = ("page",)
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        graphs = [structured_data.website()]
        return super().get_context_data(topics=Topic.objects.all(), structured_data=graphs, **kwargs)


class ArticleDetailView(CachedPublicPageMixin, DetailView):
    """The article's page as stored when its content was written (`articles/stored_page.py`), holes filled."""

    context_object_name = "article"

    def get_queryset(self):
        """The public sees published articles; staff also preview what they may open in the admin."""
        user = self.request.user
        articles = Article.objects.published()
        if is_content_editor(user):
            articles = articles | roles.articles_visible_in_admin(user, Article.objects.all())
        return articles

    def get_object(self, queryset=None):
        """For the public, one query compiled once; staff go through `get_queryset()`."""
        if is_content_editor(self.request.user):
            return super().get_object(queryset)
        article = published_article_page(self.kwargs["slug"])
        if article is None:
            raise Http404("No article at this address.")
        return article

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            article = ArticleRedirect.objects.live_article(kwargs["slug"])
            if article is None:
                raise
            return HttpResponsePermanentRedirect(article.get_absolute_url())

    def render_to_response(self, context, **response_kwargs):
        """The stored page, its holes filled with what depends on this moment and this visitor.

        Staff see the pending version of an article with `?version=pending`, marked, rendered for them alone.
        """
        article = self.object
        pending = self.pending_version(article)
        showing_pending = pending is not None and self.request.GET.get("version") == "pending"
        if showing_pending:
            page_html, page_data = stored_page.page_of_version(article, pending.text)
        else:
            page_html, page_data = stored_page.page_of(article)
        is_preview = showing_pending or not article.is_public
        holes = self.holes(article, page_data, is_preview)
        if pending is not None:
            banner = {"article": article, "showing_pending": showing_pending, "pending": pending}
            banner["signoff_url"] = reverse("admin:articles_article_signoff", args=[article.pk])
            holes["banner"] = render_to_string("includes/pending_banner.html", banner)
        response = HttpResponse(stored_page.fill(page_html, holes))
        if is_preview or pending is not None:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def pending_version(self, article):
        """The pending text staff may look at, or None (always None for the public)."""
        if not is_content_editor(self.request.user):
            return None
        return PendingVersion.objects.filter(article_id=article.pk, text__isnull=False).first()

    def holes(self, article, page_data, is_preview):
        """What fills the stored page's holes: the pager, the sidebar and, for a preview, its robots tag and banner."""
        main_topic = Topic(**page_data["main_topic"]) if page_data.get("main_topic") else None
        previous_article, next_article = neighbours(article, main_topic)
        pager = {"main_topic": main_topic, "previous_article": previous_article, "next_article": next_article}
        sidebar = {"more_to_explore": related.more_to_explore(article)}
        holes = {
            "pager": render_to_string("includes/article_pager.html", pager),
            "sidebar": render_to_string("includes/more_to_explore.html", sidebar),
        }
        if is_preview:
            holes["robots"] = '<meta name="robots" content="noindex">'
            holes["banner"] = render_to_string("includes/preview_banner.html", {"article": article})
        return holes


class AuthorDetailView(CachedPublicPageMixin, DetailView):
    model = Author
    template_name = "articles/author_detail.html"
    context_object_name = "author"

    def get_context_data(self, **kwargs):
        articles = Article.objects.published().filter(author=self.object).for_cards()
        graphs = [structured_data.profile_page(self.object)]
        return super().get_context_data(articles=articles, structured_data=graphs, **kwargs)


class TopicDetailView(CachedPublicPageMixin, ListView):
    page_parameters = ("page",)
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Article.objects.published().filter(topics=self.topic).for_cards()

    def get_context_data(self, **kwargs):
        faqs = list(self.topic.faqs.published().order_by("position", "pk")[: FAQS_PER_GROUP + 1])
        return super().get_context_data(
            topic=self.topic, faqs=faqs[:FAQS_PER_GROUP], more_faqs=len(faqs) > FAQS_PER_GROUP, **kwargs
        )
