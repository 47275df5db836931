"""Author photos and hero images: validated like editor uploads, served as responsive renditions."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from articles.models import Author
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, AuthorFactory, png_bytes
from tests.roles import editor_user

pytestmark = pytest.mark.django_db


def jpeg_with_gps(size=(1600, 900)):
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test has its own media folder, so renditions remembered by an earlier test do not exist here."""
    cache.clear()


@pytest.fixture
def editor(client):
    client.force_login(editor_user())
    return client


def post_author_photo(client, author, name, content, content_type):
    url = f"/admin/articles/author/{author.pk}/change/"
    data = form_data(client.get(url))
    data["photo"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(url, data)


def test_author_photo_is_re_encoded_under_a_random_name_without_gps(editor, media_root):
    author = AuthorFactory()
    assert (
        post_author_photo(editor, author, "me at home.jpg", jpeg_with_gps((300, 300)), "image/jpeg").status_code == 302
    )
    author.refresh_from_db()
    assert re.fullmatch(r"authors/[0-9a-f]{32}\.jpg", author.photo.name)
    with Image.open(author.photo.path) as photo:
        assert dict(photo.getexif()) == {}


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("me.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("me.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("me.png", png_bytes(300, 300)[:150], "image/png"),
    ],
    ids=["svg", "html as png", "truncated"],
)
def test_bad_author_photo_is_refused_with_a_message_and_nothing_written(
    editor, media_root, name, content, content_type
):
    author = AuthorFactory()
    response = post_author_photo(editor, author, name, content, content_type)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert not Author.objects.get(pk=author.pk).photo
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_bad_hero_image_is_refused(editor, media_root):
    article = ArticleFactory()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data["hero_image"] = SimpleUploadedFile("hero.png", b"<svg/>", content_type="image/png")
    data["hero_image_alt"] = "A person stretching"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Only JPEG, PNG, WebP and GIF" in str(response.context["adminform"].form.errors["hero_image"])
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_hero_image_is_served_as_responsive_webp_and_jpeg_renditions(client, media_root):
    article = ArticleFactory(
        hero_image=SimpleUploadedFile("hero.jpg", jpeg_with_gps()), hero_image_alt="A person stretching"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<figure class=\"hero\">(.*?)</figure>", html, re.S).group(1)
    assert '<source type="image/webp"' in picture
    for width in (320, 640, 960, 1280):
        assert re.search(rf"-{width}w\.webp {width}w", picture)
        assert re.search(rf"-{width}w\.jpg {width}w", picture)
    assert 'width="1600" height="900"' in picture
    assert 'alt="A person stretching"' in picture
    assert "sizes=" in picture
    webp = next(media_root.rglob("*-640w.webp"))
    with Image.open(webp) as rendition:
        assert rendition.size == (640, 360)
        assert rendition.format == "WEBP"


def test_renditions_are_made_once_then_reused(client, media_root, django_assert_max_num_queries):
    article = ArticleFactory(hero_image=SimpleUploadedFile("hero.jpg", jpeg_with_gps()), hero_image_alt="Stretch")
    client.get(article.get_absolute_url())
    made = {path: path.stat().st_mtime_ns for path in (media_root / "renditions").rglob("*") if path.is_file()}
    assert len(made) == 10
    client.get(article.get_absolute_url())
    again = {path: path.stat().st_mtime_ns for path in (media_root / "renditions").rglob("*") if path.is_file()}
    assert again == made


def test_small_author_photo_gets_only_the_sizes_it_can_fill(client, media_root):
    author = AuthorFactory(photo=SimpleUploadedFile("a.png", png_bytes(150, 150)))
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'width="128" height="128"' in html
    assert "-128w.webp 128w" in html
    assert "-150w.webp 150w" in html
    assert "-256w" not in html


def test_missing_image_file_does_not_break_the_page(client, media_root):
    author = AuthorFactory(photo="authors/gone.jpg")
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert 'src="/media/authors/gone.jpg"' in response.content.decode()


def test_image_uploaded_in_the_editor_is_shown_as_a_responsive_picture_on_the_page(client, media_root):
    writer = Client()
    writer.force_login(editor_user())
    upload = SimpleUploadedFile("stretch.jpg", jpeg_with_gps((1000, 500)), content_type="image/jpeg")
    image_code = writer.post("/markdownx/upload/", {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"})
    markdown = image_code.json()["image_code"].replace("![]", '![A "cat" stretch <3>]')
    article = ArticleFactory(intro=f"Try this:\n\n{markdown}")
    assert writer.post("/markdownx/markdownify/", {"content": article.intro}).content.decode() == article.intro_html
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/renditions/markdownx/' in html
    assert re.search(r"-640w\.webp 640w, \S+-960w\.webp 960w, \S+-1000w\.webp 1000w", html)
    assert 'width="1000" height="500" alt="A &quot;cat&quot; stretch &lt;3&gt;"' in html


def test_other_images_in_markdown_are_left_as_they_are():
    article = ArticleFactory(intro="![chart](https://example.org/chart.png) ![gone](/media/markdownx/gone.png)")
    assert article.intro_html.count("<img") == 2
    assert "<picture>" not in article.intro_html
