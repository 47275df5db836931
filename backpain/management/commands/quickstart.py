"""One command from a fresh clone to a running site with the demo content."""

import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_BUNDLE = Path(__file__).resolve().parents[2] / "demo" / "bundle.json"


class Command(BaseCommand):
    help = (
        "Prepare and serve the site: migrate, import the demo content, create an admin account "
        "if there is none, then run the development server."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Optional port or address:port.")
        parser.add_argument("--no-serve", action="store_true", help="Prepare everything, but do not start the server.")

    def handle(self, *args, addrport, no_serve, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        call_command("import_content", str(DEMO_BUNDLE), verbosity=verbosity)
        self._ensure_admin()
        if no_serve:
            self.stdout.write("Ready. Start the site with: python manage.py runserver")
            return
        call_command("runserver", addrport, use_reloader=False)

    def _ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already; leaving it alone.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.com")
        if password:
            User.objects.create_superuser(username=username, email=email, password=password)
            self.stdout.write(f"Created admin account '{username}' with the password from DJANGO_SUPERUSER_PASSWORD.")
        else:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email=email, password=password)
            self.stdout.write(self.style.WARNING(f"Created admin account '{username}' with password: {password}"))
            self.stdout.write("It is shown only this once; change it at /admin/password_change/.")
