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
ranked exactly throughout. When the content generation moves (another
process wrote) or this process's own index deriver ran, only the documents
whose revision changed are read again (every document's id and revision,
then the vectors of those). A site whose stored vectors fit in
SEARCH_VECTOR_MEMORY_MB keeps them in memory too (read with the bits, so
exactly as current), and compares them there instead of reading them back. A neighbour is only a candidate:
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
PASSAGE_COLUMNS = "faq_id IS NOT NULL, vectors, COALESCE(revision, 0)"  # what `_Passages.add` reads
REVISION_BATCH = 20_000  # documents' ids and revisions read at a time when looking for what changed
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
        self.document_ids = np.zeros(0, dtype=np.int64)  # one per passage, in id order
        self.is_faq = np.zeros(0, dtype=bool)
        self.bits = np.zeros((WORDS, 0), dtype=np.uint64)
        self.mean = np.zeros(embedding.DIMENSIONS, dtype=np.float32)
        self.vectors = None  # every passage's stored vector, row by row as `document_ids`, when they fit
        self.revisions = _revisions([])  # (document ids in order, their revisions when read)

    def forget(self):
        with self.lock:
            self.epoch += 1

    def _current(self):
        stamp = generation.current()
        key = (stamp[0] if stamp else None, self.epoch, connection.settings_dict["NAME"])
        with self.lock:
            if self.key is None or key[2] != self.key[2]:
                self._load()
            elif key != self.key or key[0] is None:
                self._refresh()
            self.key = key
            return self.document_ids, self.is_faq, self.bits, self.mean, self.vectors

    def _load(self):
        """Read every passage's bits, a batch of documents at a time (by id, on any engine), into arrays sized once.

        The mean is that of the first batch's passages: an estimate of the corpus's, enough to centre on. The
        vectors themselves are kept too when all of them fit in SEARCH_VECTOR_MEMORY_MB.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT sum(length(vectors)) FROM {SearchDocument._meta.db_table}")
            stored = cursor.fetchone()[0] or 0
        loaded = _Passages(stored // ROW_BYTES, keep_vectors=stored <= _memory_budget())
        for rows in _batches("vectors IS NOT NULL", [], PASSAGE_COLUMNS):
            loaded.add(rows)
        self.document_ids, self.is_faq, self.bits, self.vectors = loaded.arrays()
        self.mean = loaded.mean if loaded.mean is not None else np.zeros(embedding.DIMENSIONS, dtype=np.float32)
        self.revisions = loaded.revisions()

    def _refresh(self):
        """Read again only the documents written or deleted since the arrays were read (all of them, if most were).

        Every document's id and revision are read (a batch at a time), then the vectors of those whose revision is
        not the one held. Their bits are centred on the mean already held, so every other passage keeps its own.
        """
        current = _revisions(_batches("vectors IS NOT NULL", [], "COALESCE(revision, 0)", REVISION_BATCH))
        held_ids, held_revisions = self.revisions
        same = np.zeros(len(current[0]), dtype=bool)
        if len(held_ids):
            at = np.minimum(np.searchsorted(held_ids, current[0]), len(held_ids) - 1)
            same = (held_ids[at] == current[0]) & (held_revisions[at] == current[1])
        changed = current[0][~same]
        if not len(changed) and len(held_ids) == same.sum():
            return
        if len(changed) > len(current[0]) // 2:
            return self._load()
        read = _Passages(0, keep_vectors=self.vectors is not None, mean=self.mean)
        for start in range(0, len(changed), LOAD_BATCH):
            listed, params = among("id", changed[start : start + LOAD_BATCH].tolist())
            for rows in _batches(f"vectors IS NOT NULL AND {listed}", params, PASSAGE_COLUMNS):
                read.add(rows)
        ids, is_faq, bits, vectors = read.arrays()
        kept = np.isin(self.document_ids, current[0][same])
        order = np.argsort(np.concatenate([self.document_ids[kept], ids]), kind="stable")
        self.document_ids = np.concatenate([self.document_ids[kept], ids])[order]
        self.is_faq = np.concatenate([self.is_faq[kept], is_faq])[order]
        self.bits = np.ascontiguousarray(np.concatenate([self.bits[:, kept], bits], axis=1)[:, order])
        if self.vectors is not None:
            held = np.concatenate([self.vectors[kept], vectors])[order]
            self.vectors = held if held.nbytes <= _memory_budget() else None
        read_ids, read_revisions = read.revisions()
        documents = np.concatenate([current[0][same], read_ids])
        document_order = np.argsort(documents, kind="stable")
        self.revisions = (documents[document_order], np.concatenate([current[1][same], read_revisions])[document_order])

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


def _memory_budget():
    return settings.SEARCH_VECTOR_MEMORY_MB * 2**20


def _batches(condition, params, columns, size=LOAD_BATCH):
    """Rows (id, *columns) of the documents meeting `condition`, `size` at a time in id order, on any engine."""
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {columns} FROM {SearchDocument._meta.db_table} WHERE {condition} AND id > %s"
                f" ORDER BY id LIMIT {int(size)}",
                [*params, last],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _revisions(batches):
    """(document ids, revisions) as two arrays from batches of (id, revision) rows, each batch an array at once."""
    ids, revisions = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for batch in batches:
        ids.append(np.fromiter((row[0] for row in batch), dtype=np.int64, count=len(batch)))
        revisions.append(np.fromiter((row[1] for row in batch), dtype=np.int64, count=len(batch)))
    return np.concatenate(ids), np.concatenate(revisions)


class _Passages:
    """Passages' ids, kinds, bits (and vectors) filled batch by batch into arrays allocated for `expected` of them.

    Allocated once, not gathered in lists and joined, so loading a large index never needs twice its memory (and
    leaves no freed copies behind); they grow only if documents were written while loading.
    """

    def __init__(self, expected, keep_vectors, mean=None):
        self.size, self.mean = 0, mean
        self.ids = np.zeros(expected, dtype=np.int64)
        self.is_faq = np.zeros(expected, dtype=bool)
        self.bits = np.zeros((WORDS, expected), dtype=np.uint64)
        self.vectors = np.zeros((expected, embedding.DIMENSIONS), dtype=np.float16) if keep_vectors else None
        self.documents = []  # per batch: (document ids, revisions)

    def add(self, rows):
        """Rows of (document id, is an FAQ, stored vectors, revision)."""
        vectors = embedding.from_bytes(b"".join(bytes(row[2]) for row in rows))
        counts = [len(row[2]) // ROW_BYTES for row in rows]
        batch = vectors.astype(np.float32)
        self.mean = batch.mean(axis=0) if self.mean is None else self.mean
        start, stop = self.size, self.size + len(vectors)
        self._reserve(stop)
        self.ids[start:stop] = np.repeat([row[0] for row in rows], counts)
        self.is_faq[start:stop] = np.repeat([bool(row[1]) for row in rows], counts)
        self.bits[:, start:stop] = signs(batch, self.mean)
        if self.vectors is not None:
            self.vectors[start:stop] = vectors
        self.documents.append(_revisions([[(row[0], row[3]) for row in rows]]))
        self.size = stop

    def revisions(self):
        """(document ids, revisions) of the documents read, in the order read."""
        empty = np.zeros(0, dtype=np.int64)
        return tuple(np.concatenate([empty, *(batch[column] for batch in self.documents)]) for column in (0, 1))

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
