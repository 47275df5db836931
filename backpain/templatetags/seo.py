"""Template helpers for the page head: absolute URLs, the canonical link, share images, JSON-LD."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale

from backpain import structured_data
from backpain.markdown import html_to_text
from backpain.siteurl import absolute_url

register = template.Library()


@register.filter
def absolute(url):
    """`{{ obj.get_absolute_url|absolute }}`: the URL on the public site, from SITE_URL."""
    return absolute_url(str(url))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address on the public site: the path, plus the page number past page 1.

    The query string is dropped (tracking parameters, filters), the host is
    always SITE_URL's. A page rendered ahead of any request (a stored article
    page) names its path as `canonical_path`.
    """
    url = absolute_url(context.get("canonical_path") or context["request"].path)
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        url = f"{url}?page={page_obj.number}"
    return url


@register.simple_tag
def share_image(image=None, alt=""):
    return structured_data.share_image(image, alt)


@register.filter
def json_ld(data):
    """A `<script type="application/ld+json">` element holding `data`, escaped so it cannot break out."""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(structured_data.to_json_ld(data)))


@register.simple_tag
def og_locale():
    """The active language as Open Graph writes it (`en_US`)."""
    return to_locale(get_language())


@register.filter
def plain_text(rendered_html):
    """Rendered Markdown as plain text (entities decoded), for meta descriptions."""
    return html_to_text(rendered_html)
