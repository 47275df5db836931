"""Schema.org structured data (JSON-LD) that tells search engines who wrote, reviewed and published a page.

Each graph is plain Python data serialized by `to_json_ld`: `json.dumps`, then
`<`, `>` and `&` written as JSON unicode escapes, so no text an author typed
(a title containing `</script>`) can end the script element it sits in.
Every URL is absolute and built from `SITE_URL`.
"""

import json
from typing import NamedTuple

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from backpain.markdown import html_to_text
from backpain.renditions import renditions
from backpain.siteurl import absolute_url

SCHEMA_CONTEXT = "https://schema.org"

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class ShareImage(NamedTuple):
    """An image as social networks and search engines want it: absolute URL and size."""

    url: str
    width: int
    height: int
    alt: str = ""

    def as_schema(self):
        return {"@type": "ImageObject", "url": self.url, "width": self.width, "height": self.height}


class Breadcrumb(NamedTuple):
    name: str
    url: str


# Shipped in backpain/static/img/; tests check these sizes against the files.
DEFAULT_SHARE_IMAGE = ("img/share.png", 1200, 630)
LOGO_IMAGE = ("img/logo.png", 512, 512)


def _static_image(spec, alt=""):
    path, width, height = spec
    return ShareImage(absolute_url(static(path)), width, height, alt)


def share_image(image=None, alt=""):
    """The image to show when a page is shared: its own if it has one, else the site's."""
    # The dimensions come from the cached renditions, not from opening the file on every page view;
    # an unreadable or missing file gives None, and the site's image is shared instead.
    known = renditions(image.name, storage=image.storage) if image else None
    if known is not None:
        return ShareImage(absolute_url(image.url), known.width, known.height, alt)
    return _static_image(DEFAULT_SHARE_IMAGE, settings.SITE_NAME)


def to_json_ld(data):
    """Serialize `data` for a `<script type="application/ld+json">` element, safely."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _iso(moment):
    return moment.isoformat() if moment else None


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization():
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url(reverse("articles:home")),
        "logo": _static_image(LOGO_IMAGE).as_schema(),
    }


def person(author):
    return _without_empty(
        {
            "@type": "Person",
            "name": author.name,
            "jobTitle": author.credentials,
            "url": absolute_url(author.get_absolute_url()),
            "image": absolute_url(author.photo.url) if author.photo else None,
        }
    )


def citation(resource):
    """One of an article's resources, as schema.org cites it."""
    return _without_empty(
        {
            "@type": "CreativeWork",
            "name": resource.title,
            "url": resource.url,
            "publisher": {"@type": "Organization", "name": resource.publisher} if resource.publisher else None,
            "datePublished": str(resource.year) if resource.year else None,
        }
    )


def website():
    """The site itself, for the home page: gives search results the site's name."""
    url = absolute_url(reverse("articles:home"))
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": url,
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": organization(),
    }


def medical_web_page(article, topics, resources):
    """The article as a health page: authorship, medical review, subjects, sources."""
    url = absolute_url(article.get_absolute_url())
    reviewer = article.reviewed_by
    return _without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": article.title,
            "name": article.title,
            "alternativeHeadline": article.subtitle,
            "description": article.description,
            "inLanguage": settings.LANGUAGE_CODE,
            "datePublished": _iso(article.published_at),
            "dateModified": _iso(article.updated_at),
            "author": person(article.author),
            "reviewedBy": person(reviewer) if reviewer else None,
            "lastReviewed": _iso(article.last_reviewed) if reviewer else None,
            "publisher": organization(),
            "image": share_image(article.hero_image, article.hero_image_alt).as_schema(),
            "about": [
                {"@type": "Thing", "name": topic.name, "url": absolute_url(topic.get_absolute_url())}
                for topic in topics
            ],
            "timeRequired": f"PT{article.reading_minutes}M",
            "citation": [citation(resource) for resource in resources],
        }
    )


def faq_page(faqs, url):
    """Questions with plain-text answers; each question names its permalink."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "url": absolute_url(url),
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "url": absolute_url(faq.get_absolute_url()),
                "acceptedAnswer": {"@type": "Answer", "text": html_to_text(faq.answer_html)},
            }
            for faq in faqs
        ],
    }


def breadcrumb_list(breadcrumbs):
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": absolute_url(crumb.url)}
            for position, crumb in enumerate(breadcrumbs, start=1)
        ],
    }


def profile_page(author):
    url = absolute_url(author.get_absolute_url())
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ProfilePage",
        "@id": url,
        "url": url,
        "mainEntity": _without_empty({**person(author), "description": html_to_text(author.bio_html)}),
    }


def article_graphs(article, topics, faqs, resources, breadcrumbs):
    """Every graph of an article page, one JSON-LD script each."""
    graphs = [medical_web_page(article, topics, resources), breadcrumb_list(breadcrumbs)]
    if faqs:
        graphs.append(faq_page(faqs, article.get_absolute_url()))
    return graphs
