"""The search pages as a visitor sees them: /search/?q= and /faq/?q=."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, FAQFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

RESULT_LINK = re.compile(r'<h3 class="search-result-title"><a href="(/(?:faq|articles)/[^"]+/)">')


def result_links(response):
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())


def test_site_search_finds_articles_and_faqs_marked_as_such(client):
    article = ArticleFactory(title="Sciatica explained", summary="Nerve pain down the leg.")
    faq = FAQFactory(question="Is walking good for sciatica?", answer="Usually, yes.")
    response = client.get("/search/", {"q": "sciatica"})
    assert set(result_links(response)) == {article.get_absolute_url(), faq.get_absolute_url()}
    html = response.content.decode()
    assert "search-result-faq" in html and "search-result-article" in html
    assert "2 results for “sciatica”" in html


def test_question_words_rank_above_answer_words(client):
    in_answer = FAQFactory(question="How long does it last?", answer="Sciatica often settles in weeks.")
    in_question = FAQFactory(question="What is sciatica?", answer="Nerve pain down the leg.")
    assert result_links(client.get("/faq/", {"q": "sciatica"})) == [
        in_question.get_absolute_url(),
        in_answer.get_absolute_url(),
    ]


def test_faq_search_lists_only_faqs(client):
    ArticleFactory(title="Sciatica explained")
    faq = FAQFactory(question="Is walking good for sciatica?")
    assert result_links(client.get("/faq/", {"q": "sciatica"})) == [faq.get_absolute_url()]


def test_english_stemming_finds_other_forms_of_a_word(client):
    faq = FAQFactory(question="Which stretching routine helps?", answer="Gentle moves.")
    assert result_links(client.get("/faq/", {"q": "stretches"})) == [faq.get_absolute_url()]


def test_article_headings_and_section_text_are_searched(client):
    article = ArticleFactory(title="Living with a sore back")
    SectionFactory(article=article, heading="Pilates at home", body="Try the bird dog for your core.")
    assert result_links(client.get("/search/", {"q": "pilates"})) == [article.get_absolute_url()]
    assert result_links(client.get("/search/", {"q": "bird dog"})) == [article.get_absolute_url()]


def test_matched_words_are_highlighted_and_the_rest_escaped(client):
    FAQFactory(question="Can sciatica <b>return</b>?", answer="Yes: `<script>alert(1)</script>` sciatica can return.")
    html = client.get("/faq/", {"q": "sciatica"}).content.decode()
    assert "<mark>sciatica</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "<b>return</b>" not in html
    assert "&lt;b&gt;return&lt;/b&gt;" in html


@pytest.mark.parametrize("faq_kwargs", [{"article": None}, {}])
def test_unpublished_and_scheduled_content_is_never_found(client, faq_kwargs):
    draft = ArticleFactory(draft=True, title="Secret sciatica draft")
    scheduled = ArticleFactory(scheduled=True, title="Future sciatica piece")
    FAQFactory(article=draft, question="Draft sciatica question?")
    FAQFactory(article=scheduled, question="Scheduled sciatica question?")
    visible = FAQFactory(question="Public sciatica question?", **faq_kwargs)
    for url in ("/search/", "/faq/"):
        response = client.get(url, {"q": "sciatica"})
        assert result_links(response) == [visible.get_absolute_url()]
        assert "1 result for" in response.content.decode()
        assert "Secret" not in response.content.decode() and "Scheduled" not in response.content.decode()


def test_scheduled_article_appears_when_its_time_comes_without_reindexing(client):
    article = ArticleFactory(scheduled=True, title="Sciatica and sleep")
    assert result_links(client.get("/search/", {"q": "sciatica"})) == []
    type(article).objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert result_links(client.get("/search/", {"q": "sciatica"})) == [article.get_absolute_url()]


def test_synonyms_find_the_clinical_word_for_the_lay_one(client):
    faq = FAQFactory(question="What is a herniated disc?", answer="The jelly centre pushes out.")
    assert result_links(client.get("/faq/", {"q": "slipped discs"})) == [faq.get_absolute_url()]


def test_a_typo_is_corrected_from_the_index_vocabulary(client):
    faq = FAQFactory(question="Is walking good for sciatica?")
    html = client.get("/faq/", {"q": "sciatcia"}).content.decode()
    assert RESULT_LINK.findall(html) == [faq.get_absolute_url()]
    assert "1 result for “sciatica”" in html
    assert "Showing results for <em>sciatica</em>" in html
    assert 'href="?q=sciatcia&amp;exact=1">sciatcia</a>' in html


def test_searching_instead_for_the_typed_word_turns_correction_off(client):
    FAQFactory(question="Is walking good for sciatica?")
    html = client.get("/faq/", {"q": "sciatcia", "exact": "1"}).content.decode()
    assert RESULT_LINK.findall(html) == []
    assert "Showing results for" not in html


def test_zero_results_says_so_kindly_and_suggests_questions_and_topics(client):
    topic = TopicFactory(name="Sleep")
    FAQFactory(question="How should I sleep?", topics=[topic])
    html = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "0 results for “zebra”" in html
    assert "We couldn’t find anything for that" in html
    assert "How should I sleep?" in html
    assert topic.get_absolute_url() in html


def test_zero_results_suggest_the_topics_with_most_published_articles_and_questions(client):
    """Busiest first (articles and FAQs counted together, ties by name); hidden pages count for nothing."""
    topics = {
        name: TopicFactory(name=name, slug=name.lower()) for name in ("Posture", "Sleep", "Sciatica", "Arthritis")
    }
    hidden_only, empty = TopicFactory(name="Exercise", slug="exercise"), TopicFactory(name="Empty", slug="empty")
    for name, articles, faqs in (("Posture", 1, 1), ("Sleep", 0, 4), ("Sciatica", 3, 2), ("Arthritis", 2, 0)):
        ArticleFactory.create_batch(articles, topics=[topics[name]])
        FAQFactory.create_batch(faqs, topics=[topics[name]])
    ArticleFactory.create_batch(3, draft=True, topics=[hidden_only, topics["Posture"]])
    FAQFactory.create_batch(3, article=ArticleFactory(scheduled=True), topics=[hidden_only, topics["Arthritis"]])
    html = client.get("/search/", {"q": "zebra"}).content.decode()
    suggested = re.search(r'Browse by topic</h3>\s*<ul class="tags">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'<a href="/topics/([\w-]+)/">', suggested) == ["sciatica", "sleep", "arthritis", "posture"]
    assert empty.name not in suggested


def test_search_result_pages_are_not_indexed_by_search_engines(client):
    assert '<meta name="robots" content="noindex">' in client.get("/faq/", {"q": "sciatica"}).content.decode()
    assert '<meta name="robots" content="noindex">' in client.get("/search/", {"q": "sciatica"}).content.decode()
    assert "noindex" not in client.get("/faq/").content.decode()


def test_empty_faq_query_keeps_the_grouped_list(client):
    topic = TopicFactory(name="Sleep")
    FAQFactory(question="How should I sleep?", topics=[topic])
    html = client.get("/faq/", {"q": "  "}).content.decode()
    assert 'id="topic-' in html and "results for" not in html


def test_every_page_has_a_search_box(client):
    ArticleFactory(slug="some-article")
    for url in ("/", "/faq/", "/articles/some-article/"):
        assert 'role="search"' in client.get(url).content.decode()


@pytest.mark.parametrize(("page", "shown"), [("2", 2), ("99", 3), ("0", 1), ("-4", 1), ("abc", 1), ("", 1)])
def test_a_page_out_of_range_or_unreadable_gives_the_nearest_page(client, page, shown):
    FAQFactory.create_batch(25, question="Sciatica question?")
    response = client.get("/faq/", {"q": "sciatica", "page": page})
    assert f"Page {shown} of 3" in response.content.decode()
    assert len(result_links(response)) == (5 if shown == 3 else 10)


def test_pagination_links_keep_the_query(client):
    FAQFactory.create_batch(11, question="Sciatica question?")
    html = client.get("/faq/", {"q": "sciatica & legs"}).content.decode()
    assert ">Next</a>" in html
    assert 'href="?q=sciatica+%26+legs&amp;page=2"' in html


def test_search_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    FAQFactory.create_batch(30, question="Sciatica question?", topics=[TopicFactory()])
    ArticleFactory.create_batch(5, title="Sciatica article")
    # synonyms (then cached), word counts (idf), first page with its count, highlights and slugs
    # (on PostgreSQL in the same statement); logging a new query of the day: 5; the neighbours by meaning: the
    # vectors (read again only after a write), which of them are visible, whether the words match them: 3
    with django_assert_max_num_queries(15):
        assert len(result_links(client.get("/search/", {"q": "sciatica"}))) == 10


BAD_INPUTS = [
    "",
    "   ",
    "x" * 5000,
    "back " * 1000,
    '" * : ( ) ^ - NEAR AND OR',
    '"unbalanced',
    "NEAR(back pain, 2)",
    "title:back",
    "back*",
    "-pain",
    "^back",
    "AND OR NOT",
    "'; DROP TABLE faq_faq; --",
    "1 OR 1=1",
    "back') OR ('1'='1",
    "%_%",
    "\\",
    "😀🔥 back pain 💥",
    "back\x00pain",
    "\x00",
    "腰痛",
    "боль в спине",
    "ألم الظهر",
    "<script>alert(1)</script>",
    "&lt;mark&gt;",
    "\x02back\x03",
]


@pytest.mark.parametrize("query", BAD_INPUTS)
@pytest.mark.parametrize("url", ["/search/", "/faq/"])
def test_any_input_gives_a_clear_page(client, url, query, caplog):
    FAQFactory(question="Does back pain last long?")
    response = client.get(url, {"q": query, "page": query[:20]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]


def test_a_very_common_word_says_more_than_the_counting_limit(client, monkeypatch):
    monkeypatch.setattr("backpain.search.engine.COUNT_LIMIT", 5)
    FAQFactory.create_batch(7, question="Sciatica question?")
    html = client.get("/faq/", {"q": "sciatica"}).content.decode()
    assert "More than 5 results for “sciatica”" in html


def test_hidden_content_ranked_first_does_not_push_visible_results_off_the_page(client, monkeypatch):
    monkeypatch.setattr("backpain.search.engine.RANK_WINDOW_MARGIN", 0)
    draft = ArticleFactory(draft=True)
    FAQFactory.create_batch(12, article=draft, question="Sciatica sciatica sciatica?")
    visible = FAQFactory.create_batch(3, question="Leg pain", answer="Sometimes called sciatica.")
    links = result_links(client.get("/faq/", {"q": "sciatica"}))
    assert links == [faq.get_absolute_url() for faq in visible]


def test_words_that_match_nothing_are_left_out_and_said_so(client):
    faq = FAQFactory(question="Can I keep running with back pain?", answer="Keep jogging at an easy pace.")
    html = client.get("/faq/", {"q": "is jogging risky for my back"}).content.decode()
    assert RESULT_LINK.findall(html) == [faq.get_absolute_url()]
    assert "the results leave them out: <s>risky</s>" in html


def test_when_no_document_has_every_word_those_with_most_words_come_first(client):
    one_word = FAQFactory(question="Sciatica sciatica sciatica?", answer="Sciatica, sciatica.")
    two_words = FAQFactory(question="Does a pillow help?", answer="Yes, for sciatica.")
    other_word = FAQFactory(question="What about a towel?", answer="Roll it up.")
    links = result_links(client.get("/faq/", {"q": "sciatica pillow towel"}))
    assert links[0] == two_words.get_absolute_url()
    assert set(links) == {one_word.get_absolute_url(), two_words.get_absolute_url(), other_word.get_absolute_url()}


def test_article_lists_keep_their_newer_and_older_links(client):
    ArticleFactory.create_batch(13)
    html = client.get("/", {"page": "2"}).content.decode()
    assert 'href="?page=1">Newer</a>' in html


def test_snippet_shows_the_start_of_the_answer_when_only_the_question_matches(client):
    FAQFactory(question="Is sciatica serious?", answer="Usually not: most people recover within weeks.")
    html = client.get("/faq/", {"q": "sciatica"}).content.decode()
    assert "Usually not: most people recover within weeks." in html
