"""The search index, the synonym table and the daily search log.

The index is one row per searchable object (an FAQ or an article) holding
its plain text in three weighted fields. The database's own full-text
machinery sits on top of it: an FTS5 table on SQLite, a stored, GIN-indexed
`tsvector` column on PostgreSQL (both made by migration 0002); and the
meaning of its passages as vectors, searched in memory (`semantic.py`). Whether a row
may be shown is never stored here: it is decided at query time by
`published()`, so scheduled content appears exactly when its time comes.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from backpain.writes import TrackedModel
from faq.models import FAQ


def new_revision():
    """A document's revision: random, so a rolled-back or rebuilt row never repeats the one a process holds."""
    return secrets.randbits(63)


class SearchDocument(models.Model):
    # DO_NOTHING: a deleted FAQ's or article's document is removed by the index deriver in the same transaction,
    # which also lowers the word counts it held (`backpain/search/index.py`).
    faq = models.OneToOneField(FAQ, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="search_document")
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="search_document"
    )
    title = models.TextField(help_text=_("Question or title: the heaviest field."))
    summary = models.TextField(blank=True, help_text=_("Summary, headings and topics."))
    body = models.TextField(blank=True, help_text=_("Answer or article text."))
    vectors = models.BinaryField(
        null=True,
        blank=True,
        help_text=_("What the text means: one vector per passage (float16 rows); none when the model is not loaded."),
    )
    # Nullable so that SQLite adds the column in place: remaking the table would drop its full-text triggers.
    revision = models.BigIntegerField(
        null=True,
        editable=False,
        help_text=_(
            "A new random number at each write of the document: how each process sees which documents changed."
        ),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(faq__isnull=False, article__isnull=True) | Q(faq__isnull=True, article__isnull=False),
                name="search_document_is_faq_or_article",
            )
        ]
        # What a process reads to see which documents changed (`semantic.py`), without visiting the wide rows.
        indexes = [
            models.Index(
                fields=["id", "revision"], condition=Q(vectors__isnull=False), name="search_document_revisions"
            )
        ]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word of the indexed text and how many documents hold it: the typo corrector's dictionary.

    Kept by us rather than read from FTS5's or PostgreSQL's vocabulary
    because those hold stems that differ between the two engines; this one
    gives the same corrections on both.
    """

    term = models.CharField(max_length=40, unique=True)
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["initial", "length"])]

    def __str__(self):
        return self.term


class Synonym(TrackedModel):
    """Words and phrases that mean the same to a reader, lay and clinical alike."""

    terms = models.TextField(
        unique=True,
        help_text=_(
            "Comma-separated words or phrases that mean the same, e.g. “slipped disc, herniated disc, bulging disc”."
            " A search for any of them finds all of them."
        ),
    )

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def save(self, *args, **kwargs):
        self.terms = ", ".join(self.term_list())
        super().save(*args, **kwargs)

    def term_list(self):
        """The distinct, normalised terms, in the editor's order."""
        seen = []
        for term in self.terms.split(","):
            term = " ".join(term.lower().split())
            if term and term not in seen:
                seen.append(term)
        return seen


class SearchQueryDay(models.Model):
    """How often a (normalised) query was searched on a day, and how many results it found.

    One row per query and day keeps storage bounded; nothing identifies the visitor.
    """

    query = models.CharField(max_length=100)
    day = models.DateField()
    searches = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0, help_text=_("Results found by the latest search."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="unique_search_query_day")]
        indexes = [models.Index(fields=["day"])]
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self):
        return f"{self.query} ({self.day})"


class SearchPosting(models.Model):
    """A word stem of a document's heavy fields (title, summary) and how much it weighs there.

    Read best first by stem, these rows name the documents likeliest to rank
    highest for a word that is in most documents, so a search ranks a bounded
    pool of candidates instead of every match (`pool.py`). Kept by the index
    deriver with the document; the body's words are not here (too many).
    """

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="postings")
    stem = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["stem", "-weight", "document"], name="search_posting_best_first")]
        constraints = [models.UniqueConstraint(fields=["document", "stem"], name="unique_search_posting")]

    def __str__(self):
        return f"{self.stem} {self.weight:.3f}"
