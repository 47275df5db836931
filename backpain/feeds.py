"""RSS and Atom feeds of the newest published articles, site-wide and per topic.

Django's syndication framework puts the request's Host in front of any
relative link; every link here is already absolute (from SITE_URL), which it
leaves alone, so a forged Host header never reaches a feed reader.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, Topic
from backpain.siteurl import absolute_url

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """The newest published articles, RSS 2.0."""

    url_name = "articles:feed"

    def title(self):
        return _("%(site)s: latest articles") % {"site": settings.SITE_NAME}

    def description(self):
        return _("New and updated articles about back pain, written by specialists and medically reviewed.")

    def link(self):
        return absolute_url(reverse("articles:home"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self):
        return Article.objects.published().for_cards()[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        """The description is plain text, but feeds declare descriptions as HTML: escape it."""
        return escape(article.description)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_author_name(self, article):
        return article.author.name

    def item_author_link(self, article):
        return absolute_url(article.author.get_absolute_url())

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:feed-atom"

    def subtitle(self):
        return self.description()


class TopicFeed(LatestArticlesFeed):
    """The newest published articles on one topic, RSS 2.0."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return _("%(site)s: %(topic)s") % {"site": settings.SITE_NAME, "topic": topic.name}

    def description(self, topic):
        return _("The latest articles about %(topic)s.") % {"topic": topic.name}

    def link(self, topic):
        return absolute_url(topic.get_absolute_url())

    def feed_url(self, topic):
        return absolute_url(reverse("articles:topic-feed", kwargs={"slug": topic.slug}))

    def items(self, topic):
        return Article.objects.published().filter(topics=topic).for_cards()[:FEED_SIZE]
