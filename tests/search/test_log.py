"""What visitors searched for: aggregated per query and day, reported to editors."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from backpain.search import log
from backpain.search.log import LOG_RETENTION_DAYS
from backpain.search.models import SearchQueryDay
from tests.factories import FAQFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_searches_are_counted_per_normalised_query_and_day_without_visitor_data(client):
    FAQFactory(question="Is walking good for sciatica?")
    client.get("/faq/", {"q": "Sciatica"})
    client.get("/search/", {"q": "  sciatica "})
    client.get("/faq/", {"q": "sciatica", "page": "2"})
    client.get("/faq/", {"q": "zebra"})
    log.flush()
    rows = {row.query: row for row in SearchQueryDay.objects.all()}
    assert set(rows) == {"sciatica", "zebra"}
    assert (rows["sciatica"].searches, rows["sciatica"].results, rows["sciatica"].day) == (2, 1, timezone.localdate())
    assert (rows["zebra"].searches, rows["zebra"].results) == (1, 0)
    assert {field.name for field in SearchQueryDay._meta.fields} == {"id", "query", "day", "searches", "results"}
    assert "sessionid" not in client.cookies


def test_old_days_are_pruned_when_a_new_day_begins(client):
    old = SearchQueryDay.objects.create(
        query="old", day=timezone.localdate() - timedelta(days=LOG_RETENTION_DAYS + 1), searches=3
    )
    client.get("/search/", {"q": "new"})
    log.flush()
    assert not SearchQueryDay.objects.filter(pk=old.pk).exists()


def test_searches_are_written_together_not_one_write_per_search(client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    log.flush()
    for _ in range(3):
        client.get("/faq/", {"q": "coccyx"})
    assert not SearchQueryDay.objects.exists()
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    client.get("/faq/", {"q": "Coccyx"})  # the interval has passed: this search writes all four
    assert SearchQueryDay.objects.get(query="coccyx").searches == 4


def test_the_report_shows_this_process_latest_searches(client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    client.get("/faq/", {"q": "zebra"})
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_searchqueryday"))
    editor.save()
    client.force_login(editor)
    html = client.get("/admin/search/searchqueryday/").content.decode()
    assert "<td>zebra</td><td>1</td>" in html.split('id="zero-result-queries"')[1].split("</table>")[0]


def test_editors_see_top_zero_result_and_top_queries(client):
    today = timezone.localdate()
    SearchQueryDay.objects.create(query="zebra", day=today, searches=5, results=0)
    SearchQueryDay.objects.create(query="zebra", day=today - timedelta(days=1), searches=2, results=0)
    SearchQueryDay.objects.create(query="sciatica", day=today, searches=9, results=4)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_searchqueryday"))
    editor.save()
    client.force_login(editor)
    html = client.get("/admin/search/searchqueryday/").content.decode()
    zero_results = html.split('id="zero-result-queries"')[1].split("</table>")[0]
    top = html.split('id="top-queries"')[1].split("</table>")[0]
    assert "<td>zebra</td><td>7</td>" in zero_results and "sciatica" not in zero_results
    assert top.index("sciatica") < top.index("zebra")


def test_the_report_is_for_staff_only(client):
    user = UserFactory()
    user.save()
    client.force_login(user)
    assert client.get("/admin/search/searchqueryday/").status_code == 302
