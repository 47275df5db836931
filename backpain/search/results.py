"""The one search interface the views use: `run_search(text, kinds=...)`.

It turns the visitor's text into a plan, tries to match every concept, then
corrects words that match nothing, then settles for any concept; then fuses
the first window of that ranking with the nearest published documents by
meaning (`semantic.py`, `fusion.py`). It returns a `SearchResults` the
Paginator can count and slice, so only the shown page is ranked, fetched
and highlighted.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from backpain.search import engine
from backpain.search.backends import get_backend
from backpain.search.engine import MARK_END, MARK_START
from backpain.search.fusion import fuse
from backpain.search.neighbours import by_meaning, nearest
from backpain.search.query import WORD, Plan, build_groups, normalise, words
from backpain.search.spelling import corrections
from faq.models import FAQ

MAX_CORRECTED_WORDS = 3  # bounds the lookups a query of made-up words can cost


def highlighted(text):
    """Escape everything, then turn the engine's markers into <mark>: no stored text can inject HTML."""
    safe = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(re.sub(r"<mark>(\s*)</mark>", r"\1", safe))  # noqa: S308 (escaped above)


@dataclass
class SearchResult:
    kind: str
    object: object
    title: str
    snippet: str

    @property
    def url(self):
        return self.object.get_absolute_url()


class SearchResults:
    """A lazy, sliceable, countable list of results for one plan; the count stops at COUNT_LIMIT.

    Its head is the fused window (the ranking by words' first visible rows and
    the neighbours by meaning); past it, the ranking by words continues.
    """

    def __init__(self, plan, backend, count, top=((), True, {}), semantic=(), every_concept_matched=True):
        self.plan, self.backend = plan, backend
        shown, self._complete, self._fields = top
        self._lexical_shown = len(shown)
        self._head = fuse(shown, semantic, every_concept_matched) if semantic else list(shown)
        self._by_meaning = {row[0] for row in self._head} - {row[0] for row in shown}
        self._fields = {**self._fields, **{row[0]: row[4] for row in semantic if row[0] in self._by_meaning}}
        self._count = count + len(self._by_meaning)

    def count(self):
        return self._count

    @property
    def count_is_capped(self):
        return self._count > engine.COUNT_LIMIT

    @property
    def count_limit(self):
        return engine.COUNT_LIMIT

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not isinstance(page, slice):
            raise TypeError("SearchResults are read a page (a slice) at a time.")
        offset, stop = page.start or 0, page.stop
        rows = self._head[offset:stop]
        if not self._complete and stop > len(self._head):
            start = max(offset, len(self._head))
            lexical_offset = self._lexical_shown + start - len(self._head)
            rows += self.backend.ranked(self.plan, offset=lexical_offset, limit=stop - start)
        return self._results(rows)

    def _results(self, rows):
        fields = self._fields
        by_words = [row[0] for row in rows if row[0] not in fields]
        if by_words:
            fields = {**fields, **self.backend.result_fields(self.plan, by_words)}
        results = []
        for document_id, faq_id, article_id in rows:
            slug, title, snippet = fields.get(document_id, (None, "", ""))
            if slug is not None:  # None: the FAQ or article was deleted since it was ranked
                kind, model, pk = ("faq", FAQ, faq_id) if faq_id else ("article", Article, article_id)
                results.append(SearchResult(kind, _stub(model, pk, slug), highlighted(title), highlighted(snippet)))
        return results


def _stub(model, pk, slug):
    """The FAQ or article as a model instance with only its pk and slug loaded, as `.only("slug")` would give.

    Enough for its URL; any other field is loaded from the database when first read.
    """
    return model.from_db(connection.alias, [model._meta.pk.attname, "slug"], [pk, slug])


@dataclass
class Search:
    """What the visitor asked, what we searched for, and the results."""

    query: str
    results: SearchResults
    corrected_query: str = ""
    left_out: tuple[str, ...] = ()


def run_search(text, *, kinds=("faq", "article"), correct_typos=True, page_size=10):
    """Search for every concept of the query; failing that, correct typos, leave out what matches nothing, then any.

    The steps are those of a patient librarian: most queries stop at the first.
    """
    query = normalise(text)
    backend = get_backend()
    query_words = words(query)
    plan = Plan(groups=build_groups(query_words), kinds=tuple(kinds))
    if not plan.groups:
        return Search(query=query, results=SearchResults(plan, backend, 0))
    # Searching "exactly what I typed" (correction off) is searching by words alone. The meaning is read from the
    # whole sentence, filler and all: the encoder reads questions as people ask them.
    nearby = nearest((query, ""), plan) if correct_typos else []
    count, top = backend.probe(plan, page_size, _ids(nearby))
    corrected_query, left_out = "", ()
    if not count:
        unmatched = [group for group in plan.groups if not backend.count(plan.with_groups([group]), limit=1)]
        fixes = _typo_fixes(unmatched, plan, backend) if correct_typos else {}
        if fixes:
            query_words = [fixes.get(word, word) for word in query_words]
            corrected_query = WORD.sub(lambda match: fixes.get(match.group().lower(), match.group()), query)
            plan = plan.with_groups(build_groups(query_words))
            unmatched = [group for group in unmatched if group.word not in fixes]
            nearby = nearest((query, corrected_query), plan)
        matched = [group for group in plan.groups if group not in unmatched]
        if matched and (fixes or unmatched):
            plan = plan.with_groups(matched)
            left_out = tuple(" ".join(group.phrases[0]) for group in unmatched)
            count, top = backend.probe(plan, page_size, _ids(nearby))
        if not count and len(plan.groups) > 1:
            plan = plan.with_groups(plan.groups, match_all=False)
            count, top = backend.probe(plan, page_size, _ids(nearby))
    semantic = by_meaning(nearby, plan, backend, top) if correct_typos else []
    results = SearchResults(plan, backend, count, top, semantic, every_concept_matched=plan.match_all and not left_out)
    return Search(query, results, corrected_query, left_out)


def _ids(nearby):
    return [document_id for document_id, _similarity in nearby]


def _typo_fixes(unmatched, plan, backend):
    """{misspelt word: correction} for each plain word that finds nothing but a close word does."""
    fixes = {}
    for group in [group for group in unmatched if group.word][:MAX_CORRECTED_WORDS]:
        for candidate in corrections(group.word):
            candidate_groups = build_groups([candidate])
            if candidate_groups and backend.count(plan.with_groups(candidate_groups), limit=1):
                fixes[group.word] = candidate
                break
    return fixes
