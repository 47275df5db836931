"""The FAQ list's side of medical sign-off (`faq/signoff.py`): why an FAQ is not live, and the sign-off page.

The change form of a site-wide FAQ with a pending version edits that version (the instance shows the pending
text; the row is not touched), and the save goes through `faq_save`, which keeps the approved text in the row.
Medical reviewers may open the list and the forms read-only, and sign off on the FAQ's own sign-off page.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import diff, roles
from articles.admin_signoff import SignOffForm
from articles.signoff import SignOffRefused
from faq import signoff
from faq.models import FAQ

STATE_LABELS = {
    "article": gettext_lazy("With its article"),
    "awaiting": gettext_lazy("Awaiting sign-off"),
    "live": gettext_lazy("Live"),
    "pending": gettext_lazy("Live, changes pending"),
}
STATE_EXPLAINED = {
    "article": gettext_lazy("Shown with its article, and signed off with the article's text."),
    "awaiting": gettext_lazy("Not live yet: readers see this FAQ once a medical reviewer signs off its text."),
    "live": gettext_lazy("Live: readers see this text."),
    "pending": gettext_lazy(
        "Live with changes pending: readers see the approved text until a medical reviewer signs off the edit."
    ),
}
SAVED_MESSAGES = {
    "awaiting": gettext_lazy("This FAQ is not live yet: it goes live when a medical reviewer signs off its text."),
    "pending": gettext_lazy(
        "The text changes wait for a medical reviewer's sign-off: readers still see the approved version."
    ),
}


class FAQSignOffForm(SignOffForm):
    minor = None  # readers are shown no review date for an FAQ


class FAQStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("awaiting", gettext_lazy("Awaiting medical sign-off"))]

    def queryset(self, request, queryset):
        return queryset.awaiting_signoff() if self.value() == "awaiting" else queryset


class FAQSignOffAdminMixin:
    """For `FAQAdmin`: the state column and field, the pending text in the form, the save and the sign-off page."""

    def get_urls(self):
        signoff_url = path(
            "<path:object_id>/signoff/", self.admin_site.admin_view(self.signoff_view), name="faq_faq_signoff"
        )
        return [signoff_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "awaiting_signoff": FAQ.objects.awaiting_signoff().count()}
        return super().changelist_view(request, extra_context)

    def get_object(self, request, object_id, from_field=None):
        faq = super().get_object(request, object_id, from_field)
        pending = faq.pending if faq is not None else None
        if pending is not None:
            faq.question, faq.answer = pending.question, pending.answer
        return faq

    def save_model(self, request, obj, form, change):
        outcome = signoff.faq_save(faq=obj, user=request.user)
        if outcome is not None:
            self.message_user(request, SAVED_MESSAGES[outcome], messages.WARNING)

    @admin.display(description=gettext_lazy("state"))
    def state_badge(self, faq):
        return format_html('<span class="state state-{}">{}</span>', faq.state, STATE_LABELS[faq.state])

    @admin.display(description=gettext_lazy("medical sign-off"))
    def signoff_state(self, faq):
        if faq is None or faq.pk is None:
            return STATE_EXPLAINED["awaiting"] if signoff.signoff_required() else STATE_EXPLAINED["live"]
        if faq.state == "article":
            return STATE_EXPLAINED["article"]
        url = reverse("admin:faq_faq_signoff", args=[faq.pk])
        label = _("Compare and sign off") if faq.state != "live" else _("Sign-offs")
        return format_html('{} <a href="{}">{}</a>', STATE_EXPLAINED[faq.state], url, label)

    def signoff_view(self, request, object_id):
        """The pending text beside the live one, and (for a medical reviewer) the form that signs it off."""
        faq = FAQ.objects.filter(pk=unquote(object_id), article__isnull=True).first()
        if faq is None or not self.has_view_permission(request, faq):
            raise Http404
        may_sign_off = roles.can_sign_off(request.user)
        if request.method == "POST" and not may_sign_off:
            raise PermissionDenied
        working = signoff.working_text(faq)
        form = FAQSignOffForm(request.POST or None, initial={"content_hash": signoff.text_hash(working)})
        if request.method == "POST" and form.is_valid():
            try:
                data = form.cleaned_data
                signoff.faq_sign_off(faq=faq, user=request.user, content_hash=data["content_hash"], note=data["note"])
            except SignOffRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect(request.path)
            self.message_user(request, _("Signed off: this version is what readers get."), messages.SUCCESS)
            return redirect(reverse("admin:faq_faq_changelist"))
        live = signoff.text_of(faq) if faq.live else {"question": "", "answer": ""}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": faq,
            "title": _("Medical sign-off: %(question)s") % {"question": working["question"]},
            "changes": diff.compare_fields(
                [
                    (_("Question"), live["question"], working["question"]),
                    (_("Answer"), live["answer"], working["answer"]),
                ]
            ),
            "form": form,
            "may_sign_off": may_sign_off,
            "pending_version": faq.pending if faq.live else None,
            "never_live": not faq.live,
            "signoffs": faq.signoffs.select_related("reviewer", "signed_by"),
        }
        return TemplateResponse(request, "admin/faq/faq/signoff.html", context)
