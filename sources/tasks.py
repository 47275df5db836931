"""The background task: check one source and store what it answered (run by a django-tasks worker)."""

from django.utils import timezone
from django_tasks import task

from sources.checker import check_url
from sources.models import Source


def check_and_store(source):
    outcome = check_url(source.url)
    fields = {
        "state": outcome.state,
        "status_code": outcome.status_code,
        "final_url": outcome.final_url,
        "detail": outcome.detail,
        "checked_at": timezone.now(),
    }
    Source.objects.filter(pk=source.pk).update(**fields)
    return outcome


@task()
def check_source(source_id):
    """The source may have gone since it was queued (its article edited again): then there is nothing to do."""
    source = Source.objects.filter(pk=source_id).first()
    return None if source is None else check_and_store(source).state
