"""Cross-cutting models: Markdown fields stored with their HTML, and the content generation.

The first of the derivers (`settings.DERIVERS`) lives here: rows written without `save()` (QuerySet updates, bulk
inserts, raw saves by fixtures and revision restores) get their HTML rendered from their Markdown.
"""

from django.apps import apps
from django.db import models

from backpain.markdown import render_markdown


class RenderedMarkdownModel(models.Model):
    """Stores the HTML of each Markdown field with it.

    `rendered_fields` maps a Markdown source field to the field holding its sanitized HTML, so page views never run
    the Markdown pipeline. `save()` renders them; every other write is rendered by `markdown_html` at its batch's end.
    """

    rendered_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render_markdown_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | set(self.derived_from_markdown(update_fields))
        super().save(*args, **kwargs)

    def render_markdown_fields(self):
        for name, value in self.row_derivations({name: getattr(self, name) for name in self.row_sources()}).items():
            setattr(self, name, value)

    @classmethod
    def derived_from_markdown(cls, fields):
        """The stored fields derived from these source fields."""
        return {target for source, target in cls.rendered_fields.items() if source in fields}

    @classmethod
    def row_derivations(cls, values):
        """{field: value} of what this row derives from its own `values` (a dict of its fields)."""
        return {target: render_markdown(values[source]) for source, target in cls.rendered_fields.items()}

    @classmethod
    def row_sources(cls):
        """The fields `row_derivations` reads."""
        return tuple(cls.rendered_fields)

    @classmethod
    def row_targets(cls):
        """The fields `row_derivations` writes."""
        return tuple(cls.rendered_fields.values())


def note_stale_markdown(write, changes):
    """For an effects table: record the rows of `write` whose stored HTML may now differ from their Markdown."""
    model = write.model
    if write.when != "after" or not getattr(model, "rendered_fields", None):
        return
    sources_written = write.fields is not None and set(write.fields) & set(model.row_sources())
    if write.kind in ("raw_save", "bulk_create") or (write.kind in ("update", "bulk_update") and sources_written):
        changes.add(("markdown", model), write.pks)


class MarkdownHTML:
    """Deriver: render again the HTML of rows written without `save()`."""

    name = "Markdown HTML"

    def derive(self, changes):
        for mark, pks in list(changes.marks.items()):
            if isinstance(mark, tuple) and mark[0] == "markdown":
                self._store(mark[1], pks, fix=True)

    def rebuild(self, check):
        differences = []
        for model in apps.get_models():
            if issubclass(model, RenderedMarkdownModel):
                differences += self._store(model, None, fix=not check)
        return differences

    def _store(self, model, pks, fix):
        rows = model._base_manager.order_by("pk")
        if pks is not None:
            rows = rows.filter(pk__in=pks)
        differences = []
        derived = model.row_derivations
        for values in rows.values("pk", *model.row_sources(), *model.row_targets()):
            changed = {name: value for name, value in derived(values).items() if values.get(name) != value}
            if changed:
                differences.append((self.name, f"{model._meta.label} {values['pk']}", ", ".join(sorted(changed))))
                if fix:
                    model._base_manager.filter(pk=values["pk"]).update(**changed)
        return differences


markdown_html = MarkdownHTML()


class ContentGeneration(models.Model):
    """One row whose number grows with every batch of content writes, in that batch's transaction.

    Cached pages are stamped with it (`backpain/pagecache.py`): the database decides whether a cached page is
    current, so a cache that was down, flushed or restored from an old snapshot can never serve an old page.
    """

    generation = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.generation)
