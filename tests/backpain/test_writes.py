"""Every kind of write reaches every derived store (page, search, cache); a failing cache changes nothing."""

import io
from pathlib import Path

import pytest
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from articles import related, stored_page
from articles.models import Article, ArticlePage, Section
from backpain import pagecache
from backpain.search import index
from faq.models import FAQ
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, AuthorFactory, FAQFactory, SectionFactory, TopicFactory
from tests.roles import editor_user

pytestmark = pytest.mark.django_db


def page(client, obj):
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def check_derived():
    """`rebuild_derived --check` output; raises CommandError when something differs."""
    out = io.StringIO()
    call_command("rebuild_derived", "--check", stdout=out)
    return out.getvalue()


def test_a_queryset_update_of_an_intro_shows_on_the_page_rendered_from_it(client):
    article = ArticleFactory(intro="The old introduction.")
    assert "The old introduction." in page(client, article)
    Article.objects.filter(pk=article.pk).update(intro="The **new** introduction.")
    assert "The <strong>new</strong> introduction." in page(client, article)
    assert Article.objects.get(pk=article.pk).intro_html == "<p>The <strong>new</strong> introduction.</p>"


def test_a_queryset_update_of_a_section_body_shows_on_the_page(client):
    section = SectionFactory(body="Old body text.")
    assert "Old body text." in page(client, section.article)
    Section.objects.filter(pk=section.pk).update(body="A *fresh* body.")
    assert "A <em>fresh</em> body." in page(client, section.article)
    assert "Old body text." not in page(client, section.article)


def test_a_queryset_update_of_a_title_is_found_by_search(client):
    article = ArticleFactory(title="Sitting at a desk")
    Article.objects.filter(pk=article.pk).update(title="Zebra crossings and backs")
    assert "<mark>Zebra</mark> crossings and backs" in client.get("/search/?q=zebra").content.decode()


def test_a_queryset_update_of_a_question_is_found_by_the_faq_search(client):
    faq = FAQFactory(question="Is rest good?")
    FAQ.objects.filter(pk=faq.pk).update(question="Why do my knees wobble?")
    assert "Why do my knees <mark>wobble</mark>?" in client.get("/faq/?q=wobble").content.decode()


def test_a_raw_save_as_a_fixture_or_a_restore_makes_renders_its_markdown(client):
    section = SectionFactory(body="Before.")
    loaded = next(serializers.deserialize("json", serializers.serialize("json", [section])))
    loaded.object.body = "After the **restore**."
    loaded.save()  # save_base(raw=True): no save() runs
    assert "After the <strong>restore</strong>." in page(client, section.article)


@pytest.fixture
def broken_cache(settings):
    """A real Redis client pointed at a port where nothing listens: every cache call fails."""
    working = settings.CACHES
    broken = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    class Switch:
        def down(self):
            settings.CACHES = broken

        def up(self):
            settings.CACHES = working

    return Switch()


def test_writes_succeed_with_the_cache_down_and_its_return_serves_no_old_page(client, broken_cache):
    section = SectionFactory(body="Cached body.")
    faq = FAQFactory(question="Cached question?")
    article = section.article
    assert "Cached body." in page(client, article)
    assert "Cached question?" in client.get("/faq/").content.decode()
    broken_cache.down()
    section.body = "Written while the cache was down."
    section.save()
    faq.question = "Asked while the cache was down?"
    faq.save()
    Article.objects.filter(pk=article.pk).update(title="Titled while down")
    assert "Written while the cache was down." in page(client, article)  # rendered, not cached
    broken_cache.up()
    pagecache.forget_recent_pages()  # as another worker: only the shared cache has the old pages
    html = page(client, article)
    assert "Written while the cache was down." in html and "Titled while down" in html
    assert "Asked while the cache was down?" in client.get("/faq/").content.decode()


def test_a_cache_restored_from_an_old_snapshot_serves_no_page_older_than_the_database(client, settings):
    faq = FAQFactory(question="Before the snapshot?")
    keys = [pagecache.page_key("http://testserver/faq/", settings.LANGUAGE_CODE)]
    keys.append(keys[0] + pagecache.STAMP_SUFFIX)
    assert "Before the snapshot?" in client.get("/faq/").content.decode()
    snapshot = cache.get_many(keys)
    assert set(snapshot) == set(keys), "the FAQ page was cached"
    faq.question = "After the snapshot?"
    faq.save()
    cache.clear()
    cache.set_many(snapshot, None)  # Redis restarted from its last snapshot
    pagecache.forget_recent_pages()
    assert "After the snapshot?" in client.get("/faq/").content.decode()


