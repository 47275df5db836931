"""The editorial roles as groups: Authors, Editors and Medical reviewers.

What each group may do beyond these model permissions (an Author only
touches articles they are the author of, and never publishes) is enforced
in articles/admin.py. Re-running is harmless: the groups get exactly
these permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Authors": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.change_author", "articles.view_author", "articles.view_topic",
        "articles.add_section", "articles.change_section", "articles.delete_section", "articles.view_section",
        "articles.add_resource", "articles.change_resource", "articles.delete_resource", "articles.view_resource",
        "articles.add_relatedpick", "articles.change_relatedpick", "articles.delete_relatedpick",
        "articles.view_relatedpick",
        "faq.add_faq", "faq.change_faq", "faq.delete_faq", "faq.view_faq",
    ],
    "Editors": [
        f"{app}.{action}_{model}"
        for app, models in {
            "articles": ["article", "author", "topic", "section", "resource", "relatedpick", "articleredirect"],
            "faq": ["faq"],
        }.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ] + ["articles.publish_article", "articles.review_article"],
    "Medical reviewers": [
        "articles.review_article", "articles.view_article", "articles.view_author", "articles.view_topic",
        "articles.view_section", "articles.view_resource", "articles.view_relatedpick", "faq.view_faq",
    ],
}  # fmt: skip


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_review_readability_redirects_permissions"),
        ("faq", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
