"""Care cards: "when to get help" callouts at three levels, the same in the editor's preview and on the page."""

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from backpain.markdown import render_markdown
from tests.factories import ArticleFactory, EditorUserFactory, SectionFactory
from tests.markup import Page

pytestmark = pytest.mark.django_db

PREVIEW = "/markdownx/markdownify/"
CARDS = """Before the cards.

!!! non-urgent "See a GP if:"
    - the pain lasts more than a few weeks

!!! urgent "Ask for an urgent GP appointment or call 111 if:"
    - you have sciatica on both sides

!!! emergency "Call 999 or go to A&E if:"
    - you cannot control when you pee
"""


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_each_level_is_an_aside_whose_heading_says_the_level_in_words():
    html = render_markdown(CARDS)
    for level, label, title in (
        ("non-urgent", "Non-urgent advice:", "See a GP if:"),
        ("urgent", "Urgent advice:", "Ask for an urgent GP appointment or call 111 if:"),
        ("emergency", "Immediate action required:", "Call 999 or go to A&amp;E if:"),
    ):
        assert (
            f'<aside class="care-card care-card-{level}">\n<h3 class="care-card-title">'
            f'<span class="care-card-level">{label}</span> {title}</h3>'
        ) in html
    assert "<li>you cannot control when you pee</li>" in html


def test_the_preview_and_the_article_page_show_the_same_cards():
    editor = Client()
    editor.force_login(EditorUserFactory())
    article = ArticleFactory()
    SectionFactory(article=article, heading="When to get help", body=CARDS)
    preview = editor.post(PREVIEW, {"content": CARDS}).content.decode()
    assert "care-card-emergency" in preview
    assert preview in Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>Call now",
        '<img src=x onerror="alert(1)">Call now',
        '<a href="javascript:alert(1)">Call now</a>',
        '<aside class="care-card-emergency" onclick="alert(1)">Call now</aside>',
    ],
)
def test_a_hostile_title_stays_inert(title):
    html = render_markdown(f'!!! emergency "{title}"\n    - a sign\n')
    assert "Call now" in html
    for payload in ("<script", "onerror", "javascript:", "onclick", "alert(1)</"):
        assert payload not in html


def test_a_card_without_a_title_uses_the_sites_own_wording(settings):
    settings.CARE_CARD_LEVELS = {
        **settings.CARE_CARD_LEVELS,
        "emergency": {"label": "Emergency", "title": "Call 911 or go to the emergency room if:"},
    }
    html = render_markdown("!!! emergency\n    - chest pain\n")
    assert '<span class="care-card-level">Emergency:</span> Call 911 or go to the emergency room if:</h3>' in html


def test_other_admonitions_keep_their_text_and_lose_the_box():
    html = render_markdown('!!! note "Aside"\n    Plain words.\n')
    assert "Plain words." in html and "care-card" not in html and "admonition" not in html


def test_the_demo_sciatica_article_carries_the_red_flags_card_and_cites_its_source(settings):
    call_command("quickstart", "--no-serve", verbosity=0)
    article = Article.objects.get(slug="what-makes-sciatica-worse")
    page = Page(Client().get(article.get_absolute_url()))
    assert '<aside class="care-card care-card-emergency">' in page.html
    assert "Call 999 or go to A&amp;E if you have sciatica and:" in page.html
    assert "cannot control when you pee" in page.html
    assert article.resources.filter(url="https://www.nhs.uk/conditions/cauda-equina-syndrome/").exists()
