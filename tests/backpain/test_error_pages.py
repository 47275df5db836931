import pytest
from django.urls import path

from backpain.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls("tests.backpain.test_error_pages")
def test_server_error_shows_a_friendly_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_page_not_found_offers_a_way_back(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/"' in html and 'href="/faq/"' in html
