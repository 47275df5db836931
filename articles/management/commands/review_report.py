"""List published articles whose medical review is overdue, oldest review first."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = (
        "List published articles (live or scheduled) never reviewed or last reviewed more than "
        "REVIEW_INTERVAL_MONTHS ago. With --fail, exits with status 1 when there are any, so a scheduler can alert."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fail", action="store_true", help="Exit with status 1 when an article is overdue.")

    def handle(self, *args, fail, **options):
        overdue = (
            Article.objects.filter(status=Article.Status.PUBLISHED)
            .review_overdue()
            .select_related("author", "reviewed_by")
            .order_by("last_reviewed", "title")
        )
        months = settings.REVIEW_INTERVAL_MONTHS
        if not overdue:
            self.stdout.write(
                self.style.SUCCESS(f"No published article is overdue for review ({months}-month interval).")
            )
            return
        self.stdout.write(f"{len(overdue)} published article(s) overdue for medical review ({months}-month interval):")
        for article in overdue:
            reviewed = article.last_reviewed.isoformat() if article.last_reviewed else "never"
            reviewer = f" by {article.reviewed_by.name}" if article.reviewed_by else ""
            due = article.review_due.isoformat() if article.review_due else "now"
            self.stdout.write(
                f"- {article.title} [{article.state}] {settings.SITE_URL}{article.get_absolute_url()}\n"
                f"  last reviewed {reviewed}{reviewer}, due {due}; author {article.author.name}"
            )
        if fail:
            raise SystemExit(1)
