"""Who may do what with an article: the editorial roles as plain predicates.

The groups (see migration 0003_editorial_roles) give model permissions; these
functions add the per-article rules the admin enforces on every request:

- Editors (`articles.publish_article`) write, publish, schedule and review everything.
- Authors (`articles.change_article` without publish) write only drafts whose
  author is their own Author profile (`Author.user`), and never change the status,
  the publication time, the author or the medical review. Once an Editor has
  published or scheduled an article it is read-only to its Author (WordPress's
  Contributor role works the same way): otherwise an Author's edit of a live
  article would publish text no Editor has seen.
- Medical reviewers (`articles.review_article`, with an Author profile naming them to readers) read every
  article and sign off versions of its text (`articles/signoff.py`); they change nothing else. Editors do not
  hold this permission: with `MEDICAL_SIGNOFF_REQUIRED` they publish, but only a reviewer's sign-off makes text
  live.
"""

from django.contrib.auth.management import create_permissions
from django.db.models import Q

ROLE_PERMISSIONS = {
    "Authors": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.change_author", "articles.view_author", "articles.view_topic",
        "articles.add_section", "articles.change_section", "articles.delete_section", "articles.view_section",
        "articles.add_resource", "articles.change_resource", "articles.delete_resource", "articles.view_resource",
        "articles.add_relatedpick", "articles.change_relatedpick", "articles.delete_relatedpick",
        "articles.view_relatedpick",
        "faq.add_faq", "faq.change_faq", "faq.delete_faq", "faq.view_faq",
        "feedback.view_pagefeedback", "sources.view_source", "editorial.view_clinicalterm",
    ],
    "Editors": [
        f"{app}.{action}_{model}"
        for app, models in {
            "articles": ["article", "author", "topic", "section", "resource", "relatedpick", "articleredirect"],
            "faq": ["faq"],
        }.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ] + ["articles.publish_article", "articles.view_medicalsignoff", "feedback.view_pagefeedback",
         "feedback.change_pagefeedback", "sources.view_source", "sources.change_source",
         "editorial.add_clinicalterm", "editorial.change_clinicalterm", "editorial.delete_clinicalterm",
         "editorial.view_clinicalterm", "search.view_searchqueryday"],
    "Medical reviewers": [
        "articles.review_article", "articles.view_medicalsignoff", "articles.view_article",
        "articles.view_author", "articles.view_topic",
        "articles.view_section", "articles.view_resource", "articles.view_relatedpick", "faq.view_faq",
        "feedback.view_pagefeedback", "sources.view_source", "editorial.view_clinicalterm",
        "search.view_searchqueryday",
    ],
}  # fmt: skip


def sync_role_groups(apps):
    """Give the groups exactly `ROLE_PERMISSIONS`, creating them if needed; safe to run again.

    Migration 0003 calls it with the historical app registry, whose app configs
    have no models module, so permissions are created here first. Permissions
    of models that do not exist yet at that point are skipped: when you change
    the roles, add a migration that calls this again.
    """
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q()
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_review(user):
    return user.has_perm("articles.review_article")


def can_sign_off(user):
    """A medical reviewer: the review permission and an Author profile that readers are shown."""
    return can_review(user) and own_author(user) is not None


def own_author(user):
    """The Author profile linked to this login, or None."""
    return getattr(user, "author_profile", None) if user.is_authenticated else None


def may_write(user, article=None):
    """May change the text of this article (or, with no article, of some article)."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user) or article is None:
        return True
    return article.author.user_id == user.pk and article.status == article.Status.DRAFT


def may_add(user):
    """Authors need an Author profile to own what they create; Editors choose the author."""
    return user.has_perm("articles.add_article") and (can_publish(user) or own_author(user) is not None)


def articles_visible_in_admin(user, queryset):
    """The articles this user may open in the admin: all for Editors and reviewers, else their own."""
    if can_publish(user) or can_review(user):
        return queryset
    return queryset.filter(author__user=user)
