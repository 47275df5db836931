"""Deriver: the search index, kept in step with the content.

`SearchIndex.derive` writes the SearchDocument of each FAQ and article the batch's writes affect (and keeps the
typo corrector's word counts), and removes those of deleted ones; `rebuild_index` starts over from the content
tables in bulk. Every object is indexed whatever its state: `published()` decides at query time what a visitor may
find. Documents of FAQs are locked before they are read again (article documents are locked with their article by
the page deriver, which runs first).
"""

import re
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import F

from articles.models import Article
from backpain import generation
from backpain.markdown import html_to_text
from backpain.search import embedding, postings, semantic
from backpain.search.backends import get_backend
from backpain.search.models import SearchDocument, SearchPosting, SearchTerm, new_revision
from backpain.search.query import words
from backpain.search.word_counts import word_counts
from faq.models import FAQ

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
BATCH_SIZE = 2000


def _clean(text):
    return " ".join(_CONTROL.sub(" ", text or "").split())


TEXT_FIELDS = ("title", "summary", "body")


def passage_vectors(passages):
    """The stored vectors of a document's passages, or None when the embedding model is not loaded."""
    model = embedding.model()
    return embedding.to_bytes(model.embed(passages)) if model else None


def faq_fields(question, answer_html, topic_names, embed=True):
    """An FAQ's text in three fields, and the vector of its question (unless `embed` is False)."""
    title, body = _clean(question), _clean(html_to_text(answer_html))
    fields = {"title": title, "summary": _clean(" ".join(topic_names)), "body": body}
    fields["vectors"] = passage_vectors([faq_passage(fields)]) if embed else None
    return fields


def faq_passage(fields):
    """What an FAQ's vector says: its question, the text a visitor's own question is a paraphrase of (the words'
    ranking covers the answer)."""
    return fields["title"]


def _embed_faqs(all_fields):
    """Set the vectors of many FAQs' fields at once, on up to BATCH_CORES cores."""
    model = embedding.model()
    if model:
        vectors = model.embed([faq_passage(fields) for fields in all_fields], cores=embedding.BATCH_CORES)
        for fields, vector in zip(all_fields, vectors, strict=True):
            fields["vectors"] = embedding.to_bytes(vector[None, :])
    return all_fields


def article_fields(article, sections, topic_names):
    """The article's text in three fields; its vectors: short passages, each one thing the article says.

    The title, the summary, and the heading and first sentence of the introduction and of each section: a sentence
    encoder reads a heading as what a section answers, and a whole section as noise around it.
    """
    headings = [section.heading for section in sections]
    intro, *bodies, conclusion = (
        _clean(html_to_text(html))
        for html in (article.intro_html, *(section.body_html for section in sections), article.conclusion_html)
    )
    title = _clean(article.title)
    passages = [title, _clean(article.summary), _first_sentence(intro)]
    for section, body in zip(sections, bodies, strict=True):
        passages += [_clean(section.heading), _first_sentence(body)]
    return {
        "title": title,
        "summary": _clean(" ".join([article.subtitle, article.summary, *headings, *topic_names])),
        "body": " ".join(text for text in (intro, *bodies, conclusion) if text),
        "vectors": passage_vectors([passage for passage in passages if passage]),
    }


def _first_sentence(text, most_words=40):
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    return " ".join(sentence.split()[:most_words])


def document_terms(fields):
    """The distinct words of a document worth offering as spelling corrections."""
    text = " ".join(fields[name] for name in TEXT_FIELDS)
    return {word for word in set(words(text)) if 3 <= len(word) <= 40 and word.isalpha()}


