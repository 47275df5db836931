"""The Markdown editor's preview and upload endpoints: who may call them, and what they accept."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import ArticleFactory, EditorUserFactory, UserFactory, png_bytes
from tests.roles import author_user, reviewer_user

pytestmark = pytest.mark.django_db

PREVIEW = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"
AJAX = {"headers": {"x-requested-with": "XMLHttpRequest"}}


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def image_bytes(image_format, size=(40, 30), **save_options):
    buffer = io.BytesIO()
    mode = "P" if image_format == "GIF" else "RGB"
    Image.new(mode, size, 3 if mode == "P" else (10, 120, 200)).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def _post(client, file, content_type):
    return client.post(UPLOAD, {"image": SimpleUploadedFile(file.name, file.getvalue(), content_type)}, **AJAX)


@pytest.fixture
def writer_client(client):
    client.force_login(EditorUserFactory())
    return client


# Who may call them.


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_anonymous_visitor_gets_403_from_the_editor_endpoints(client, url, media_root):
    response = client.post(url, {"content": "hi", "image": io.BytesIO(png_bytes())})
    assert response.status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(),
        lambda: UserFactory(is_staff=True),
        lambda: EditorUserFactory(is_staff=False),
        reviewer_user,
    ],
    ids=["plain user", "staff without article permission", "non-staff with permission", "medical reviewer"],
)
@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_users_who_do_not_write_articles_get_403_from_the_editor_endpoints(client, make_user, url):
    client.force_login(make_user())
    assert client.post(url, {"content": "hi"}).status_code == 403


def test_authors_may_use_the_editor_endpoints(client):
    client.force_login(author_user())
    assert client.post(PREVIEW, {"content": "*hi*"}).content == b"<p><em>hi</em></p>"


def test_editor_endpoints_keep_csrf_protection():
    client = Client(enforce_csrf_checks=True)
    client.force_login(EditorUserFactory())
    assert client.post(PREVIEW, {"content": "hi"}).status_code == 403


def test_editor_endpoints_only_answer_post(writer_client):
    assert writer_client.get(PREVIEW).status_code == 405
    assert writer_client.get(UPLOAD).status_code == 405


# The preview.


def test_preview_is_byte_for_byte_the_html_the_public_page_shows(writer_client, client):
    markdown = "## Heading\n\nSome *text* with [a link](https://example.org) and a list:\n\n- one\n- two\n"
    article = ArticleFactory(intro=markdown)
    preview = writer_client.post(PREVIEW, {"content": markdown}).content.decode()
    assert preview == article.intro_html
    assert preview in client.get(article.get_absolute_url()).content.decode()


def test_preview_strips_scripts_and_javascript_links(writer_client):
    preview = writer_client.post(
        PREVIEW, {"content": "<script>alert(1)</script>\n\n[click](javascript:alert(2)) <img src=x onerror=alert(3)>"}
    ).content.decode()
    assert "<script" not in preview
    assert "javascript:" not in preview
    assert "onerror" not in preview


def test_preview_without_content_is_empty_not_an_error(writer_client):
    response = writer_client.post(PREVIEW, {})
    assert response.status_code == 200
    assert response.content == b""


# Uploads that are accepted.


@pytest.mark.parametrize("image_format, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")])
def test_image_upload_is_stored_under_a_random_name_with_the_detected_extension(
    writer_client, media_root, image_format, extension
):
    # The client calls it "holiday.bin" and lies about the type: neither matters.
    response = _post(writer_client, _named("holiday.bin", image_bytes(image_format)), "application/octet-stream")
    assert response.status_code == 200
    [stored] = stored_files(media_root)
    assert stored.suffix == f".{extension}"
    assert "holiday" not in stored.name
    assert response.json()["image_code"] == f"![](/media/markdownx/{stored.name})"
    with Image.open(stored) as image:
        assert image.format == image_format


def test_uploaded_photo_is_turned_upright_and_loses_its_exif_and_gps_data(writer_client, media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display.
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude.
    response = _post(writer_client, _named("photo.jpg", image_bytes("JPEG", size=(60, 20), exif=exif)), "image/jpeg")
    assert response.status_code == 200
    [stored] = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.size == (20, 60)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"PhoneMaker" not in stored.read_bytes()


def test_animated_gif_keeps_its_frames(writer_client, media_root):
    frames = [Image.new("RGB", (20, 20), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    assert _post(writer_client, _named("moves.gif", buffer.getvalue()), "image/gif").status_code == 200
    [stored] = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.n_frames == 3


# Uploads that are refused: a 400 with a message, and nothing written.

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def huge_png_header(width=100_000, height=100_000):
    """A tiny file that claims to be a huge PNG: a decompression bomb's calling card."""

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "name, content, content_type, message",
    [
        ("drawing.svg", SVG, "image/svg+xml", "Only JPEG, PNG, WebP and GIF"),
        ("page.png", HTML, "image/png", "Only JPEG, PNG, WebP and GIF"),
        ("page.html", HTML, "image/gif", "Only JPEG, PNG, WebP and GIF"),
        ("cut.png", png_bytes(400, 300)[:200], "image/png", "not a complete image"),
        ("cut.jpg", image_bytes("JPEG", size=(400, 300))[:400], "image/jpeg", "not a complete image"),
        ("bomb.png", huge_png_header(), "image/png", "too many pixels"),
        ("tiff.tif", image_bytes("TIFF"), "image/tiff", "Only JPEG, PNG, WebP and GIF"),
        ("empty.png", b"", "image/png", "not an image"),
    ],
    ids=["svg", "html renamed png", "html sent as gif", "truncated png", "truncated jpeg", "bomb", "tiff", "empty"],
)
def test_bad_upload_is_refused_with_a_message_and_nothing_is_written(
    writer_client, media_root, name, content, content_type, message
):
    response = _post(writer_client, _named(name, content), content_type)
    assert response.status_code == 400
    assert message in " ".join(response.json()["image"])
    assert stored_files(media_root) == []


def test_upload_over_the_byte_cap_is_refused(writer_client, media_root, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    response = _post(writer_client, _named("big.png", png_bytes(400, 400)), "image/png")
    assert response.status_code == 400
    assert "images may be at most 1000" in response.json()["image"][0]
    assert stored_files(media_root) == []


def test_upload_over_the_pixel_cap_is_refused(writer_client, media_root, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    response = _post(writer_client, _named("wide.png", png_bytes(40, 30)), "image/png")
    assert response.status_code == 400
    assert "too many pixels" in response.json()["image"][0]
    assert stored_files(media_root) == []


def test_request_without_a_file_is_refused_with_a_message(writer_client):
    response = writer_client.post(UPLOAD, {}, **AJAX)
    assert response.status_code == 400
    assert response.json() == {"image": ["Choose an image file to upload."]}


def _named(name, content):
    file = io.BytesIO(content)
    file.name = name
    return file
