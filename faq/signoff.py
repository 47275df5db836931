"""Medical sign-off of site-wide FAQs: the article design (`articles/signoff.py`) for a question and its answer.

A site-wide FAQ is public once approved, so with `MEDICAL_SIGNOFF_REQUIRED` its row holds only text a medical
reviewer signed off: a new one is saved with `live` off (`FAQ.objects.published()` leaves it out), and an edit of
a live one waits in its `FAQPendingVersion` while the row keeps the approved text. A sign-off (`FAQSignOff`, of
the text's hash) writes the pending text to the row and makes it live, through the write path, so the pages, the
search index and the sitemap change only then. Without the setting an Editor's save is the approval. An article's
FAQs are part of the article's version (`articles/versions.py`) and are not handled here.
"""

import hashlib
import json

from django.utils import timezone
from django.utils.translation import gettext as _

from articles import roles
from articles.signoff import SignOffRefused, signoff_required
from articles.versions import normalised
from backpain.writes import batch
from faq.models import FAQ, FAQPendingVersion, FAQSignOff


def text_of(faq):
    """The text a sign-off covers, of an FAQ or of its pending version."""
    return {"question": faq.question, "answer": faq.answer}


def text_hash(text):
    payload = json.dumps([normalised(text["question"]), normalised(text["answer"])], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def pending_of(faq):
    return FAQPendingVersion.objects.filter(faq_id=faq.pk).first()


def working_text(faq):
    """What staff work on and reviewers sign off: the pending text, else the row's (stored, not in memory)."""
    pending = pending_of(faq)
    return text_of(pending if pending is not None else FAQ.objects.get(pk=faq.pk))


def faq_save(*, faq, user):
    """An Editor's save of an FAQ from the FAQ list; returns "pending" or "awaiting" when its text waits, else None.

    The stored row is read under its lock, so a sign-off running now is either seen whole or waits for this save.
    """
    with batch():
        stored = FAQ.objects.select_for_update().filter(pk=faq.pk).first() if faq.pk else None
        if faq.article_id is not None or not signoff_required():
            faq.live = True
            faq.save()
            FAQPendingVersion.objects.filter(faq_id=faq.pk).delete()
            return None
        if stored is None or not stored.live or stored.article_id is not None:
            faq.live = False
            faq.save()
            return "awaiting"
        if text_hash(text_of(faq)) == text_hash(text_of(stored)):
            FAQPendingVersion.objects.filter(faq_id=faq.pk).delete()
            faq.save()
            return None
        FAQPendingVersion.objects.update_or_create(
            faq=stored,
            defaults={"question": faq.question, "answer": faq.answer, "saved_by": user, "saved_at": timezone.now()},
        )
        faq.question, faq.answer = stored.question, stored.answer
        faq.save()
        FAQ.objects.filter(pk=faq.pk).update(updated_at=stored.updated_at)  # the sitemap's date: of the live text
        return "pending"


def faq_sign_off(*, faq, user, content_hash, note=""):
    """A medical reviewer approves the working text with this hash (the one they read); it goes live at once."""
    reviewer = roles.own_author(user)
    if not roles.can_sign_off(user) or reviewer is None:
        raise SignOffRefused(_("Only a medical reviewer with an author profile may sign off an FAQ."))
    with batch():
        faq = FAQ.objects.select_for_update().get(pk=faq.pk)
        if faq.article_id is not None:
            raise SignOffRefused(_("An article's FAQ is signed off with its article."))
        pending = pending_of(faq)
        text = text_of(pending if pending is not None else faq)
        if text_hash(text) != content_hash:
            raise SignOffRefused(_("The text changed after you opened it. Read the new version and sign off again."))
        signoff = FAQSignOff.objects.create(
            faq=faq, content_hash=content_hash, text=text, reviewer=reviewer, signed_by=user, note=note
        )
        faq.question, faq.answer, faq.live = text["question"], text["answer"], True
        faq.save()
        if pending is not None:
            pending.delete()
        return signoff
