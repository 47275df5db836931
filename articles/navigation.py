"""Where an article sits on the site: its breadcrumb trail and its neighbours within its main topic.

The main topic is the first of the article's topics as its page lists them (alphabetical). The trail is part of the
stored page; the neighbours change whenever another article of the topic goes live, so each view asks for them.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import reads
from articles.models import ArticleLink
from backpain.structured_data import Breadcrumb


def breadcrumbs(article, main_topic):
    """Home > the article's main topic (if any) > the article."""
    trail = [Breadcrumb(_("Home"), reverse("articles:home"))]
    if main_topic is not None:
        trail.append(Breadcrumb(main_topic.name, main_topic.get_absolute_url()))
    trail.append(Breadcrumb(article.title, article.get_absolute_url()))
    return trail


def neighbours(article, topic):
    """The published articles of `topic` just before and just after `article` (ties broken by primary key)."""
    if topic is None or article.published_at is None:
        return None, None
    found = {bool(is_next): ArticleLink(pk, title, slug) for is_next, pk, title, slug in
             reads.neighbours(timezone.now(), topic.pk, article.published_at, article.pk)}  # fmt: skip
    return found.get(False), found.get(True)