def test_an_admin_save_with_inlines_renders_ranks_and_indexes_the_article_once(monkeypatch, settings):
    settings.MEDICAL_SIGNOFF_REQUIRED = False  # the edit goes live: an Editor's save is the approval
    topic = TopicFactory()
    article = ArticleFactory(topics=[topic])
    SectionFactory(article=article)
    FAQFactory(article=article)
    ArticleFactory(topics=[topic])
    calls = {"render": [], "rank": [], "index": []}
    for name, module, attribute, pick in (
        ("render", stored_page, "render", lambda args: [args[0].pk]),
        ("rank", related, "rankings", lambda args: list(args[0])),
        ("index", index, "_store", lambda args: [getattr(args[0].get("article"), "pk", None)]),
    ):
        original = getattr(module, attribute)

        def counting(*args, _original=original, _name=name, _pick=pick, **kwargs):
            calls[_name].extend(_pick(args))
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, attribute, counting)
    editor = Client()
    editor.force_login(editor_user())
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data["title"] = "Renamed in the admin"
    data["sections-0-body"] = "Edited inline."
    assert editor.post(url, data).status_code == 302
    assert calls["render"].count(article.pk) == 1
    assert calls["rank"].count(article.pk) == 1
    assert calls["index"].count(article.pk) == 1


def test_rebuild_derived_finds_and_repairs_what_raw_sql_left_behind(client):
    section = SectionFactory(body="Before raw SQL.")
    faq = FAQFactory(question="Untouched question?")
    assert "0 derived values differ" in check_derived()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Section._meta.db_table} SET body = %s WHERE id = %s", ["After raw SQL.", section.pk])
        cursor.execute(f"UPDATE {FAQ._meta.db_table} SET question = %s WHERE id = %s", ["Raw question?", faq.pk])
    with pytest.raises(CommandError) as failed:
        check_derived()
    assert failed.value.returncode == 1
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("rebuild_derived", "--check", stdout=out)
    report = out.getvalue()
    assert f"Markdown HTML: articles.Section {section.pk}: body_html" in report
    assert f"search index: faq {faq.pk}: differs" in report
    call_command("rebuild_derived", stdout=io.StringIO())
    assert "0 derived values differ" in check_derived()
    assert "After raw SQL." in page(client, section.article)
    assert "<mark>Raw</mark> question?" in client.get("/faq/?q=raw").content.decode()


def test_a_deleted_faq_or_article_leaves_nothing_in_the_index():
    faq, article = FAQFactory(), ArticleFactory()
    faq.delete()
    Article.objects.filter(pk=article.pk).delete()
    assert "0 derived values differ" in check_derived()


def test_any_change_to_the_project_code_changes_the_page_fingerprint(settings, tmp_path):
    root = Path(settings.BASE_DIR)
    for folder in ("articles", "backpain", "faq", "templates"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                target = tmp_path / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    settings.BASE_DIR = tmp_path
    stored_page._code_fingerprint.cache_clear()
    try:
        before = stored_page.current_format()
        for changed in ("articles/navigation.py", "backpain/siteurl.py", "backpain/context_processors.py"):
            path = tmp_path / changed
            path.write_text(path.read_text() + "\n# changed\n")
            stored_page._code_fingerprint.cache_clear()
            assert stored_page.current_format() != before, changed
            before = stored_page.current_format()
    finally:
        stored_page._code_fingerprint.cache_clear()


def test_an_author_renamed_in_a_rolled_back_transaction_leaves_the_page_as_it_was(client):
    author = AuthorFactory(name="Dr Kept")
    article = ArticleFactory(author=author)
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        author.name = "Dr Never"
        author.save()
        raise RuntimeError("rolled back")
    assert "Dr Kept" in page(client, article) and "Dr Never" not in page(client, article)
    assert ArticlePage.objects.get(pk=article.pk).html.count("Dr Kept") >= 1
