import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/admin/articles/article/", "/admin/articles/article/add/", "/admin/faq/faq/", "/admin/articles/author/"],
)
def test_admin_pages_open_for_a_superuser(admin_client, demo_content, url):
    assert admin_client.get(url).status_code == 200


def test_admin_article_change_page_edits_sections_faqs_resources_and_picks(admin_client, demo_content):
    from articles.models import Article

    article = Article.objects.get(slug="back-pain-and-stress")
    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    for prefix in ("sections-", "faqs-", "resources-", "related_picks-"):
        assert f'name="{prefix}TOTAL_FORMS"' in html
    assert "Lifestyle Changes" in html
