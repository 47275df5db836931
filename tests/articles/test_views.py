"""The public article, author, topic and home pages, and who may see what on them."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from backpain import generation
from backpain.markdown import html_to_text
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FAQFactory,
    RelatedPickFactory,
    ResourceFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The reference page the demo bundle reproduces, as the team received it (a copy of ../shared/seed/).
SEED = Path(__file__).resolve().parents[2] / "backpain" / "demo" / "back-pain-and-stress.txt"


def page_text(response):
    return html_to_text(response.content.decode())


def article_url(article):
    return reverse("articles:article", kwargs={"slug": article.slug})


class TestArticlePage:
    def test_shows_title_byline_dates_reading_time_and_review(self, client):
        reviewer = AuthorFactory(name="Dr Ada Spine", credentials="MD, orthopaedic surgeon")
        article = ArticleFactory(
            title="Sciatica basics",
            subtitle="What it is",
            author=AuthorFactory(name="Judd Beale", credentials="DPT"),
            reviewed_by=reviewer,
            last_reviewed=timezone.datetime(2024, 3, 5).date(),
        )
        html = client.get(article_url(article)).content.decode()
        assert html.count("<h1") == 1
        assert ">Sciatica basics</h1>" in html
        assert "What it is" in html
        assert 'href="/authors/' in html and "Judd Beale" in html and "DPT" in html
        assert "Medically reviewed by" in html and "Dr Ada Spine" in html and "5 March 2024" in html
        assert "minute read" in html
        assert "not medical advice" in html

    def test_sections_are_nested_and_listed_in_the_table_of_contents(self, client):
        article = ArticleFactory()
        for position, (level, heading) in enumerate([(2, "Managing stress"), (3, "Lifestyle"), (4, "Sleep")]):
            SectionFactory(article=article, position=position, level=level, heading=heading)
        html = client.get(article_url(article)).content.decode()
        assert '<h2 id="managing-stress">Managing stress</h2>' in html
        assert '<h3 id="lifestyle">Lifestyle</h3>' in html
        assert '<h4 id="sleep">Sleep</h4>' in html
        toc = re.search(r'<nav class="toc" aria-label="Table of contents">(.*?)</nav>', html, re.S).group(1)
        assert re.findall(r'href="#([\w-]+)"', toc) == ["managing-stress", "lifestyle", "sleep"]

    def test_shows_faqs_resources_and_author_card(self, client):
        article = ArticleFactory(author=AuthorFactory(bio="I help people with **back pain**."))
        FAQFactory(article=article, question="Can stress cause back pain?")
        ResourceFactory(article=article, title="Psychological Stress and Back Pain", publisher="NLM", year=2019)
        html = client.get(article_url(article)).content.decode()
        assert "Can stress cause back pain?" in html
        assert "Additional Resources" in html and "Psychological Stress and Back Pain" in html and "NLM, 2019" in html
        assert "I help people with <strong>back pain</strong>." in html

    def test_more_to_explore_sidebar_lists_related_published_articles(self, client):
        article = ArticleFactory()
        related = ArticleFactory(title="What Makes Sciatica Worse?", summary="Factors that worsen sciatica.")
        draft = ArticleFactory(draft=True, title="Secret draft")
        RelatedPickFactory(article=article, target=related)
        RelatedPickFactory(article=article, target=draft)
        html = client.get(article_url(article)).content.decode()
        aside = re.search(r'<aside class="sidebar"[^>]*>(.*?)</aside>', html, re.S).group(1)
        assert "More to Explore" in aside
        assert f'href="{article_url(related)}"' in aside
        assert "Factors that worsen sciatica." in aside
        assert "Secret draft" not in html

    def test_unknown_article_gives_a_friendly_404(self, client):
        response = client.get("/articles/no-such-article/")
        assert response.status_code == 404
        assert "couldn’t find that page" in response.content.decode()

    def test_query_count_does_not_grow_with_sections_faqs_and_resources(self, client, django_assert_max_num_queries):
        small, large = ArticleFactory(), ArticleFactory()
        topics = [TopicFactory() for _ in range(3)]
        for article, size in ((small, 1), (large, 40)):
            article.topics.set(topics)
            for position in range(size):
                SectionFactory(article=article, position=position, level=2 + position % 3 if position else 2)
            for _ in range(min(size, 20)):
                FAQFactory(article=article)
            for _ in range(min(size, 10)):
                ResourceFactory(article=article)
            for target in ArticleFactory.create_batch(min(size, 3), topics=topics):
                RelatedPickFactory(article=article, target=target)
        generation.current()  # the stamp after these writes, read by the first view of any page
        with django_assert_max_num_queries(8) as small_queries:
            client.get(article_url(small))
        with django_assert_max_num_queries(8) as large_queries:
            response = client.get(article_url(large))
        assert len(large_queries.captured_queries) == len(small_queries.captured_queries)
        assert response.content.decode().count('class="faq"') == 20


class TestVisibility:
    """Drafts and scheduled articles, and their FAQs, appear nowhere public."""

    @pytest.fixture
    def hidden(self):
        topic, author = TopicFactory(), AuthorFactory()
        live = ArticleFactory(title="Live article", topics=[topic], author=author)
        draft = ArticleFactory(draft=True, title="Draft article", topics=[topic], author=author)
        scheduled = ArticleFactory(scheduled=True, title="Scheduled article", topics=[topic], author=author)
        FAQFactory(article=draft, question="Draft question?", topics=[topic])
        FAQFactory(article=scheduled, question="Scheduled question?", topics=[topic])
        RelatedPickFactory(article=live, target=draft)
        RelatedPickFactory(article=live, target=scheduled)
        return {"topic": topic, "author": author, "live": live, "draft": draft, "scheduled": scheduled}

    @pytest.mark.parametrize("which", ["draft", "scheduled"])
    def test_anonymous_visitor_gets_404_for_unpublished_article(self, client, hidden, which):
        assert client.get(article_url(hidden[which])).status_code == 404

    @pytest.mark.parametrize(
        "page", ["home", "topic", "author", "live article sidebar", "faq list", "topic faqs"], ids=str
    )
    def test_unpublished_articles_and_their_faqs_are_listed_nowhere(self, client, hidden, page):
        url = {
            "home": "/",
            "topic": hidden["topic"].get_absolute_url(),
            "author": hidden["author"].get_absolute_url(),
            "live article sidebar": article_url(hidden["live"]),
            "faq list": "/faq/",
            "topic faqs": hidden["topic"].get_absolute_url(),
        }[page]
        html = client.get(url).content.decode()
        for secret in ("Draft article", "Scheduled article", "Draft question?", "Scheduled question?"):
            assert secret not in html
        for article in (hidden["draft"], hidden["scheduled"]):
            assert article_url(article) not in html

    def test_logged_in_visitor_who_is_not_staff_cannot_see_draft(self, client, hidden):
        client.force_login(UserFactory())
        assert client.get(article_url(hidden["draft"])).status_code == 404

    def test_staff_without_change_permission_cannot_see_draft(self, client, hidden):
        client.force_login(UserFactory(is_staff=True))
        assert client.get(article_url(hidden["draft"])).status_code == 404

    @pytest.mark.parametrize("which", ["draft", "scheduled"])
    def test_staff_editor_previews_unpublished_article_marked_and_uncached(self, editor_client, hidden, which):
        response = editor_client.get(article_url(hidden[which]))
        assert response.status_code == 200
        assert "Preview" in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_staff_editor_sees_live_article_without_preview_banner(self, editor_client, hidden):
        response = editor_client.get(article_url(hidden["live"]))
        assert "preview-banner" not in response.content.decode()

    def test_scheduled_article_appears_once_its_time_has_come(self, client, hidden):
        Article.objects.filter(pk=hidden["scheduled"].pk).update(published_at=timezone.now() - timedelta(minutes=1))
        assert client.get(article_url(hidden["scheduled"])).status_code == 200
        assert "Scheduled article" in client.get("/").content.decode()


class TestListingPages:
    def test_home_lists_newest_articles_as_cards_with_topics(self, client):
        topic = TopicFactory(name="Sciatica")
        older = ArticleFactory(title="Older", published_at=timezone.now() - timedelta(days=5), topics=[topic])
        newer = ArticleFactory(title="Newer", summary="Fresh summary", author=AuthorFactory(name="Judd Beale"))
        html = client.get("/").content.decode()
        assert html.index(newer.title) < html.index(older.title)
        assert "Fresh summary" in html and "Judd Beale" in html
        assert f'href="{topic.get_absolute_url()}"' in html

    def test_author_page_shows_bio_and_their_articles(self, client):
        author = AuthorFactory(name="Judd Beale", bio="My *goal* is to help.")
        mine, other = ArticleFactory(author=author), ArticleFactory()
        html = client.get(author.get_absolute_url()).content.decode()
        assert "My <em>goal</em> is to help." in html
        assert mine.title in html and other.title not in html

    def test_topic_page_shows_description_articles_and_faqs(self, client):
        topic = TopicFactory(description="All about **stress**.")
        article = ArticleFactory(topics=[topic])
        faq = FAQFactory(topics=[topic], question="Is stress bad for my back?")
        html = client.get(topic.get_absolute_url()).content.decode()
        assert "All about <strong>stress</strong>." in html
        assert article.title in html and faq.question in html

    def test_unknown_topic_and_author_answer_404(self, client):
        assert client.get("/topics/nope/").status_code == 404
        assert client.get("/authors/nope/").status_code == 404

    def test_home_page_is_paginated_and_a_bad_page_is_404_not_500(self, client):
        ArticleFactory.create_batch(13)
        assert 'rel="next"' in client.get("/").content.decode()
        assert client.get("/?page=2").status_code == 200
        assert client.get("/?page=99").status_code == 404
        assert client.get("/?page=abc").status_code == 404


class TestSeedArticle:
    """The demo bundle reproduces the reference page: every heading, paragraph, FAQ and resource."""

    def seed_checks(self):
        lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines:
            if line.startswith("Mint Campaign"):
                continue
            if line.startswith("Back Pain & Stress: Understanding"):
                yield "Back Pain & Stress"
                yield "Understanding the connection between stress and back pain"
            elif re.match(r"^\d\. “", line):
                title = re.search(r"“(.+?)”", line).group(1)
                publisher = re.search(r"published in the (.+?),", line).group(1)
                yield title
                yield publisher
            elif re.match(r"^\d\. ", line):
                question, answer = line[3:].split("? ", 1)
                yield question + "?"
                yield answer
            else:
                yield line.rstrip(":")

    def test_seed_article_page_shows_every_heading_paragraph_faq_and_resource(self, client, demo_content):
        response = client.get("/articles/back-pain-and-stress/")
        text = page_text(response)
        missing = [expected for expected in self.seed_checks() if expected not in text]
        assert missing == []
        assert "Mint Campaign" not in text

    def test_seed_headings_keep_their_levels(self, client, demo_content):
        html = client.get("/articles/back-pain-and-stress/").content.decode()
        assert '<h2 id="managing-and-reducing-stress-induced-back-pain">' in html
        assert '<h3 id="lifestyle-changes">Lifestyle Changes</h3>' in html
        assert '<h4 id="physical-activity">Physical Activity</h4>' in html

    def test_seed_sidebar_offers_what_makes_sciatica_worse(self, client, demo_content):
        html = client.get("/articles/back-pain-and-stress/").content.decode()
        aside = re.search(r'<aside class="sidebar"[^>]*>(.*?)</aside>', html, re.S).group(1)
        assert 'href="/articles/what-makes-sciatica-worse/"' in aside
        assert client.get("/articles/what-makes-sciatica-worse/").status_code == 200


class TestPreviewByRole:
    def test_author_previews_own_draft_but_not_another_authors(self, client):
        from tests.roles import author_user

        user = author_user()
        own = ArticleFactory(draft=True, author=user.author_profile)
        other = ArticleFactory(draft=True)
        client.force_login(user)
        assert client.get(article_url(own)).status_code == 200
        assert client.get(article_url(other)).status_code == 404
        assert client.get(article_url(ArticleFactory())).status_code == 200

    def test_editor_and_medical_reviewer_preview_every_draft(self, client):
        from tests.roles import editor_user, reviewer_user

        draft = ArticleFactory(draft=True)
        for user in (editor_user(), reviewer_user()):
            client.force_login(user)
            assert client.get(article_url(draft)).status_code == 200
