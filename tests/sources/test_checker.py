"""A source check makes real requests, follows redirects a few hops, and never reaches a private address."""

import pytest

from sources.checker import MAX_REDIRECTS, check_url
from sources.models import Source


@pytest.mark.parametrize(
    ("path", "state", "status", "final_path"),
    [
        ("/ok", Source.State.OK, 200, "/ok"),
        ("/moved", Source.State.REDIRECTED, 200, "/ok"),
        ("/missing", Source.State.BROKEN, 404, "/missing"),
        ("/gone", Source.State.BROKEN, 410, "/gone"),
        ("/error", Source.State.BROKEN, 500, "/error"),
        ("/no-head", Source.State.OK, 200, "/no-head"),
    ],
)
def test_each_answer_is_stored_as_what_it_means(local_web, path, state, status, final_path):
    outcome = check_url(local_web + path)
    assert (outcome.state, outcome.status_code, outcome.final_url) == (state, status, local_web + final_path)


def test_a_server_too_slow_to_answer_is_broken_with_a_reason(local_web):
    outcome = check_url(local_web + "/slow")
    assert outcome.state == Source.State.BROKEN
    assert outcome.status_code is None
    assert outcome.detail == "no answer in time"


def test_redirects_are_followed_five_times_and_no_more(local_web):
    assert check_url(local_web + f"/hops/{MAX_REDIRECTS}").state == Source.State.REDIRECTED
    endless = check_url(local_web + f"/hops/{MAX_REDIRECTS + 1}")
    assert endless.state == Source.State.BROKEN
    assert endless.detail == "more than 5 redirects"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/ok",
        "http://localhost:9/ok",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://[::ffff:127.0.0.1]:9/",
        "http://0.0.0.0:9/",
        "ftp://example.org/file",
        "file:///etc/passwd",
    ],
)
def test_private_addresses_and_other_schemes_are_refused_without_a_request(settings, url):
    settings.SOURCE_CHECK_PRIVATE_NETWORKS = []
    outcome = check_url(url)
    assert outcome.state == Source.State.REFUSED
    assert outcome.status_code is None


def test_the_test_servers_own_network_is_refused_unless_a_setting_allows_it(settings, web_server):
    settings.SOURCE_CHECK_PRIVATE_NETWORKS = []
    assert check_url(web_server + "/ok").state == Source.State.REFUSED
    settings.SOURCE_CHECK_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    assert check_url(web_server + "/ok").state == Source.State.OK


def test_every_redirect_hop_is_vetted_too(local_web):
    outcome = check_url(local_web + "/moved-far")
    assert outcome.state == Source.State.REFUSED
    assert "127.0.0.2" in outcome.final_url
