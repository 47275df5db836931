"""Staff users in the editorial groups the migration creates (Authors, Editors, Medical reviewers)."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client

from articles.roles import sync_role_groups
from tests.factories import AuthorFactory, UserFactory


def staff_in_group(group_name, **kwargs):
    if not Group.objects.filter(name=group_name).exists():
        sync_role_groups(apps)  # live-server tests empty the database, migrations' rows included
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def author_user(**kwargs):
    """A staff user in Authors, with their own Author profile (`user.author_profile`)."""
    user = staff_in_group("Authors", **kwargs)
    AuthorFactory(user=user, name=f"Writer {user.username}")
    return user


def editor_user(**kwargs):
    return staff_in_group("Editors", **kwargs)


def reviewer_user(**kwargs):
    user = staff_in_group("Medical reviewers", **kwargs)
    AuthorFactory(user=user, name=f"Dr {user.username}", credentials="MD")
    return user


def signoff_url(article):
    return f"/admin/articles/article/{article.pk}/signoff/"


def sign_off(reviewer, article, *, client=None, note="", minor=False):
    """A medical reviewer opens the sign-off page of `article` and signs off the version it shows."""
    client = client or Client()
    client.force_login(reviewer)
    page = client.get(signoff_url(article))
    assert page.status_code == 200
    data = {"content_hash": page.context["form"]["content_hash"].value(), "note": note}
    if minor:
        data["minor"] = "on"
    response = client.post(signoff_url(article), data)
    assert response.status_code == 302, response
    return response
