"""Responsive renditions of uploaded images: a few widths, in WebP and a fallback format.

Renditions are made with Pillow the first time they are needed, stored next
to the media (under `renditions/`) and remembered in the cache, so a page
view after the first costs one cache read per image (or, with the cache
down, a look at the stored files). Uploaded images have
unique names (random, or a content digest for imported ones), so a
rendition never needs invalidating: a new image is a new name.

Two places use them: the `{% responsive_image %}` tag (hero images, author
photos) and `responsive_media_images`, which the Markdown pipeline runs on
images uploaded through the editor, so body images get them too.
"""

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.html import format_html
from markdownx.settings import MARKDOWNX_MEDIA_PATH
from PIL import Image, ImageOps

from backpain import sharedcache

RENDITION_WIDTHS = (160, 320, 640, 960, 1280)
# The article column: 42rem wide, the full width of the screen less its margins on a phone.
ARTICLE_IMAGE_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
WEBP_QUALITY = 80
JPEG_QUALITY = 82
CACHE_PREFIX = "rendition:v1:"

_IMG_TAG = re.compile(r"<img\s[^>]*>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')


@dataclass
class RenditionSet:
    width: int
    height: int
    webp: list[tuple[str, int]] = field(default_factory=list)
    fallback: list[tuple[str, int]] = field(default_factory=list)

    @property
    def fallback_url(self):
        return self.fallback[-1][0]

    @staticmethod
    def srcset(sources):
        return ", ".join(f"{url} {width}w" for url, width in sources)


def renditions(name, widths=RENDITION_WIDTHS, storage=None):
    """The renditions of a stored image, made on first use; None if it cannot be read."""
    key = f"{CACHE_PREFIX}{name}:{','.join(map(str, widths))}"
    result = sharedcache.get(key)
    if result is None:
        try:
            result = _make_renditions(name, widths, storage or default_storage)
        except (OSError, ValueError, Image.DecompressionBombError, SuspiciousFileOperation):
            return None
        sharedcache.set(key, result, timeout=None)
    return result


def picture_html(images, *, alt, sizes, width=None, height=None, css_class="", loading="lazy"):
    """A <picture> with a WebP source and a fallback <img>, its width and height set against layout shift.

    `width` (CSS pixels) defaults to the image's own; `height` follows the proportions unless given.
    """
    width = int(width) if width else images.width
    height = int(height) if height else round(images.height * width / images.width)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} loading="{}" decoding="async">'
        "</picture>",
        images.srcset(images.webp), sizes, images.fallback_url, images.srcset(images.fallback), sizes,
        width, height, alt, format_html(' class="{}"', css_class) if css_class else "", loading,
    )  # fmt: skip


def responsive_media_images(rendered_html):
    """Replace each editor-uploaded <img> in sanitized HTML with its responsive <picture>.

    Runs after sanitizing: only images under MEDIA_URL/markdownx/ are touched,
    and everything written comes from storage URLs and escaped attributes.
    """
    prefix = f"{settings.MEDIA_URL}{MARKDOWNX_MEDIA_PATH}"

    def replace(match):
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(0))}
        src = attributes.get("src", "")
        if not src.startswith(prefix):
            return match.group(0)
        images = renditions(src.removeprefix(settings.MEDIA_URL))
        if images is None:
            return match.group(0)
        return picture_html(images, alt=attributes.get("alt", ""), sizes=ARTICLE_IMAGE_SIZES)

    return _IMG_TAG.sub(replace, rendered_html)


def _make_renditions(name, widths, storage):
    with storage.open(name, "rb") as stored, Image.open(stored) as original:
        original.load()
        image = ImageOps.exif_transpose(original)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    fallback_format, fallback_extension = ("PNG", "png") if has_alpha else ("JPEG", "jpg")
    targets = sorted({width for width in widths if width < image.width} | {min(image.width, max(widths))})
    result = RenditionSet(width=image.width, height=image.height)
    path = PurePosixPath(name)
    for width in targets:
        resized = None
        for image_format, extension, sources in (
            ("WEBP", "webp", result.webp),
            (fallback_format, fallback_extension, result.fallback),
        ):
            rendition_name = f"renditions/{path.parent}/{path.stem}-{width}w.{extension}"
            if not storage.exists(rendition_name):
                if resized is None:
                    height = round(image.height * width / image.width)
                    resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
                buffer = io.BytesIO()
                quality = WEBP_QUALITY if image_format == "WEBP" else JPEG_QUALITY
                resized.save(buffer, format=image_format, quality=quality, optimize=True)
                rendition_name = storage.save(rendition_name, ContentFile(buffer.getvalue()))
            sources.append((storage.url(rendition_name), width))
    return result
