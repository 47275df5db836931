"""Uploaded files appear whole or not at all, and a disk that refuses them is a message, never a 500.

`AtomicFileSystemStorage` writes each file under a temporary name beside its final one, flushes it to disk, and
only then links it to its name, so a disk that fills up or an I/O error half-way leaves nothing behind (the
temporary file is removed) and no reader ever sees a truncated image. A name that already exists is never
overwritten: the link fails and the next free name is tried, as Django's own storage does.

Anything the file system refuses (full, read-only, no permission, a failing device) is raised as
`StorageUnavailable`. The markdownx editor answers it with a JSON 503 (backpain/editor.py); in the admin,
`StoredFilesAdminMixin` shows the form again with everything typed kept and the reason on the file field.
"""

import contextlib
import logging
import os
import uuid

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = _(
    "The image could not be stored: the server's disk is full or cannot be written. Nothing was changed; "
    "please try again later, or tell the site's administrator."
)


class StorageUnavailable(OSError):
    """The file system refused to store a file; nothing of it was left behind."""


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        temporary = os.path.join(directory, f".{uuid.uuid4().hex}.part")
        try:
            os.makedirs(directory, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
            with open(temporary, "xb") as file:
                for chunk in content.chunks():
                    file.write(chunk)
                file.flush()
                os.fsync(file.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except OSError as error:
            logger.warning("Could not store %s: %s", name, error)
            raise StorageUnavailable(error.errno, error.strerror, name) from error
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return str(name).replace("\\", "/")


class StoredFilesAdminMixin:
    """An admin whose save the disk refused shows its form again, the typed changes kept, the reason on the file.

    The first attempt ran in the admin's transaction, which the error rolled back (with everything derived from
    it); the form is then validated once more, this time failing, so nothing is saved and nothing is lost.
    """

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except StorageUnavailable:
            request.storage_unavailable = True
            return super().changeform_view(request, *args, **kwargs)

    def get_form(self, request, *args, **kwargs):
        form = super().get_form(request, *args, **kwargs)
        if not getattr(request, "storage_unavailable", False):
            return form

        class FilesRefused(form):
            def clean(self):
                cleaned = super().clean()
                for name in [name for name in self.files if name in self.fields] or [None]:
                    self.add_error(name, UNAVAILABLE_MESSAGE)
                return cleaned

        FilesRefused.__name__ = form.__name__
        return FilesRefused
