"""`python manage.py check_sources [--due]`: check every cited address now, or only those due (for a timer)."""

from django.core.management.base import BaseCommand

from sources.models import Source
from sources.tasks import check_and_store


class Command(BaseCommand):
    help = "Check the sources articles cite and store each answer. --due: only those not checked in 7 days."

    def add_arguments(self, parser):
        parser.add_argument("--due", action="store_true", help="Only sources not checked in the last 7 days.")

    def handle(self, *args, due=False, **options):
        sources = Source.objects.due() if due else Source.objects.all()
        counts = {}
        for source in sources.order_by("checked_at", "pk").iterator():
            state = check_and_store(source).state
            counts[state] = counts.get(state, 0) + 1
            if state in (Source.State.BROKEN, Source.State.REFUSED) and options["verbosity"] > 1:
                self.stdout.write(f"{state}: {source.url}")
        summary = ", ".join(f"{Source.State(state).label.lower()}: {n}" for state, n in sorted(counts.items()))
        self.stdout.write(f"{sum(counts.values())} sources checked" + (f" ({summary})." if summary else "."))
