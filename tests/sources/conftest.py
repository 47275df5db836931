"""A real HTTP server on 127.0.0.1 answering as the web does: 200, 301 → 200, 404, 410, 500, slowly, and more."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SLOW_SECONDS = 3


class Answers(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, with_body):
        path = self.path.split("?")[0]
        if path == "/ok":
            return self.reply(200, with_body)
        if path == "/moved":
            return self.reply(301, with_body, Location="/ok")
        if path == "/moved-far":
            return self.reply(302, with_body, Location=f"http://127.0.0.2:{self.server.server_port}/ok")
        if path.startswith("/hops/"):  # /hops/N: N redirects, then the page
            left = int(path.rsplit("/", 1)[1])
            return self.reply(302, with_body, Location=f"/hops/{left - 1}") if left else self.reply(200, with_body)
        if path == "/no-head":
            return self.reply(405 if self.command == "HEAD" else 200, with_body)
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self.reply(200, with_body)
        if path == "/gone":
            return self.reply(410, with_body)
        if path == "/error":
            return self.reply(500, with_body)
        return self.reply(404, with_body)

    def reply(self, status, with_body, **headers):
        body = b"<p>answer</p>"
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", "Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self.answer(with_body=False)

    def do_GET(self):
        self.answer(with_body=True)


@pytest.fixture(scope="session")
def web_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # a check that gave up waiting closes its connection
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_web(settings, web_server):
    """The test server's address, which checks may reach (its network is allowed, and only its)."""
    settings.SOURCE_CHECK_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.SOURCE_CHECK_TIMEOUT = 0.5
    return web_server
