"""A server on 127.0.0.1 with every fault a member's site can have, one path each.

Reached as an HTTP proxy for the host faults.test (and elsewhere.test for redirects), like the demo
network. State (how many times a path was asked) lives on the server, so "500 three times, then 200"
is real.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections import Counter
from functools import partial
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from tests.loopback import LoopbackServer

FIXTURES = Path(__file__).parent / "fixtures" / "faults"
SLOW_SECONDS = 6
PACED_SECONDS = 0.5  # /paced/N.xml: long enough for requests sent together to overlap


def rss(title: str, n: int = 2, host: str = "faults.test") -> bytes:
    sentence = "Un texte complet sur le bénévolat de compétences. "
    items = "".join(
        f"<item><title>{title} {i}</title>"
        f"<link>http://{host}/a/{title.replace(' ', '-')}-{i}</link>"
        f"<description>&lt;p&gt;{sentence * 15}&lt;/p&gt;"
        f"&lt;p&gt;Second paragraphe.&lt;/p&gt;&lt;p&gt;Troisième.&lt;/p&gt;</description>"
        f"<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>" for i in range(n))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
            f"<channel><title>{title}</title>"
            f"<link>http://{host}/</link>{items}</channel></rss>").encode()


def teasers(*paths: str, extra: str = "") -> bytes:
    """An RSS feed of teaser-only items (short summaries), so the crawler fetches their pages."""
    items = "".join(f"<item><title>Teaser {path}</title><link>http://faults.test{path}</link>"
                    f"<description>Un court résumé.</description>"
                    f"<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>" for path in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Teasers</title><link>http://faults.test/</link>{extra}{items}"
            f"</channel></rss>").encode()


ARTICLE = ("<html><head><title>Un article</title></head><body><article><h1>Un article</h1>"
           + "<p>Le bénévolat de compétences rassemble des juristes et des associations.</p>" * 12
           + "</article></body></html>").encode()
BIG_PAGE_BYTES = 1_600_000  # over the 1 MB cap the outcome tests set


class FaultServer(LoopbackServer):
    """The server and the count of requests per path."""

    def __init__(self):
        self.hits: Counter = Counter()
        self.in_flight = self.max_in_flight = 0  # requests answered at once, and the most seen
        self._lock = threading.Lock()
        super().__init__(partial(_Handler, faults=self))
        self.proxy = self.address


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, faults: FaultServer, **kwargs):
        self.faults = faults
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:
        pass

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/rss+xml", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The crawler may give up first, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        with self.faults._lock:
            self.faults.in_flight += 1
            self.faults.max_in_flight = max(self.faults.max_in_flight, self.faults.in_flight)
        try:
            self.answer()
        finally:
            with self.faults._lock:
                self.faults.in_flight -= 1

    def answer(self) -> None:
        target = urlsplit(self.path)
        host, path = target.hostname or "", target.path
        self.faults.hits[f"{host}{path}"] += 1
        hits = self.faults.hits[f"{host}{path}"]
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n",
                             {"Content-Type": "text/plain"})
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
        if path.startswith("/paced/"):
            time.sleep(PACED_SECONDS)
            return self.send(200, rss(f"paced {path[7:].split('.')[0]}"))
        if path == "/big.xml":
            return self.send(200, rss("big", n=400))
        if path == "/bomb.xml":
            bomb = gzip.compress(b"<rss>" + b" " * (60 * 1024 * 1024) + b"</rss>")
            return self.send(200, bomb, {"Content-Encoding": "gzip"})
        if path == "/private/feed.xml":
            return self.send(200, rss("private"))
        if path == "/ok.xml":
            return self.send(200, rss("ok"))
        if path.startswith("/outcomes/"):
            return self.outcomes(path, hits)
        file = FIXTURES / path.lstrip("/")
        if file.is_file():
            return self.send(200, file.read_bytes())
        if path.startswith("/a/"):
            return self.send(200, b"<html><body><p>article</p></body></html>",
                             {"Content-Type": "text/html"})
        return self.send(404, b"not here")

    def outcomes(self, path: str, hits: int) -> None:
        """The paths of tests/test_outcomes.py: skips, back-off and due times."""
        if path == "/outcomes/robots.xml":  # its pages are under /private/: robots.txt says no
            return self.send(200, teasers("/private/story-1", "/private/story-2"))
        if path == "/outcomes/big.xml":
            return self.send(200, teasers("/outcomes/big-page", "/outcomes/big-stream"))
        if path == "/outcomes/big-page":  # announced by its Content-Length
            return self.send(200, b"<html>" + b" " * BIG_PAGE_BYTES, {"Content-Type": "text/html"})
        if path == "/outcomes/big-stream":  # no Content-Length: the cap is found while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(BIG_PAGE_BYTES // 100_000):
                    self.wfile.write(b" " * 100_000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/outcomes/once-missing.xml":
            return self.send(200, teasers("/outcomes/once-missing"))
        if path == "/outcomes/once-missing":  # 404 the first time, then the page
            if hits == 1:
                return self.send(404, b"not yet")
            return self.send(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"})
        if path == "/outcomes/ttl.xml":  # asks to be read at most once an hour
            return self.send(200, rss("ttl").replace(b"<channel>", b"<channel><ttl>60</ttl>"))
        if path == "/outcomes/max-age.xml":
            return self.send(200, rss("max-age"), {"Cache-Control": "public, max-age=1800"})
        if path == "/outcomes/busy.xml":  # busy, come back in an hour
            return self.send(503, b"busy", {"Retry-After": "3600"})
        if path.startswith("/outcomes/huge-ttl-"):  # a number past any date arithmetic
            ttl = path.removeprefix("/outcomes/huge-ttl-").removesuffix(".xml").encode()
            return self.send(200, rss("huge ttl").replace(b"<channel>", b"<channel><ttl>" + ttl
                                                          + b"</ttl>"),
                             {"Cache-Control": "max-age=99999999999999999999"})
        if path == "/outcomes/huge-retry.xml":
            return self.send(200, teasers("/outcomes/huge-retry"))
        if path == "/outcomes/huge-retry":
            return self.send(429, b"slow down", {"Retry-After": "99999999999999"})
        if path == "/outcomes/consent.xml":  # a site that sets a cookie, and wants it back
            return self.send(200, teasers("/outcomes/consent"),
                             {"Set-Cookie": "consent=yes; Path=/"})
        if path == "/outcomes/consent":
            if "consent=yes" in (self.headers.get("Cookie") or ""):
                return self.send(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"})
            return self.send(403, b"consent first")
        if path in ("/outcomes/shared-a.xml", "/outcomes/shared-b.xml"):  # two feeds, one big page
            return self.send(200, teasers("/outcomes/big-page"))
        return self.send(404, b"not here")
