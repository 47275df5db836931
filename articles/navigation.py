"""Where an article sits on the site: its breadcrumb trail and its neighbours within its main topic.

The main topic is the first of the article's topics as its page lists them (alphabetical). The trail is part of the
stored page; the neighbours change whenever another article of the topic goes live, so each view asks for them.
"""

from datetime import datetime

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleLink
from backpain.compiled import CompiledQuery
from backpain.structured_data import Breadcrumb


def breadcrumbs(article, main_topic):
    """Home > the article's main topic (if any) > the article."""
    trail = [Breadcrumb(_("Home"), reverse("articles:home"))]
    if main_topic is not None:
        trail.append(Breadcrumb(main_topic.name, main_topic.get_absolute_url()))
    trail.append(Breadcrumb(article.title, article.get_absolute_url()))
    return trail


def neighbours(article, topic):
    """The published articles of `topic` just before and just after `article` (ties broken by primary key).

    One small query, compiled once per process.
    """
    if topic is None or article.published_at is None:
        return None, None
    arguments = {"now": timezone.now(), "topic": topic.pk, "moment": article.published_at, "pk": article.pk}
    previous_article = next_article = None
    for pk, title, slug, published_at in _NEIGHBOURS.rows(**arguments):
        if (published_at, pk) < (article.published_at, article.pk):
            previous_article = ArticleLink(pk, title, slug)
        else:
            next_article = ArticleLink(pk, title, slug)
    return previous_article, next_article


def _neighbours(now, topic, moment, pk):
    """Both neighbours in one round trip: the articles whose key is the previous one's or the next one's."""
    topic_articles = Article.objects.published(now=now).filter(topics=topic)
    # Bounds on `published_at` itself, not an OR: the (status, published_at, id) index starts at the article and
    # reads on until the first of its topic, instead of scanning everything published since.
    earlier = Q(published_at__lte=moment) & ~Q(published_at=moment, pk__gte=pk)
    later = Q(published_at__gte=moment) & ~Q(published_at=moment, pk__lte=pk)
    previous = topic_articles.filter(earlier).order_by("-published_at", "-pk").values("pk")[:1]
    following = topic_articles.filter(later).order_by("published_at", "pk").values("pk")[:1]
    either = Article.objects.filter(Q(pk=Subquery(previous)) | Q(pk=Subquery(following)))
    return either.order_by().values_list("pk", "title", "slug", "published_at")


_NEIGHBOURS = CompiledQuery(_neighbours, now=datetime, topic=int, moment=datetime, pk=int)
