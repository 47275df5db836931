"""django-markdownx's endpoints, locked down to the people who edit content.

As installed, markdownx's preview and upload views answer anyone; here they
answer 403 to everyone but logged-in staff who may change articles.
"""

from django.core.exceptions import PermissionDenied
from markdownx.views import ImageUploadView, MarkdownifyView


def is_content_editor(user):
    """Staff who may change articles: they may preview drafts and use the editor's endpoints."""
    return user.is_authenticated and user.is_staff and user.has_perm("articles.change_article")


def staff_editor_only(view):
    def guarded(request, *args, **kwargs):
        if not is_content_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


markdownify = staff_editor_only(MarkdownifyView.as_view())
upload = staff_editor_only(ImageUploadView.as_view())
