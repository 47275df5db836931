"""Uploaded images, made safe before anything is stored.

An upload is trusted for nothing: not its name, not the browser's content
type. It is opened with Pillow and accepted only if Pillow recognises it as
JPEG, PNG, WebP or GIF, it is under the byte and pixel caps, and it decodes
completely. It is then turned upright (`exif_transpose`) and re-encoded from
its pixels alone, so EXIF and GPS metadata never reach the public, and it is
named at random with the extension of the format that was detected. A
rejection raises `ValidationError` with a message for the author and writes
nothing.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow format name -> (file extension, content type).
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ACCEPTED_FORMATS[self.format][0]

    @property
    def content_type(self):
        return ACCEPTED_FORMATS[self.format][1]

    def random_name(self):
        return f"{uuid.uuid4().hex}.{self.extension}"

    def as_upload(self):
        """The clean image as an uploaded file, ready for an ImageField or storage."""
        return SimpleUploadedFile(self.random_name(), self.content, content_type=self.content_type)


def clean_image(upload):
    """Validate and re-encode an uploaded file; return a `CleanImage` or raise `ValidationError`."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _check_format_and_size(image)
                return _reencode(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF images are accepted; this file is not an image."), code="format"
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("This file is not a complete image Pillow can read (JPEG, PNG, WebP or GIF)."), code="invalid"
        ) from error


def _too_many_pixels():
    return ValidationError(
        _("This image has too many pixels (at most %(max)s megapixels).")
        % {"max": round(settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000)},
        code="too_many_pixels",
    )


def _check_format_and_size(image):
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF images are accepted; this file is %(format)s.")
            % {"format": image.format or _("not an image")},
            code="format",
        )
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise _too_many_pixels()


def _reencode(image):
    """Write the pixels, and only the pixels, into a new file of the same format."""
    output = io.BytesIO()
    if image.format == "GIF" and getattr(image, "n_frames", 1) > 1:
        frames = [_pixels_only(frame.copy()) for frame in ImageSequence.Iterator(image)]
        frames[0].save(
            output, format="GIF", save_all=True, append_images=frames[1:],
            duration=image.info.get("duration", 100), loop=image.info.get("loop", 0),
        )  # fmt: skip
        width, height = frames[0].size
    else:
        image.load()
        upright = ImageOps.exif_transpose(image)
        clean = _pixels_only(upright)
        if image.format == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        options = {"quality": JPEG_QUALITY, "optimize": True} if image.format in ("JPEG", "WEBP") else {}
        clean.save(output, format=image.format, **options)
        width, height = clean.size
    return CleanImage(content=output.getvalue(), format=image.format, width=width, height=height)


def _pixels_only(image):
    """A fresh image with the same pixels (and palette, transparency) but none of the metadata."""
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode in ("P", "PA"):
        fresh.putpalette(image.getpalette())
    if "transparency" in image.info:
        fresh.info["transparency"] = image.info["transparency"]
    return fresh


class SafeImageField(forms.ImageField):
    """A form field for model ImageFields that stores only clean, re-encoded images."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return clean_image(data).as_upload()
