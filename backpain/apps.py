from django.apps import AppConfig


class BackpainConfig(AppConfig):
    """The project package is an app too, for its management commands and template tags."""

    name = "backpain"
    verbose_name = "Backpain"

    def ready(self):
        from backpain import pagecache

        pagecache.connect_signals()
