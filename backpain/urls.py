from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import Http404
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.static import serve

from articles import urls as articles_urls
from backpain import editor, feeds
from backpain.search.views import SearchableFAQListView
from backpain.sitemaps import SITEMAPS
from editorial import views as editorial_views
from faq import urls as faq_urls

# Feeds and the FAQ page's search sit above the content apps (the import contracts in pyproject.toml), so their
# URLs are added here, each in its content app's namespace: `articles:feed`, `faq:list`.
articles_pages = [
    *articles_urls.urlpatterns,
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
]
faq_pages = [path("", SearchableFAQListView.as_view(), name="list"), *faq_urls.urlpatterns]

urlpatterns = [
    path("", include("backpain.health")),
    path("admin/", admin.site.urls),
    path("markdownx/markdownify/", editor.markdownify, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload, name="markdownx_upload"),
    path("markdownx/writing-help/", editorial_views.writing_help, name="writing_help"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("faq/", include((faq_pages, faq_urls.app_name))),
    path("search/", include("backpain.search.urls")),
    path("feedback/", include("feedback.urls")),
    path("", include((articles_pages, articles_urls.app_name))),
]


def serve_media(request, path):
    """Django's own file view, a name the file system refuses (too long, say) being a 404 like any missing file."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404("No such file.") from error


if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(path(f"{media_prefix}/<path:path>", serve_media))
