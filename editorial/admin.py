from django.contrib import admin

from editorial.models import ClinicalTerm


@admin.register(ClinicalTerm)
class ClinicalTermAdmin(admin.ModelAdmin):
    list_display = ["term", "lay_alternative"]
    list_editable = ["lay_alternative"]
    search_fields = ["term", "lay_alternative"]
