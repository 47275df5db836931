"""Readability of rendered article text: Flesch reading ease and Flesch–Kincaid grade.

Health-information guidance (NHS, NIH) asks for plain language, roughly a
reading ease of 60 or more and a grade of 8 or less. The figures are
computed from the rendered HTML, block by block, so a heading or a list item
counts as a sentence of its own even without a full stop. Syllables are
estimated with the usual vowel-group heuristic: good enough to compare drafts.
"""

import re
from dataclasses import dataclass

from backpain.markdown import html_to_text

_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|dd|dt|blockquote|figcaption|summary|pre)>|<br\s*/?>", re.I)
_SENTENCE_END = re.compile(r"[.!?]+")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    reading_ease: float | None
    grade: float | None


def count_syllables(word):
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def measure(*rendered_html):
    """Readability of the given HTML fragments taken together; None figures when there is no text."""
    sentences = words = syllables = 0
    for fragment in rendered_html:
        for block in _BLOCK_END.split(fragment or ""):
            text = html_to_text(block)
            block_words = _WORD.findall(text)
            if not block_words:
                continue
            words += len(block_words)
            syllables += sum(count_syllables(word) for word in block_words)
            sentences += max(1, sum(1 for part in _SENTENCE_END.split(text) if _WORD.search(part)))
    if not words:
        return Readability(None, None)
    words_per_sentence = words / sentences
    syllables_per_word = syllables / words
    return Readability(
        reading_ease=round(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 1),
        grade=round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 1),
    )
