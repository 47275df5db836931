import pytest
from django.core.management import call_command

from tests.factories import EditorUserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session", autouse=True)
def listening_connection_closed(django_db_setup, django_db_blocker):
    """The test database can be dropped at the end: no listening connection of this process is left on it."""
    from backpain import generation

    yield
    generation.watcher.stop_listening()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, no page kept by this process, no search counted, generation read afresh.

    The database is rolled back after each test, and its generation with it: nothing of an earlier test may count.
    """
    from django.core.cache import cache

    from backpain import generation, pagecache
    from backpain.search import log, query

    def forget():
        cache.clear()
        pagecache.forget_recent_pages()
        generation.watcher.moved()
        log.discard()
        query.forget_synonyms()

    forget()
    yield
    forget()


@pytest.fixture
def demo_content(db):
    """The seed article and its companions, imported from the shipped demo bundle."""
    from backpain.management.commands.quickstart import DEMO_BUNDLE

    call_command("import_content", str(DEMO_BUNDLE), verbosity=0)


@pytest.fixture
def editor_client(client, db):
    """A client logged in as staff who may change (and so preview) articles."""
    client.force_login(EditorUserFactory())
    return client


@pytest.fixture
def site_url(settings):
    """A public address unlike any request's Host, and a forged Host the site would accept."""
    settings.SITE_URL = "https://backpain.example"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    return settings.SITE_URL
