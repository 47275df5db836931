"""From what a visitor typed to a query plan both database backends run the same way.

We never hand the visitor's text to FTS5's MATCH or PostgreSQL's parser: the
text is cut into words here, stop words dropped, synonyms expanded, and each
backend builds its query from those words (quoted for FTS5, one
`phraseto_tsquery` per phrase for PostgreSQL). So any input is safe and both
engines see the same words.
"""

import re
import unicodedata
from dataclasses import dataclass, replace

from backpain import sharedcache

MAX_QUERY_LENGTH = 200
MAX_GROUPS = 10
SYNONYMS_CACHE_KEY = "search:synonyms"
SYNONYMS_CACHE_SECONDS = 3600

# PostgreSQL's `english` stop words (tsearch_data/english.stop). PostgreSQL drops
# them whatever we do, so we drop exactly these on SQLite too.
STOP_WORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself"
    " it its itself they them their theirs themselves what which who whom this that these those am is are was were be"
    " been being have has had having do does did doing a an the and but if or because as until while of at by for"
    " with about against between into through during before after above below to from up down in out on off over"
    " under again further then once here there when where why how all any both each few more most other some such no"
    " nor not only own same so than too very s t can will just don should now".split()
)

# Phrases and words that carry no meaning in a question ("is it ok to", "any advice", "bad"): never required to
# match, and left out of the query's meaning.
FILLER_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "is it ok",
        "is it okay",
        "is it alright",
        "is it normal to",
        "any advice",
        "any tips",
        "advice please",
        "please",
        "help me",
        "i was wondering",
        "wondering if",
        "tell me",
        "what do i do",
        "what should i do",
        "what can i do",
        "best way to",
        "is there anything",
        "anything i can do",
        "do you know",
        "do you think",
        # Words that qualify a worry without naming it: “would cracking my back help”, “a bad back”.
        "would",
        "could",
        "bad",
        "good",
        "help",
    )
)
_FILLER_LONGEST = max(len(phrase) for phrase in FILLER_PHRASES)

WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise(text):
    """The query as we log and display it: NFKC, no control characters, single spaces, capped."""
    text = unicodedata.normalize("NFKC", str(text or ""))[: MAX_QUERY_LENGTH * 2]
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text[:MAX_QUERY_LENGTH].strip()


def words(text):
    """Lower-case words as both full-text engines cut them."""
    return WORD.findall(text.lower())


def _fold(word):
    """Crude folding of endings so “slipped discs” meets the synonym “slipped disc” and “cracking” meets “crack”.

    Plurals, then -ing and -ed, a doubled last letter (“rubbing”, “rub”) and a silent e (“making”, “make”);
    both the synonyms and the query are folded the same way, so only equal folds meet.
    """
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "sl":
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def is_searchable(phrase):
    """A phrase the engines can look up: at least one word that is neither a stop word nor a single letter."""
    return any(len(word) > 1 and word not in STOP_WORDS for word in phrase)


@dataclass(frozen=True)
class Group:
    """One concept of the query: any of its phrases may match. `word` is set for a plain single word."""

    phrases: tuple[tuple[str, ...], ...]
    word: str = ""


@dataclass(frozen=True)
class Plan:
    """What to search for: every group (`match_all`) or any of them (most first), in which kinds of content."""

    groups: tuple[Group, ...]
    kinds: tuple[str, ...] = ("faq", "article")
    match_all: bool = True

    def with_groups(self, groups, match_all=True):
        return replace(self, groups=tuple(groups), match_all=match_all)


_synonyms_here = {}  # this process's copy: {"key": cache key, "table": …, "longest": …}


def synonym_table():
    """{folded phrase: all phrases of its synonym group}, cached under the content generation (a synonym is content).

    This process keeps the table it last read while the generation stays (reading the shared cache means
    unpickling it again); a cache that is down only means the table is read from the database.
    """
    return _synonyms()["table"]


def forget_synonyms():
    """Drop this process's copy (tests roll the database, and its generation, back)."""
    _synonyms_here.clear()


def _synonyms():
    from backpain import generation

    stamp = generation.current()
    cache_key = f"{SYNONYMS_CACHE_KEY}:{stamp[0] if stamp else 'unknown'}"
    if stamp and _synonyms_here.get("key") == cache_key:
        return _synonyms_here
    table = sharedcache.get(cache_key) if stamp else None
    if table is None:
        from backpain.search.models import Synonym

        table = {}
        for synonym in Synonym.objects.all():
            phrases = tuple(tuple(words(term)) for term in synonym.term_list())
            phrases = tuple(phrase for phrase in phrases if is_searchable(phrase))
            for phrase in phrases:
                key = tuple(_fold(word) for word in phrase)
                table[key] = tuple(dict.fromkeys(table.get(key, ()) + phrases))
        if stamp:
            sharedcache.set(cache_key, table, SYNONYMS_CACHE_SECONDS)
    found = {"key": cache_key if stamp else None, "table": table, "longest": max(map(len, table), default=1)}
    _synonyms_here.clear()
    _synonyms_here.update(found)
    return found


def _filler_at(query_words, position):
    """The length of the longest filler phrase starting at `position`, or 0."""
    longest = min(_FILLER_LONGEST, len(query_words) - position)
    return next(
        (size for size in range(longest, 0, -1) if tuple(query_words[position : position + size]) in FILLER_PHRASES),
        0,
    )


def build_groups(query_words):
    """Group the words of a query, expanding synonyms (longest phrase first), dropping stop words and filler."""
    synonyms = _synonyms()
    table, longest = synonyms["table"], synonyms["longest"]
    folded = [_fold(word) for word in query_words]
    groups, position = [], 0
    while position < len(query_words):
        filler = _filler_at(query_words, position)
        if filler:
            position += filler
            continue
        for size in range(min(longest, len(query_words) - position), 0, -1):
            phrases = table.get(tuple(folded[position : position + size]))
            if phrases:
                groups.append(Group(phrases=phrases))
                position += size
                break
        else:
            word = query_words[position]
            if is_searchable((word,)):
                groups.append(Group(phrases=((word,),), word=word))
            position += 1
    unique = list(dict.fromkeys(groups))
    return tuple(unique[:MAX_GROUPS])
