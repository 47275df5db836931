"""SQL spellings the search statements share that differ by engine.

A list of ids is one array parameter on PostgreSQL (one value to bind and a
short statement to parse, however many ids) and a list of placeholders on
SQLite, which has no arrays.
"""

from django.db import connection


def among(column, values):
    """(SQL, params): true when `column` is one of `values` (a non-empty sequence)."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
