"""Staff users in the editorial groups the migration creates (Authors, Editors, Medical reviewers)."""

from django.apps import apps
from django.contrib.auth.models import Group

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
