"""Which items are not articles: a site's homepage, its listing, section, tag, author, search or
pagination pages, whichever way in led there (a feed item, a listing link, a sitemap entry).

    url_reason(url, source)         the URL says so: a site root, the source's own homepage,
                                    listing, feed or sitemap, an archive shape (url_patterns.yaml)
    page_reason(html, url, text)    the page says so: og:type website on a section root, a
                                    schema.org collection type, many links and little own text
    non_article_reason(...)         either, as a short reason for the dropped-items figures

Pages reached without a feed (a sitemap, a listing read without selectors) must also show they
are articles, since nobody chose them:

    no_feed_url_reason(url)         an events, jobs, legal, contact, about, donate, newsletter or
                                    login page by its URL: not worth a request
    article_evidence(html, url, text, published)
                                    why the page is an article: "og-article", "json-ld-<Type>",
                                    "dated-text" (its own publication date and an article's text)
    non_article_reason(..., needs_evidence=True)
                                    also those URL shapes, JSON-LD Event, JobPosting, ContactPage,
                                    AboutPage, a list of teasers, and "no-article-evidence"

Pure functions; the thresholds, words and schema.org types are data in url_patterns.yaml.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from pipeline.pagedates import CJK, day_of, fold, in_other_block, states_own_date
from pipeline.sitemaps import archive_patterns, url_patterns
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
# lxml refuses a str that still declares its bytes' encoding (XHTML's <?xml ... encoding=?>).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    """url_patterns.yaml, read once."""
    return url_patterns()


def _settings() -> dict[str, Any]:
    """The not_article part of url_patterns.yaml."""
    return _patterns()["not_article"]


def _evidence_settings() -> dict[str, Any]:
    """The article_evidence part of url_patterns.yaml."""
    return _patterns()["article_evidence"]


def _no_feed_settings() -> dict[str, Any]:
    """The not_article_without_feed part of url_patterns.yaml."""
    return _patterns()["not_article_without_feed"]


def _source_pages(source: Source) -> set[str]:
    """The identity URLs of the pages a source's configuration names: none of them is an article."""
    urls = [source.homepage, *source.feeds, *source.sitemaps,
            *(listing.url for listing in source.listings)]
    return {identity_url(url) for url in urls}


# The reasons the URL alone gives (url_reason); every other reason is the page's own evidence.
URL_REASONS = ("site-root", "source-page", "archive-url")


def evidence_of(reason: str) -> str:
    """"url" when the URL alone said the page is no article (true for every spider), else "page"
    (its markup said so, or a no-feed URL shape ("event-url") or the lack of article evidence:
    true only for pages reached from a listing or a sitemap, never for a feed's items)."""
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


def _tree(html: str) -> lxml.html.HtmlElement | None:
    """The parsed page, or None when there is nothing to read."""
    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return None


def page_reason(html: str, url: str, text: str) -> str | None:
    """Why the page's own markup says it is no article ("og-website-root", "json-ld-<Type>",
    "listing-links"), or None."""
    tree = _tree(html)
    # Nothing to read: the URL rules alone decide.
    return _page_reason(tree, url, text) if tree is not None else None


def _page_reason(tree: lxml.html.HtmlElement, url: str, text: str) -> str | None:
    """page_reason on a parsed page."""
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
                       from_page_spider: bool = False, published: str | None = None,
                       needs_evidence: bool = False) -> str | None:
    """Why an item is no article, or None: its URL always counts; its page's own evidence counts
    for pages reached from a sitemap or a listing (a feed names its items on purpose); a page
    that `needs_evidence` (reached without a feed and without selectors) must show it is one."""
    reason = url_reason(url, source)
    if reason is not None or not (from_page_spider or needs_evidence):
        return reason
    if needs_evidence and (reason := no_feed_url_reason(url)):
        return reason
    tree = _tree(html) if html else None
    if tree is not None and (reason := _page_reason(tree, url, text)):
        return reason
    return _no_feed_page_reason(tree, url, text, published) if needs_evidence else None


def no_feed_url_reason(url: str) -> str | None:
    """Why a URL reached without a feed is no article ("event-url", "job-url", "legal-url",
    "contact-url", "about-url", "donate-url", "newsletter-url", "login-url"), or None."""
    path = fold(unquote(urlsplit(url).path))
    return next((f"{kind}-url" for kind, shape in _no_feed_shapes() if shape.search(path)), None)


@lru_cache(maxsize=1)
def _no_feed_shapes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) of url_patterns.yaml's no-feed words: a section's word matches any whole
    path segment (/events/<event>/), a page's the last one (/about/, /contact.html)."""
    data, shapes = _no_feed_settings(), []
    for group, end in (("sections", "(?:/|$)"), ("pages", "/?$")):
        for kind, words in data[group].items():
            alternatives = "|".join(sorted({re.escape(fold(w)) for w in words}, reverse=True))
            shapes.append((kind, re.compile(rf"/(?:{alternatives})(?:\.[a-z0-9]{{1,5}})?{end}")))
    return tuple(shapes)


