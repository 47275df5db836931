"""The admin home page's panels: what needs an editor's attention today, each a count, a short list and a link.

Editors and Medical reviewers see reviews overdue and due soon, articles awaiting sign-off (once a workflow
provides them), broken sources, the least helpful pages of the last 30 days with their newest comments, and this
week's searches that found nothing. Authors see their drafts and what readers said about their articles. Every
panel costs a fixed number of queries, whatever the size of the site.

The sign-off panel is a hook: `settings.DASHBOARD_AWAITING_SIGN_OFF` names a callable `(user) -> (queryset of
articles, URL of the filtered list)`; without it the panel is not shown.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.models import Article
from articles.signoff import signoff_required
from backpain.search import log as search_log
from backpain.search.models import SearchQueryDay
from faq.models import FAQ
from feedback.admin import feedback_list_url, visible_feedback
from sources.admin import source_list_url
from sources.models import Source

LIST_SIZE = 5
SEARCH_DAYS = 7
COMMENTS_PER_PAGE = 2


@dataclass
class Item:
    text: str
    url: str = ""
    note: str = ""
    quotes: list = field(default_factory=list)


@dataclass
class Panel:
    key: str
    title: str
    explanation: str
    count: int
    items: list
    url: str
    link_text: str = _("See all")


def article_list_url(**filters):
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return reverse("admin:articles_article_changelist") + (f"?{query}" if query else "")


def _article_item(article, note=""):
    return Item(article.title, reverse("admin:articles_article_change", args=[article.pk]), note)


def _feedback_of(article_id, faq_id):
    """The feedback list of one article or FAQ."""
    if article_id:
        return feedback_list_url(article__id__exact=article_id)
    return feedback_list_url(faq__id__exact=faq_id)


def reviews_overdue():
    articles = Article.objects.published().review_overdue()
    oldest = articles.order_by("last_reviewed", "pk").only("pk", "title", "last_reviewed")[:LIST_SIZE]
    items = [
        _article_item(a, str(_("never reviewed")) if a.last_reviewed is None else str(a.review_due)) for a in oldest
    ]
    return Panel(
        "reviews-overdue",
        _("Reviews overdue"),
        _("Live articles never reviewed, or whose review is due."),
        articles.count(),
        items,
        article_list_url(state="live", review="overdue"),
    )


def reviews_due_soon():
    articles = Article.objects.published().review_due_soon()
    soonest = articles.order_by("last_reviewed", "pk").only("pk", "title", "last_reviewed")[:LIST_SIZE]
    return Panel(
        "reviews-due",
        _("Reviews due in the next 30 days"),
        _("Live articles to book a review for."),
        articles.count(),
        [_article_item(a, str(a.review_due)) for a in soonest],
        article_list_url(state="live", review="due"),
    )


def awaiting_sign_off(user):
    path = getattr(settings, "DASHBOARD_AWAITING_SIGN_OFF", None)
    if not path:
        return None
    articles, url = import_string(path)(user)
    waiting = articles.order_by("pk").only("pk", "title")[:LIST_SIZE]
    explanation = _("Articles waiting for a medical reviewer's or an editor's sign-off.")
    items = [_article_item(a) for a in waiting]
    return Panel("sign-off", _("Awaiting sign-off"), explanation, articles.count(), items, url)


def faqs_awaiting_sign_off():
    """Site-wide FAQs whose new or edited text waits for a medical reviewer (an article's FAQs wait with it)."""
    if not signoff_required():
        return None
    faqs = FAQ.objects.awaiting_signoff()
    waiting = faqs.order_by("pk").only("pk", "question")[:LIST_SIZE]
    items = [Item(faq.question, reverse("admin:faq_faq_change", args=[faq.pk])) for faq in waiting]
    return Panel(
        "faq-sign-off",
        _("FAQs awaiting sign-off"),
        _("Site-wide FAQs whose new or changed text a medical reviewer has not signed off yet."),
        faqs.count(),
        items,
        reverse("admin:faq_faq_changelist") + "?state=awaiting",
    )


def broken_sources():
    broken = Source.objects.broken()
    newest = broken.select_related("article").only("url", "status_code", "detail", "article__title")
    items = [
        Item(
            source.url,
            reverse("admin:articles_article_change", args=[source.article_id]),
            f"{source.status_code or source.detail} · {source.article.title}",
        )
        for source in newest.order_by("-checked_at", "pk")[:LIST_SIZE]
    ]
    return Panel(
        "broken-sources",
        _("Broken sources"),
        _("Cited addresses that answered an error or nothing."),
        broken.count(),
        items,
        source_list_url(state="broken"),
    )


def least_helpful(user, now):
    """Pages answered "No" in the last 30 days, least helpful first, each with its newest comments."""
    answers = visible_feedback(user)
    recent_no = answers.filter(created_at__gte=now - timedelta(days=30), helpful=False)
    pages = [row for row in answers.page_summaries(now) if row["answers_30"]][:LIST_SIZE]
    worst = [row for row in pages if row["helpful_30"] < row["answers_30"]]
    keys = Q(pk__in=[])
    for row in worst:
        keys |= Q(article=row["article"]) if row["article"] else Q(faq=row["faq"])
    comments = {}
    for answer in answers.commented().filter(keys).order_by("-created_at")[: LIST_SIZE * 4]:
        quotes = comments.setdefault((answer.article_id, answer.faq_id), [])
        if len(quotes) < COMMENTS_PER_PAGE:
            quotes.append(answer.comment)
    items = [
        Item(
            row["article__title"] or row["faq__question"],
            _feedback_of(row["article"], row["faq"]),
            f"{round(100 * row['share_30'])}% helpful of {row['answers_30']}",
            comments.get((row["article"], row["faq"]), []),
        )
        for row in worst
    ]
    count = recent_no.values("article", "faq").distinct().count()
    return Panel(
        "least-helpful",
        _("Least helpful pages, last 30 days"),
        _("Pages readers answered “No” about, with their newest comments."),
        count,
        items,
        feedback_list_url(helpful__exact=0),
    )


def searches_without_results(today):
    search_log.flush()  # this process's latest counts
    week = SearchQueryDay.objects.filter(day__gt=today - timedelta(days=SEARCH_DAYS)).values("query")
    empty = week.annotate(total=Sum("searches"), best=Max("results")).filter(best=0)
    top = empty.order_by("-total", "query")[:LIST_SIZE]
    items = [Item(row["query"], note=str(row["total"])) for row in top]
    return Panel(
        "searches",
        _("Searches that found nothing, this week"),
        _("What readers looked for and the site does not answer: topics to write about, or synonyms."),
        empty.count(),
        items,
        reverse("admin:search_searchqueryday_changelist"),
    )


def own_drafts(user):
    drafts = Article.objects.filter(status=Article.Status.DRAFT, author__user=user)
    newest = drafts.order_by("-updated_at", "-pk").only("pk", "title", "updated_at")[:LIST_SIZE]
    return Panel(
        "drafts",
        _("Your drafts"),
        _("Articles you are writing; an Editor publishes them."),
        drafts.count(),
        [_article_item(a) for a in newest],
        article_list_url(state="draft"),
    )


def readers_on_own_articles(user, now):
    answers = visible_feedback(user)
    newest = answers.commented().select_related("article", "faq").order_by("-created_at")[:LIST_SIZE]
    items = [
        Item(
            str(answer.page),
            _feedback_of(answer.article_id, answer.faq_id),
            _("Yes") if answer.helpful else _("No"),
            [answer.comment],
        )
        for answer in newest
    ]
    count = answers.filter(created_at__gte=now - timedelta(days=30)).count()
    return Panel(
        "readers",
        _("What readers said about your articles"),
        _("Answers in the last 30 days."),
        count,
        items,
        feedback_list_url(),
    )


def panels_for(user):
    """The panels this user's role needs, in the order they are shown (none for other staff)."""
    now = timezone.now()
    if roles.can_publish(user) or roles.can_review(user):
        found = [
            reviews_overdue(),
            reviews_due_soon(),
            awaiting_sign_off(user),
            faqs_awaiting_sign_off(),
            broken_sources(),
            least_helpful(user, now),
            searches_without_results(timezone.localdate()),
        ]
        return [panel for panel in found if panel is not None]
    if user.has_perm("articles.change_article"):
        return [own_drafts(user), readers_on_own_articles(user, now)]
    return []
