"""Every public page has the landmarks and heading outline a screen-reader user relies on."""

import re
from html.parser import HTMLParser

import pytest

PAGES = [
    "/",
    "/articles/back-pain-and-stress/",
    "/articles/what-makes-sciatica-worse/",
    "/authors/judd-beale/",
    "/topics/stress/",
    "/faq/",
    "/faq/can-stress-cause-back-pain/",
    "/no-such-page/",
]


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.tags, self.images_without_alt = [], set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img" and "alt" not in dict(attrs):
            self.images_without_alt.append(dict(attrs).get("src"))


def outline(client, url):
    parser = Outline()
    parser.feed(client.get(url).content.decode())
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_page_has_one_h1_and_headings_in_order(client, demo_content, url):
    headings = outline(client, url).headings
    assert headings[0] == 1 and headings.count(1) == 1
    jumps = [(a, b) for a, b in zip(headings, headings[1:], strict=False) if b > a + 1]
    assert jumps == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_page_has_landmarks_a_skip_link_and_no_image_without_alt(client, demo_content, url):
    page = outline(client, url)
    assert {"header", "nav", "main", "footer"} <= page.tags
    assert page.images_without_alt == []
    assert 'href="#main"' in client.get(url).content.decode()
