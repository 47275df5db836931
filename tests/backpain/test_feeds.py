import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from backpain.feeds import FEED_SIZE
from tests.factories import ArticleFactory, AuthorFactory, TopicFactory
from tests.markup import Page

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SCRIPT_TITLE = '"</script><script>alert(1)</script>'

pytestmark = pytest.mark.django_db


def rss_items(client, url="/feed/", **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel").findall("item")


def atom_entries(client, url="/feed/atom/", **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall("atom:entry", ATOM)


def test_rss_feed_holds_exactly_the_published_articles_newest_first(client, site_url):
    now = timezone.now()
    ArticleFactory(slug="older", published_at=now - timedelta(days=5))
    ArticleFactory(slug="newer", published_at=now - timedelta(days=1))
    ArticleFactory(slug="draft", draft=True)
    ArticleFactory(slug="scheduled", scheduled=True)

    links = [item.findtext("link") for item in rss_items(client)]

    assert links == [f"{site_url}/articles/newer/", f"{site_url}/articles/older/"]


def test_atom_feed_holds_exactly_the_published_articles(client, site_url):
    ArticleFactory(slug="live")
    ArticleFactory(slug="draft", draft=True)
    ArticleFactory(slug="scheduled", scheduled=True)

    links = [entry.find("atom:link", ATOM).get("href") for entry in atom_entries(client)]

    assert links == [f"{site_url}/articles/live/"]


def test_feeds_stop_at_the_newest_twenty_articles(client):
    now = timezone.now()
    for days in range(FEED_SIZE + 1):
        ArticleFactory(slug=f"day-{days}", published_at=now - timedelta(days=days + 1))

    items = rss_items(client)

    assert FEED_SIZE == 20
    assert len(items) == 20
    assert items[-1].findtext("link").endswith("/articles/day-19/")


def test_rss_item_has_summary_author_and_topics(client, site_url):
    author = AuthorFactory(name="Dana Reyes", slug="dana-reyes")
    ArticleFactory(
        title="Sciatica at night",
        summary="Why it hurts more in bed.",
        author=author,
        topics=[TopicFactory(name="Sciatica"), TopicFactory(name="Sleep")],
    )

    (item,) = rss_items(client)

    assert item.findtext("title") == "Sciatica at night"
    assert item.findtext("description") == "Why it hurts more in bed."
    assert item.findtext(DC_CREATOR) == "Dana Reyes"
    assert sorted(category.text for category in item.findall("category")) == ["Sciatica", "Sleep"]
    assert item.findtext("pubDate")


def test_atom_entry_has_summary_author_with_profile_link_and_topics(client, site_url):
    author = AuthorFactory(name="Dana Reyes", slug="dana-reyes")
    ArticleFactory(summary="Why it hurts more in bed.", author=author, topics=[TopicFactory(name="Sciatica")])

    (entry,) = atom_entries(client)

    assert entry.findtext("atom:summary", namespaces=ATOM) == "Why it hurts more in bed."
    assert entry.findtext("atom:author/atom:name", namespaces=ATOM) == "Dana Reyes"
    assert entry.findtext("atom:author/atom:uri", namespaces=ATOM) == f"{site_url}/authors/dana-reyes/"
    assert [category.get("term") for category in entry.findall("atom:category", ATOM)] == ["Sciatica"]
    assert entry.findtext("atom:updated", namespaces=ATOM)


def test_topic_feed_holds_only_that_topics_published_articles(client, site_url):
    sciatica, stress = TopicFactory(slug="sciatica"), TopicFactory(slug="stress")
    ArticleFactory(slug="on-sciatica", topics=[sciatica])
    ArticleFactory(slug="on-stress", topics=[stress])
    ArticleFactory(slug="draft-on-sciatica", draft=True, topics=[sciatica])
    ArticleFactory(slug="scheduled-on-sciatica", scheduled=True, topics=[sciatica])

    response = client.get("/topics/sciatica/feed/")
    channel = ET.fromstring(response.content).find("channel")

    assert [item.findtext("link") for item in channel.findall("item")] == [f"{site_url}/articles/on-sciatica/"]
    assert channel.findtext("link") == f"{site_url}/topics/sciatica/"


def test_feed_of_an_unknown_topic_is_not_found(client):
    assert client.get("/topics/no-such-topic/feed/").status_code == 404


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/topics/sciatica/feed/"])
def test_feed_links_ignore_a_forged_host_header(client, site_url, url):
    ArticleFactory(topics=[TopicFactory(slug="sciatica")])

    response = client.get(url, HTTP_HOST="evil.example")

    assert response.status_code == 200
    assert b"evil.example" not in response.content
    assert site_url.encode() in response.content


def test_script_in_title_and_summary_stays_inert_in_feeds(client):
    ArticleFactory(title=SCRIPT_TITLE, summary=f"Summary {SCRIPT_TITLE}")

    rss = client.get("/feed/").content
    atom = client.get("/feed/atom/").content

    for body in (rss, atom):
        assert b"<script" not in body
    (item,) = ET.fromstring(rss).find("channel").findall("item")
    assert item.findtext("title") == SCRIPT_TITLE
    # Descriptions are HTML to a feed reader: the plain-text summary arrives escaped, as text.
    assert item.findtext("description") == "Summary &quot;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    (entry,) = ET.fromstring(atom).findall("atom:entry", ATOM)
    assert entry.find("atom:summary", ATOM).get("type") == "html"
    assert "<script" not in entry.findtext("atom:summary", namespaces=ATOM)


def test_every_page_head_announces_the_feeds(client, site_url):
    page = Page(client.get("/"))

    assert page.link("alternate", type="application/rss+xml")[0]["href"] == f"{site_url}/feed/"
    assert page.link("alternate", type="application/atom+xml")[0]["href"] == f"{site_url}/feed/atom/"


def test_topic_page_head_announces_its_own_feed(client, site_url):
    TopicFactory(slug="sciatica")

    page = Page(client.get("/topics/sciatica/"))

    feeds = [link["href"] for link in page.link("alternate", type="application/rss+xml")]
    assert f"{site_url}/topics/sciatica/feed/" in feeds


def test_feed_describes_an_article_without_summary_by_its_introduction(client):
    ArticleFactory(summary="", intro="Most back pain *improves* within weeks.")

    (item,) = rss_items(client)

    assert item.findtext("description") == "Most back pain improves within weeks."
