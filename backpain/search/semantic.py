"""Nearest passages by meaning: every document's vectors, held in this process's memory as one matrix.

The vectors are stored with the index (`SearchDocument.vectors`, kept by the
index deriver), so both engines hold the same bytes and this code ranks them
the same way on either. The matrix is read again when the content generation
moves (another process wrote) or this process's own index deriver ran. A
neighbour is only a candidate: results.py keeps it only if `published()`
says the visitor may see it, checked in SQL at query time.
"""

import threading

import numpy as np
from django.db import connection

from backpain import generation
from backpain.search import embedding
from backpain.search.models import SearchDocument

CANDIDATE_ROWS = 60  # passages read from the top of the similarity order, before merging them per document


class VectorIndex:
    def __init__(self):
        self.lock = threading.Lock()
        self.epoch = 0  # moved on by this process's writes to the index
        self.key = None
        self.document_ids = np.zeros(0, dtype=np.int64)
        self.is_faq = np.zeros(0, dtype=bool)
        self.matrix = np.zeros((0, embedding.DIMENSIONS), dtype=np.float32)

    def forget(self):
        with self.lock:
            self.epoch += 1

    def _current(self):
        stamp = generation.current()
        key = (stamp[0] if stamp else None, self.epoch, connection.settings_dict["NAME"])
        with self.lock:
            if key != self.key or key[0] is None:
                self._load()
                self.key = key
            return self.document_ids, self.is_faq, self.matrix

    def _load(self):
        """Read every document's vectors into one float32 matrix, filled in place (no second copy)."""
        ids, faq, stored = [], [], []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, faq_id IS NOT NULL, vectors FROM {SearchDocument._meta.db_table}"
                " WHERE vectors IS NOT NULL ORDER BY id"
            )
            for document_id, is_faq, data in cursor:
                vectors = embedding.from_bytes(data)
                ids.extend([document_id] * len(vectors))
                faq.extend([bool(is_faq)] * len(vectors))
                stored.append(vectors)
        matrix = np.empty((len(ids), embedding.DIMENSIONS), dtype=np.float32)
        row = 0
        for vectors in stored:
            matrix[row : row + len(vectors)] = vectors
            row += len(vectors)
        self.document_ids = np.asarray(ids, dtype=np.int64)
        self.is_faq = np.asarray(faq, dtype=bool)
        self.matrix = matrix

    def nearest(self, spellings, kinds, limit, floor):
        """[(document id, similarity)] of the `limit` documents closest to the query (of `kinds`), at least `floor`.

        `spellings` are the query as typed and as corrected. A document's similarity is that of its closest
        passage. Ties break by document id.
        """
        model = embedding.model()
        if model is None:
            return []
        document_ids, is_faq, matrix = self._current()
        if not len(document_ids):
            return []
        query = model.embed_query(spellings)
        if not query.any():
            return []
        similarities = matrix @ query
        if set(kinds) != {"faq", "article"}:
            similarities = np.where(is_faq if "faq" in kinds else ~is_faq, similarities, -1.0)
        count = min(CANDIDATE_ROWS, len(similarities))
        top = np.argpartition(-similarities, count - 1)[:count]
        best = {}
        for row in top:
            similarity = float(similarities[row])
            if similarity >= floor:
                document_id = int(document_ids[row])
                best[document_id] = max(similarity, best.get(document_id, -1.0))
        ranked = sorted(best.items(), key=lambda item: (-round(item[1], 6), item[0]))
        return ranked[:limit]


vector_index = VectorIndex()
