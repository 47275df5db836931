"""Medical sign-off: what makes an article's text live, and the writes around it.

With `MEDICAL_SIGNOFF_REQUIRED` the rows of a published article (live or scheduled) hold only text a medical
reviewer signed off, so everything derived from them (pages, lists, feeds, sitemap, search) does too. An edit of
such an article is written to its rows first (that is how the admin saves a form with its inlines, an action or a
restored revision), then `article_settle_edit` moves the new text into the article's `PendingVersion` and writes
the approved text back, in the same batch: the derivers, which run at the batch's end, never see it. A draft an
Editor publishes goes live only if a sign-off of its current text exists; otherwise it stays a draft with a
publish request, and the sign-off publishes it at the requested time (a future one schedules it: no job needed).

Without the setting an Editor's publish is the approval, and a text change simply removes the review readers were
shown, since it described other text.
"""

import reversion
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import roles, versions
from articles.models import Article, MedicalSignOff, PendingVersion
from backpain.writes import batch


class SignOffRefused(Exception):
    """A sign-off that cannot be recorded; the message says why, for the reviewer."""


def signoff_required():
    return settings.MEDICAL_SIGNOFF_REQUIRED


def pending_of(article):
    return PendingVersion.objects.filter(article_id=article.pk).first()


def working_text(article):
    """The version staff work on: the pending text of a published article, else the article's rows."""
    pending = pending_of(article)
    if pending is not None and pending.text is not None:
        return pending.text
    return versions.text_of(article)


def signoff_of(article, text_hash):
    """The latest sign-off of this article approving exactly the text with this hash, or None."""
    return MedicalSignOff.objects.filter(article_id=article.pk, content_hash=text_hash).order_by("-pk").first()


def article_settle_edit(*, article, live_text, was_published, user, live_updated_at=None):
    """After an edit was written to the article's rows: keep text nobody signed off out of them.

    `live_text` is the version the rows held before the edit, `live_updated_at` their `updated_at` (what readers
    are told as "Last updated", put back while the edit waits). Returns "pending" when the edit's text waits for a
    sign-off, "awaiting" when a publish does, None when the edit stands as written.
    """
    with batch():
        article.refresh_from_db(fields=["status", "published_at"])
        published = article.status == Article.Status.PUBLISHED
        working = versions.text_of(article)
        if not signoff_required():
            _forget_review_of_other_text(article, working)
            return None
        if was_published and published:
            PendingVersion.objects.filter(article_id=article.pk).delete()
            if versions.content_hash(working) == versions.content_hash(live_text):
                return None
            PendingVersion.objects.create(article=article, text=working, saved_by=user)
            versions.apply_text(article, live_text)
            if live_updated_at is not None:
                Article.objects.filter(pk=article.pk).update(updated_at=live_updated_at)
            return "pending"
        if was_published:  # back to draft: its rows hold the working text now
            PendingVersion.objects.filter(article_id=article.pk).delete()
            return None
        if not published:
            return None
        signoff = signoff_of(article, versions.content_hash(working))
        if signoff is not None:
            show_review(article, signoff)
            PendingVersion.objects.filter(article_id=article.pk).delete()
            return None
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
        article.status = Article.Status.DRAFT
        PendingVersion.objects.update_or_create(
            article=article, defaults={"text": None, "publish_at": article.published_at, "saved_by": user}
        )
        return "awaiting"


def article_publish(*, article, user, at):
    """An Editor's publish (the list's action): live at `at` now, or once its text is signed off."""
    with batch():
        was_published = article.status == Article.Status.PUBLISHED
        live_text = versions.text_of(article)
        with reversion.create_revision():
            article.status, article.published_at = Article.Status.PUBLISHED, at
            article.save()
            reversion.set_user(user)
            reversion.set_comment(_("Published now."))
        return article_settle_edit(article=article, live_text=live_text, was_published=was_published, user=user)


def article_unpublish(*, article, user):
    """Back to draft; a pending version becomes the draft's text (nothing public shows it any more)."""
    with batch():
        pending = pending_of(article)
        if pending is not None and pending.text is not None:
            versions.apply_text(article, pending.text)
        PendingVersion.objects.filter(article_id=article.pk).delete()
        with reversion.create_revision():
            article.refresh_from_db(fields=versions.ARTICLE_TEXT)
            article.status = Article.Status.DRAFT
            article.save()
            reversion.set_user(user)
            reversion.set_comment(_("Unpublished."))


