"""The generated world served on 127.0.0.1: every site at http://<site-id>.test, through one
loopback server that is also an HTTP proxy, exactly as pipeline/demo_network serves the demo.

    with WorldServer(world) as server:
        feeds = server.write_feeds("homepage", tmp_path / "feeds.yaml")
        ... crawl with PROBONO_LOOPBACK_PROXY=server.proxy ...
        server.site_requests["w03-webflow-pt"]   # [(URL, status)], in order

The pages are read from the world when asked for, so a mutation (Site.move_news_section,
Site.drop_feed) takes effect at once.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from pipeline.demo_network import DemoNetwork, substitute
from tests.world.generator import World


def _query_key(query: str) -> tuple:
    return tuple(sorted(parse_qsl(query, keep_blank_values=True)))


class WorldServer(DemoNetwork):
    """DemoNetwork's handler and Host/proxy logic, serving the world's pages from memory."""

    def __init__(self, world: World):
        self.world = world
        self.sites = [site.id for site in world.sites]
        self.bases = {site: f"http://{site}{self.DOMAIN}" for site in self.sites}
        self.requests: list[tuple[str, int]] = []
        self.site_requests: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._lock = threading.Lock()
        self.started = time.time()
        self.proxy = None
        self._server = None
        self._by_id = {site.id: site for site in world.sites}

    def respond(self, site: str, path: str, query: str = "") -> tuple[int, bytes | None, str]:
        pages = self._by_id[site].pages
        page = pages.get(path + ("?" + query if query else ""))
        if page is None and query:
            # The same query with its parameters in another order is the same page to a server.
            wanted = _query_key(query)
            page = next((p for key, p in list(pages.items())
                         if key.partition("?")[0] == path and "?" in key
                         and _query_key(key.partition("?")[2]) == wanted), None)
        if page is None:
            return 404, None, ""
        body = substitute(page.body.decode("utf-8"), self.bases, own=site).encode("utf-8")
        return page.status, body, page.content_type

    def record(self, target: str, status: int, host: str | None) -> None:
        parts = urlsplit(target)
        name = (parts.hostname or (host or "").split(":")[0]).lower()
        site = self.site_of_host(name) if name else None
        url = target if parts.scheme else f"http://{name}{target}"
        with self._lock:
            self.requests.append((target, status))
            if site:
                self.site_requests[site].append((url, status))

    def write_feeds(self, mode: str, destination: Path) -> Path:  # type: ignore[override]
        """The world's feeds.yaml ("homepage" or "explicit") with this run's origins filled in."""
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = substitute(self.world.feeds_yaml(mode), self.bases)
        destination.write_text(text, encoding="utf-8")
        return destination