def _count_terms(deltas):
    """Apply the summed changes of a batch to the word counts: each word is written once, whatever the batch size."""
    by_step = defaultdict(list)
    for term, step in deltas.items():
        if step:
            by_step[step].append(term)
    added = sorted(term for step, terms in by_step.items() if step > 0 for term in terms)
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, initial=term[0], length=len(term)) for term in added],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    for step, terms in sorted(by_step.items()):
        terms.sort()
        for start in range(0, len(terms), BATCH_SIZE):
            chunk = terms[start : start + BATCH_SIZE]
            SearchTerm.objects.filter(term__in=chunk).update(documents=F("documents") + step)


def _store(lookup, fields, document, deltas):
    """Create or update `document` of `lookup` ({"faq": …} or {"article": …}; None: new), which differs from
    `fields`; note its word changes.

    Returns the document's id, whose postings the caller writes anew.
    """
    old_terms = document_terms(_fields_of(document)) if document else set()
    if document is None:
        document_id = SearchDocument.objects.create(**lookup, **fields, revision=new_revision()).pk
    else:  # the caller found it differs
        document_id = document.pk
        SearchDocument.objects.filter(pk=document.pk).update(**fields, revision=new_revision())
    new_terms = document_terms(fields)
    deltas.update(new_terms - old_terms)
    deltas.subtract(old_terms - new_terms)
    return document_id


def _fields_of(document):
    vectors = None if document.vectors is None else bytes(document.vectors)  # PostgreSQL gives a memoryview
    return {"title": document.title, "summary": document.summary, "body": document.body, "vectors": vectors}


def _same(stored, fields):
    """Whether a stored document says what these fields say: the same text, and vectors equal to float16 precision
    (a batch of texts and one text alone are multiplied in a different order, so a last bit may differ)."""
    return all(stored[name] == fields[name] for name in TEXT_FIELDS) and embedding.same_vectors(
        stored["vectors"], fields["vectors"]
    )


def _forget(documents, deltas):
    """Delete these documents (of deleted FAQs or articles) and note the word counts they held."""
    for document in documents:
        deltas.subtract(document_terms(_fields_of(document)))
    SearchDocument.objects.filter(pk__in=[document.pk for document in documents]).delete()


def index_faqs(ids, fix=True):
    """Index these FAQs as they stand; forget the documents of those that are gone. Returns the differences."""
    documents = SearchDocument.objects.filter(faq_id__in=ids).order_by("pk").select_for_update()
    stored = {document.faq_id: document for document in documents}
    faqs = FAQ.objects.filter(pk__in=ids).prefetch_related("topics")
    return _index("faq", faqs, stored, fix)


def index_articles(ids, fix=True):
    """Index these articles as they stand; forget the documents of those that are gone. Returns the differences."""
    stored = {document.article_id: document for document in SearchDocument.objects.filter(article_id__in=ids)}
    articles = Article.objects.filter(pk__in=ids).prefetch_related("topics", "sections")
    return _index("article", articles, stored, fix)


def _index(kind, owners, stored, fix):
    differences, deltas, rewritten, unchanged = [], Counter(), [], {}
    for owner in owners:
        lookup, fields = _owner_and_fields(owner)
        document = stored.pop(owner.pk, None)
        if document is None or not _same(_fields_of(document), fields):
            differences.append(("search index", f"{kind} {owner.pk}", "missing" if document is None else "differs"))
            if fix:
                rewritten.append((_store(lookup, fields, document, deltas), fields))
        else:
            unchanged[document.pk] = (owner.pk, fields)
    for document_id in postings.differences((pk, fields) for pk, (_owner, fields) in unchanged.items()):
        differences.append(("search index", f"{kind} {unchanged[document_id][0]}", "postings differ"))
        rewritten.append((document_id, unchanged[document_id][1]))
    gone = list(stored.values())  # their FAQ or article was deleted
    differences += [("search index", f"{kind} {document.pk}", "deleted, still indexed") for document in gone]
    if fix:
        postings.replace(rewritten)
        _forget(gone, deltas)
        _count_terms(deltas)
    return differences


def _forget_held():
    """This process's copies of what the index holds (vectors, word counts) are read again at the next search."""
    semantic.vector_index.forget()
    word_counts.forget()


