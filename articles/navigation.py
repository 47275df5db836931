"""Where an article sits on the site: its breadcrumb trail and its neighbours within its topic."""

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from backpain.compiled import CompiledQuery
from backpain.structured_data import Breadcrumb


def article_navigation(article, topics):
    """The article's main topic, breadcrumbs (Home > Topic > Article) and previous/next published article.

    The main topic is the first of its `topics` as the page lists them
    (alphabetical); the neighbours are the published articles of that topic
    published just before and just after this one. At most two queries.
    """
    topic = next(iter(topics), None)
    breadcrumbs = [Breadcrumb(_("Home"), reverse("articles:home"))]
    if topic is not None:
        breadcrumbs.append(Breadcrumb(topic.name, topic.get_absolute_url()))
        previous_article, next_article = neighbours(article, topic)
    else:
        previous_article = next_article = None
    breadcrumbs.append(Breadcrumb(article.title, article.get_absolute_url()))
    return {
        "main_topic": topic,
        "breadcrumbs": breadcrumbs,
        "previous_article": previous_article,
        "next_article": next_article,
    }


def neighbours(article, topic):
    """The published articles of `topic` just before and just after `article` (ties broken by primary key)."""
    if article.published_at is None:
        return None, None
    arguments = {"now": timezone.now(), "topic": topic.pk, "moment": article.published_at, "pk": article.pk}
    return tuple(
        Article(pk=rows[0][0], title=rows[0][1], slug=rows[0][2]) if rows else None
        for rows in (_PREVIOUS.rows(**arguments), _NEXT.rows(**arguments))
    )


def _previous(now, topic, moment, pk):
    earlier = Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk)
    topic_articles = Article.objects.published(now=now).filter(topics=topic)
    return topic_articles.filter(earlier).order_by("-published_at", "-pk").values_list("pk", "title", "slug")[:1]


def _next(now, topic, moment, pk):
    later = Q(published_at__gt=moment) | Q(published_at=moment, pk__gt=pk)
    topic_articles = Article.objects.published(now=now).filter(topics=topic)
    return topic_articles.filter(later).order_by("published_at", "pk").values_list("pk", "title", "slug")[:1]


_ARGUMENTS = {"now": datetime, "topic": int, "moment": datetime, "pk": int}
_PREVIOUS, _NEXT = CompiledQuery(_previous, **_ARGUMENTS), CompiledQuery(_next, **_ARGUMENTS)
