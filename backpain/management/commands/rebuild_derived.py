"""`python manage.py rebuild_derived [--check]`: everything derived from the content, recomputed from it."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backpain.writes import derivers


class Command(BaseCommand):
    help = (
        "Recompute every derived store (Markdown HTML, article pages, sidebar rankings, the search index, the "
        "page-cache generation) from the content tables, as after raw SQL. With --check, change nothing: print "
        "each difference and exit 1 if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report differences; exit 1 if any.")

    def handle(self, *args, check=False, **options):
        differences = []
        with transaction.atomic():
            for deriver in derivers():
                found = deriver.rebuild(check=check)
                differences += found
                for store, item, detail in found:
                    self.stdout.write(f"{store}: {item}: {detail}")
            if check:
                transaction.set_rollback(True)  # a check writes nothing, whatever a deriver did
        if check and differences:
            raise CommandError(f"{len(differences)} derived values differ from the content.", returncode=1)
        verb = "differ" if check else "were repaired"
        self.stdout.write(f"{len(differences)} derived values {verb}.")
