"""One source check: a real HTTP request, HEAD then GET, that never reaches the site's own network.

Each hop's host is resolved here and every address it resolves to must be public (`ipaddress.is_global`) unless
it is in `SOURCE_CHECK_PRIVATE_NETWORKS`; the connection then goes to the address that was vetted, so a name that
resolves differently the second time cannot send the request inside. At most `MAX_REDIRECTS` redirects are
followed, each hop vetted the same way; every connection has `SOURCE_CHECK_TIMEOUT`.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from sources.models import Source

MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "BackpainSourceCheck/1.0 (+checks that the sources our articles cite still answer)"


@dataclass(frozen=True)
class Outcome:
    state: str
    status_code: int | None = None
    final_url: str = ""
    detail: str = ""


class Refused(Exception):
    """The address is not one we may ask (private, loopback, not http)."""


def _vetted_address(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"no such host: {host}") from error
    allowed = [ipaddress.ip_network(network) for network in settings.SOURCE_CHECK_PRIVATE_NETWORKS]
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None) or address
        if not mapped.is_global and not any(mapped in network for network in allowed):
            raise Refused(f"{host} resolves to a private address ({mapped})")
    return infos[0][4][0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the vetted address, while the request names the host."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def _ask(method, url):
    """(status, Location header) of one request to `url`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"not a web address: {url[:100]}")
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    address = _vetted_address(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, settings.SOURCE_CHECK_TIMEOUT)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def _ask_head_then_get(url):
    """HEAD is cheap, but some servers refuse or mishandle it: anything but a success or redirect asks again."""
    try:
        status, location = _ask("HEAD", url)
    except (OSError, http.client.HTTPException):
        status, location = None, None
    if status is None or status >= 400:
        return _ask("GET", url)
    return status, location


def check_url(url):
    """The `Outcome` of following `url` to its end."""
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            status, location = _ask_head_then_get(current)
            if status in REDIRECTS and location:
                current = urljoin(current, location)
                continue
            if 200 <= status < 300:
                state = Source.State.OK if current == url else Source.State.REDIRECTED
                return Outcome(state, status, current)
            return Outcome(Source.State.BROKEN, status, current, http.client.responses.get(status, ""))
        return Outcome(Source.State.BROKEN, status, current, f"more than {MAX_REDIRECTS} redirects")
    except Refused as error:
        return Outcome(Source.State.REFUSED, None, current, str(error)[:300])
    except TimeoutError:
        return Outcome(Source.State.BROKEN, None, current, "no answer in time")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(Source.State.BROKEN, None, current, (str(error) or type(error).__name__)[:300])
