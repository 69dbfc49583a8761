"""The bundled demo network: fixture sites written by us, served on 127.0.0.1.

Each folder of `sites/` is one site with an origin of its own, http://<folder>.test (a reserved
domain that never reaches the internet), so that article ids are the same on every run. One HTTP
server on a free loopback port answers for every site, chosen by the Host header or by the absolute
URL of a proxy request: the crawler reaches the sites through it as through an HTTP proxy
(see spiders/middlewares.py). Files may hold `{{base}}` (this site's origin) and `{{site:<id>}}`
(another site's origin), substituted when served; `feeds.yaml` beside this file uses them too.
A `.gz` file is stored gzipped, like a real site's sitemap.xml.gz: it is served gzipped too, its
content inflated, substituted and compressed again (with no timestamp, so its bytes and ETag are
the same on every run).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
import time
from email.utils import formatdate
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).parent
SITES_DIR = HERE / "sites"
FEEDS_TEMPLATE = HERE / "feeds.yaml"
PLACEHOLDER = re.compile(r"\{\{(base|site:[a-z0-9-]+)\}\}")
TYPES = {".xml": "application/xml", ".json": "application/json", ".txt": "text/plain",
         ".html": "text/html", ".gz": "application/gzip"}


def substitute(text: str, bases: dict[str, str], own: str | None = None) -> str:
    """Replace {{base}} and {{site:id}} with the served origins."""
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        site = own if key == "base" else key.split(":", 1)[1]
        if site not in bases:
            raise KeyError(f"unknown demo site in placeholder {match.group(0)}")
        return bases[site]
    return PLACEHOLDER.sub(replace, text)


class _SiteHandler(BaseHTTPRequestHandler):
    """Serves the site named by the request's host (see DemoNetwork.respond)."""

    def __init__(self, *args, network: DemoNetwork, **kwargs):
        self.network = network
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        target = urlsplit(self.path)  # absolute in a proxy request, a path otherwise
        host = target.hostname or (self.headers.get("Host") or "").split(":")[0]
        site = self.network.site_of_host(host)
        status, body, content_type = self.network.respond(site, target.path, target.query) if site \
            else (404, None, "")
        if body is None:
            self.send_error(404)
            return
        if status != 200:  # a page that answers an error with a body of its own
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        # Validators as a well-behaved server sends them, so crawlers can ask "changed since?".
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        last_modified = formatdate(self.network.started, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Record (URL, status) for the tests instead of printing to stderr."""
        headers = getattr(self, "headers", None)  # absent when the request line was unreadable
        self.network.record(getattr(self, "path", ""), int(code),
                            headers.get("Host") if headers else None)

    def log_message(self, format: str, *args) -> None:
        pass


class _NetworkServer(ThreadingHTTPServer):
    """The server of every demo site at once. socketserver's listen backlog is 5: a crawl opening
    a connection per site at the same moment (50 sites) had the kernel drop the others' SYNs,
    retried 1, 3, 7, 15 s later: seconds of waiting a network of separate servers never has."""

    request_queue_size = 128


class DemoNetwork:
    """All demo sites, served by one server on 127.0.0.1 while the context is open."""

    DOMAIN = ".test"

    def __init__(self, sites_dir: Path = SITES_DIR):
        self.sites_dir = sites_dir
        self.sites = sorted(p.name for p in sites_dir.iterdir() if p.is_dir())
        self.bases = {site: f"http://{site}{self.DOMAIN}" for site in self.sites}
        self.requests: list[tuple[str, int]] = []  # (request target, status), in order
        self.started = time.time()
        self.proxy: str | None = None
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> DemoNetwork:
        self._server = _NetworkServer(("127.0.0.1", 0), partial(_SiteHandler, network=self))
        self._server.daemon_threads = True
        self.proxy = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True,
                         name="demo-network").start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def site_of_host(self, host: str) -> str | None:
        """The site folder served under this host name, if any."""
        # A site answers under www. too, as real ones do: the demo's www. variant of a link.
        site = host.lower().removeprefix("www.").removesuffix(self.DOMAIN)
        return site if site in self.sites and host.lower().endswith(self.DOMAIN) else None

    def record(self, target: str, status: int, host: str | None) -> None:
        """Note one answered request (subclasses may file it by site too)."""
        self.requests.append((target, status))

    def respond(self, site: str, path: str, query: str = "") -> tuple[int, bytes | None, str]:
        """(status, body, content type) for a request; a body of None answers 404. The files of
        the demo ignore the query string; tests/world/server.py serves pages keyed by it."""
        body, content_type = self.render(site, path)
        return 200, body, content_type

    def render(self, site: str, path: str) -> tuple[bytes | None, str]:
        """The bytes served for a path of a site, placeholders substituted; None when absent."""
        root = (self.sites_dir / site).resolve()
        target = (root / unquote(path).lstrip("/")).resolve()
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if root not in target.parents or not target.is_file():
            return None, ""
        content_type = (TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
                        or "application/octet-stream")
        if target.suffix == ".gz":
            text = gzip.decompress(target.read_bytes()).decode("utf-8")
            body = substitute(text, self.bases, own=site).encode("utf-8")
            return gzip.compress(body, mtime=0), content_type
        text = target.read_text(encoding="utf-8")
        body = substitute(text, self.bases, own=site).encode("utf-8")
        return body, f"{content_type}; charset=utf-8"

    def write_feeds(self, destination: Path) -> Path:
        """feeds.yaml of the demo network with this run's origins filled in."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = substitute(FEEDS_TEMPLATE.read_text(encoding="utf-8"), self.bases)
        destination.write_text(text, encoding="utf-8")
        return destination
