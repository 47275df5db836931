"""Print search relevance on a labelled set (MRR and recall@3 by kind, tuning and test halves).

    python manage.py evaluate_search                       # tests/search/labelled, SQLite
    DATABASE_URL=postgres://... python manage.py evaluate_search

Like `benchmark_search`, it works in a throw-away database, so real content is never touched.
"""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from backpain import generation
from backpain.search.evaluation import LABELLED_SET, create_faqs, evaluate, load_labelled_set, table


class Command(BaseCommand):
    help = "Search relevance (MRR, recall@3 by kind of query) on a labelled set, in a temporary database."

    def add_arguments(self, parser):
        parser.add_argument("--set", dest="folder", default=str(LABELLED_SET), help="Folder of faqs.json, queries.json")

    def handle(self, *args, folder, **options):
        faqs, queries = load_labelled_set(folder)
        creation = connection.creation
        with tempfile.TemporaryDirectory() as temporary:
            test_settings = connection.settings_dict.setdefault("TEST", {})
            test_settings["NAME"] = (
                str(Path(temporary) / "evaluate.sqlite3")
                if connection.vendor == "sqlite"
                else f"{connection.settings_dict['NAME']}_evaluate"
            )
            old_name = connection.settings_dict["NAME"]
            creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                create_faqs(faqs)
                figures = evaluate(queries)
            finally:
                generation.watcher.stop_listening()  # its connection would keep the database open
                creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(f"Search relevance on {connection.vendor}, {len(faqs)} FAQs, {len(queries)} queries")
        self.stdout.write(table(figures))
