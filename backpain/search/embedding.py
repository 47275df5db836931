"""Sentence vectors from WordLlama's token embeddings, loaded from the files its wheel installs.

WordLlama (MIT) ships a 32,000 × 256 token-embedding table and its tokenizer
inside the wheel: no download at run time, no PyTorch. Its own loader looks
for a `tokenizer/` folder while the wheel installs `tokenizers/`, and its
`inference` module configures the root logger on import, so we read the two
files by path and average the token vectors ourselves (as its `embed` does).
Stop words are left out first: the vector then holds what the text is about.
`SEARCH_MODEL_DIR` may point at a copy of the same two files elsewhere. If
they cannot be read, `model()` is None and search runs on words alone
(`manage.py check` says so).
"""

import functools
import importlib.util
import json
import logging
import struct
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

from backpain.search.query import STOP_WORDS, words

DIMENSIONS = 256
TOKENIZER_FILE = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = Path("weights") / "l2_supercat_256.safetensors"
MAX_TOKENS = 512  # a passage longer than this is represented by its start

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded = {}


def model_folder():
    """`SEARCH_MODEL_DIR`, or the installed wordllama package's folder (found without importing it)."""
    if getattr(settings, "SEARCH_MODEL_DIR", ""):
        return Path(settings.SEARCH_MODEL_DIR)
    return _package_folder()


@functools.cache
def _package_folder():
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder:
    def __init__(self, tokenizer_path, weights_path):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        # Kept as stored (float16): half the memory; each text's rows are widened when read.
        self.table = mapped_table(weights_path)[:, :DIMENSIONS]

    def embed(self, texts):
        """Unit vectors (float32, one row per text); a text with no content words gives a zero row."""
        texts = [" ".join(w for w in words(text) if w not in STOP_WORDS) for text in texts]
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, len(self.table) - 1)
            if len(ids):
                vector = self.table[ids].astype(np.float32).mean(axis=0)
                norm = np.linalg.norm(vector)
                vectors[row] = vector / norm if norm else vector
        return vectors

    def embed_query(self, spellings):
        """One unit vector for a query in its spellings (as typed, as corrected): the mean of their vectors.

        A correction can turn a real word the index lacks into a wrong one ("overweight" into "overnight"):
        keeping the typed spelling beside the corrected one keeps the meaning of both.
        """
        vector = self.embed(list(dict.fromkeys(spelling for spelling in spellings if spelling))).sum(axis=0)
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector


def mapped_table(path, name="embedding.weight"):
    """The token table of a safetensors file, mapped from the file rather than read into memory.

    A query touches only its tokens' rows, so a process holds those pages, not the 16 MB table; processes on one
    machine share them. The format is an 8-byte header length, a JSON header, then the raw little-endian tensors.
    """
    with open(path, "rb") as file:
        header_length = struct.unpack("<Q", file.read(8))[0]
        tensor = json.loads(file.read(header_length))[name]
    if tensor["dtype"] != "F16":
        raise ValueError(f"{path}: {name} is {tensor['dtype']}, not F16")
    start, stop = tensor["data_offsets"]
    shape = tuple(tensor["shape"])
    if stop - start != 2 * shape[0] * shape[1]:
        raise ValueError(f"{path}: {name} holds {stop - start} bytes, not the {shape} its header says")
    return np.memmap(path, dtype="<f2", mode="r", offset=8 + header_length + start, shape=shape)


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
            raise FileNotFoundError("the wordllama package is not installed")
        for path in (folder / TOKENIZER_FILE, folder / WEIGHTS_FILE):
            if not path.is_file():
                raise FileNotFoundError(f"no file {path}")
        return Embedder(folder / TOKENIZER_FILE, folder / WEIGHTS_FILE), None
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


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float16).reshape(-1, DIMENSIONS)
