"""The article change form and its sections.

The form refuses to overwrite a save it has not seen (optimistic locking): it carries the article's `updated_at` as
it was when the page was loaded, and the time its pending version was saved, if it has one (an edit waiting for
sign-off leaves `updated_at`, which readers see, as it was). If the article was saved since, the save is refused
with the name of who saved it, when, and what they changed; nothing is written. The check runs inside the admin's
transaction with the row locked, so two simultaneous saves cannot both pass it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.history import changes_since, last_revision
from articles.models import Article, PendingVersion, validate_section_outline


def edit_token(article):
    """What changes with every save of an article's form: its `updated_at`, and its pending version's save time."""
    pending = PendingVersion.objects.filter(article_id=article.pk).values_list("saved_at", flat=True).first()
    token = article.updated_at.isoformat()
    return f"{token} {pending.isoformat()}" if pending else token


class ArticleAdminForm(forms.ModelForm):
    """Used by ArticleAdmin, which supplies the model and the fields."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = False
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = edit_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self._refuse_stale_save(cleaned_data.get("loaded_version") or "")
        return cleaned_data

    def _refuse_stale_save(self, loaded_version):
        current = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or edit_token(current) == loaded_version:
            return
        self.stale = True
        revision = last_revision(current)
        who = revision.revision.user if revision and revision.revision.user else _("someone else")
        saved = PendingVersion.objects.filter(article_id=current.pk).values_list("saved_at", flat=True).first()
        when = timezone.localtime(max(filter(None, (current.updated_at, saved)))).strftime("%d %b %Y %H:%M:%S")
        messages = [
            _(
                "This article was saved by %(who)s at %(when)s, after you opened it. Your changes have NOT been "
                "saved, so that theirs are not lost."
            )
            % {"who": who, "when": when}
        ]
        messages += changes_since(current, loaded_version.split(" ")[0])
        messages.append(
            _(
                "Open “History” to compare the versions, then reload this page and make your changes again "
                "(copy your text somewhere first)."
            )
        )
        raise ValidationError(messages, code="stale")


class SectionFormSet(forms.BaseInlineFormSet):
    """Sections must form a proper outline once sorted by position: start at h2, never skip a level."""

    def clean(self):
        super().clean()
        kept = [
            form for form in self.forms if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        for index, message in validate_section_outline([form.cleaned_data["level"] for form in kept]):
            kept[index].add_error("level", message)
