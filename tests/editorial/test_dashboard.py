"""The admin home page shows each role what needs attention, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backpain.dates import add_months
from backpain.search.models import SearchQueryDay
from sources.models import Source
from tests.factories import ArticleFactory, FAQFactory, PageFeedbackFactory, ResourceFactory
from tests.roles import author_user, editor_user, reviewer_user

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert('x')</script>"


def months_ago(months, days=0):
    return add_months(timezone.localdate(), -months) - timedelta(days=days)


def build_site(size, start=0):
    """`size` of everything each panel lists, plus what no panel may show."""
    for n in range(start, start + size):
        ArticleFactory(title=f"Never reviewed {n}")
        ArticleFactory(title=f"Due soon {n}", last_reviewed=months_ago(12, days=-10))
        ResourceFactory(article=ArticleFactory(title=f"Cites a dead link {n}"), url=f"https://example.org/gone/{n}")
        PageFeedbackFactory(article=ArticleFactory(title=f"Hard to read {n}"), helpful=False,
                            reason="hard-to-understand", comment=f"Too many long words {n}")  # fmt: skip
        PageFeedbackFactory(article=None, faq=FAQFactory(), helpful=False, comment=f"Which exercise? {n}")
        SearchQueryDay.objects.create(query=f"coccyx {n}", day=timezone.localdate(), searches=3 + n, results=0)
    ArticleFactory(title="Freshly reviewed", last_reviewed=timezone.localdate())
    ArticleFactory(title="A draft", draft=True)
    old = timezone.localdate() - timedelta(days=10)
    SearchQueryDay.objects.get_or_create(query="old miss", day=old, defaults={"searches": 99})
    Source.objects.update(state=Source.State.BROKEN, status_code=404, checked_at=timezone.now())


def panels(response):
    return {panel.key: panel for panel in response.context["panels"]}


def test_an_editor_sees_every_panel_with_counts_and_links_to_filtered_lists(client):
    build_site(2)
    client.force_login(editor_user())
    response = client.get("/admin/")
    shown = panels(response)
    assert list(shown) == [
        "reviews-overdue",
        "reviews-due",
        "sign-off",
        "faq-sign-off",
        "broken-sources",
        "least-helpful",
        "searches",
    ]
    assert shown["reviews-overdue"].count == 2 * 3  # never reviewed: the articles of every panel but "due soon"
    assert shown["reviews-overdue"].url == "/admin/articles/article/?state=live&review=overdue"
    assert [item.text for item in shown["reviews-due"].items] == ["Due soon 0", "Due soon 1"]
    assert shown["sign-off"].url == "/admin/articles/article/?state=awaiting"  # the medical sign-off queue
    assert shown["sign-off"].count == client.get(shown["sign-off"].url).context["cl"].result_count
    assert shown["broken-sources"].count == 2
    assert "Cites a dead link" in shown["broken-sources"].items[0].note
    assert shown["least-helpful"].count == 4  # two articles and two FAQs
    quotes = {item.text: item.quotes for item in shown["least-helpful"].items}
    assert quotes["Hard to read 1"] == ["Too many long words 1"]
    assert len(quotes) == 4 and all(len(found) == 1 for found in quotes.values())
    assert [item.text for item in shown["searches"].items] == ["coccyx 1", "coccyx 0"]
    assert "What needs attention" in response.content.decode()
    overdue = client.get(shown["reviews-overdue"].url).context["cl"]
    assert overdue.result_count == shown["reviews-overdue"].count
    for panel in shown.values():
        assert client.get(panel.url).status_code == 200


def test_the_filtered_list_behind_due_soon_shows_exactly_those_articles(client):
    build_site(1)
    client.force_login(editor_user())
    response = client.get("/admin/articles/article/?state=live&review=due")
    assert [article.title for article in response.context["cl"].result_list] == ["Due soon 0"]


def test_a_medical_reviewer_sees_the_editors_panels(client):
    build_site(1)
    client.force_login(reviewer_user())
    assert "reviews-overdue" in panels(client.get("/admin/"))


def test_an_author_sees_their_drafts_and_what_readers_said_about_their_articles(client):
    user = author_user()
    ArticleFactory(title="My draft", draft=True, author=user.author_profile)
    ArticleFactory(title="Someone else's draft", draft=True)
    mine = ArticleFactory(title="My live article", author=user.author_profile)
    PageFeedbackFactory(article=mine, helpful=False, comment="Confusing at the start")
    PageFeedbackFactory(article=ArticleFactory(), helpful=False, comment="Not about yours")
    client.force_login(user)
    shown = panels(client.get("/admin/"))
    assert list(shown) == ["drafts", "readers"]
    assert [item.text for item in shown["drafts"].items] == ["My draft"]
    assert [item.quotes for item in shown["readers"].items] == [["Confusing at the start"]]


def test_a_hostile_comment_is_inert_on_the_dashboard(client):
    PageFeedbackFactory(article=ArticleFactory(title="Targeted"), helpful=False, comment=HOSTILE)
    client.force_login(editor_user())
    html = client.get("/admin/").content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_admin_is_branded_with_the_site_name(client):
    from django.conf import settings

    client.force_login(editor_user())
    html = client.get("/admin/").content.decode()
    assert "Django administration" not in html
    assert f">{settings.SITE_NAME}</a>" in html


def test_site_wide_faqs_waiting_for_a_medical_reviewer_have_their_panel(client):
    FAQFactory(question="Is a new mattress worth it?", live=False)
    FAQFactory(question="An article's own FAQ", article=ArticleFactory(draft=True), live=False)
    FAQFactory(question="Already live")
    client.force_login(editor_user())
    shown = panels(client.get("/admin/"))
    assert shown["faq-sign-off"].count == 1
    assert [item.text for item in shown["faq-sign-off"].items] == ["Is a new mattress worth it?"]
    assert shown["faq-sign-off"].url == "/admin/faq/faq/?state=awaiting"
    assert client.get(shown["faq-sign-off"].url).context["cl"].result_count == 1


def test_without_medical_sign_off_there_is_no_faq_panel(client, settings):
    settings.MEDICAL_SIGNOFF_REQUIRED = False
    client.force_login(editor_user())
    assert "faq-sign-off" not in panels(client.get("/admin/"))


def test_the_sign_off_panel_appears_when_a_workflow_provides_it(client, settings):
    settings.DASHBOARD_AWAITING_SIGN_OFF = "tests.editorial.test_dashboard.drafts_as_sign_off"
    ArticleFactory(title="Waiting for sign-off", draft=True)
    client.force_login(editor_user())
    shown = panels(client.get("/admin/"))
    assert shown["sign-off"].count == 1
    assert shown["sign-off"].items[0].text == "Waiting for sign-off"


def drafts_as_sign_off(user):
    from articles.models import Article

    return Article.objects.filter(status=Article.Status.DRAFT), "/admin/articles/article/?state=draft"


@pytest.mark.parametrize("role", [editor_user, author_user])
def test_the_dashboard_costs_the_same_queries_whatever_the_sites_size(client, role):
    user = role()
    client.force_login(user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    build_site(1)
    small = queries()
    build_site(12, start=1)
    assert queries() == small


def test_nothing_due_gives_empty_panels_not_errors(client):
    client.force_login(editor_user())
    shown = panels(client.get("/admin/"))
    assert all(panel.count == 0 and panel.items == [] for panel in shown.values())
