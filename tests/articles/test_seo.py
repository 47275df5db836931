"""What search engines and social networks read from each public page: head tags and JSON-LD."""

from datetime import date

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from backpain.structured_data import DEFAULT_SHARE_IMAGE, LOGO_IMAGE
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FAQFactory,
    ResourceFactory,
    TopicFactory,
    uploaded_png,
)
from tests.markup import Page

SCRIPT_TITLE = '"</script><script>alert(1)</script>'

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    """One of each public page, all with content."""
    topic = TopicFactory(name="Sciatica", slug="sciatica")
    author = AuthorFactory(name="Dana Reyes", slug="dana-reyes", credentials="DPT, physical therapist")
    article = ArticleFactory(slug="sciatica-at-night", title="Sciatica at night", author=author, topics=[topic])
    FAQFactory(slug="is-walking-good", question="Is walking good?", answer="Yes, *mostly*.")
    return article


PUBLIC_PAGES = [
    "/",
    "/articles/sciatica-at-night/",
    "/authors/dana-reyes/",
    "/topics/sciatica/",
    "/faq/",
    "/faq/is-walking-good/",
]


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/no-such-page/"])
def test_every_public_page_has_title_description_canonical_and_social_tags(client, site, site_url, path):
    page = Page(client.get(path))

    assert page.title.strip()
    assert page.meta["description"].strip()
    (canonical,) = page.link("canonical")
    assert canonical["href"] == f"{site_url}{path}"
    assert page.meta["og:url"] == canonical["href"]
    for tag in ("og:title", "og:description", "og:type", "og:site_name", "og:image"):
        assert page.meta[tag], tag
    assert int(page.meta["og:image:width"]) > 0 and int(page.meta["og:image:height"]) > 0
    assert page.meta["og:image"].startswith(f"{site_url}/")
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["twitter:title"] == page.meta["og:title"]


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/no-such-page/"])
def test_canonical_and_social_urls_ignore_a_forged_host_header(client, site, site_url, path):
    response = client.get(path, HTTP_HOST="evil.example")
    page = Page(response)

    assert page.link("canonical")[0]["href"] == f"{site_url}{path}"
    assert page.meta["og:url"] == f"{site_url}{path}"
    assert "evil.example" not in page.html


def test_faq_permalink_is_described_by_its_answer_in_plain_text(client):
    FAQFactory(slug="heat-or-ice", question="Heat or ice?", answer="It’s **heat** after 48 hours & ice before.")

    page = Page(client.get("/faq/heat-or-ice/"))

    assert page.meta["og:title"] == "Heat or ice?"
    assert page.meta["description"] == "It’s heat after 48 hours & ice before."
    assert page.meta["og:description"] == page.meta["description"]


def test_page_not_found_asks_not_to_be_indexed(client, site):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert Page(response).meta["robots"] == "noindex"


def test_canonical_url_drops_tracking_parameters_but_keeps_the_page_number(client, site_url):
    ArticleFactory.create_batch(13)

    assert Page(client.get("/?utm_source=news")).link("canonical")[0]["href"] == f"{site_url}/"
    assert Page(client.get("/?page=2&utm_source=news")).link("canonical")[0]["href"] == f"{site_url}/?page=2"


def test_article_page_has_open_graph_article_tags(client, site_url):
    author = AuthorFactory(slug="dana-reyes")
    article = ArticleFactory(
        title="Sciatica at night",
        summary="Why it hurts more in bed.",
        author=author,
        topics=[TopicFactory(name="Sciatica"), TopicFactory(name="Sleep")],
    )

    page = Page(client.get(article.get_absolute_url()))

    assert page.title == "Sciatica at night · Backpain"
    assert page.meta["description"] == "Why it hurts more in bed."
    assert page.meta["og:type"] == "article"
    assert page.meta["og:title"] == "Sciatica at night"
    assert page.meta["og:description"] == "Why it hurts more in bed."
    assert page.meta["article:published_time"] == article.published_at.isoformat()
    assert page.meta["article:modified_time"] == article.updated_at.isoformat()
    assert page.meta["article:author"] == f"{site_url}/authors/dana-reyes/"
    assert page.meta_lists["article:tag"] == ["Sciatica", "Sleep"]
    assert page.meta["article:section"] == "Sciatica"


