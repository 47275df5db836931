"""Responsive renditions of uploaded images: a few widths, in WebP and a fallback format.

Renditions are made with Pillow the first time a page needs them, stored
next to the media (under `renditions/`) and remembered in the cache, so a
page view after the first costs one cache read. Uploaded images have unique
names (random, or a content digest for imported ones), so a rendition never
needs invalidating: a new image is a new name.
"""

import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

RENDITION_WIDTHS = (160, 320, 640, 960, 1280)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
CACHE_PREFIX = "rendition:v1:"


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


def renditions(image_file, widths=RENDITION_WIDTHS):
    """The renditions of a stored image (a FieldFile), made on first use. None if it cannot be read."""
    key = f"{CACHE_PREFIX}{image_file.name}:{','.join(map(str, widths))}"
    result = cache.get(key)
    if result is None:
        try:
            result = _make_renditions(image_file, widths)
        except (OSError, ValueError, Image.DecompressionBombError):
            return None
        cache.set(key, result, timeout=None)
    return result


def _make_renditions(image_file, widths):
    storage = image_file.storage
    with storage.open(image_file.name, "rb") as stored, Image.open(stored) as original:
        original.load()
        image = ImageOps.exif_transpose(original)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    fallback_format, fallback_extension = ("PNG", "png") if has_alpha else ("JPEG", "jpg")
    targets = sorted({width for width in widths if width < image.width} | {min(image.width, max(widths))})
    result = RenditionSet(width=image.width, height=image.height)
    path = PurePosixPath(image_file.name)
    for width in targets:
        resized = None
        for image_format, extension, sources in (
            ("WEBP", "webp", result.webp),
            (fallback_format, fallback_extension, result.fallback),
        ):
            name = f"renditions/{path.parent}/{path.stem}-{width}w.{extension}"
            if not storage.exists(name):
                if resized is None:
                    height = round(image.height * width / image.width)
                    resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
                buffer = io.BytesIO()
                quality = WEBP_QUALITY if image_format == "WEBP" else JPEG_QUALITY
                resized.save(buffer, format=image_format, quality=quality, optimize=True)
                name = storage.save(name, ContentFile(buffer.getvalue()))
            sources.append((storage.url(name), width))
    return result
