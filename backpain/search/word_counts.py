"""How many documents hold each word (`SearchTerm`), read from the database once per content generation per process.

Every search needs its words' counts for their idfs, and they change only when the index is written, which moves
the content generation (and, in the writing process, the epoch, at once). So a process keeps the counts it has
read, and which words it holds none of, until either moves; while the generation cannot be read, it reads every time.
"""

import threading

from django.db import connection

from backpain import generation
from backpain.search.models import SearchTerm
from backpain.search.sql import among

MAX_HELD = 50_000  # words held at most; past it the process starts again from none


class WordCounts:
    def __init__(self):
        self.lock = threading.Lock()
        self.epoch = 0  # moved on by this process's writes to the index
        self.key = None
        self.held = {}

    def forget(self):
        with self.lock:
            self.epoch += 1

    def documents(self, terms):
        """{term: number of documents holding it} for `terms`; None for a term that has no count."""
        stamp = generation.current()
        key = (stamp[0], self.epoch, connection.settings_dict["NAME"]) if stamp else None
        with self.lock:
            if key is None or key != self.key or len(self.held) > MAX_HELD:
                self.key, self.held = key, {}
            held = self.held
            missing = sorted(term for term in terms if term not in held)
        if missing:
            read = _read(missing)
            counts = {term: read.get(term) for term in missing}
            with self.lock:
                if key is not None and self.key == key:  # a write since it was read: keep it for this search only
                    self.held.update(counts)
            held = {**held, **counts}
        return {term: held[term] for term in terms}


def _read(terms):
    # Plain SQL: this runs on every search with a new word, and the ORM's query building would cost more.
    condition, params = among("term", terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, documents FROM {SearchTerm._meta.db_table} WHERE {condition}", params)
        return dict(cursor.fetchall())


word_counts = WordCounts()
