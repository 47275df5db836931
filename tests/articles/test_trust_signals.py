"""What tells a reader an article can be trusted: who wrote and reviewed it, when, on what sources."""

from datetime import date

import pytest

from tests.factories import ArticleFactory, AuthorFactory, ResourceFactory, SectionFactory

pytestmark = pytest.mark.django_db


def article_html(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def test_byline_names_the_author_with_credentials_and_links_the_profile(client):
    author = AuthorFactory(name="Dana Reyes", slug="dana-reyes", credentials="DPT, physical therapist")

    html = article_html(client, ArticleFactory(author=author))

    assert '<a href="/authors/dana-reyes/" rel="author">Dana Reyes</a>, <span class="credentials">DPT' in html


def test_medical_review_names_the_reviewer_and_the_date(client):
    reviewer = AuthorFactory(name="Sam Okafor", slug="sam-okafor", credentials="MD")
    article = ArticleFactory(reviewed_by=reviewer, last_reviewed=date(2024, 5, 2))

    html = article_html(client, article)

    assert "Medically reviewed by" in html
    assert '<a href="/authors/sam-okafor/">Sam Okafor</a>, MD on <time datetime="2024-05-02">2 May 2024</time>' in html


def test_medical_reviewer_without_a_date_is_still_named(client):
    reviewer = AuthorFactory(name="Sam Okafor", slug="sam-okafor", credentials="MD")

    html = article_html(client, ArticleFactory(reviewed_by=reviewer))

    assert 'Medically reviewed by <a href="/authors/sam-okafor/">Sam Okafor</a>, MD</p>' in html


def test_article_shows_last_updated_date_and_reading_time(client):
    article = ArticleFactory()

    html = article_html(client, article)

    assert f'Last updated <time datetime="{article.updated_at.isoformat()}">' in html
    assert "1 minute read" in html


def test_additional_resources_are_numbered_with_publisher_and_year(client):
    article = ArticleFactory()
    ResourceFactory(article=article, position=1, title="Sleep and pain", publisher="NIH", year=2021)
    ResourceFactory(article=article, position=2, title="Posture", url="", publisher="Mayo Clinic", year=None)

    html = article_html(client, article)

    resources = html.split('id="resources-heading"')[1].split("</section>")[0]
    assert "<ol>" in resources
    assert '<li id="resource-1">' in resources and '<li id="resource-2">' in resources
    assert "“Sleep and pain”</a> — NIH, 2021" in resources
    assert "“Posture” — Mayo Clinic" in resources


def test_long_article_has_a_table_of_contents_and_a_back_to_top_link(client):
    article = ArticleFactory()
    SectionFactory(article=article, heading="What causes it")

    html = article_html(client, article)

    assert '<nav class="toc"' in html and '<a href="#what-causes-it">What causes it</a>' in html
    assert '<a href="#main">Back to top</a>' in html
