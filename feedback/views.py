"""The endpoints behind "Was this page helpful?", for plain forms and for the page's script alike.

The pages that show the form stay in the page cache, so there is no CSRF token (it would need a cookie): the
answers are anonymous and change nothing a person owns, and a form posted from another site is refused by its
Origin header instead. Without JavaScript each step answers with a thank-you page; with it (`Accept:
application/json`) with JSON. Nothing here sets a cookie, and bad input changes nothing.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from feedback import limits
from feedback.forms import MoreForm, VoteForm, token_for


def _from_another_site(request):
    origin = request.headers.get("Origin")
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    if not origin:
        return False
    own = {request.get_host(), urlsplit(settings.SITE_URL).netloc}
    return urlsplit(origin).netloc not in own


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, status, *, message, errors=None, more_form=None, answer=None):
    """The outcome as JSON for the page's script, else as a page (with the second step's form, if any)."""
    if _wants_json(request):
        token = more_form["token"].value() if more_form is not None else ""
        problems = {name: list(texts) for name, texts in errors.items()} if errors else {}
        response = JsonResponse({"message": message, "token": token, "errors": problems}, status=status)
    else:
        context = {"message": message, "errors": errors, "more_form": more_form, "answer": answer}
        response = render(request, "feedback/thanks.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _refusal(request, form):
    """Why nothing was stored: another site's form, too many answers, or bad input."""
    if _from_another_site(request):
        return _answer(request, 403, message=_("Answers can only be sent from this site's own pages."))
    if form.is_bot():
        return _answer(request, 200, message=_("Thank you for your answer."))
    if not form.is_valid():
        # A comment that is too long is shown again, to shorten; an expired or used form is not.
        again = form if isinstance(form, MoreForm) and "token" not in form.errors else None
        return _answer(request, 400, message=_("Your answer could not be saved."), errors=form.errors, more_form=again)
    if not limits.allow(request):
        return _answer(request, 429, message=_("We have had many answers from you recently. Please try later."))
    return None


@csrf_exempt
@require_POST
def vote(request):
    form = VoteForm(request.POST)
    refusal = _refusal(request, form)
    if refusal is not None:
        return refusal
    answer = form.save()
    more_form = MoreForm(initial={"token": token_for(answer)})
    return _answer(request, 200, message=_("Thank you for your answer."), more_form=more_form, answer=answer)


@csrf_exempt
@require_POST
def more(request):
    form = MoreForm(request.POST)
    refusal = _refusal(request, form)
    if refusal is not None:
        return refusal
    answer = form.save()
    return _answer(request, 200, message=_("Thank you: your comment helps us improve this page."), answer=answer)
