"""Site-wide FAQs, for Editors. Authors edit their articles' FAQs inside the article page.

With `MEDICAL_SIGNOFF_REQUIRED` an article's FAQs are part of the text a reviewer signs off, so this list shows them
read-only and cannot attach a FAQ to an article: that is done in the article's form, whose save waits for sign-off.
A site-wide FAQ's own text waits for a sign-off too (`faq/signoff.py`, `faq/admin_signoff.py`); medical reviewers
open this list read-only to sign off.
"""

import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import EDITOR_FIELD_OVERRIDES, ArticleAdmin, ArticlePartInline, EditorMedia, SectionInline
from articles.roles import can_publish, can_review
from articles.signoff import signoff_required
from backpain.writes import BatchedAdminMixin
from faq.admin_signoff import FAQSignOffAdminMixin, FAQStateFilter
from faq.models import FAQ


class ArticleFAQInline(ArticlePartInline, admin.StackedInline):
    model = FAQ
    fields = ["position", "question", "slug", "answer", "topics"]
    prepopulated_fields = {"slug": ["question"]}
    verbose_name_plural = _("FAQs shown at the end of this article")


# The article form lists its FAQs right after its sections, and its versions keep them (`reversion_register`).
reversion.register(FAQ)
ArticleAdmin.inlines.insert(ArticleAdmin.inlines.index(SectionInline) + 1, ArticleFAQInline)


@admin.register(FAQ)
class FAQAdmin(FAQSignOffAdminMixin, BatchedAdminMixin, admin.ModelAdmin):
    list_display = ["question", "state_badge", "article", "position"]
    list_filter = [FAQStateFilter, "topics"]
    list_select_related = ["article", "pending_version"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["article", "topics"]
    formfield_overrides = EDITOR_FIELD_OVERRIDES
    Media = EditorMedia

    def has_module_permission(self, request):
        user = request.user
        return (can_publish(user) or can_review(user)) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        user = request.user
        return (can_publish(user) or can_review(user)) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can_publish(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        signed_text = obj is not None and obj.article_id is not None and signoff_required()
        return can_publish(request.user) and not signed_text and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Not an article's FAQ from this list; deleting the article itself (the article's pages) takes its FAQs."""
        signed_text = obj is not None and obj.article_id is not None and signoff_required()
        from_its_article = (getattr(request.resolver_match, "url_name", None) or "").startswith("articles_article_")
        allowed = can_publish(request.user) and super().has_delete_permission(request, obj)
        return allowed and (not signed_text or from_its_article)

    def get_readonly_fields(self, request, obj=None):
        return ["article", "signoff_state"] if signoff_required() else ["signoff_state"]