def _no_feed_page_reason(tree: lxml.html.HtmlElement | None, url: str, text: str,
                         published: str | None) -> str | None:
    """Why a page reached without a feed is no article: its JSON-LD type, a list of teasers, or
    no article evidence at all (None when it shows it is an article)."""
    if tree is None:
        return "no-article-evidence"  # nothing shows it is one
    settings, types = _no_feed_settings(), _ld_types(tree)
    has_article = any(kind in _evidence_settings()["json_ld_types"] for kind in types)
    for kind in types:
        if kind in settings["json_ld_types"] or (
                kind in settings["json_ld_event_types"] and not has_article):
            return f"json-ld-{kind}"
    if _teaser_list(tree):
        return "teaser-list"
    return None if _article_evidence(tree, url, text, published) else "no-article-evidence"


def article_evidence(html: str, url: str, text: str, published: str | None) -> str | None:
    """Why the page is an article: "json-ld-<Type>" (an article type), "og-article" (og:type
    article, unless its JSON-LD calls it a mere web page), "dated-text" (a publication date of its
    own and an article's length of text), or None."""
    tree = _tree(html) if html else None
    return _article_evidence(tree, url, text, published) if tree is not None else None


def _article_evidence(tree: lxml.html.HtmlElement, url: str, text: str,
                      published: str | None) -> str | None:
    """article_evidence on a parsed page."""
    settings, types = _evidence_settings(), _ld_types(tree)
    articles = [kind for kind in types if kind in settings["json_ld_types"]]
    if articles:
        return f"json-ld-{articles[0]}"
    og_type = tree.xpath('string(//meta[@property="og:type" or @name="og:type"]/@content)')
    if (og_type.strip().lower() == "article"
            and not set(types) & set(settings["json_ld_page_types"])):
        return "og-article"
    # A publication date found (`published`), and the page's own: not extraction's guess from a
    # copyright year. Not necessarily `published`'s day: extraction may prefer another of the
    # page's dates (its oldest), and either shows the page is dated.
    if (day_of(published) and text_weight(text) >= settings["dated_text_min_chars"]
            and states_own_date(tree, url, text, _json_ld_dates(tree, settings))):
        return "dated-text"
    return None


def _json_ld_dates(tree: lxml.html.HtmlElement, settings: dict[str, Any]) -> Iterator[Any]:
    """The datePublished of the page's JSON-LD objects, but a mere web page's: Yoast dates
    every page (about, donate) in its WebPage object."""
    pages = set(settings["json_ld_page_types"])
    return (node.get("datePublished") for node in _ld_nodes(tree)
            if not pages & set(_node_types(node)))


def text_weight(text: str) -> int:
    """The length of a text for "an article's length": characters but spaces, each CJK character
    counting cjk_weight."""
    extra = _evidence_settings()["cjk_weight"] - 1
    return len(_SPACE.sub("", text or "")) + extra * len(CJK.findall(text or ""))


def _teaser_list(tree: lxml.html.HtmlElement) -> bool:
    """True when the page's text is in several <article> elements none of which holds most of it
    (a list of teasers; an article beside its related posts holds most of the text)."""
    settings = _evidence_settings()
    blocks = [element for element in tree.iter("article")
              if not any(a.tag == "article" for a in element.iterancestors())
              and not in_other_block(element)]
    if len(blocks) < settings["teaser_list_min_articles"]:
        return False
    sizes = [text_weight(element.text_content()) for element in blocks]
    return max(sizes) < settings["teaser_list_max_share"] * sum(sizes)


def _ld_types(tree: lxml.html.HtmlElement) -> list[str]:
    """The schema.org types of the page's JSON-LD objects (their @graph and mainEntity too), by
    their last part ("https://schema.org/NewsArticle", "schema:NewsArticle": NewsArticle)."""
    return [kind for node in _ld_nodes(tree) for kind in _node_types(node)]


def _node_types(node: dict[str, Any]) -> list[str]:
    """The types of one JSON-LD object, by their last part."""
    kind = node.get("@type")
    names = kind if isinstance(kind, list) else [kind]  # "@type" may be a list
    return [name for name in (re.split(r"[/:#]", n.strip())[-1] for n in names
                              if isinstance(n, str)) if name]


def _ld_nodes(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """The page's JSON-LD objects: top level, in its @graph, and their mainEntity."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # invalid JSON, or nested past the recursion limit
            continue
        for item in data if isinstance(data, list) else [data]:
            graph = item.get("@graph") if isinstance(item, dict) else None
            for node in [item, *(graph if isinstance(graph, list) else [])]:
                if isinstance(node, dict):
                    yield node
                    main = node.get("mainEntity")
                    yield from (m for m in (main if isinstance(main, list) else [main])
                                if isinstance(m, dict))


def _json_ld_types(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """The schema.org @type values of the page's JSON-LD objects (top level and @graph)."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # invalid JSON, or nested past the recursion limit
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict):
                continue
            graph = item.get("@graph")  # a list, when it is anything usable
            for node in [item, *(graph if isinstance(graph, list) else [])]:
                kind = node.get("@type") if isinstance(node, dict) else None
                kinds = kind if isinstance(kind, list) else [kind]  # "@type" may be a list
                yield from (k for k in kinds if isinstance(k, str))
