"""Editors, Medical reviewers and Authors may read readers' feedback; Editors mark it dealt with."""

from django.db import migrations

from articles.roles import sync_role_groups


def sync_roles(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial"), ("articles", "0007_article_page_apart")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
