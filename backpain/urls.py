from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.static import serve

from backpain import editor
from backpain.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("backpain.health")),
    path("admin/", admin.site.urls),
    path("markdownx/markdownify/", editor.markdownify, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload, name="markdownx_upload"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("faq/", include("faq.urls")),
    path("search/", include("backpain.search.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(path(f"{media_prefix}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
