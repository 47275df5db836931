"""`{% feedback_more_form as form %}`: the second step's empty form, for pages stored without a request."""

from django import template

from feedback.forms import MoreForm

register = template.Library()


@register.simple_tag
def feedback_more_form():
    return MoreForm()
