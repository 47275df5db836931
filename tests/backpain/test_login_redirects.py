"""Logging in or out never sends anyone off the site, whatever `next=` says."""

import pytest

from tests.factories import EditorUserFactory

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
    "https://evil.example/admin/",
    "\\\\evil.example",
    "///evil.example",
    " //evil.example",
    "javascript:alert(1)",
]


def assert_stays_on_site(response):
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location
    assert "javascript" not in location


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_login_never_redirects_off_site(client, next_url):
    user = EditorUserFactory()
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": user.username, "password": "correct horse battery staple", "next": next_url},
    )
    assert_stays_on_site(response)
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_logout_never_redirects_off_site(client, next_url):
    client.force_login(EditorUserFactory())
    response = client.post("/admin/logout/", {"next": next_url})
    if response.status_code == 302:
        assert_stays_on_site(response)
    else:
        assert response.status_code == 200  # the "logged out" page
    assert "_auth_user_id" not in client.session


def test_login_follows_a_safe_next(client):
    user = EditorUserFactory()
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "correct horse battery staple", "next": "/admin/faq/"}
    )
    assert response["Location"] == "/admin/faq/"
