from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Source checks"

    def ready(self):
        from sources.links import source_links

        post_migrate.connect(source_links.after_migrate, sender=self, dispatch_uid="sources-list-links")
