import django.db.models.deletion
from django.db import migrations, models


def move_pages(apps, schema_editor):
    """Each article's stored page and word counts go to its `ArticlePage`."""
    Article, ArticlePage = apps.get_model("articles", "Article"), apps.get_model("articles", "ArticlePage")
    fields = ("page_html", "page_data", "page_format", "word_count", "reading_ease", "reading_grade")
    pages = [
        ArticlePage(article_id=pk, html=html, data=data, format=format, word_count=words, reading_ease=ease,
                    reading_grade=grade)
        for pk, html, data, format, words, ease, grade in Article.objects.values_list("pk", *fields).iterator()
    ]
    ArticlePage.objects.bulk_create(pages, batch_size=500)


class Migration(migrations.Migration):
    """What is derived from an article moves out of its row: deriving then never writes (or locks) content."""

    dependencies = [
        ('articles', '0006_related_candidates'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticlePage',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='page', serialize=False, to='articles.article')),
                ('html', models.TextField(blank=True)),
                ('data', models.JSONField(blank=True, default=dict)),
                ('format', models.CharField(blank=True, max_length=32)),
                ('word_count', models.PositiveIntegerField(default=0)),
                ('reading_ease', models.FloatField(blank=True, help_text='Flesch reading ease.', null=True)),
                ('reading_grade', models.FloatField(blank=True, help_text='Flesch–Kincaid grade.', null=True)),
            ],
        ),
        migrations.RunPython(move_pages, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='article',
            name='page_data',
        ),
        migrations.RemoveField(
            model_name='article',
            name='page_format',
        ),
        migrations.RemoveField(
            model_name='article',
            name='page_html',
        ),
        migrations.RemoveField(
            model_name='article',
            name='reading_ease',
        ),
        migrations.RemoveField(
            model_name='article',
            name='reading_grade',
        ),
        migrations.RemoveField(
            model_name='article',
            name='word_count',
        ),
    ]
