"""The editorial roles as groups: Authors, Editors and Medical reviewers (see articles/roles.py)."""

from django.db import migrations

from articles.roles import sync_role_groups


def create_roles(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_review_readability_redirects_permissions"),
        ("faq", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
