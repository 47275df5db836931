"""Nearest passages by meaning: every passage's vector as 1,024 bits in this process's memory, then exact.

The vectors are stored with the index (`SearchDocument.vectors`, kept by the
index deriver), so both engines hold the same bytes and this code ranks them
the same way on either. In memory each passage keeps only 1,024 bits: the
signs of its vector, centred on the corpus's mean vector (averaged word
vectors share one direction) and projected on fixed random directions (so the
number of differing bits follows the angle between two vectors); 128 bytes,
so a hundred thousand FAQs fit in 13 MB. The Hamming distance of those bits
finds the RESCORED closest passages, whose stored vectors are then read back
and compared exactly. A site with fewer passages than that is
ranked exactly throughout. The bits are read again when the content
generation moves (another process wrote) or this process's own index deriver
ran. A site whose stored vectors fit in SEARCH_VECTOR_MEMORY_MB keeps them
in memory too (loaded with the bits, so exactly as current), and compares
them there instead of reading them back. A neighbour is only a candidate:
results.py keeps it only if `published()` says the visitor may see it,
checked in SQL at query time.
"""

import threading

import numpy as np
from django.conf import settings
from django.db import connection

from backpain import generation
from backpain.search import embedding
from backpain.search.models import SearchDocument
from backpain.search.sql import among

RESCORED = 300  # passages closest by their bits, compared exactly
LOAD_BATCH = 1000  # documents read at a time, so loading never holds every vector at once
ROW_BYTES = embedding.DIMENSIONS * 2  # a stored passage: float16
BITS = 1024
WORDS = BITS // 64
PROJECTION = np.random.default_rng(20261203).standard_normal((embedding.DIMENSIONS, BITS)).astype(np.float32)


def signs(vectors, mean):
    """Each row's bits, packed into 64-bit words: WORDS rows of one word per vector (column-wise is fastest)."""
    projected = (np.asarray(vectors, dtype=np.float32) - mean) @ PROJECTION
    packed = np.packbits(projected > 0, axis=1).view(np.uint64).reshape(-1, WORDS)
    return np.ascontiguousarray(packed.T)


def hamming(bits, query_bits):
    """The number of differing sign bits between each passage and the query, as uint16."""
    distances = np.zeros(bits.shape[1], dtype=np.uint16)
    for word in range(WORDS):
        distances += np.bitwise_count(bits[word] ^ query_bits[word, 0])
    return distances


