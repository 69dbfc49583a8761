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
# A section's name (/news/, /actualites/): one lowercase word, none of a slug's or a file's signs
# (hyphen, digit, underscore, dot, capital), and no query (/news.php?id=42, /?p=123 are articles).
SECTION_ROOT = re.compile(r"^/([^/\d\-_.A-Z]+/?)?$")
# The page's own content, when its markup says where it is.
MAIN_CONTENT = "//main | //article | //*[@role='main']"
# Elements of the page's furniture, by name (their id and class words are in url_patterns.yaml).
FURNITURE_TAGS = ("nav", "header", "footer", "aside")
_WORDS = re.compile(r"[\s_-]+")


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    """The not_article part of url_patterns.yaml."""
    return yaml.safe_load(PATTERNS_PATH.read_text(encoding="utf-8"))["not_article"]


def _source_pages(source: Source) -> set[str]:
    """The identity URLs of the pages a source's configuration names: none of them is an article."""
    urls = [source.homepage, *source.feeds, *source.sitemaps,
            *(listing.url for listing in source.listings)]
    return {identity_url(url) for url in urls}


# The reasons the URL alone gives (url_reason); every other reason is the page's own evidence.
URL_REASONS = ("site-root", "source-page", "archive-url")


def evidence_of(reason: str) -> str:
    """"url" when the URL alone said the page is no article (true for every spider), else "page"
    (its markup said so: true only for pages reached from a listing or a sitemap)."""
    return "url" if reason in URL_REASONS else "page"


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
    settings, types = _settings(), set(_json_ld_types(tree))
    listing = _is_listing(tree, url, text)
    if not any(ARTICLE_TYPES.search(kind) for kind in types):
        # A site-wide snippet (WebSite, Organization, breadcrumbs) is on every page: WebSite
        # counts only on a page shaped like a listing.
        collections = [t for t in settings["json_ld_types"] if t in types]
        collections += [t for t in settings["json_ld_site_types"] if t in types and listing]
        if collections:
            return f"json-ld-{collections[0]}"
    og_type = tree.xpath('string(//meta[@property="og:type"]/@content)').strip().lower()
    parts = urlsplit(url)
    if og_type == "website" and not parts.query and SECTION_ROOT.match(parts.path):
        return "og-website-root"
    return "listing-links" if listing else None


def _is_listing(tree: lxml.html.HtmlElement, url: str, text: str) -> bool:
    """Many links of the page's main content to its own site, with little text of its own."""
    links = {canonical_url(urljoin(url, href)) for href in _main_hrefs(tree)}
    own = [link for link in links if same_site(link, url) and urlsplit(link).path.strip("/")]
    settings = _settings()
    return (len(own) >= settings["listing_min_links"]
            and len(text or "") < settings["listing_max_chars_per_link"] * len(own))


def _main_hrefs(tree: lxml.html.HtmlElement) -> list[str]:
    """The links of the main content: its <main> or <article> elements (out of an aside: related
    posts) when it has some, else the body; in either, none of the furniture's (a nav, a header,
    a footer, an aside, or an element whose id or class names one: a menu of <div>s in
    <div id="header"> is no listing)."""
    scopes = [scope for scope in tree.xpath(MAIN_CONTENT)
              if not any(a.tag in FURNITURE_TAGS for a in scope.iterancestors())]
    words = set(_settings()["furniture_words"])
    return [anchor.get("href") for scope in scopes or tree.xpath("//body")
            for anchor in scope.iter("a")
            if anchor.get("href") and not _in_furniture(anchor, scope, words)]


def _in_furniture(anchor: lxml.html.HtmlElement, scope: lxml.html.HtmlElement,
                  words: set[str]) -> bool:
    """True when, below the scope, the link is in a nav, header, footer or aside, or in an element
    whose id or class has a furniture word."""
    for element in anchor.iterancestors():
        if element is scope:
            return False
        names = f"{element.get('id') or ''} {element.get('class') or ''}".lower()
        if element.tag in FURNITURE_TAGS or words.intersection(_WORDS.split(names)):
            return True
    return False


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
