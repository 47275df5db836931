"""The heavy fields' word stems of each document, weighted as the score weighs them (`SearchPosting`).

A posting's weight is the BM25F field weight the score gives a word in that
field, damped by the field's length, summed over the title and summary: the
same numbers `Backend.score_sql` uses, without the word's idf (constant per
stem). Computed in Python from the stored fields, so both engines hold
identical rows.
"""

from django.db import connection

from backpain.search.models import SearchPosting
from backpain.search.query import STOP_WORDS, words
from backpain.search.weights import field_weight, stem

HEAVY_FIELDS = ("title", "summary")
MAX_STEM_LENGTH = 40
INSERT_BATCH = 10_000


def weights(fields):
    """{stem: weight} of a document's title and summary (its `fields` as stored in the index)."""
    found = {}
    for name in HEAVY_FIELDS:
        text = fields.get(name) or ""
        weight = field_weight(name, len(text))
        for key in {stem(word) for word in words(text) if word not in STOP_WORDS and len(word) > 1}:
            if len(key) <= MAX_STEM_LENGTH:
                found[key] = found.get(key, 0.0) + weight
    return found


def insert(document_ids_and_fields):
    """Insert the postings of these (new) documents: plain rows through one prepared statement, no model objects."""
    table = SearchPosting._meta.db_table
    rows = [
        (document_id, key, weight)
        for document_id, fields in document_ids_and_fields
        for key, weight in sorted(weights(fields).items())
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(
                f"INSERT INTO {table} (document_id, stem, weight) VALUES (%s, %s, %s)",
                rows[start : start + INSERT_BATCH],
            )


def replace(document_ids_and_fields):
    """Write the postings of these documents anew: one delete and one insert statement, whatever their number."""
    items = list(document_ids_and_fields)
    if items:
        SearchPosting.objects.filter(document_id__in=[document_id for document_id, _fields in items]).delete()
        insert(items)


def differences(document_ids_and_fields):
    """The documents whose stored postings are not those their fields give: the check of `rebuild_derived`."""
    items = dict(document_ids_and_fields)
    stored = {}
    for document_id, key, weight in SearchPosting.objects.filter(document_id__in=list(items)).values_list(
        "document_id", "stem", "weight"
    ):
        stored.setdefault(document_id, {})[key] = weight
    return [
        document_id
        for document_id, fields in items.items()
        if {k: round(v, 9) for k, v in stored.get(document_id, {}).items()}
        != {k: round(v, 9) for k, v in weights(fields).items()}
    ]
