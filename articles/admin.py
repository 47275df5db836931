from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Author, RelatedPick, Resource, Section, Topic
from faq.models import FAQ


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["position", "level", "heading", "anchor", "body"]


class ArticleFAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = ["position", "question", "slug", "answer", "topics"]
    prepopulated_fields = {"slug": ["question"]}
    verbose_name_plural = _("FAQs shown at the end of this article")


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["position", "title", "url", "publisher", "year", "description"]


class RelatedPickInline(admin.TabularInline):
    model = RelatedPick
    fk_name = "article"
    extra = 0
    fields = ["position", "target"]
    autocomplete_fields = ["target"]
    verbose_name_plural = _("More to Explore: editor's picks, in order")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "author", "published_at", "last_reviewed"]
    list_filter = ["status", "topics", "author"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewed_by", "topics"]
    date_hierarchy = "published_at"
    inlines = [SectionInline, ArticleFAQInline, ResourceInline, RelatedPickInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "summary", "author", "topics"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Medical review"), {"fields": ["reviewed_by", "last_reviewed"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Text"), {"fields": ["intro", "conclusion"]}),
    ]

    @admin.display(description=_("state"))
    def state(self, article):
        return article.state
