"""Where an article sits on the site: its breadcrumb trail and its neighbours within its topic."""

from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from backpain.structured_data import Breadcrumb


def article_navigation(article):
    """The article's main topic, breadcrumbs (Home > Topic > Article) and previous/next published article.

    The main topic is the first of its topics as the page lists them
    (alphabetical); the neighbours are the published articles of that topic
    published just before and just after this one. Needs `topics` prefetched;
    at most two queries.
    """
    topic = next(iter(article.topics.all()), None)
    breadcrumbs = [Breadcrumb(_("Home"), reverse("articles:home"))]
    if topic is not None:
        breadcrumbs.append(Breadcrumb(topic.name, topic.get_absolute_url()))
        previous_article, next_article = Article.objects.published().filter(topics=topic).neighbours(article)
    else:
        previous_article = next_article = None
    breadcrumbs.append(Breadcrumb(article.title, article.get_absolute_url()))
    return {
        "main_topic": topic,
        "breadcrumbs": breadcrumbs,
        "previous_article": previous_article,
        "next_article": next_article,
    }
