from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editors' workspace: plain-language help while writing, and the admin home page's dashboard."""

    name = "editorial"
    verbose_name = "Editorial"

    def ready(self):
        from django.conf import settings
        from django.contrib import admin
        from django.utils.translation import gettext_lazy as _

        admin.site.site_header = admin.site.site_title = settings.SITE_NAME
        admin.site.index_title = _("Editors' workspace")
        admin.site.index_template = "admin/editorial/index.html"
