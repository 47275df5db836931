from django.db import migrations


class Migration(migrations.Migration):
    """The stored body became the stored page (articles/stored_page.py); `migrate` then renders every page again."""

    dependencies = [
        ("articles", "0004_article_body"),
    ]

    operations = [
        migrations.RenameField(model_name="article", old_name="body_html", new_name="page_html"),
        migrations.RenameField(model_name="article", old_name="body_data", new_name="page_data"),
        migrations.RenameField(model_name="article", old_name="body_format", new_name="page_format"),
    ]
