"""Readability of article text with textstat: Flesch reading ease and Flesch–Kincaid grade, plus SMOG.

Health-information guidance (NHS, NIH) asks for plain language, roughly a reading ease of 60 or more and a grade
of 8 or less; SMOG is the grade health writers quote most. The figures are computed from rendered HTML, block by
block, so a heading or a list item counts as a sentence of its own even without a full stop. The same function
serves the figure stored on save and the one shown while typing (`editorial/views.py`).
"""

import re
from dataclasses import dataclass

import textstat

from backpain.markdown import html_to_text

_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|dd|dt|blockquote|figcaption|summary|pre)>|<br\s*/?>", re.I)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
LONG_SENTENCE_WORDS = 25
# textstat's SMOG needs this many sentences; below it SMOG says nothing.
SMOG_MIN_SENTENCES = 3


@dataclass(frozen=True)
class Readability:
    reading_ease: float | None
    grade: float | None
    smog: float | None = None


def sentences_of(*rendered_html):
    """The sentences of these HTML fragments as plain text, each block ending one."""
    found = []
    for fragment in rendered_html:
        for block in _BLOCK_END.split(fragment or ""):
            text = " ".join(html_to_text(block).split())
            found += [part.strip() for part in _SENTENCE.findall(text) if _WORD.search(part)]
    return found


def measure(*rendered_html):
    """Readability of the given HTML fragments taken together; None figures when there is no text."""
    sentences = sentences_of(*rendered_html)
    if not sentences:
        return Readability(None, None)
    text = " ".join(sentence if sentence[-1] in ".!?" else f"{sentence}." for sentence in sentences)
    smog = textstat.smog_index(text) if len(sentences) >= SMOG_MIN_SENTENCES else None
    return Readability(
        reading_ease=round(textstat.flesch_reading_ease(text), 1),
        grade=round(textstat.flesch_kincaid_grade(text), 1),
        smog=None if smog is None else round(smog, 1),
    )


def long_sentences(*rendered_html, limit=LONG_SENTENCE_WORDS):
    """The sentences of more than `limit` words: the first thing to split when a page reads hard."""
    return [sentence for sentence in sentences_of(*rendered_html) if len(_WORD.findall(sentence)) > limit]
