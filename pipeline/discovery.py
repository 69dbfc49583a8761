"""Finding a site's feeds from its homepage: <link rel="alternate">, then feed-like <a> links,
then the usual paths of blog engines; and the usual sitemap paths of CMSs. Pure: the discover spider
fetches and checks the candidates."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from pipeline.datafiles import load
from pipeline.urls import followable_url

RULES_PATH = Path(__file__).with_name("discovery.yaml")
MAX_SITEMAP_CANDIDATES = 4  # usual sitemap paths tried: discovery spends <= 15 requests a site


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """discovery.yaml, read and checked once."""
    return load(RULES_PATH, "discovery")


def looks_like_feed(url: str) -> bool:
    """True when a URL's path or query names a feed (and not a comments feed)."""
    parts = urlsplit(url.lower())
    words = parts.path + "?" + parts.query
    return (any(word in words for word in rules()["feed_words"])
            and not any(word in words for word in rules()["reject_words"]))


def feed_links(html: str | bytes, base_url: str) -> list[str]:
    """The feeds a page links to, in page order: its <link rel=alternate>s, else feed-like <a>s."""
    if not html or not html.strip():
        return []
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = urljoin(base_url, (tree.xpath("//base/@href") or [""])[0].strip())
    found = [_resolve(link.get("href"), base) for link in tree.xpath("//link[@href]")
             if _is_alternate_feed(link)]
    if not any(found):
        found = [_resolve(href, base) for href in tree.xpath("//a/@href")]
        found = [url for url in found if url and looks_like_feed(url)]
    return list(dict.fromkeys(url for url in found if url and not _rejected(url)))


def candidate_urls(homepage: str) -> list[str]:
    """The usual feed addresses of a site, to try when its page names none."""
    return [url for path in rules()["candidate_paths"]
            if (url := followable_url(path, base=homepage))]


def sitemap_candidates(homepage: str) -> list[str]:
    """The usual sitemap addresses of common CMSs on the homepage's site, best first: tried when
    robots.txt names none, each costing one request of the discovery budget (hence at most 4)."""
    urls = (followable_url(path, base=homepage) for path in rules()["sitemap_paths"])
    return list(dict.fromkeys(url for url in urls if url))[:MAX_SITEMAP_CANDIDATES]


def _is_alternate_feed(link: Any) -> bool:
    rel = (link.get("rel") or "").lower().split()
    if "alternate" not in rel:
        return False
    kind = (link.get("type") or "").lower().split(";")[0].strip()
    return kind in rules()["feed_types"] if kind else looks_like_feed(link.get("href") or "")


def _resolve(href: str | None, base: str) -> str | None:
    """An absolute http(s) URL for a link, or None (a relative link against a base that is no
    URL)."""
    if not href or not href.strip():
        return None
    return followable_url(href.strip(), base=base)


def _rejected(url: str) -> bool:
    return any(word in url.lower() for word in rules()["reject_words"])
