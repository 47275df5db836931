"""What a write to an FAQ affects (the table for articles is `articles/effects.py`).

An FAQ's Markdown HTML and search document are its own; an article's FAQ is shown on that article's page (before and
after a move). Its topic links change its search document (topic names are indexed) and the FAQ pages.
"""

from articles.effects import article_ids_of, note_stale_markdown
from backpain.writes import track
from faq.models import FAQ


def track_faqs():
    track(FAQ, faq_effects)


def faq_effects(write, changes):
    if write.kind == "links":
        faqs = set(write.pk_set) if write.reverse else {write.instance.pk}
        if write.reverse and not faqs:  # topic.faqs.clear(): the FAQs it had
            faqs = set(write.instance.faqs.values_list("pk", flat=True))
        changes.add("index_faqs", faqs)
        return
    note_stale_markdown(write, changes)
    changes.add("pages", article_ids_of(write))
    changes.add("index_faqs", write.pks)
