from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search lives in the project package (it spans articles and FAQs); its label stays "search"."""

    name = "backpain.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from backpain.search import checks  # noqa: F401 (registers the check)
        from backpain.search.models import Synonym
        from backpain.writes import track

        # A synonym changes what searches find: the generation moves on, and the cached synonym table with it.
        track(Synonym, lambda write, changes: changes.add("synonyms", write.pks))
