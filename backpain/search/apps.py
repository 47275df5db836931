from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search lives in the project package (it spans articles and FAQs); its label stays "search"."""

    name = "backpain.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from backpain.search import signals  # noqa: F401  (connects the index to content changes)
