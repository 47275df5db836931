"""Editors, Medical reviewers and Authors see source checks; Editors ask for checks again."""

from django.db import migrations

from articles.roles import sync_role_groups


def sync_roles(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial"), ("articles", "0007_article_page_apart")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
