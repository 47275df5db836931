"""Security headers on every page, a Content Security Policy that allows no inline script,
and login brute-force protection shared by every app server."""

import re

import pytest
from django.test import Client

from tests.factories import ArticleFactory, EditorUserFactory, FAQFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def site():
    topic = TopicFactory(slug="posture")
    article = ArticleFactory(slug="sitting", topics=[topic])
    SectionFactory(article=article)
    faq = FAQFactory(article=article, slug="standing", topics=[topic])
    return ["/", article.get_absolute_url(), article.author.get_absolute_url(), topic.get_absolute_url(), "/faq/",
            faq.get_absolute_url()]  # fmt: skip


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def inline_scripts(html):
    """<script> elements with code in the page (JSON data blocks are not run, so they do not count)."""
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag)
    ]


def test_public_pages_forbid_inline_script_and_framing(client, site):
    for url in site:
        response = client.get(url)
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in directives.get("style-src", []), url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["object-src"] == ["'none'"], url
        assert inline_scripts(response.content.decode()) == [], url
        assert re.search(r"\sstyle=", response.content.decode()) is None, url


def test_public_pages_send_the_hardening_headers(client, site):
    for url in site:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https_when_configured(client, settings, site):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_admin_and_markdownx_editor_pages_have_no_inline_script(editor_client, site):
    editor = EditorUserFactory(is_superuser=True)
    editor_client.force_login(editor)
    article = ArticleFactory()
    for url in ["/admin/", "/admin/articles/article/add/", f"/admin/articles/article/{article.pk}/change/"]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert inline_scripts(html) == [], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "markdownx" in html, "the editor's widget is on the change form"


def test_markdownx_preview_works_under_the_policy(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": "**bold**"})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.content.decode()
    assert csp_directives(response)["default-src"] == ["'self'"]


def login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_login_even_with_the_right_one(settings):
    user = EditorUserFactory(username="dana")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(attacker, "dana", "guess").status_code == 200  # the form again, with an error
    assert login(attacker, "dana", "guess").status_code == 429
    response = login(attacker, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session


def test_lockout_does_not_stop_the_real_user_elsewhere(settings):
    user = EditorUserFactory(username="dana")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, "dana", "guess")
    office = Client(REMOTE_ADDR="198.51.100.7")
    response = login(office, user.username, PASSWORD)
    assert response.status_code == 302
    assert office.get("/admin/").status_code == 200


def test_a_few_typos_do_not_lock_anyone_out(settings):
    user = EditorUserFactory(username="dana")
    browser = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(browser, "dana", "typo")
    assert login(browser, user.username, PASSWORD).status_code == 302


def test_lockout_counts_the_client_behind_our_proxy(settings):
    settings.PROXY_COUNT = 1
    EditorUserFactory(username="dana")
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, "dana", "guess")
    assert login(attacker, "dana", PASSWORD).status_code == 429
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert login(forged, "dana", PASSWORD).status_code == 302


def test_test_client_login_still_works_with_lockout_protection():
    user = EditorUserFactory(username="dana")
    client = Client()
    assert not client.login(username="dana", password="wrong")
    assert client.login(username=user.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 200
