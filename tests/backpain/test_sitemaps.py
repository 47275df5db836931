import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, FAQFactory, TopicFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.django_db


def sitemap_entries(client, **extra):
    response = client.get("/sitemap.xml", **extra)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_exactly_the_public_pages_and_nothing_unpublished(client, site_url):
    topic = TopicFactory(slug="sciatica")
    live = ArticleFactory(slug="live", topics=[topic])
    draft = ArticleFactory(slug="draft", draft=True, author=AuthorFactory(slug="draft-writer"))
    scheduled = ArticleFactory(slug="scheduled", scheduled=True, author=AuthorFactory(slug="future-writer"))
    reviewed = ArticleFactory(slug="reviewed", reviewed_by=AuthorFactory(slug="reviewer"))
    FAQFactory(slug="site-wide")
    FAQFactory(slug="of-live", article=live)
    FAQFactory(slug="of-draft", article=draft)
    FAQFactory(slug="of-scheduled", article=scheduled)

    locations = set(sitemap_entries(client))

    assert locations == {
        f"{site_url}/",
        f"{site_url}/faq/",
        f"{site_url}/articles/live/",
        f"{site_url}/articles/reviewed/",
        f"{site_url}/topics/sciatica/",
        f"{site_url}/authors/{live.author.slug}/",
        f"{site_url}/authors/{reviewed.author.slug}/",
        f"{site_url}/authors/reviewer/",
        f"{site_url}/faq/site-wide/",
        f"{site_url}/faq/of-live/",
    }


def test_sitemap_dates_each_article_by_its_last_update(client, site_url):
    article = ArticleFactory(slug="updated")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.make_aware(datetime(2024, 3, 9, 12)))

    assert sitemap_entries(client)[f"{site_url}/articles/updated/"] == "2024-03-09"


def test_sitemap_dates_a_topic_by_its_newest_published_article_only(client, site_url):
    topic = TopicFactory(slug="stress")
    ArticleFactory(topics=[topic])
    draft = ArticleFactory(draft=True, topics=[topic])
    Article.objects.filter(pk=draft.pk).update(updated_at=timezone.now() + timedelta(days=30))

    assert sitemap_entries(client)[f"{site_url}/topics/stress/"] == timezone.localdate().isoformat()


def test_sitemap_urls_ignore_a_forged_host_header(client, site_url):
    ArticleFactory(slug="live")

    entries = sitemap_entries(client, HTTP_HOST="evil.example")

    assert f"{site_url}/articles/live/" in entries
    assert all(location.startswith(f"{site_url}/") for location in entries)


def test_robots_txt_keeps_admin_out_and_points_at_the_sitemap(client, site_url):
    response = client.get("/robots.txt", HTTP_HOST="evil.example")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {site_url}/sitemap.xml" in lines
