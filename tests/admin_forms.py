"""Read an admin change form the way a browser would submit it, so tests can replay and tamper with it."""

import datetime

from django import forms


def form_data(response):
    """The POST data the admin form in `response` sends when saved unchanged (files aside)."""
    context = response.context
    data = {}
    forms_to_read = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        forms_to_read.extend(formset.forms)
    for form in forms_to_read:
        for bound in form:
            data.update(_field_data(bound))
    return data


def _field_data(bound):
    field, widget, value = bound.field, bound.field.widget, bound.value()
    if isinstance(field, forms.FileField):
        return {}
    if isinstance(field, forms.BooleanField):
        return {bound.html_name: "on"} if value else {}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            f"{bound.html_name}{suffix}": _text(part) for suffix, part in zip(widget.widgets_names, parts, strict=True)
        }
    if isinstance(value, list | tuple):
        return {bound.html_name: [_text(item) for item in value]}
    return {bound.html_name: _text(value)}


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
