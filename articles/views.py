"""Public pages of articles, authors and topics.

Every queryset starts from `Article.objects.published()`; only staff who may
change articles see drafts and scheduled ones, as a marked, uncached preview.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import DetailView, ListView

from articles import page_body, roles
from articles.models import Article, ArticleRedirect, Author, Topic
from articles.navigation import article_navigation
from backpain import structured_data
from backpain.editor import is_content_editor
from backpain.pagecache import CachedPublicPageMixin
from faq.models import FAQ
from faq.views import FAQS_PER_GROUP

ARTICLES_PER_PAGE = 12


class HomeView(CachedPublicPageMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        graphs = [structured_data.website()]
        return super().get_context_data(topics=Topic.objects.all(), structured_data=graphs, **kwargs)


class ArticleDetailView(CachedPublicPageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        """The public sees published articles; staff also preview what they may open in the admin."""
        user = self.request.user
        articles = Article.objects.published()
        if is_content_editor(user):
            articles = articles | roles.articles_visible_in_admin(user, Article.objects.all())
        return articles.select_related("author", "reviewed_by")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            article = ArticleRedirect.objects.live_article(kwargs["slug"])
            if article is None:
                raise
            return HttpResponsePermanentRedirect(article.get_absolute_url())

    def get_context_data(self, **kwargs):
        article = self.object
        topics = article.topic_list()
        navigation = article_navigation(article, topics)
        body_html, body_data = page_body.body_of(article)
        graphs = structured_data.article_graphs(article, topics, body_data, navigation["breadcrumbs"])
        return super().get_context_data(
            is_preview=not article.is_public,
            topics=topics,
            body_html=body_html,
            more_to_explore=article.more_to_explore(),
            structured_data=graphs,
            **navigation,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class AuthorDetailView(CachedPublicPageMixin, DetailView):
    model = Author
    template_name = "articles/author_detail.html"
    context_object_name = "author"

    def get_context_data(self, **kwargs):
        articles = Article.objects.published().filter(author=self.object).for_cards()
        graphs = [structured_data.profile_page(self.object)]
        return super().get_context_data(articles=articles, structured_data=graphs, **kwargs)


class TopicDetailView(CachedPublicPageMixin, ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Article.objects.published().filter(topics=self.topic).for_cards()

    def get_context_data(self, **kwargs):
        faqs = list(FAQ.objects.published().filter(topics=self.topic).order_by("position", "pk")[: FAQS_PER_GROUP + 1])
        return super().get_context_data(
            topic=self.topic, faqs=faqs[:FAQS_PER_GROUP], more_faqs=len(faqs) > FAQS_PER_GROUP, **kwargs
        )
