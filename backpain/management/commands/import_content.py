from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backpain.bundles import BundleError, bundle_import, load_bundle


class Command(BaseCommand):
    help = "Import a content bundle (JSON). All or nothing: a bundle with any problem changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the bundle; image paths in it are relative to its folder.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            summary = bundle_import(data=load_bundle(path), base_dir=path.resolve().parent)
        except BundleError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            count = len(error.problems)
            plural = "problem" if count == 1 else "problems"
            raise CommandError(f"{path}: not imported, {count} {plural}; nothing was changed.") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {path}: {summary}."))
