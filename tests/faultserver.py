"""A server on 127.0.0.1 with every fault a member's site can have, one path each.

Reached as an HTTP proxy for the host faults.test (and elsewhere.test for redirects), like the demo
network. State (how many times a path was asked) lives on the server, so "500 three times, then 200"
is real.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "faults"
SLOW_SECONDS = 6


def rss(title: str, n: int = 2, host: str = "faults.test") -> bytes:
    items = "".join(
        f"<item><title>{title} {i}</title><link>http://{host}/a/{title.replace(' ', '-')}-{i}</link>"
        f"<description>&lt;p&gt;{'Un texte complet sur le bénévolat de compétences. ' * 15}&lt;/p&gt;"
        f"&lt;p&gt;Second paragraphe.&lt;/p&gt;&lt;p&gt;Troisième.&lt;/p&gt;</description>"
        f"<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>" for i in range(n))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://{host}/</link>{items}</channel></rss>").encode()


class FaultServer:
    """The server and the count of requests per path."""

    def __init__(self):
        self.hits: Counter = Counter()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, faults=self))
        self._server.daemon_threads = True
        self.proxy = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, faults: FaultServer, **kwargs):
        self.faults = faults
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet
        pass

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/rss+xml", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the crawler gave up first, as it should
            pass

    def do_GET(self) -> None:  # noqa: N802
        target = urlsplit(self.path)
        host, path = target.hostname or "", target.path
        self.faults.hits[f"{host}{path}"] += 1
        hits = self.faults.hits[f"{host}{path}"]
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
        if path == "/flaky.xml":
            return self.send(500, b"oops") if hits <= 3 else self.send(200, rss("flaky"))
        if path == "/slow.xml":
            time.sleep(SLOW_SECONDS)
            return self.send(200, rss("slow"))
        if path in ("/gone404.xml", "/gone410.xml"):
            return self.send(int(path[5:8]), b"gone")
        if path == "/loop1":
            return self.send(302, headers={"Location": "http://faults.test/loop2"})
        if path == "/loop2":
            return self.send(302, headers={"Location": "http://faults.test/loop1"})
        if path == "/moved.xml":
            return self.send(301, headers={"Location": "http://elsewhere.test/feed.xml"})
        if host == "elsewhere.test" and path == "/feed.xml":
            return self.send(200, rss("moved", host="elsewhere.test"))
        if path == "/big.xml":
            return self.send(200, rss("big", n=400))
        if path == "/bomb.xml":
            bomb = gzip.compress(b"<rss>" + b" " * (60 * 1024 * 1024) + b"</rss>")
            return self.send(200, bomb, {"Content-Encoding": "gzip"})
        if path == "/private/feed.xml":
            return self.send(200, rss("private"))
        if path == "/ok.xml":
            return self.send(200, rss("ok"))
        file = FIXTURES / path.lstrip("/")
        if file.is_file():
            return self.send(200, file.read_bytes())
        if path.startswith("/a/"):
            return self.send(200, b"<html><body><p>article</p></body></html>", {"Content-Type": "text/html"})
        return self.send(404, b"not here")
