"""The strange world (tests/world/strange.py) as generated, no crawl: the same seed gives the same
bytes, every language and style appears, every expected article can be reached from the homepage
by links (href, data-href, data-next), through the feed (own or relayed) or through the sitemaps
named in robots.txt or at the usual paths, and no internal link is broken but the deliberate ones
(the listing page answering 500, https:// variants the loopback server does not speak)."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from tests.world.content import LANGS
from tests.world.strange import FEED_HOST, STYLES, make_strange_world

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
LINK = re.compile(r'(?:href|data-href|data-next)="([^"]*)"')
LOC = re.compile(r"<(?:loc|link)>([^<]+)</(?:loc|link)>")
SITEMAP = re.compile(r"^Sitemap:\s*(\S+)", re.M)


def _key(url: str) -> tuple[str, str]:
    """(host, path with query) of a link, its tracking parameters and fragment left out."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.startswith("utm_")])
    return host, parts.path + ("?" + query if query else "")


def _walk(world, site):
    """Every page reached from the homepage, the feeds and the sitemaps; the broken links."""
    origin = f"http://{site.id}.test"
    relay = world.relay()
    start = [origin + "/", origin + "/robots.txt", origin + "/sitemap.xml",
             origin + "/sitemap_index.xml"]
    seen, broken, queue = set(), [], list(start)
    calendar = 0
    while queue:
        url = queue.pop()
        if url.startswith("https://"):
            continue  # deliberate: served over http only
        host, path = _key(url)
        if (host, path) in seen:
            continue
        seen.add((host, path))
        if host == f"{FEED_HOST}.test":
            page = relay.get(path)
        elif host == f"{site.id}.test":
            target = site.redirects.get(path)
            if target:
                queue.append(origin + target)
                continue
            page = site.pages.get(path)
            if page is None and path.startswith("/agenda/"):
                calendar += 1
                page = site.dynamic(*path.split("?", 1)) if calendar < 30 else None
                if page is None and calendar >= 30:
                    continue
        else:
            continue  # another host
        if page is None:
            if url not in start[2:]:
                broken.append(path)
            continue
        if page.status != 200:
            continue
        body = page.body
        if page.content_type == "application/gzip":
            body = gzip.decompress(body)
        if page.content_type == "application/pdf":
            continue
        text = body.decode("utf-8").replace("{{base}}", origin)
        base = f"http://{host}{path}"
        links = [unescape(link) for link in LINK.findall(text)]
        links += LOC.findall(text) + SITEMAP.findall(text)
        for link in links:
            full = urljoin(base, link.strip())
            if urlsplit(full).hostname:
                queue.append(full.split("#")[0])
    return seen, broken


def test_same_seed_same_bytes_and_everything_appears():
    one, two = make_strange_world(3, 24, NOW), make_strange_world(3, 24, NOW)
    for a, b in zip(one.sites, two.sites):
        assert a.id == b.id and a.expected == b.expected
        assert {p: x.body for p, x in a.pages.items()} == {p: x.body for p, x in b.pages.items()}
    assert {s.language for s in one.sites} == set(LANGS)
    assert {s.style for s in one.sites} == set(STYLES)
    other = make_strange_world(4, 24, NOW)
    assert [s.expected for s in other.sites] != [s.expected for s in one.sites]


def test_every_expected_article_is_reachable_and_no_link_is_broken():
    for seed in (1, 2, 3):
        world = make_strange_world(seed, 24, NOW)
        for site in world.sites:
            seen, broken = _walk(world, site)
            reached = {path for host, path in seen if host == f"{site.id}.test"}
            missing = [e.path for e in site.expected if e.path not in reached]
            assert not missing, (site.id, missing)
            assert not broken, (site.id, broken)


def test_the_traps_are_there():
    world = make_strange_world(1, 24, NOW)
    kinds = {}
    for site in world.sites:
        for a in site.articles:
            kinds.setdefault(a.kind, 0)
            kinds[a.kind] += 1
        dateless = [e for e, a in zip(site.expected, site.articles) if a.kind == "dateless"]
        assert len(dateless) == 1 and dateless[0].published is None
    assert kinds["short"] == kinds["dateless"] == kinds["interview"] == 24
    calendar = next(s for s in world.sites if s.variant.calendar)
    assert calendar.dynamic("/agenda/", "month=2391-07") is not None
    failing = [s for s in world.sites if s.failing]
    assert failing and all(s.pages[p].status == 500 for s in failing for p in s.failing)
    gz = next(s for s in world.sites if s.variant.sitemap == "gz")
    assert gzip.decompress(gz.pages["/sitemaps/posts.xml.gz"].body).startswith(b"<?xml")
    assert "Sitemap:" in gz.pages["/robots.txt"].body.decode()
