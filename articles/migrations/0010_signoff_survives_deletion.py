"""Sign-offs are audit history: they outlive a deleted article and come back with it when it is recovered."""

from django.db import migrations, models
from django.db.models import F


def keep_article_ids(apps, schema_editor):
    apps.get_model("articles", "MedicalSignOff").objects.update(article_key=F("article_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_page_smog"),
    ]

    operations = [
        migrations.AddField(
            model_name="medicalsignoff",
            name="article_key",
            field=models.PositiveIntegerField(
                db_index=True, default=0, editable=False, help_text="The article's id, kept when the article is deleted."
            ),
            preserve_default=False,
        ),
        migrations.RunPython(keep_article_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="medicalsignoff",
            name="article",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="signoffs",
                to="articles.article",
            ),
        ),
    ]
