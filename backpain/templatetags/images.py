"""`{% responsive_image %}`: an uploaded image as a <picture> of responsive renditions."""

from django import template
from django.utils.html import format_html

from backpain.renditions import RENDITION_WIDTHS, picture_html, renditions

register = template.Library()


@register.simple_tag
def responsive_image(
    image, alt="", sizes="100vw", display_width=None, display_height=None, css_class="", widths="", loading="lazy"
):
    """Render `image` (an ImageField's file) with WebP and fallback srcsets, sized to avoid layout shift.

    `display_width` (CSS pixels) sets the width attribute, the height follows
    the image's proportions unless `display_height` is given (a square photo
    cropped by CSS); without them the image's own size is used.
    `widths` ("96 192") overrides the rendition widths, for small fixed-size images.
    """
    if not image:
        return ""
    chosen_widths = tuple(int(width) for width in widths.split()) if widths else RENDITION_WIDTHS
    images = renditions(image.name, chosen_widths, image.storage)
    if images is None:
        css = format_html(' class="{}"', css_class) if css_class else ""
        return format_html('<img src="{}" alt="{}"{} loading="{}">', image.url, alt, css, loading)
    return picture_html(
        images, alt=alt, sizes=sizes, width=display_width, height=display_height, css_class=css_class, loading=loading
    )
