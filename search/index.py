"""Keeping the search index in step with the content.

`index_faq` and `index_article` write one SearchDocument each (and keep the
typo corrector's word counts); `rebuild_index` starts over from the content
tables in bulk. Every object is indexed whatever its state: `published()`
decides at query time what a visitor may find.
"""

import re
from collections import Counter

from django.db import transaction
from django.db.models import F

from articles.models import Article
from backpain.markdown import html_to_text
from faq.models import FAQ
from search.backends import get_backend
from search.models import SearchDocument, SearchTerm
from search.query import words

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TERM = re.compile(r"^[^\W\d_]{3,40}$")
BATCH_SIZE = 2000


def _clean(text):
    return " ".join(_CONTROL.sub(" ", text or "").split())


def faq_fields(faq, topic_names):
    return {
        "title": _clean(faq.question),
        "summary": _clean(" ".join(topic_names)),
        "body": _clean(html_to_text(faq.answer_html)),
    }


def article_fields(article, sections, topic_names):
    headings = [section.heading for section in sections]
    texts = [article.intro_html, *(section.body_html for section in sections), article.conclusion_html]
    return {
        "title": _clean(article.title),
        "summary": _clean(" ".join([article.subtitle, article.summary, *headings, *topic_names])),
        "body": _clean(" ".join(html_to_text(text) for text in texts)),
    }


def document_terms(fields):
    """The distinct words of a document worth offering as spelling corrections."""
    return {word for word in words(" ".join(fields.values())) if _TERM.match(word)}


def _count_terms(terms, step):
    if not terms:
        return
    if step > 0:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, initial=term[0], length=len(term)) for term in terms], ignore_conflicts=True
        )
    SearchTerm.objects.filter(term__in=terms).update(documents=F("documents") + step)


def _store(owner, fields):
    """Create or update the document of `owner` (an FAQ or article) and the word counts it changes."""
    lookup = {"faq": owner} if isinstance(owner, FAQ) else {"article": owner}
    with transaction.atomic():
        document = SearchDocument.objects.filter(**lookup).first()
        old_terms = document_terms(_fields_of(document)) if document else set()
        if document is None:
            SearchDocument.objects.create(**lookup, **fields)
        elif _fields_of(document) != fields:
            SearchDocument.objects.filter(pk=document.pk).update(**fields)
        new_terms = document_terms(fields)
        _count_terms(new_terms - old_terms, +1)
        _count_terms(old_terms - new_terms, -1)


def _fields_of(document):
    return {"title": document.title, "summary": document.summary, "body": document.body}


def forget_document(document):
    """Lower the word counts of a document being deleted."""
    _count_terms(document_terms(_fields_of(document)), -1)


def index_object(obj):
    """Index one FAQ or article as it now stands in the database."""
    _owner, fields = _owner_and_fields(obj)
    _store(obj, fields)


def rebuild_index():
    """Rebuild every document and word count from the content; returns the number of documents."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        counts = Counter()
        total = 0
        for batch in _all_documents():
            documents = [SearchDocument(**owner, **fields) for owner, fields in batch]
            SearchDocument.objects.bulk_create(documents)
            for _owner, fields in batch:
                counts.update(document_terms(fields))
            total += len(documents)
        SearchTerm.objects.bulk_create(
            (SearchTerm(term=term, initial=term[0], length=len(term), documents=n) for term, n in counts.items()),
            batch_size=BATCH_SIZE,
        )
        get_backend().optimise()
    return total


def _all_documents():
    """Batches of (owner, fields) for every FAQ and article, a constant number of queries per batch."""
    for model, prefetch in ((FAQ, ["topics"]), (Article, ["topics", "sections"])):
        last_pk = 0
        while batch := list(
            model.objects.filter(pk__gt=last_pk).order_by("pk").prefetch_related(*prefetch)[:BATCH_SIZE]
        ):
            last_pk = batch[-1].pk
            yield [_owner_and_fields(obj) for obj in batch]


def _owner_and_fields(obj):
    topic_names = [topic.name for topic in obj.topics.all()]
    if isinstance(obj, FAQ):
        return {"faq": obj}, faq_fields(obj, topic_names)
    return {"article": obj}, article_fields(obj, list(obj.sections.all()), topic_names)
