"""Site-wide FAQs, for Editors. Authors edit their articles' FAQs inside the article page."""

from django.contrib import admin

from articles.admin import EDITOR_FIELD_OVERRIDES, EditorMedia
from articles.roles import can_publish
from backpain.writes import BatchedAdminMixin
from faq.models import FAQ


@admin.register(FAQ)
class FAQAdmin(BatchedAdminMixin, admin.ModelAdmin):
    list_display = ["question", "article", "position"]
    list_filter = ["topics"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["article", "topics"]
    formfield_overrides = EDITOR_FIELD_OVERRIDES
    Media = EditorMedia

    def has_module_permission(self, request):
        return can_publish(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can_publish(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_delete_permission(request, obj)
