import time

from django.core.management.base import BaseCommand

from backpain.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index (and its spelling vocabulary) from all FAQs and articles."

    def handle(self, *args, **options):
        started = time.perf_counter()
        total = rebuild_index()
        self.stdout.write(f"Indexed {total} documents in {time.perf_counter() - started:.1f} s.")
