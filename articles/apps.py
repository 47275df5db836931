from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import related, stored_page
        from articles.effects import track_articles

        track_articles()
        post_migrate.connect(stored_page.refresh_outdated_pages, sender=self, dispatch_uid="articles-refresh-pages")
        post_migrate.connect(related.rank_all, sender=self, dispatch_uid="articles-rank-related")
