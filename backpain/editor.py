"""The Markdown editor's two endpoints (preview and image upload), locked down.

As installed, django-markdownx's views answer anyone, return unsanitised
HTML and store whatever file arrives under the client's extension. These
replacements answer 403 to everyone but logged-in staff who may write
articles (CSRF stays on), render with the site's one sanitising pipeline,
and store only images that `backpain.images.clean_image` accepted, under a
random name. A rejected upload is a 400 with a message and writes nothing; a
disk that refuses it is a 503 with a message the editor shows (the JSON
markdownx's script reads, never an HTML error page) and leaves nothing behind.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from markdownx.settings import MARKDOWNX_MEDIA_PATH

from backpain.images import clean_image
from backpain.markdown import render_markdown
from backpain.storage import UNAVAILABLE_MESSAGE, StorageUnavailable


def is_content_editor(user):
    """Staff who may read unpublished articles: writers (change) and medical reviewers (review)."""
    return (
        user.is_authenticated
        and user.is_staff
        and (user.has_perm("articles.change_article") or user.has_perm("articles.review_article"))
    )


def is_writer(user):
    """Staff who may write articles: only they get the editor's preview and upload endpoints."""
    return user.is_authenticated and user.is_staff and user.has_perm("articles.change_article")


def writers_only(view):
    def guarded(request, *args, **kwargs):
        if not is_writer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@writers_only
@require_POST
def markdownify(request):
    """The live preview: exactly the HTML the public page will show."""
    return HttpResponse(render_markdown(request.POST.get("content", "")))


@writers_only
@require_POST
def upload(request):
    """Store one dropped or pasted image; answer with the Markdown that shows it."""
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": [_("Choose an image file to upload.")]}, status=400)
    try:
        image = clean_image(upload)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=400)
    try:
        name = default_storage.save(f"{MARKDOWNX_MEDIA_PATH}{image.random_name()}", image.as_upload())
    except StorageUnavailable:
        return JsonResponse({"image": [str(UNAVAILABLE_MESSAGE)]}, status=503)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
