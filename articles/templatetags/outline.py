"""The article's outline (table of contents and nested sections) built in Python.

One `{% include %}` per section made the outline the slowest part of an uncached article page; building the same
HTML here, escaped the same way, costs a fraction of it.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


def _toc(sections):
    items = "".join(
        f'<li><a href="#{conditional_escape(section.anchor)}">{conditional_escape(section.heading)}</a>'
        f"{_toc(section.children) if section.children else ''}</li>"
        for section in sections
    )
    return f"<ol>{items}</ol>"


def _section(section):
    level = int(section.level)
    anchor = conditional_escape(section.anchor)
    body = f'<div class="prose">{section.body_html}</div>' if section.body_html else ""
    children = "".join(_section(child) for child in section.children)
    return (
        f'<section class="article-section level-{level}" aria-labelledby="{anchor}">'
        f'<h{level} id="{anchor}">{conditional_escape(section.heading)}</h{level}>{body}{children}</section>'
    )


@register.simple_tag
def outline_toc(sections):
    """The nested `<ol>` of links to each section of a `build_outline()` tree."""
    return mark_safe(_toc(sections))


@register.simple_tag
def outline_sections(sections):
    """Each section of a `build_outline()` tree as nested `<section>`s; `body_html` is already sanitized."""
    return mark_safe("".join(_section(section) for section in sections))
