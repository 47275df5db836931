"""A disk that is full or cannot be written: a clear message, the typed changes kept, and no partial file left.

The failures are the file system's own: a media folder the kernel refuses to write in (read-only permissions, or
for root, who ignores them, the immutable attribute), and a write that fails half-way because the process may
not write files past a size (RLIMIT_FSIZE, the kernel's EFBIG: what a disk filling up mid-write looks like).
"""

import contextlib
import io
import os
import random
import resource
import signal
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backpain.storage import StorageUnavailable
from tests.admin_forms import form_data
from tests.factories import ArticleFactory
from tests.roles import editor_user

pytestmark = pytest.mark.django_db

UPLOAD = "/markdownx/upload/"
FILE_SIZE_LIMIT = 64 * 1024


def noisy_png(width=400, height=400):
    """A PNG of random pixels: it stays large after re-encoding (about 480 KB here)."""
    pixels = random.Random(7).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def stored_files(media_root):
    return sorted(path.name for path in media_root.rglob("*") if path.is_file())


@contextlib.contextmanager
def unwritable(folder):
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@contextlib.contextmanager
def disk_full_after(size):
    """Writes past `size` bytes of any file fail with EFBIG (the signal the kernel would send is ignored)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.fixture
def writer(client):
    client.force_login(editor_user())
    return client


def upload(client, content):
    image = SimpleUploadedFile("photo.png", content, content_type="image/png")
    return client.post(UPLOAD, {"image": image}, headers={"x-requested-with": "XMLHttpRequest"})


def test_the_editor_gets_a_json_503_when_the_media_folder_cannot_be_written(writer, media_root):
    with unwritable(media_root):
        response = upload(writer, noisy_png(40, 30))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "disk is full or cannot be written" in response.json()["image"][0]
    assert stored_files(media_root) == []


def test_a_write_failing_half_way_leaves_no_partial_file(writer, media_root):
    (media_root / "markdownx").mkdir(parents=True)
    with disk_full_after(FILE_SIZE_LIMIT):
        response = upload(writer, noisy_png())
    assert response.status_code == 503
    assert "disk is full" in response.json()["image"][0]
    assert stored_files(media_root) == []


def test_after_the_disk_is_freed_the_same_upload_works(writer, media_root):
    content = noisy_png()
    with disk_full_after(FILE_SIZE_LIMIT):
        assert upload(writer, content).status_code == 503
    response = upload(writer, content)
    assert response.status_code == 200
    [name] = stored_files(media_root)
    assert name in response.json()["image_code"]


def test_a_stored_file_never_replaces_one_of_the_same_name(media_root):
    first = default_storage.save("articles/spine.png", ContentFile(b"first"))
    second = default_storage.save("articles/spine.png", ContentFile(b"second"))
    assert first == "articles/spine.png" and second != first
    assert default_storage.open(first).read() == b"first" and default_storage.open(second).read() == b"second"
    assert sorted(stored_files(media_root)) == sorted([first.split("/")[-1], second.split("/")[-1]])


def test_storage_refusals_are_raised_as_storage_unavailable(media_root):
    with unwritable(media_root), pytest.raises(StorageUnavailable):
        default_storage.save("articles/spine.png", ContentFile(b"x"))


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.mark.parametrize("failure", ["read-only", "full"])
def test_a_hero_image_the_disk_refuses_shows_the_form_again_with_the_typed_changes(client, media_root, failure):
    client.force_login(editor_user())
    article = ArticleFactory(title="Sciatica explained")
    data = form_data(client.get(change_url(article)))
    data.update(title="Sciatica, explained again", hero_image_alt="A model of the spine")
    data["hero_image"] = SimpleUploadedFile("spine.png", noisy_png(), content_type="image/png")
    (media_root / "articles").mkdir(parents=True)
    breaking = unwritable(media_root / "articles") if failure == "read-only" else disk_full_after(FILE_SIZE_LIMIT)
    with breaking:
        response = client.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "disk is full or cannot be written" in html
    assert 'value="Sciatica, explained again"' in html and 'value="A model of the spine"' in html
    article.refresh_from_db()
    assert article.title == "Sciatica explained" and not article.hero_image
    assert stored_files(media_root) == []
