"""The two full-text engines behind one small interface; views never know which one runs.

Each backend answers three questions about a `Plan`: how many visible
documents match (counting stops at a cap), which ones rank at positions
[offset, offset+limit), and what a result shows (its highlighted title and
snippet, and the slug of its URL). Visibility is the content's own
`published()` rule, applied at query time. PostgreSQL answers the last two for a
first page in one statement: there a round trip costs as much as the search.
What both share (the score, the pool, visibility) is in `engine.py`.
"""

from django.db import connection

from backpain.search.postgresql_engine import PostgreSQLBackend
from backpain.search.sqlite_engine import SQLiteBackend


def get_backend():
    return PostgreSQLBackend() if connection.vendor == "postgresql" else SQLiteBackend()