class VectorIndex:
    def __init__(self):
        self.lock = threading.Lock()
        self.epoch = 0  # moved on by this process's writes to the index
        self.key = None
        self.document_ids = np.zeros(0, dtype=np.int64)
        self.is_faq = np.zeros(0, dtype=bool)
        self.bits = np.zeros((WORDS, 0), dtype=np.uint64)
        self.mean = np.zeros(embedding.DIMENSIONS, dtype=np.float32)
        self.vectors = None  # every passage's stored vector, row by row as `document_ids`, when they fit

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
            return self.document_ids, self.is_faq, self.bits, self.mean, self.vectors

    def _load(self):
        """Read every passage's bits, a batch of documents at a time (by id, on any engine), into arrays sized once.

        The mean is that of the first batch's passages: an estimate of the corpus's, enough to centre on. The
        vectors themselves are kept too when all of them fit in SEARCH_VECTOR_MEMORY_MB.
        """
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT sum(length(vectors)) FROM {table}")
            stored = cursor.fetchone()[0] or 0
        loaded = _Passages(stored // ROW_BYTES, keep_vectors=stored <= settings.SEARCH_VECTOR_MEMORY_MB * 2**20)
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, faq_id IS NOT NULL, vectors FROM {table} WHERE vectors IS NOT NULL AND id > %s"
                    f" ORDER BY id LIMIT {LOAD_BATCH}",
                    [last],
                )
                rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            loaded.add(rows)
        self.document_ids, self.is_faq, self.bits, self.vectors = loaded.arrays()
        self.mean = loaded.mean if loaded.mean is not None else np.zeros(embedding.DIMENSIONS, dtype=np.float32)

    def nearest(self, spellings, kinds, limit, floor):
        """[(document id, similarity)] of the `limit` documents closest to the query (of `kinds`), at least `floor`.

        `spellings` are the query as typed and as corrected. A document's similarity is that of its closest
        passage. Ties break by document id.
        """
        model = embedding.model()
        if model is None:
            return []
        document_ids, is_faq, bits, mean, held = self._current()
        if not len(document_ids):
            return []
        query = model.embed_query(spellings)
        if not query.any():
            return []
        distances = hamming(bits, signs(query[None, :], mean))
        if set(kinds) != {"faq", "article"}:
            distances[~is_faq if "faq" in kinds else is_faq] = BITS + 1
        count = min(RESCORED, len(distances))
        closest = np.argpartition(distances, count - 1)[:count]
        candidates = np.unique(document_ids[closest[distances[closest] <= BITS]])
        if not len(candidates):
            return []
        found = self._vectors(candidates) if held is None else self._held_vectors(candidates, document_ids, held)
        found_ids, matrix, starts = found
        if not len(found_ids):
            return []
        closest_passages = np.maximum.reduceat(matrix.astype(np.float32) @ query, starts)
        best = {
            int(document_id): float(similarity)
            for document_id, similarity in zip(found_ids, closest_passages, strict=True)
            if similarity >= floor
        }
        ranked = sorted(best.items(), key=lambda item: (-round(item[1], 6), item[0]))
        return ranked[:limit]

    @staticmethod
    def _held_vectors(candidates, document_ids, held):
        """As `_vectors`, from the vectors held in memory (each document's passages are consecutive rows)."""
        starts = np.searchsorted(document_ids, candidates, side="left")
        lengths = np.searchsorted(document_ids, candidates, side="right") - starts
        offsets = np.cumsum(lengths) - lengths
        rows = np.arange(lengths.sum()) + np.repeat(starts - offsets, lengths)
        return candidates, held[rows], offsets

    @staticmethod
    def _vectors(document_ids):
        """(ids, their stored vectors as one matrix, each id's first row) as they stand now: one query."""
        listed, params = among("id", [int(document_id) for document_id in document_ids])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, vectors FROM {SearchDocument._meta.db_table} WHERE {listed} AND vectors IS NOT NULL"
                " ORDER BY id",
                params,
            )
            rows = [(document_id, bytes(data)) for document_id, data in cursor.fetchall()]
        matrix = embedding.from_bytes(b"".join(data for _id, data in rows))
        lengths = np.asarray([len(data) // ROW_BYTES for _id, data in rows], dtype=np.int64)
        return np.asarray([row[0] for row in rows], dtype=np.int64), matrix, np.cumsum(lengths) - lengths


class _Passages:
    """Passages' ids, kinds, bits (and vectors) filled batch by batch into arrays allocated for `expected` of them.

    Allocated once, not gathered in lists and joined, so loading a large index never needs twice its memory (and
    leaves no freed copies behind); they grow only if documents were written while loading.
    """

    def __init__(self, expected, keep_vectors):
        self.size, self.mean = 0, None
        self.ids = np.zeros(expected, dtype=np.int64)
        self.is_faq = np.zeros(expected, dtype=bool)
        self.bits = np.zeros((WORDS, expected), dtype=np.uint64)
        self.vectors = np.zeros((expected, embedding.DIMENSIONS), dtype=np.float16) if keep_vectors else None

    def add(self, rows):
        """Rows of (document id, is an FAQ, stored vectors)."""
        vectors = embedding.from_bytes(b"".join(bytes(data) for _id, _faq, data in rows))
        counts = [len(data) // ROW_BYTES for _id, _faq, data in rows]
        batch = vectors.astype(np.float32)
        self.mean = batch.mean(axis=0) if self.mean is None else self.mean
        start, stop = self.size, self.size + len(vectors)
        self._reserve(stop)
        self.ids[start:stop] = np.repeat([row[0] for row in rows], counts)
        self.is_faq[start:stop] = np.repeat([bool(row[1]) for row in rows], counts)
        self.bits[:, start:stop] = signs(batch, self.mean)
        if self.vectors is not None:
            self.vectors[start:stop] = vectors
        self.size = stop

    def _reserve(self, needed):
        if needed <= len(self.ids):
            return
        grown = max(needed, 2 * len(self.ids))
        self.ids = np.concatenate([self.ids, np.zeros(grown - len(self.ids), dtype=np.int64)])
        self.is_faq = np.concatenate([self.is_faq, np.zeros(grown - len(self.is_faq), dtype=bool)])
        self.bits = np.concatenate([self.bits, np.zeros((WORDS, grown - self.bits.shape[1]), dtype=np.uint64)], 1)
        if self.vectors is not None:
            extra = np.zeros((grown - len(self.vectors), embedding.DIMENSIONS), dtype=np.float16)
            self.vectors = np.concatenate([self.vectors, extra])

    def arrays(self):
        """(ids, is an FAQ, bits, vectors or None) of the passages loaded, without unused room."""
        if self.size == len(self.ids):
            return self.ids, self.is_faq, self.bits, self.vectors
        vectors = None if self.vectors is None else self.vectors[: self.size].copy()
        return self.ids[: self.size].copy(), self.is_faq[: self.size].copy(), self.bits[:, : self.size].copy(), vectors


vector_index = VectorIndex()
