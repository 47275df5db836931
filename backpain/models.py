"""Cross-cutting model helpers shared by the content apps."""

from django.db import models

from backpain.markdown import render_markdown


class RenderedMarkdownModel(models.Model):
    """Stores the HTML of each Markdown field at save time.

    `rendered_fields` maps a Markdown source field to the field holding its
    sanitized HTML, so page views never run the Markdown pipeline.
    """

    rendered_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render_markdown_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                target for source, target in self.rendered_fields.items() if source in update_fields
            }
        super().save(*args, **kwargs)

    def render_markdown_fields(self):
        for source, target in self.rendered_fields.items():
            setattr(self, target, render_markdown(getattr(self, source)))
