"""Deriver: the addresses each article cites, kept in `Source` rows, and each new one queued for a check.

An article cites its resources' URLs and the absolute web links in its introduction, sections and conclusion
(links to the site itself are not sources). Rows of addresses an article no longer cites go, with their results;
a row that stays keeps its last check. New rows are queued for a check once the batch's transaction commits, so a
rolled-back save queues nothing and a page view never waits for a check.
"""

import html
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from articles.models import Article
from sources.models import URL_LENGTH, Source
from sources.tasks import check_source

_HREF = re.compile(r"""<a\s[^>]*?href=["'](https?://[^"']+)["']""", re.I)


def _own_host():
    return urlsplit(settings.SITE_URL).netloc.lower()


def _links_in(fragment):
    own = _own_host()
    for match in _HREF.finditer(fragment or ""):
        url = html.unescape(match.group(1)).strip()
        if len(url) <= URL_LENGTH and urlsplit(url).netloc.lower() != own:
            yield url


def cited(article_ids):
    """{article pk: {url: (place, label)}} of these articles, as their rows say now."""
    found = {}
    articles = Article.objects.filter(pk__in=article_ids).prefetch_related("resources", "sections")
    for article in articles.only("pk", "intro_html", "conclusion_html"):
        urls = found.setdefault(article.pk, {})
        for resource in article.resources.all():
            if resource.url:
                urls.setdefault(resource.url, (Source.Place.RESOURCE, resource.title[:500]))
        fragments = [article.intro_html, *(section.body_html for section in article.sections.all())]
        for url in _links_in("".join([*fragments, article.conclusion_html])):
            urls.setdefault(url, (Source.Place.TEXT, ""))
    return found


def sync(article_ids, fix=True):
    """Make the `Source` rows of these articles what they cite; queue new ones. Returns the differences found."""
    wanted = cited(article_ids)
    stored = {(row.article_id, row.url): row for row in Source.objects.filter(article__in=article_ids)}
    differences, new, changed = [], [], []
    for article, urls in wanted.items():
        for url, (place, label) in urls.items():
            row = stored.pop((article, url), None)
            if row is None:
                differences.append(("source", f"article {article}", f"missing {url}"))
                new.append(Source(article_id=article, url=url, place=place, label=label))
            elif (row.place, row.label) != (place, label):
                differences.append(("source", f"article {article}", f"place or label of {url}"))
                row.place, row.label = place, label
                changed.append(row)
    differences += [("source", f"article {article}", f"no longer cited: {url}") for article, url in stored]
    if fix:
        Source.objects.filter(pk__in=[row.pk for row in stored.values()]).delete()
        Source.objects.bulk_update(changed, ["place", "label"])
        created = Source.objects.bulk_create(new)
        queue_checks(row.pk for row in created)
    return differences


def queue_checks(source_ids):
    """Queue a check of each of these sources once the current transaction has committed."""
    ids = list(source_ids)
    if ids:
        transaction.on_commit(lambda: [check_source.enqueue(pk) for pk in ids])


class SourceLinks:
    name = "sources"

    def derive(self, changes):
        if changes["pages"]:
            sync(changes["pages"])

    def rebuild(self, check):
        return sync(set(Article.objects.values_list("pk", flat=True)), fix=not check)

    def after_migrate(self, **kwargs):
        """After the first `migrate` with this app: articles written before it get their rows (and checks).

        Later deploys skip it; `rebuild_derived` repairs any difference.
        """
        if not Source.objects.exists():
            with transaction.atomic():
                self.rebuild(check=False)


source_links = SourceLinks()
