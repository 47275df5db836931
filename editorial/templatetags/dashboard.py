"""`{% dashboard_panels user as panels %}`: the admin home page's panels for this user (`editorial/dashboard.py`)."""

from django import template

from editorial.dashboard import panels_for

register = template.Library()


@register.simple_tag
def dashboard_panels(user):
    return panels_for(user)
