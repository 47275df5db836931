"""Browser fixtures for the admin: a real login as each editorial role.

Built on tests/browser/conftest.py (`browser_session`, live server, Chromium).
Use `admin_page_for(user)` for any user, or `editor_page` / `author_page` /
`superuser_page`; each page has the logged-in user as `page.user`.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.roles import author_user, editor_user

PASSWORD = "correct horse battery staple"  # UserFactory's password


def log_in(page, user):
    """Log in through the real admin login form, as a person would."""
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)
    page.user = user
    return page


@pytest.fixture
def admin_page_for(browser_session):
    def open_admin(user):
        return log_in(browser_session.new_page(), user)

    return open_admin


@pytest.fixture
def editor_page(admin_page_for, transactional_db):
    return admin_page_for(editor_user())


@pytest.fixture
def author_page(admin_page_for, transactional_db):
    return admin_page_for(author_user())


@pytest.fixture
def superuser_page(admin_page_for, transactional_db):
    return admin_page_for(UserFactory(is_staff=True, is_superuser=True))
