"""Which items are not articles: a site's homepage, its listing, section, tag, author, search or
pagination pages, whichever way in led there (a feed item, a listing link, a sitemap entry).

    url_reason(url, source)         the URL says so: a site root, the source's own homepage,
                                    listing, feed or sitemap, an archive shape (url_patterns.yaml)
    page_reason(html, url, text)    the page says so: og:type website on a section root, a
                                    schema.org collection type, many links and little own text
    non_article_reason(...)         either, as a short reason for the dropped-items figures

Pure functions; the thresholds and schema.org types are data in url_patterns.yaml.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
import yaml
from lxml import etree

from pipeline.sitemaps import PATTERNS_PATH, archive_patterns
from pipeline.sources import Source
from pipeline.urls import canonical_url, identity_url, same_site

# Types that say a page is one piece of writing: a page that states one is never a collection.
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|Review|Interview|Event|Posting")
# A section's name (/news/, /actualites/): one word, no slug hyphen, no digit.
SECTION_ROOT = re.compile(r"^/([^/\d-]+/?)?$")
# Links that belong to the page's furniture, not to what the page itself shows.
MAIN_LINKS = ("//body//a[@href][not(ancestor::nav or ancestor::header or ancestor::footer"
              " or ancestor::aside)]/@href")


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    """The not_article part of url_patterns.yaml."""
    return yaml.safe_load(PATTERNS_PATH.read_text(encoding="utf-8"))["not_article"]


def _source_pages(source: Source) -> set[str]:
    """The identity URLs of the pages a source's configuration names: none of them is an article."""
    urls = [source.homepage, *source.feeds, *source.sitemaps,
            *(listing.url for listing in source.listings)]
    return {identity_url(url) for url in urls}


def url_reason(url: str, source: Source) -> str | None:
    """Why the URL is no article ("site-root", "source-page", "archive-url"), or None."""
    url = canonical_url(url)
    if urlsplit(url).path in ("", "/") and not urlsplit(url).query:
        return "site-root"
    if identity_url(url) in _source_pages(source):
        return "source-page"
    if any(pattern.search(url) for pattern in archive_patterns()):
        return "archive-url"
    return None


def page_reason(html: str, url: str, text: str) -> str | None:
    """Why the page's own markup says it is no article ("og-website-root", "json-ld-<Type>",
    "listing-links"), or None."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None  # nothing to read: the URL rules alone decide
    types = set(_json_ld_types(tree))
    if not any(ARTICLE_TYPES.search(kind) for kind in types):
        collections = [t for t in _settings()["json_ld_types"] if t in types]
        if collections and not (collections == ["WebSite"] and "WebPage" in types):
            return f"json-ld-{collections[0]}"
    og_type = tree.xpath('string(//meta[@property="og:type"]/@content)').strip().lower()
    if og_type == "website" and SECTION_ROOT.match(urlsplit(url).path):
        return "og-website-root"
    links = {canonical_url(urljoin(url, href)) for href in tree.xpath(MAIN_LINKS)}
    own = [link for link in links if same_site(link, url) and urlsplit(link).path.strip("/")]
    settings = _settings()
    if (len(own) >= settings["listing_min_links"]
            and len(text or "") < settings["listing_max_chars_per_link"] * len(own)):
        return "listing-links"
    return None


def non_article_reason(url: str, source: Source, html: str = "", text: str = "",
                       from_page_spider: bool = False) -> str | None:
    """Why an item is no article, or None: its URL always counts; its page's own evidence counts
    for pages reached from a sitemap or a listing (a feed names its items on purpose)."""
    reason = url_reason(url, source)
    if reason is None and html and from_page_spider:
        reason = page_reason(html, url, text)
    return reason


def _json_ld_types(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """The schema.org @type values of the page's JSON-LD objects (top level and @graph)."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict):
                continue
            for node in [item, *(item.get("@graph") or [])]:
                kind = node.get("@type") if isinstance(node, dict) else None
                kinds = kind if isinstance(kind, list) else [kind]  # "@type" may be a list
                yield from (k for k in kinds if isinstance(k, str))