def test_article_hero_image_is_shared_with_its_size_and_description(client, site_url):
    article = ArticleFactory(
        hero_image=uploaded_png("spine.png", width=1200, height=800), hero_image_alt="A model of the spine"
    )

    page = Page(client.get(article.get_absolute_url()))

    assert page.meta["og:image"] == f"{site_url}{article.hero_image.url}"
    assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "800")
    assert page.meta["og:image:alt"] == "A model of the spine"
    assert page.meta["twitter:image"] == page.meta["og:image"]
    image = page.graph("MedicalWebPage")["image"]
    assert image == {"@type": "ImageObject", "url": page.meta["og:image"], "width": 1200, "height": 800}


@pytest.mark.parametrize("spec", [DEFAULT_SHARE_IMAGE, LOGO_IMAGE])
def test_shipped_share_images_have_the_declared_size(spec):
    path, width, height = spec
    with Image.open(finders.find(path)) as image:
        assert image.size == (width, height)


def test_article_structured_data_is_a_medical_web_page_with_authorship_review_and_sources(client, site_url):
    author = AuthorFactory(name="Dana Reyes", slug="dana-reyes", credentials="DPT, physical therapist")
    reviewer = AuthorFactory(name="Sam Okafor", slug="sam-okafor", credentials="MD, spine surgeon")
    article = ArticleFactory(
        slug="sciatica-at-night",
        title="Sciatica at night",
        summary="Why it hurts more in bed.",
        author=author,
        reviewed_by=reviewer,
        last_reviewed=date(2024, 5, 2),
        topics=[TopicFactory(name="Sciatica", slug="sciatica")],
    )
    ResourceFactory(article=article, title="Sleep and pain", url="https://example.org/a", publisher="NIH", year=2021)
    ResourceFactory(article=article, title="A book", url="", publisher="", year=None)
    url = f"{site_url}/articles/sciatica-at-night/"

    data = Page(client.get(article.get_absolute_url())).graph("MedicalWebPage")

    assert data["@context"] == "https://schema.org"
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["headline"] == "Sciatica at night"
    assert data["description"] == "Why it hurts more in bed."
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.updated_at.isoformat()
    assert data["author"] == {
        "@type": "Person",
        "name": "Dana Reyes",
        "jobTitle": "DPT, physical therapist",
        "url": f"{site_url}/authors/dana-reyes/",
    }
    assert data["reviewedBy"]["name"] == "Sam Okafor"
    assert data["reviewedBy"]["jobTitle"] == "MD, spine surgeon"
    assert data["lastReviewed"] == "2024-05-02"
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Backpain"
    assert data["publisher"]["logo"]["url"].startswith(f"{site_url}/")
    assert data["image"]["url"].startswith(f"{site_url}/")
    assert data["about"] == [{"@type": "Thing", "name": "Sciatica", "url": f"{site_url}/topics/sciatica/"}]
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Sleep and pain",
            "url": "https://example.org/a",
            "publisher": {"@type": "Organization", "name": "NIH"},
            "datePublished": "2021",
        },
        {"@type": "CreativeWork", "name": "A book"},
    ]


def test_unreviewed_article_claims_no_medical_review(client):
    article = ArticleFactory(last_reviewed=date(2024, 5, 2))

    page = Page(client.get(article.get_absolute_url()))

    data = page.graph("MedicalWebPage")
    assert "reviewedBy" not in data and "lastReviewed" not in data
    assert "Medically reviewed" not in page.html


def test_article_breadcrumb_list_matches_the_visible_breadcrumbs(client, site_url):
    topics = [TopicFactory(name="Sciatica", slug="sciatica"), TopicFactory(name="Stress", slug="stress")]
    article = ArticleFactory(title="Sciatica at night", slug="sciatica-at-night", topics=topics)

    page = Page(client.get(article.get_absolute_url()))

    items = page.graph("BreadcrumbList")["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in items] == [
        (1, "Home", f"{site_url}/"),
        (2, "Sciatica", f"{site_url}/topics/sciatica/"),
        (3, "Sciatica at night", f"{site_url}/articles/sciatica-at-night/"),
    ]
    visible = page.html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/">Home</a>' in visible
    assert '<a href="/topics/sciatica/">Sciatica</a>' in visible
    assert '<span aria-current="page">Sciatica at night</span>' in visible


def test_article_without_topic_has_a_two_step_trail(client, site_url):
    article = ArticleFactory(title="Odd one out")

    items = Page(client.get(article.get_absolute_url())).graph("BreadcrumbList")["itemListElement"]

    assert [item["name"] for item in items] == ["Home", "Odd one out"]


