from django.core.management.base import BaseCommand

from backpain.bundles import bundle_export


class Command(BaseCommand):
    help = "Export every author, topic, article and FAQ as a content bundle (JSON), images in a folder beside it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the bundle, e.g. backup/site.json.")

    def handle(self, *args, file, **options):
        data = bundle_export(path=file)
        articles, faqs = len(data["articles"]), len(data["faqs"])
        self.stdout.write(self.style.SUCCESS(f"Exported {articles} articles and {faqs} site-wide FAQs to {file}."))
