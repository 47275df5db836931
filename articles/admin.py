"""The authoring side: articles with everything that hangs off them, authors and topics.

Permissions are enforced here, on the server, for every admin URL and POST
(see articles/roles.py for the rules): querysets limit what an Author can
open, permission methods decide what they can change, read-only fields keep
the status, schedule, author and review out of their forms, and
`save_model` re-asserts all of it in case a crafted POST tries anyway.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import roles, signoff, versions
from articles.admin_filters import ReviewFilter, StateFilter
from articles.admin_forms import ArticleAdminForm, SectionFormSet
from articles.admin_signoff import SignOffAdminMixin
from articles.history import (
    save_baseline_revision,
    save_revision_before_delete,
    touches_other_articles,
)
from articles.models import Article, ArticleRedirect, Author, RelatedPick, Resource, Section, Topic
from backpain.images import SafeImageField
from backpain.storage import StoredFilesAdminMixin
from backpain.writes import BatchedAdminMixin, batch

EDITOR_FIELD_OVERRIDES = {
    MarkdownxField: {"widget": AdminMarkdownxWidget},
    models.ImageField: {"form_class": SafeImageField},
    models.URLField: {"assume_scheme": "https"},
}
REVIEW_FIELDS = ["reviewed_by", "last_reviewed"]
PUBLICATION_FIELDS = ["status", "published_at"]
STATE_LABELS = {
    "draft": _("Draft"),
    "awaiting": _("Awaiting sign-off"),
    "scheduled": _("Scheduled"),
    "live": _("Live"),
    "pending": _("Live, changes pending"),
}


class EditorMedia:
    """Scripts that start Markdown editors in rows added with "Add another" and name unlabelled widgets."""

    js = ["js/admin/markdownx-inlines.js", "js/admin/accessibility.js", "js/admin/writing-help.js"]
    css = {"all": ["css/admin/authoring.css", "css/care-cards.css"]}


@admin.register(Author)
class AuthorAdmin(StoredFilesAdminMixin, BatchedAdminMixin, admin.ModelAdmin):
    """Editors manage every author; an Author may edit their own bio and photo, nothing else.

    Name and credentials stay with Editors: readers trust an article by who wrote it.
    """

    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    formfield_overrides = EDITOR_FIELD_OVERRIDES

    def get_queryset(self, request):
        authors = super().get_queryset(request)
        if roles.can_publish(request.user) or roles.can_review(request.user):
            return authors
        return authors.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if roles.can_publish(request.user) else ["name", "slug", "credentials", "user"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if roles.can_publish(request.user) else {}

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or roles.can_publish(request.user):
            return allowed
        return allowed and obj.user_id == request.user.pk


@admin.register(Topic)
class TopicAdmin(BatchedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = EDITOR_FIELD_OVERRIDES


class ArticlePartInline:
    """An inline of the article page: editable only by those who may write that article."""

    formfield_overrides = EDITOR_FIELD_OVERRIDES
    extra = 0

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (obj is None or roles.may_write(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or roles.may_write(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or roles.may_write(request.user, obj))


class SectionInline(ArticlePartInline, admin.StackedInline):
    model = Section
    formset = SectionFormSet
    fields = ["position", "level", "heading", "anchor", "body"]


class ResourceInline(ArticlePartInline, admin.TabularInline):
    model = Resource
    fields = ["position", "title", "url", "publisher", "year", "description"]


class RelatedPickInline(ArticlePartInline, admin.TabularInline):
    model = RelatedPick
    fk_name = "article"
    fields = ["position", "target"]
    autocomplete_fields = ["target"]
    verbose_name_plural = _("More to Explore: editor's picks, in order")


@admin.register(Article)
class ArticleAdmin(StoredFilesAdminMixin, SignOffAdminMixin, BatchedAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    formfield_overrides = EDITOR_FIELD_OVERRIDES
    list_display = [
        "title", "state_badge", "author", "topic_names", "published_at", "last_reviewed", "review_due_badge",
        "readability",
    ]  # fmt: skip
    list_filter = [StateFilter, ReviewFilter, "topics", "author"]
    list_select_related = ["author", "page", "pending_version"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "topics"]
    date_hierarchy = "published_at"
    # faq/admin.py adds the article's FAQs after the sections: the FAQ app sits above this one.
    inlines = [SectionInline, ResourceInline, RelatedPickInline]
    actions = ["publish_now", "unpublish"]
    history_latest_first = True

    def reversion_register(self, model, **options):
        """Versions of an article keep its FAQs too, whose inline faq/admin.py adds (it sits above this app)."""
        if model is Article:
            options["follow"] = (*options.get("follow", ()), "faqs")
            options["exclude"] = ("live_signoff",)  # a restore never claims a sign-off; the settle step decides
        super().reversion_register(model, **options)

    change_list_template = "admin/articles/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "summary", "author", "topics", "loaded_version"]}),
        (_("Publication"), {"fields": PUBLICATION_FIELDS}),
        (_("Medical review"), {"fields": [*REVIEW_FIELDS, "review_due_badge", "signoff_link"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Text"), {"fields": ["intro", "conclusion", "readability"]}),
    ]
    Media = EditorMedia

    # What an Author may see and do.

    def get_queryset(self, request):
        articles = super().get_queryset(request).prefetch_related("topics")
        return roles.articles_visible_in_admin(request.user, articles)

    def get_object(self, request, object_id, from_field=None):
        """404 for an article this user may not open, exactly as for one that does not exist."""
        article = super().get_object(request, object_id, from_field)
        if article is None:
            raise Http404
        return article

    def has_add_permission(self, request):
        return roles.may_add(request.user)

    def has_change_permission(self, request, obj=None):
        """Reviewers only read the form: what they record is a sign-off, on its own page."""
        if obj is None:
            return super().has_change_permission(request)
        return roles.may_write(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or roles.may_write(request.user, obj))

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        """The review is what a sign-off recorded: nobody types it in (`articles/signoff.py`)."""
        user = request.user
        computed = [*REVIEW_FIELDS, "review_due_badge", "signoff_link", "readability"]
        if obj is not None and not roles.may_write(user, obj):
            every_field = [name for _, options in self.fieldsets for name in options["fields"]]
            return [name for name in every_field if name != "loaded_version"]
        locked = []
        if not roles.can_publish(user):
            locked += [*PUBLICATION_FIELDS, "author"]
        return locked + computed

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None or roles.may_write(request.user, obj) else {}

    def save_model(self, request, obj, form, change):
        """Save, putting back whatever this user may not change, whatever the POST said."""
        user = request.user
        stored = None
        if change:
            stored = getattr(request, "article_before_revert", None) or Article.objects.get(pk=obj.pk)
            self.remember_live_version(request, obj)
            obj.reviewed_by_id, obj.last_reviewed = stored.reviewed_by_id, stored.last_reviewed
            obj.live_signoff_id = stored.live_signoff_id  # a restored revision holds none (`reversion_register`)
            if getattr(request, "recovering_article", False):
                signoff.article_recovered(obj)
        else:
            obj.reviewed_by, obj.last_reviewed = None, None
        if not roles.can_publish(user):
            if change:
                obj.status, obj.published_at, obj.author_id = stored.status, stored.published_at, stored.author_id
            else:
                obj.status, obj.published_at, obj.author = Article.Status.DRAFT, None, roles.own_author(user)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        save_revision_before_delete(obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            save_revision_before_delete(article, user=request.user)
        super().delete_queryset(request, queryset)

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete (related picks) offers an Author their own articles and live ones, never others' drafts."""
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            queryset = queryset | Article.objects.published()
        return super().get_search_results(request, queryset, search_term)

    # History: reversion's views, first checking that this user may touch this article.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            save_baseline_revision(self.get_object(request, object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        with batch():
            if request.method == "POST":  # a sign-off or an edit running now changes the live text: wait for it
                Article.objects.select_for_update().filter(pk=unquote(object_id)).values_list("pk").first()
            article = self.get_object(request, object_id)
            if request.method == "POST" and not roles.may_write(request.user, article):
                raise PermissionDenied
            if not roles.can_publish(request.user) and touches_other_articles(version_id, article):
                raise PermissionDenied
            # Restoring rewrites the rows before the form is saved: keep what they were for save_model and the settle.
            request.article_before_revert = article
            request.restoring_revision = True
            request.live_text = versions.text_of(article)
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
        if not roles.can_publish(request.user):
            raise PermissionDenied
        request.recovering_article = True  # nothing of it is live before: the settle step decides what goes live
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not roles.can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def changelist_view(self, request, extra_context=None):
        """Django's list view, not VersionAdmin's.

        VersionAdmin records a whole bulk action as one revision of many
        articles, and restoring one of them would then revert them all. The
        actions here save one revision per article instead.
        """
        sees_queue = roles.can_publish(request.user) or roles.can_review(request.user)
        extra_context = {
            **(extra_context or {}),
            "may_recover": roles.can_publish(request.user),
            "has_change_permission": self.has_change_permission(request),
            "awaiting_signoff": self.get_queryset(request).awaiting_signoff().count() if sees_queue else None,
        }
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    # Bulk actions: Editors only.

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        """Live now, or (with `MEDICAL_SIGNOFF_REQUIRED`) as soon as a medical reviewer signs off the text."""
        now = timezone.now()
        published, waiting = 0, []
        with batch():
            for article in queryset.exclude(pk__in=queryset.published()):
                if signoff.article_publish(article=article, user=request.user, at=now) == "awaiting":
                    waiting.append(article.title)
                else:
                    published += 1
        self.message_user(
            request, ngettext("%d article is now live.", "%d articles are now live.", published) % published
        )
        if waiting:
            self.message_user(
                request,
                _("Not live yet, waiting for a medical reviewer to sign off their text: %(titles)s.")
                % {"titles": ", ".join(waiting)},
                messages.WARNING,
            )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        with batch():
            articles = list(queryset.filter(status=Article.Status.PUBLISHED))
            for article in articles:
                signoff.article_unpublish(article=article, user=request.user)
        self.message_user(
            request,
            ngettext("%d article is now a draft.", "%d articles are now drafts.", len(articles)) % len(articles),
            messages.WARNING,
        )

    # Columns.

    @admin.display(description=_("state"), ordering="status")
    def state_badge(self, article):
        return format_html('<span class="state state-{}">{}</span>', article.state, STATE_LABELS[article.state])

    @admin.display(description=_("medical sign-off"))
    def signoff_link(self, article):
        if article.pk is None:
            return "–"
        url = reverse("admin:articles_article_signoff", args=[article.pk])
        pending = article.pending
        label = _("Compare the pending version and sign it off") if pending else _("Sign-offs and review")
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("topics"))
    def topic_names(self, article):
        return ", ".join(topic.name for topic in article.topics.all())

    @admin.display(description=_("review due"), ordering="last_reviewed")
    def review_due_badge(self, article):
        if article.last_reviewed is None:
            return format_html('<span class="review review-overdue">{}</span>', _("never reviewed"))
        due = article.review_due
        if article.review_overdue:
            return format_html('<span class="review review-overdue">{} {}</span>', _("overdue since"), due)
        return due

    @admin.display(description=_("readability"), ordering="page__reading_ease")
    def readability(self, article):
        page = article.stored_page
        if page is None or page.reading_ease is None:
            return "–"
        return format_html(
            '<span title="{}">{} · {} {} · SMOG {}</span>',
            _("Flesch reading ease (60+ is plain language), Flesch–Kincaid grade and SMOG grade (aim for 8 or lower)"),
            page.reading_ease,
            _("grade"),
            page.reading_grade,
            "–" if page.reading_smog is None else page.reading_smog,
        )


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Old addresses of renamed live articles. Made automatically; Editors may remove one to free a slug."""

    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title", "article__slug"]
    autocomplete_fields = ["article"]
