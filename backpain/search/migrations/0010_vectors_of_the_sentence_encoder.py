"""The stored vectors were WordLlama's (256 dimensions); the index now reads the Universal Sentence Encoder's (512).

An old vector cannot be read as a new one, so they are all let go: search runs on words alone until
`manage.py rebuild_search_index` (or `rebuild_derived`) embeds every document again.
"""

from django.db import migrations


def forget_old_vectors(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.exclude(vectors=None).update(vectors=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_document_revision")]

    operations = [migrations.RunPython(forget_old_vectors, migrations.RunPython.noop)]
