"""Every public URL and parameter, sent values no person types: never a 500, never an error in the log.

Runs on both engines (CI's SQLite pass and its PostgreSQL pass; PostgreSQL refuses NUL characters in text, so that
is where an unchecked value would fail). Values are given already percent-encoded, so broken UTF-8 reaches the
server as a browser or a script would send it.
"""

import logging
from urllib.parse import quote

import pytest
from django.test import Client

from tests.factories import ArticleFactory, FAQFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "NUL": "%00",
    "NUL inside": "back%00pain",
    "control character": "%1B%5B31m",
    "header injection": "%0D%0ASet-Cookie:%20x%3D1",
    "invalid UTF-8": "%C3%28",
    "lone byte": "%FF%FE",
    "encoded surrogate": "%ED%A0%80",
    "overlong UTF-8 slash": "%C0%AF",
    "very long": "a" * 5000,
    "just too long": "b" * 1001,
    "huge number": "9" * 5000,
    "past 64 bits": "18446744073709551617",
    "negative": "-1",
    "zero": "0",
    "fraction": "1.5",
    "exponent": "1e9",
    "not a number": "NaN",
    "full-width digits": quote("１２"),
    "path traversal": "..%2F..%2F..%2Fetc%2Fpasswd",
    "backslashes": "..%5C..%5Cwindows",
    "SQL": "%27%20OR%201%3D1%20--",
    "full-text syntax": "%22NEAR(%2A%20AND%20OR%20NOT%5E",
    "right-to-left override": quote("\u202etxt.exe"),
    "emoji": quote("💥🔥"),
    "empty": "",
    "spaces": "%20%20%20",
    "pluses": "+++",
}
PARAMETERS = ["q", "page", "topic", "exact", "utm_source"]


@pytest.fixture
def urls(db):
    """Every public URL of a small site; the ones that read parameters first."""
    topic = TopicFactory(name="Sciatica")
    article = ArticleFactory(title="Back pain at work", topics=[topic])
    faq = FAQFactory(question="Is back pain serious?", topics=[topic])
    reading = ["/", f"/topics/{topic.slug}/", "/faq/", "/search/"]
    fixed = [article.get_absolute_url(), f"/authors/{article.author.slug}/", faq.get_absolute_url(),
             "/sitemap.xml", "/robots.txt", "/feed/",
             "/feed/atom/", f"/topics/{topic.slug}/feed/", "/healthz", "/admin/login/"]  # fmt: skip
    return reading, fixed


def errors_logged(caplog):
    """Errors in the log, but for django.security's reports of attacks it refused (a path out of the media folder)."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.ERROR and not record.name.startswith("django.security")
    ]


def assert_answered(client, url, caplog):
    caplog.clear()
    response = client.get(url)
    assert response.status_code < 500, url
    assert errors_logged(caplog) == [], url
    return response


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_query_values_never_answer_500(client, urls, value, caplog):
    reading, fixed = urls
    for url in reading:
        for parameter in PARAMETERS:
            assert_answered(client, f"{url}?{parameter}={value}", caplog)
        assert_answered(client, f"{url}?q=back&topic={value}&page={value}", caplog)
    everything = "&".join(f"{parameter}={value}" for parameter in PARAMETERS)
    for url in fixed:
        assert_answered(client, f"{url}?{everything}", caplog)
    assert_answered(client, f"/faq/?{value}=1", caplog)  # as a parameter's name


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_slugs_and_paths_never_answer_500(client, db, value, caplog):
    for pattern in ["/articles/{}/", "/authors/{}/", "/topics/{}/", "/topics/{}/feed/", "/faq/{}/", "/{}",
                    "/articles/{}", "/media/{}", "/static/{}"]:  # fmt: skip
        response = assert_answered(client, pattern.format(value), caplog)
        assert response.status_code in (200, 301, 302, 400, 404), pattern  # 200: "/" is the home page


def test_a_control_character_in_a_topic_filter_is_no_topic(client, db):
    assert client.get("/faq/?topic=%00").status_code == 404


def test_more_parameters_than_any_page_reads_is_a_clear_400(client, db):
    response = client.get("/faq/?" + "&".join(f"p{number}=1" for number in range(31)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This address is not valid" in html and "too many parameters" in html


def test_a_topic_filter_that_is_no_slug_is_a_404_without_a_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # the content generation, for the page cache
        assert client.get("/faq/", {"topic": "../x"}).status_code == 404


@pytest.mark.parametrize(
    "cookie",
    ['"\\000abcdefghijklmnop"', "x" * 5000, "../../etc/passwd", "%00" * 20, "k" * 31, "K" * 32, "ab\\nc"],
    ids=["NUL by octal escape", "very long", "path", "encoded NULs", "too short", "upper case", "escaped newline"],
)
def test_a_session_cookie_that_could_name_no_session_never_answers_500(urls, cookie, caplog):
    client = Client()
    client.cookies.load(f"sessionid={cookie}; csrftoken={cookie}; messages={cookie}")
    for url in ["/", "/faq/", "/search/?q=back", "/admin/", "/admin/login/"]:
        assert_answered(client, url, caplog)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_logins_never_answer_500(db, value, caplog):
    from urllib.parse import unquote

    client = Client()
    caplog.clear()
    response = client.post(f"/admin/login/?next={value}", {"username": unquote(value), "password": unquote(value)})
    assert response.status_code < 500
    assert errors_logged(caplog) == []
