"""What /sitemap.xml lists: every public page worth indexing, and nothing unpublished.

django.contrib.sitemaps takes the domain from the sites framework (not
installed here) or from the request's Host header. `SiteUrlSitemap` takes
protocol and domain from SITE_URL instead, whatever the request says.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from articles.models import Article, ArticleQuerySet, Author, Topic
from backpain.siteurl import site_domain, site_protocol
from faq.models import FAQ


class SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


class PageSitemap(SiteUrlSitemap):
    """The fixed pages: home and the FAQ index."""

    def items(self):
        return ["articles:home", "faq:list"]

    def location(self, name):
        return reverse(name)


class ArticleSitemap(SiteUrlSitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, article):
        return article.updated_at


class TopicSitemap(SiteUrlSitemap):
    """Every topic page; last modified when its newest published article was."""

    def items(self):
        return Topic.objects.annotate(
            last_article_update=Max("articles__updated_at", filter=ArticleQuerySet.published_q("articles__"))
        ).order_by("name")

    def lastmod(self, topic):
        return topic.last_article_update


class AuthorSitemap(SiteUrlSitemap):
    """Authors and reviewers of at least one published article; other profiles are empty pages."""

    def items(self):
        published = Article.objects.published()
        return Author.objects.filter(
            Q(pk__in=published.values("author")) | Q(pk__in=published.values("reviewed_by"))
        ).order_by("name", "pk")


class FAQSitemap(SiteUrlSitemap):
    def items(self):
        return FAQ.objects.published().only("slug", "updated_at").order_by("position", "pk")

    def lastmod(self, faq):
        return faq.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "faqs": FAQSitemap,
}
