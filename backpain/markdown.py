"""The one Markdown pipeline: Python-Markdown to HTML, then nh3 to make it safe.

Every Markdown field is rendered through `render_markdown` when it is saved,
and django-markdownx's live preview calls the same function, so what an
author previews is byte for byte what a visitor reads. Images uploaded
through the editor become responsive <picture>s after sanitizing.
"""

import html
import re

import markdown
import nh3

from backpain.care_cards import CareCardExtension, allowed_classes
from backpain.renditions import responsive_media_images

ALLOWED_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
}

# Relative URLs (our own pages, uploaded images) are always allowed by nh3;
# of absolute ones only these schemes survive: no javascript:, no data:.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty", "admonition"]

_TAG = re.compile(r"<[^>]+>")
# Inline tags sit inside a sentence ("**not**."): removed without a space, so no "not ." appears.
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|q|s|small|strong|sub|sup)\b[^>]*>")
_SPACE = re.compile(r"\s+")


def render_markdown(text):
    """Render author Markdown to sanitized HTML, safe to mark safe in a template."""
    if not text:
        return ""
    extensions = [*MARKDOWN_EXTENSIONS, CareCardExtension()]
    raw_html = markdown.markdown(text, extensions=extensions, output_format="html")
    safe_html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=allowed_classes(),
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return responsive_media_images(safe_html)


def html_to_text(rendered_html):
    """Plain text of rendered HTML, for word counts, snippets and structured data."""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", rendered_html))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def count_words(rendered_html):
    return len(html_to_text(rendered_html).split())
