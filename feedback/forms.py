"""The two steps of "Was this page helpful?": the vote, then an optional reason and comment.

Both carry a honeypot field (`website`) that people never see; a bot that fills it is thanked and ignored.
"""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from faq.models import FAQ
from feedback.models import COMMENT_LENGTH, PageFeedback

TOKEN_SALT = "feedback.more"
TOKEN_MAX_AGE = 3600
PAGES = {"article": lambda: Article.objects.published(), "faq": lambda: FAQ.objects.published()}


class HoneypotForm(forms.Form):
    website = forms.CharField(required=False, max_length=200)

    def is_bot(self):
        return bool(self.data.get("website"))


class VoteForm(HoneypotForm):
    page = forms.CharField(max_length=40)
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])

    def clean_page(self):
        """`article:<pk>` or `faq:<pk>` of a page the public may see."""
        kind, _sep, pk = self.cleaned_data["page"].partition(":")
        if kind not in PAGES or not pk.isdigit():
            raise forms.ValidationError(_("This page cannot take answers."))
        page = PAGES[kind]().filter(pk=int(pk)).first()
        if page is None:
            raise forms.ValidationError(_("This page cannot take answers."))
        return {kind: page}

    def save(self):
        return PageFeedback.objects.create(helpful=self.cleaned_data["helpful"] == "yes", **self.cleaned_data["page"])


class MoreForm(HoneypotForm):
    token = forms.CharField(max_length=200)
    reason = forms.ChoiceField(
        choices=[("", "")] + PageFeedback.Reason.choices, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": COMMENT_LENGTH, "aria-describedby": "feedback-comment-help"}
        ),
        label=_("Anything else? (optional)"),
        help_text=_("Please do not include personal or medical details: we cannot reply."),
    )

    def clean_token(self):
        """The answer this adds to: signed when it was given, an hour to add to it, and only once."""
        try:
            pk = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(_("This form has expired. Thank you for your answer.")) from None
        answer = PageFeedback.objects.filter(pk=pk, reason="", comment="").first()
        if answer is None:
            raise forms.ValidationError(_("We already have your comment. Thank you."))
        return answer

    def save(self):
        answer = self.cleaned_data["token"]
        answer.reason = self.cleaned_data["reason"] if not answer.helpful else ""
        answer.comment = self.cleaned_data["comment"].strip()
        answer.save(update_fields=["reason", "comment"])
        return answer


def token_for(answer):
    return signing.dumps(answer.pk, salt=TOKEN_SALT)
