from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import page_body

        post_migrate.connect(page_body.refresh_outdated_bodies, sender=self, dispatch_uid="articles-refresh-bodies")