class SearchIndex:
    """Deriver: index the FAQs and articles the batch's writes affect."""

    name = "search index"

    def derive(self, changes):
        if changes["index_faqs"] or changes["index_articles"]:
            _forget_held()
        if changes["index_faqs"]:
            index_faqs(changes["index_faqs"])
        if changes["index_articles"]:
            index_articles(changes["index_articles"])

    def rebuild(self, check):
        differences = index_faqs(set(FAQ.objects.values_list("pk", flat=True)), fix=not check)
        differences += index_articles(set(Article.objects.values_list("pk", flat=True)), fix=not check)
        orphans = list(
            SearchDocument.objects.exclude(faq_id__in=FAQ.objects.values("pk")).exclude(
                article_id__in=Article.objects.values("pk")
            )
        )
        differences += [("search index", f"document {d.pk}", "of a deleted FAQ or article") for d in orphans]
        if not check:
            deltas = Counter()
            _forget(orphans, deltas)
            _count_terms(deltas)
            _forget_held()
        return differences


search_index = SearchIndex()


def rebuild_index():
    """Rebuild every document and word count from the content; returns the number of documents."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Plain DELETEs: per-document signals would recount words that are about to be recounted anyway.
            cursor.execute(f"DELETE FROM {SearchPosting._meta.db_table}")
            cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")
            cursor.execute(f"DELETE FROM {SearchTerm._meta.db_table}")
        counts = Counter()
        total = 0
        for batch in _all_documents():
            documents = [SearchDocument(**owner, **fields, revision=new_revision()) for owner, fields in batch]
            SearchDocument.objects.bulk_create(documents)
            postings.insert((document.pk, fields) for document, (_owner, fields) in zip(documents, batch, strict=True))
            for _owner, fields in batch:
                counts.update(document_terms(fields))
            total += len(documents)
        SearchTerm.objects.bulk_create(
            (SearchTerm(term=term, initial=term[0], length=len(term), documents=n) for term, n in counts.items()),
            batch_size=BATCH_SIZE,
        )
        get_backend().optimise()
        generation.generation_deriver.rebuild(check=False)  # other processes read their vectors again
    if transaction.get_autocommit():  # committed (not inside a caller's transaction): tidy up after it
        get_backend().settle()
    _forget_held()
    return total


def _all_documents():
    """Batches of (owner, fields) for every FAQ and article, a constant number of queries per batch.

    FAQs are read as plain values: a site may hold a hundred thousand of them.
    """
    last_pk = 0
    faqs = FAQ.objects.order_by("pk").values_list("pk", "question", "answer_html")
    while batch := list(faqs.filter(pk__gt=last_pk)[:BATCH_SIZE]):
        last_pk = batch[-1][0]
        topic_names = defaultdict(list)
        through = FAQ.topics.through.objects.filter(faq_id__in=[row[0] for row in batch])
        for faq_id, name in through.order_by("topic__name").values_list("faq_id", "topic__name"):
            topic_names[faq_id].append(name)
        fields = _embed_faqs([faq_fields(question, html, topic_names[pk], embed=False) for pk, question, html in batch])
        yield [({"faq_id": pk}, faq_fields) for (pk, _question, _html), faq_fields in zip(batch, fields, strict=True)]
    last_pk = 0
    articles = Article.objects.order_by("pk").prefetch_related("topics", "sections")
    while batch := list(articles.filter(pk__gt=last_pk)[:BATCH_SIZE]):
        last_pk = batch[-1].pk
        yield [({"article": article}, _owner_and_fields(article)[1]) for article in batch]


def _owner_and_fields(obj):
    topic_names = sorted(topic.name for topic in obj.topics.all())
    if isinstance(obj, FAQ):
        return {"faq": obj}, faq_fields(obj.question, obj.answer_html, topic_names)
    return {"article": obj}, article_fields(obj, list(obj.sections.all()), topic_names)