def test_article_with_faqs_carries_them_as_an_faq_page_with_plain_text_answers(client, site_url):
    article = ArticleFactory()
    FAQFactory(article=article, slug="does-it-last", question="Does it last?", answer="Usually **not** long.")

    page = Page(client.get(article.get_absolute_url()))

    assert page.graph("FAQPage")["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Does it last?",
            "url": f"{site_url}/faq/does-it-last/",
            "acceptedAnswer": {"@type": "Answer", "text": "Usually not long."},
        }
    ]


def test_article_without_faqs_has_no_faq_page(client):
    article = ArticleFactory()

    assert Page(client.get(article.get_absolute_url())).graphs("FAQPage") == []


def test_faq_page_lists_every_published_question_and_no_unpublished_one(client, site_url):
    FAQFactory(question="Site-wide?", answer="Yes &amp; *no*.", topics=[TopicFactory()])
    FAQFactory(question="General?")
    FAQFactory(question="Of a live article?", article=ArticleFactory())
    FAQFactory(question="Of a draft?", article=ArticleFactory(draft=True))
    FAQFactory(question="Of a scheduled article?", article=ArticleFactory(scheduled=True))

    data = Page(client.get("/faq/")).graph("FAQPage")

    assert data["url"] == f"{site_url}/faq/"
    questions = {question["name"]: question for question in data["mainEntity"]}
    assert set(questions) == {"Site-wide?", "General?", "Of a live article?"}
    assert questions["Site-wide?"]["@type"] == "Question"
    assert questions["Site-wide?"]["acceptedAnswer"] == {"@type": "Answer", "text": "Yes & no."}


def test_empty_faq_page_has_no_faq_structured_data(client):
    assert Page(client.get("/faq/")).graphs("FAQPage") == []


def test_author_page_is_a_profile_page_of_the_person(client, site_url):
    author = AuthorFactory(
        name="Dana Reyes",
        slug="dana-reyes",
        credentials="DPT, physical therapist",
        bio="Treats *backs* since 2009.",
        photo=uploaded_png("dana.png", width=96, height=96),
    )

    page = Page(client.get(author.get_absolute_url()))

    data = page.graph("ProfilePage")
    assert data["url"] == f"{site_url}/authors/dana-reyes/"
    assert data["mainEntity"] == {
        "@type": "Person",
        "name": "Dana Reyes",
        "jobTitle": "DPT, physical therapist",
        "url": f"{site_url}/authors/dana-reyes/",
        "image": f"{site_url}{author.photo.url}",
        "description": "Treats backs since 2009.",
    }
    assert page.meta["og:type"] == "profile"
    assert page.meta["og:image"] == f"{site_url}{author.photo.url}"


def test_home_page_names_the_website_and_its_publisher(client, site_url):
    data = Page(client.get("/")).graph("WebSite")

    assert data["url"] == f"{site_url}/"
    assert data["name"] == "Backpain"
    assert data["publisher"]["@type"] == "Organization"


def test_script_in_a_title_stays_inert_in_title_meta_tags_and_json_ld(client):
    topic = TopicFactory(name=SCRIPT_TITLE)
    article = ArticleFactory(title=SCRIPT_TITLE, summary=SCRIPT_TITLE, topics=[topic])
    FAQFactory(article=article, question=SCRIPT_TITLE, answer=SCRIPT_TITLE)

    page = Page(client.get(article.get_absolute_url()))

    assert "<script>alert(1)" not in page.html
    assert page.title.startswith(SCRIPT_TITLE)
    for tag in ("description", "og:title", "og:description", "twitter:title", "article:tag", "article:section"):
        assert page.meta[tag] == SCRIPT_TITLE, tag
    assert len(page.json_ld) == 3
    assert page.graph("MedicalWebPage")["headline"] == SCRIPT_TITLE
    assert page.graph("BreadcrumbList")["itemListElement"][1]["name"] == SCRIPT_TITLE
    assert page.graph("FAQPage")["mainEntity"][0]["name"] == SCRIPT_TITLE


def test_article_without_summary_is_described_by_the_start_of_its_introduction(client):
    article = ArticleFactory(summary="", intro="Back pain *usually* gets better. " * 30)

    page = Page(client.get(article.get_absolute_url()))

    description = page.meta["description"]
    assert description.startswith("Back pain usually gets better. Back pain")
    assert len(description) == 300 and description.endswith("…")
    assert page.meta["og:description"] == description
    assert page.graph("MedicalWebPage")["description"] == description