def article_sign_off(*, article, user, content_hash, note="", minor=False):
    """A medical reviewer approves the working version with this hash (the one they read); it goes live.

    A live article's pending text replaces its rows at once; a draft an Editor asked to publish is published at
    the time asked for; a draft nobody asked to publish yet keeps the sign-off for when an Editor does.
    """
    reviewer = roles.own_author(user)
    if not roles.can_sign_off(user) or reviewer is None:
        raise SignOffRefused(_("Only a medical reviewer with an author profile may sign off an article."))
    with batch():
        article = Article.objects.select_for_update().get(pk=article.pk)
        pending = pending_of(article)
        text = working_text(article)
        if versions.content_hash(text) != content_hash:
            raise SignOffRefused(_("The text changed after you opened it. Read the new version and sign off again."))
        previous = article.live_signoff
        keep_date = minor and previous is not None and article.status == Article.Status.PUBLISHED
        signoff = MedicalSignOff.objects.create(
            article=article,
            content_hash=content_hash,
            text=text,
            reviewer=reviewer,
            signed_by=user,
            review_date=previous.review_date if keep_date else timezone.localdate(),
            minor=bool(keep_date),
            note=note,
        )
        if pending is not None and pending.text is not None:
            _apply_signed_text(article, pending.text)
            Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
        elif pending is not None:
            now = timezone.now()
            publish_at = pending.publish_at if pending.publish_at and pending.publish_at > now else now
            Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, published_at=publish_at)
        PendingVersion.objects.filter(article_id=article.pk).delete()
        show_review(article, signoff)
        _record_in_history(article, user, signoff)
        return signoff


def _apply_signed_text(article, text):
    try:
        with transaction.atomic():
            versions.apply_text(article, text)
    except IntegrityError as error:
        raise SignOffRefused(
            _("This version cannot go live as it is (%(error)s): an FAQ's address may be taken. Edit it first.")
            % {"error": error}
        ) from error


def record_imported_signoff(*, article, reviewer, review_date, note=""):
    """An import is an operator's action: the bundle's review becomes the sign-off of the text it brings."""
    text = versions.text_of(article)
    signoff = MedicalSignOff.objects.create(
        article=article,
        content_hash=versions.content_hash(text),
        text=text,
        reviewer=reviewer,
        review_date=review_date,
        note=note,
        imported=True,
    )
    show_review(article, signoff)
    return signoff


def article_recovered(article):
    """A deleted article brought back from its history: its sign-offs come back with it, and nothing of it is live.

    The settle step then treats it as a draft an Editor publishes: live only if one of those sign-offs approves
    exactly its text, otherwise a draft awaiting sign-off at the time it was published for.
    """
    MedicalSignOff.objects.filter(article=None, article_key=article.pk).update(article_id=article.pk)
    article.live_signoff, article.reviewed_by, article.last_reviewed = None, None, None


def show_review(article, signoff):
    """What readers are told (badge, review dates, JSON-LD) comes from the sign-off of the rows' text (or None)."""
    fields = {"live_signoff": signoff, "reviewed_by": None, "last_reviewed": None}
    if signoff is not None:
        fields.update(reviewed_by=signoff.reviewer, last_reviewed=signoff.review_date)
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)


def _forget_review_of_other_text(article, text):
    """The review readers see must describe the text they read: none once the text differs from the signed one."""
    signed = article.live_signoff
    if signed is not None and signed.content_hash == versions.content_hash(text):
        return
    if signed is not None or article.reviewed_by_id is not None:
        show_review(article, None)


def _record_in_history(article, user, signoff):
    with reversion.create_revision():
        reversion.add_to_revision(Article.objects.get(pk=article.pk))
        reversion.set_user(user)
        comment = _("Medically signed off by %(name)s (review date %(date)s).") % {
            "name": signoff.reviewer.name,
            "date": signoff.review_date.isoformat(),
        }
        reversion.set_comment(f"{comment} {signoff.note}".strip())
