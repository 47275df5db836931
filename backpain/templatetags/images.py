"""`{% responsive_image %}`: an uploaded image as a <picture> of responsive renditions."""

from django import template
from django.template.loader import render_to_string

from backpain.renditions import RENDITION_WIDTHS, renditions

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
    images = renditions(image, chosen_widths)
    context = {"image": image, "alt": alt, "sizes": sizes, "css_class": css_class, "loading": loading}
    if images is None:
        return render_to_string("includes/responsive_image.html", context)
    width = int(display_width) if display_width else images.width
    context.update(
        renditions=images,
        width=width,
        height=int(display_height) if display_height else round(images.height * width / images.width),
        webp_srcset=images.srcset(images.webp),
        fallback_srcset=images.srcset(images.fallback),
    )
    return render_to_string("includes/responsive_image.html", context)
