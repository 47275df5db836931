"""The article admin's side of medical sign-off: the working version in the form, the settle step, the sign-off page.

The change form of an article with a pending version edits that version: the pending text is written into the
rows for the request (so the form and its inlines show it, with the parts' ids), and the save moves the result back
into the pending version (`signoff.article_settle_edit`, from `save_related`, after the inlines). A form shown and
not saved leaves nothing behind (`writes.rolled_back()`, or a savepoint rolled back when a POST is refused).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import diff, roles, signoff, versions
from articles.models import Article, MedicalSignOff
from backpain.writes import batch, rolled_back

SETTLED_MESSAGES = {
    "pending": gettext_lazy(
        "The text changes wait for a medical reviewer's sign-off: readers still see the approved version."
    ),
    "awaiting": gettext_lazy(
        "This version has no medical sign-off yet: the article goes live when a medical reviewer signs it off."
    ),
}


class SignOffForm(forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    minor = forms.BooleanField(
        label=gettext_lazy("Minor change: keep the review date readers see"),
        required=False,
        help_text=gettext_lazy("For a partial edit that does not need a full review (the NHS does not re-date those)."),
    )


class SignOffAdminMixin:
    """For `ArticleAdmin`: needs its `get_object` (404 for articles a user may not open)."""

    def get_urls(self):
        signoff_url = path(
            "<path:object_id>/signoff/",
            self.admin_site.admin_view(self.signoff_view),
            name="articles_article_signoff",
        )
        return [signoff_url, *super().get_urls()]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None or getattr(request, "restoring_revision", False):
            return super().changeform_view(request, object_id, form_url, extra_context)
        article = self.get_object(request, unquote(object_id))
        pending = signoff.pending_of(article)
        extra_context = {**(extra_context or {}), **self.signoff_context(request, article, pending)}
        text = pending.text if pending is not None else None
        if request.method == "POST":
            return self._post_working_version(request, article, object_id, form_url, extra_context)
        if text is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with rolled_back():
            versions.apply_text(article, text)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            response.render()
        return response

    def _post_working_version(self, request, article, object_id, form_url, extra_context):
        with batch():
            # A sign-off running now changes what is live: wait for it, then read the live and pending text.
            Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
            pending = signoff.pending_of(article)
            text = pending.text if pending is not None else None
            request.live_text = versions.text_of(article)
            savepoint = transaction.savepoint()
            if text is not None:
                versions.apply_text(article, text)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if response.status_code in (301, 302):
                transaction.savepoint_commit(savepoint)
            else:
                response.render()
                transaction.savepoint_rollback(savepoint)
        return response

    def signoff_context(self, request, article, pending):
        required = signoff.signoff_required()
        return {
            "signoff_required": required,
            "pending_version": pending,
            "may_sign_off": roles.can_sign_off(request.user),
            "signoff_missing": required and article.status == Article.Status.DRAFT and pending is not None,
        }

    def remember_live_version(self, request, article):
        """Before the form is saved: was the article published, and what text do its rows hold (the live one)?"""
        stored = getattr(request, "article_before_revert", None) or Article.objects.get(pk=article.pk)
        recovered = getattr(request, "recovering_article", False)
        request.article_was_published = stored.status == Article.Status.PUBLISHED and not recovered
        request.live_updated_at = stored.updated_at
        if not hasattr(request, "live_text"):
            request.live_text = versions.text_of(article)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        outcome = signoff.article_settle_edit(
            article=form.instance,
            live_text=getattr(request, "live_text", None),
            was_published=getattr(request, "article_was_published", False),
            user=request.user,
            live_updated_at=getattr(request, "live_updated_at", None),
        )
        if outcome is not None:
            self.message_user(request, SETTLED_MESSAGES[outcome], messages.WARNING)

    def signoff_view(self, request, object_id):
        """The pending version beside the live one, and (for a medical reviewer) the form that signs it off."""
        article = self.get_object(request, unquote(object_id))
        may_sign_off = roles.can_sign_off(request.user)
        if request.method == "POST" and not may_sign_off:
            raise PermissionDenied
        working = signoff.working_text(article)
        form = SignOffForm(request.POST or None, initial={"content_hash": versions.content_hash(working)})
        if request.method == "POST" and form.is_valid():
            try:
                signoff.article_sign_off(
                    article=article,
                    user=request.user,
                    content_hash=form.cleaned_data["content_hash"],
                    note=form.cleaned_data["note"],
                    minor=form.cleaned_data["minor"],
                )
            except signoff.SignOffRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect(request.path)
            self.message_user(request, _("Signed off: this version is what readers get."), messages.SUCCESS)
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Medical sign-off: %(title)s") % {"title": working["article"]["title"]},
            "changes": diff.compare(self.approved_text(article), working),
            "form": form,
            "may_sign_off": may_sign_off,
            "pending_version": signoff.pending_of(article),
            "signoffs": article.signoffs.select_related("reviewer", "signed_by"),
        }
        return TemplateResponse(request, "admin/articles/article/signoff.html", context)

    @staticmethod
    def approved_text(article):
        """What the working version is compared with: the live rows, or for a draft its last signed-off text."""
        if article.status == Article.Status.PUBLISHED:
            return versions.text_of(article)
        last = article.signoffs.order_by("-pk").first()
        return last.text if last is not None else None


@admin.register(MedicalSignOff)
class MedicalSignOffAdmin(admin.ModelAdmin):
    """Every sign-off ever recorded, for an audit: read-only, since a sign-off is made only on its own page."""

    list_display = ["article", "reviewer", "review_date", "minor", "signed_at", "signed_by", "imported"]
    list_filter = ["minor", "imported", "reviewer"]
    list_select_related = ["article", "reviewer", "signed_by"]
    search_fields = ["article__title", "reviewer__name", "note"]
    date_hierarchy = "signed_at"
    exclude = ["text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
