"""The index follows every change to the content, and can be rebuilt from scratch."""

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from backpain.search.models import SearchDocument, SearchTerm
from backpain.search.results import run_search
from tests.factories import ArticleFactory, FAQFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def found(query, kinds=("faq", "article")):
    return [result.object for result in run_search(query, kinds=kinds).results[0:50]]


def test_editing_a_question_reindexes_it():
    faq = FAQFactory(question="Is walking good for sciatica?")
    faq.question = "Is swimming good for sciatica?"
    faq.save()
    assert found("swimming") == [faq]
    assert found("walking") == []


def test_publishing_and_unpublishing_an_article_shows_and_hides_it():
    article = ArticleFactory(draft=True, title="Sciatica explained")
    faq = FAQFactory(article=article, question="Does sciatica go away?")
    assert found("sciatica") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    assert set(found("sciatica")) == {article, faq}
    article.status = Article.Status.DRAFT
    article.save()
    assert found("sciatica") == []


def test_deleted_content_leaves_the_index():
    faq = FAQFactory(question="Is walking good for sciatica?")
    article = ArticleFactory(title="Sciatica explained")
    faq.delete()
    article.delete()
    assert found("sciatica") == []
    assert not SearchDocument.objects.exists()


def test_adding_editing_and_deleting_a_section_reindexes_its_article():
    article = ArticleFactory(title="Living with back pain")
    section = SectionFactory(article=article, heading="Pilates", body="Core work.")
    assert found("pilates") == [article]
    section.body = "Try the bird dog."
    section.save()
    assert found("bird dog") == [article]
    section.delete()
    assert found("pilates") == []


def test_topic_names_are_searchable_and_follow_renames_and_removal():
    topic = TopicFactory(name="Pregnancy")
    faq = FAQFactory(question="Is it normal?", topics=[topic])
    assert found("pregnancy") == [faq]
    topic.name = "Maternity"
    topic.save()
    assert found("maternity") == [faq]
    faq.topics.remove(topic)
    assert found("maternity") == []
    faq.topics.add(topic)
    topic.delete()
    assert found("maternity") == []


def test_imported_articles_are_indexed_with_their_sections(demo_content):
    # The article whose section names it comes first; others may follow by meaning.
    assert [a.slug for a in found("spondylolisthesis", kinds=("article",))][:1] == ["what-makes-sciatica-worse"]


def test_rebuild_command_restores_a_lost_index(capsys):
    faq = FAQFactory(question="Is walking good for sciatica?")
    SearchDocument.objects.all().delete()
    assert found("sciatica") == []
    call_command("rebuild_search_index")
    assert found("sciatica") == [faq]
    assert "Indexed 1 documents" in capsys.readouterr().out


def test_word_counts_for_spelling_follow_edits_and_rebuilds():
    faq = FAQFactory(question="Is walking good for sciatica?", answer="Walking helps.")
    other = FAQFactory(question="Sciatica and sleep", answer="Sleep on your side.")
    assert SearchTerm.objects.get(term="sciatica").documents == 2
    other.delete()
    assert SearchTerm.objects.get(term="sciatica").documents == 1
    faq.question = "Is walking good?"
    faq.save()
    assert SearchTerm.objects.get(term="sciatica").documents == 0
    call_command("rebuild_search_index", stdout=None)
    assert not SearchTerm.objects.filter(term="sciatica").exists()
    assert SearchTerm.objects.get(term="walking").documents == 1


@pytest.mark.parametrize("delete", [lambda a: a.delete(), lambda a: Article.objects.filter(pk=a.pk).delete()])
def test_deleting_an_article_with_sections_removes_its_document_and_word_counts(delete):
    kept = ArticleFactory(title="Pilates for sciatica")
    article = ArticleFactory(title="Pilates at home")
    SectionFactory(article=article, heading="Core work", body="Pilates strengthens the core.")
    SectionFactory(article=article, heading="Breathing", body="Breathe out on effort.")
    delete(article)
    assert list(SearchDocument.objects.values_list("article", flat=True)) == [kept.pk]
    assert SearchTerm.objects.get(term="pilates").documents == 1
    assert not SearchTerm.objects.filter(documents__gt=0, term="breathe").exists()


def test_a_result_object_is_the_content_itself_and_reads_its_other_fields_on_demand():
    faq = FAQFactory(question="Is walking good for sciatica?", answer="Usually, yes.")
    article = ArticleFactory(title="Sciatica explained")
    results = {type(obj): obj for obj in found("sciatica")}
    assert results.keys() == {type(faq), type(article)}
    assert results[type(faq)] == faq and results[type(faq)].question == faq.question
    assert results[type(article)] == article and results[type(article)].title == article.title
    assert results[type(faq)].get_absolute_url() == faq.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_a_committed_rebuild_leaves_the_search_tables_vacuumed_on_postgresql():
    """So that visitors' first searches after a rebuild never compete with autovacuum for the tables it replaced."""
    faq = FAQFactory(question="Is swimming good for sciatica?")
    call_command("rebuild_search_index", verbosity=0)
    assert found("swimming") == [faq]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND relname IN"
                " ('search_searchdocument', 'search_searchposting', 'search_searchterm')"
            )
            assert cursor.fetchone()[0] == 3
