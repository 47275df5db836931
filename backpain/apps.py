from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BackpainConfig(AppConfig):
    """The project package is an app too, for its management commands, template tags and the content generation."""

    name = "backpain"
    verbose_name = "Backpain"

    def ready(self):
        from backpain import security  # noqa: F401 (registers its system check)

        post_migrate.connect(_code_changed, dispatch_uid="backpain-generation-after-migrate")


def _code_changed(**kwargs):
    """After `migrate` (every deploy), pages cached by the old code are stale too."""
    from backpain.generation import generation_deriver

    generation_deriver.derive(None)
