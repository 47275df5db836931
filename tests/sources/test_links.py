"""Every address an article cites is listed and queued for a check once its save has committed."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sources.models import Source
from tests.factories import ArticleFactory, ResourceFactory, SectionFactory

pytestmark = pytest.mark.django_db


def queued_ids():
    return sorted(result.args_kwargs["args"][0] for result in DBTaskResult.objects.all())


def test_a_saved_source_is_queued_for_a_check_after_commit(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ResourceFactory(article=article, title="Sciatica review", url="https://example.org/review")
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    source = Source.objects.get()
    assert (source.article, source.url, source.place, source.label) == (
        article, "https://example.org/review", "resource", "Sciatica review"
    )  # fmt: skip
    assert source.state == Source.State.UNCHECKED
    assert len(callbacks) >= 1
    assert queued_ids() == [source.pk]


def test_a_rolled_back_save_queues_nothing(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        ResourceFactory(article=article, url="https://example.org/never")
        raise RuntimeError("the save fails")
    assert not Source.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_links_in_the_text_are_sources_too_but_not_links_to_the_site_itself(settings):
    settings.SITE_URL = "https://backpain.example"
    article = ArticleFactory(
        intro="See [the trial](https://trials.example/123) and [ours](https://backpain.example/x)."
    )
    SectionFactory(article=article, body="A [guideline](https://www.nice.example/ng59?x=1&amp;y=2).")
    urls = set(Source.objects.filter(article=article).values_list("url", "place"))
    assert urls == {("https://trials.example/123", "text"), ("https://www.nice.example/ng59?x=1&y=2", "text")}


def test_a_source_that_stays_keeps_its_last_check_and_a_changed_address_is_checked_anew():
    article = ArticleFactory()
    kept = ResourceFactory(article=article, url="https://example.org/kept")
    changed = ResourceFactory(article=article, url="https://example.org/old")
    Source.objects.filter(url="https://example.org/kept").update(state=Source.State.OK, checked_at=timezone.now())
    changed.url = "https://example.org/new"
    changed.save()
    kept.title = "Renamed"
    kept.save()
    rows = {row.url: row for row in Source.objects.filter(article=article)}
    assert set(rows) == {"https://example.org/kept", "https://example.org/new"}
    assert rows["https://example.org/kept"].state == Source.State.OK
    assert rows["https://example.org/kept"].label == "Renamed"
    assert rows["https://example.org/new"].state == Source.State.UNCHECKED


def test_rebuild_derived_check_stays_clean_and_repairs_missing_rows():
    article = ArticleFactory()
    ResourceFactory(article=article, url="https://example.org/a")
    call_command("rebuild_derived", "--check", verbosity=0)
    Source.objects.all().delete()
    with pytest.raises(CommandError, match="1 derived values differ"):
        call_command("rebuild_derived", "--check", verbosity=0)
    call_command("rebuild_derived", verbosity=0)
    assert Source.objects.filter(article=article, url="https://example.org/a").exists()


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its database connection
def test_the_worker_runs_queued_checks_against_a_real_server(local_web, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ResourceFactory(article=article, url=local_web + "/moved")
        ResourceFactory(article=article, url=local_web + "/gone")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    rows = {row.url.removeprefix(local_web): row for row in Source.objects.all()}
    assert (rows["/moved"].state, rows["/moved"].status_code, rows["/moved"].final_url) == (
        "redirected", 200, local_web + "/ok"
    )  # fmt: skip
    assert (rows["/gone"].state, rows["/gone"].status_code) == ("broken", 410)
    assert all(row.checked_at for row in rows.values())


def test_check_sources_due_checks_only_what_was_not_checked_this_week(local_web):
    article = ArticleFactory()
    for path in ["/ok", "/error", "/missing"]:
        ResourceFactory(article=article, url=local_web + path)
    recently, long_ago = timezone.now() - timedelta(days=2), timezone.now() - timedelta(days=8)
    Source.objects.filter(url=local_web + "/ok").update(state="ok", checked_at=recently)
    Source.objects.filter(url=local_web + "/error").update(state="ok", checked_at=long_ago)
    call_command("check_sources", "--due", verbosity=0)
    states = dict(Source.objects.values_list("url", "state"))
    assert states[local_web + "/error"] == "broken"
    assert states[local_web + "/missing"] == "broken"
    assert Source.objects.get(url=local_web + "/ok").checked_at == recently
    call_command("check_sources", verbosity=0)
    assert Source.objects.get(url=local_web + "/ok").checked_at > recently


def test_the_first_migrate_lists_the_sources_of_articles_written_before_the_app(django_capture_on_commit_callbacks):
    from sources.links import source_links

    ResourceFactory(url="https://example.org/older")
    Source.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        source_links.after_migrate()
    assert Source.objects.filter(url="https://example.org/older").exists()
    assert len(queued_ids()) == 1
