"""An article page's HTML -> its main text and metadata.

Main text: trafilatura (the strongest open-source extractor, see the README), then the lines it
keeps that are page furniture are removed (pipeline/boilerplate.py). Title: the page's candidates
weighed against each other (pipeline/titles.py). Date: pipeline/published.py; author(s):
pipeline/authors.py. The rest is read from the markup.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from contextlib import suppress
from copy import deepcopy
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import trafilatura
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    normalize_authors,
)
from trafilatura.utils import line_processing
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS
from w3lib.encoding import html_to_unicode

from pipeline.authors import json_ld_documents, json_ld_page_authors, page_author
from pipeline.boilerplate import clean_lines, link_texts, take_fields, words_of
from pipeline.html import MetaContents, elements_by_tag, normalise_text, plain
from pipeline.lead import page_lead
from pipeline.published import publication_date
from pipeline.titles import KICKER_JOINERS, MIN_H1_CHARS, TitleCandidates, choose_title

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A language tag (BCP 47: "fr", "pt-BR", "zh-Hant-TW"), at most 35 characters as RFC 5646 advises:
# a page's lang is stored and shown as its declared language, and anything else is none.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,5}")


@dataclass(frozen=True)
class Extracted:
    """What one article page says about itself."""

    url: str | None = None  # canonical, when the page says
    title: str = ""
    description: str = ""  # the page's own teaser (og:description, meta description)
    text: str = ""
    published: str | None = None  # ISO 8601, in the page's own offset when it gives one
    author: str = ""
    lang: str | None = None
    image: str | None = None
    source: str = ""  # a "Source : ..." line, when the page has one


def extract_article(html: str | bytes, url: str | None = None, *,
                    fetched: datetime | None = None,
                    known: frozenset[str] = frozenset()) -> Extracted:
    """Extract main text and metadata from an article page; fetched: when it was fetched (now
    when None), which a byline's "3 days ago" counts from; known: the fields the caller has
    already and keeps ("published", "author": a feed's item states them on purpose), not read
    from the page (left empty): their search is the costliest part of the metadata."""
    if isinstance(html, bytes):
        html = decode_html(html)
    # Parsed once, as trafilatura parses (its repairs, comments and processing instructions left
    # out), and that tree read by every step: trafilatura parsing the page again cost a tenth of
    # the extraction. A page trafilatura rejects (not HTML enough) has no text, and is read as
    # lxml reads it for its metadata.
    tree = trafilatura.load_html(html)
    text = _trafilatura_text(tree, url) if tree is not None else ""
    tree = tree if tree is not None else _parse(html)
    if tree is None:
        return Extracted()
    meta = _page_metadata(tree, url)
    title = choose_title(meta.pop("title_candidates"))
    raw_lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines, fields = take_fields(raw_lines)
    lines = clean_lines(lines, {words_of(title)} | meta.pop("title_words"), link_texts(tree))
    lead = page_lead(tree, meta["description"], "\n".join(lines))
    return Extracted(
        url=meta["canonical"],
        title=title,
        description=meta["description"],
        text=normalise_text("\n\n".join([lead, *lines])),
        published=None if "published" in known else publication_date(
            tree, url, meta["canonical"], meta["stated_dates"], raw_lines, fetched),
        author="" if "author" in known else page_author(
            tree, fields.get("author"), meta["ld_author"],
            lambda byline_pass: _trafilatura_author(tree, byline_pass),
            metas=meta["metas"]),
        lang=meta["lang"],
        image=meta["image"],
        source=fields.get("source", ""),
    )


def extract_file(path: str | Path, base_url: str | None = None, *,
                 fetched: datetime | None = None) -> dict[str, Any]:
    """`probono extract`'s record for one saved page (.html, or .html.gz)."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    page = extract_article(decode_html(data), base_url, fetched=fetched)
    record = asdict(page)
    del record["description"], record["source"]
    return {"path": str(path), **record}


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes of a page as text: the charset of the BOM, header or <meta>, else UTF-8 or cp1252."""
    _, text = html_to_unicode(content_type, data)
    return text


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html or not html.strip():
        return None
    # lxml refuses a str that still declares its bytes' encoding (XHTML's <?xml ... encoding=?>).
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


# <article>s listed inside a later <article> of the page: other posts' teasers (HTML's article is
# one self-contained item), which trafilatura would append to the text. Nested lists inside the
# first <article> are left alone: listicles put their sections there.
_OTHER_POSTS = ("//article[preceding-sibling::article]"
                "//article[preceding-sibling::article or following-sibling::article]")


def _trafilatura_text(tree: lxml.html.HtmlElement, url: str | None) -> str:
    """trafilatura's main text, comments left out, from a tree it works on a copy of. Its metadata
    is not asked for: it would cost a third of trafilatura's time for what pipeline/published.py
    (htmldate, called as trafilatura calls it) and pipeline/authors.py read better; its author
    guess is asked for only when needed."""
    return trafilatura.extract(tree, url=url, output_format="txt", include_comments=False,
                               prune_xpath=_OTHER_POSTS) or ""


def _trafilatura_author(tree: lxml.html.HtmlElement, byline_pass: bool = True) -> str | None:
    """trafilatura's guess at the author, the last resort of pipeline/authors.py: the steps of
    trafilatura.extract_metadata that decide the author, on the tree parsed once. The whole of
    extract_metadata would parse the page again and find a date (htmldate), a site name,
    categories and a licence that nothing reads: a quarter of the extraction's CPU. Without
    `byline_pass`, its metadata only (<meta> names, JSON-LD), not its pass over the page's byline
    places (most of the guess's cost)."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:  # as extract_metadata: no lone word
        metadata.author = None
    with suppress(Exception):  # as extract_metadata: a bug of its JSON-LD reading is no author
        metadata = extract_meta_json(tree, metadata)
    author = metadata.author or (extract_author(tree) if byline_pass
                                 and _may_hold_trafilatura_byline(tree)
                                 else None)  # extract_author works on a copy
    return line_processing(unescape(author[:10000])) if author else None


def extract_author(tree: lxml.html.HtmlElement) -> str | None:
    """trafilatura's extract_author (trafilatura/metadata.py) without the XPath queries that
    cannot match this page: each walks the whole page with a Python regex call for each element it
    tests (0.6 to 0.9 ms a page of the crawl benchmark's, 2.7 to 3.5 ms of the eval set's), and
    one that finds nothing changes nothing (a pruning query only takes elements away; the
    author's queries are asked in turn until one finds a name). Works on a copy of the page, as
    trafilatura's."""
    values, elements = _byline_attributes(tree)
    pruning = _may_match(AUTHOR_DISCARD_XPATHS, values, elements)
    author = extract_metainfo(prune_unwanted_nodes(deepcopy(tree), pruning),
                              _may_match(AUTHOR_XPATHS, values, elements), len_limit=120)
    if author:
        author = normalize_authors(None, author)
    return author


# What each XPath query of trafilatura's extract_author (2.3.1) requires of an element, by the
# digest of the query's text: one of the attributes _TRAFILATURA_BYLINE_ATTRIBUTES reads holding
# one of these pieces (the query's exact values and regexes all contain one: "author", "Author"
# and "AuthorCard" hold "uthor"; "byline", "Byline", "BBL" and "byl" "byl", "BBL" or "yline";
# "bianji" and "xiaobian" "bian"; "comments" and "commentlist" "omment"; "meta-date" "date";
# "article-share" and "article-support" "article-s"), or, where True, an <author> or <rel>
# element. A query not listed (another version's) is always asked. tests/test_trafilatura_author.py
# checks a page of each kind against trafilatura.
_TRAFILATURA_BYLINE_PIECES = {
    # AUTHOR_XPATHS
    "c76fab04669acd80": (re.compile("uthor"), True),
    "4856676a9393bea9": (re.compile("uthor|zuozhe|bian|channel-name|submitted-by|posted-by|"
                                    "journalist-name|username|byl|BBL"), False),
    "4afa206113dc7a07": (re.compile("uthor|yline|screenname|writer"), False),
    # AUTHOR_DISCARD_XPATHS (the other, //time|//figure, costs little: always asked)
    "1525438e8c743f23": (re.compile("omment|title|date|ProductReviews|sidebar|is-hidden|quote|"
                                    "embedly-instagram|article-s|print|category|meta-reviewer|"
                                    "Figure"), False),
}
_TRAFILATURA_BYLINE_ATTRIBUTES = lxml.etree.XPath(
    "//@class | //@id | //@itemprop | //@rel | //@data-testid | //@data-component",
    smart_strings=False)
_TRAFILATURA_BYLINE_ELEMENTS = lxml.etree.XPath("//author | //rel")


def _may_hold_trafilatura_byline(tree: lxml.html.HtmlElement) -> bool:
    """False when none of trafilatura's AUTHOR_XPATHS can match: extract_author's copy of the
    page then finds nothing, and is not made."""
    return bool(_may_match(AUTHOR_XPATHS, *_byline_attributes(tree)))


def _byline_attributes(tree: lxml.html.HtmlElement) -> tuple[str, bool]:
    """The values of the attributes trafilatura's author queries test, joined (searched at once in
    Python: a third of the time of an XPath of contains() tests), and whether the page has an
    <author> or a <rel> element."""
    values = "\n".join(str(v) for v in _TRAFILATURA_BYLINE_ATTRIBUTES(tree))
    return values, bool(_TRAFILATURA_BYLINE_ELEMENTS(tree))


def _may_match(queries: list[lxml.etree.XPath], values: str,
               elements: bool) -> list[lxml.etree.XPath]:
    """The queries that may find something on a page of these attribute values."""
    kept = []
    for query in queries:
        needs = _TRAFILATURA_BYLINE_PIECES.get(_digest(query.path))
        if needs is None or needs[0].search(values) is not None or (needs[1] and elements):
            kept.append(query)
    return kept


@lru_cache(maxsize=16)
def _digest(text: str) -> str:
    """A query's text, spaces aside, as 16 hexadecimal digits."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


# Inside an <h1>, what is not the headline: a kicker or roofline above it, its date, a label only
# screen readers hear ("Headline:"). Not a "subtitle" or "subline": pages mark a kicker or the
# headline's second half so as often as a subtitle (tried: 2 pages won, 2 lost).
_HEADLINE_ASIDE_TAGS = {"small", "time"}
_HEADLINE_ASIDE_CLASS = re.compile(
    r"kicker|roof|overline|super-?title|top-?line|dachzeile|eyebrow|"
    r"visually-?hidden|sr-only|screen-?reader|element-invisible|\bdate\b", re.I)


def _headline(h1: lxml.html.HtmlElement) -> str:
    """An <h1>'s text without its asides, unless the asides are all it has."""
    whole = plain(" ".join(h1.itertext()))
    # What joined the kicker to the headline (": ") goes with it.
    headline = plain(" ".join(_text_outside_asides(h1))).lstrip(KICKER_JOINERS).strip()
    return headline if len(headline) >= MIN_H1_CHARS else whole


def _headline_opening(h1: lxml.html.HtmlElement, headline: str) -> tuple[str, str] | None:
    """(opening, rest) when the headline opens with the text of an element inside the <h1> (a
    kicker's <span>, even inside the <h1>'s link), not with the <h1>'s own text; None otherwise."""
    if (h1.text or "").strip():
        return None
    for element in h1.iterdescendants():
        if not isinstance(element.tag, str) or _is_headline_aside(element):
            continue
        if not (element.text or "").strip():
            if (element.tail or "").strip():
                return None  # the text opens outside any element of its own
            continue
        opening = plain(" ".join(element.itertext()))
        rest = headline[len(opening):].lstrip(KICKER_JOINERS).strip()
        return (opening, rest) if headline.startswith(opening) and rest else None
    return None


def _text_outside_asides(element: lxml.html.HtmlElement) -> list[str]:
    texts = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        if isinstance(child.tag, str) and not _is_headline_aside(child):
            texts += _text_outside_asides(child)
        texts.append(child.tail or "")
    return texts


def _is_headline_aside(element: lxml.html.HtmlElement) -> bool:
    return element.tag in _HEADLINE_ASIDE_TAGS or bool(
        _HEADLINE_ASIDE_CLASS.search(element.get("class") or ""))


def _first(values: list[str]) -> str | None:
    """The first value that is not blank, stripped."""
    return next((v.strip() for v in values if v.strip()), None)


# The elements the metadata is read from, found in one walk of the page: an XPath query for each
# (//meta[@property="og:title"], //h1, ...) walked the whole page again, a dozen walks a page.
_METADATA_TAGS = ("meta", "link", "title", "script", "h1", "h2")
# itemprop=datePublished may be on any element: one query, the form lxml answers fastest.
_DATE_PUBLISHED = lxml.etree.XPath('//@itemprop[. = "datePublished"]/..')


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """Metadata the page states explicitly: JSON-LD, OpenGraph, Twitter and meta tags, <h1>s."""
    elements = elements_by_tag(tree, _METADATA_TAGS)
    metas = MetaContents(elements["meta"])
    # <title> and <script> hold raw text: one text node each at most, their .text.
    scripts = [s.text for s in elements["script"]
               if s.get("type") == "application/ld+json" and s.text is not None]
    ld_documents = json_ld_documents(scripts)
    ld = _json_ld_article(ld_documents)
    canonical = _first([link.get("href") for link in elements["link"]
                        if link.get("rel") == "canonical" and link.get("href") is not None]
                       ) or _first(metas(("property", "og:url")))
    image = _first(metas(("property", "og:image")))
    metadata_titles = [plain(t) for t in (
        ld.get("headline"), _first(metas(("property", "og:title"))),
        _first(metas(("name", "twitter:title")))) if t and plain(t)]
    h1s = [(h1, _headline(h1)) for h1 in elements["h1"]]
    candidates = TitleCandidates(
        h1s=[headline for _, headline in h1s],
        h1_openings={headline: opening for h1, headline in h1s
                     if (opening := _headline_opening(h1, headline))},
        h2s=[plain(" ".join(h2.itertext())) for h2 in elements["h2"]],
        metadata=metadata_titles,
        html_title=plain(_first([t.text for t in elements["title"] if t.text is not None])),
        site_name=plain(_first(metas(("property", "og:site_name")))))
    date_published = _DATE_PUBLISHED(tree)
    stated = [v for v in (ld.get("datePublished"),
                          _first(metas(("property", "article:published_time"))),
                          _first([e.get("content") for e in date_published
                                  if e.get("content") is not None]),
                          _first([e.get("datetime") for e in date_published
                                  if e.get("datetime") is not None]),
                          # The page's date, last: the article's own, stated above, first.
                          ld.get("pageDatePublished")) if v]
    return {
        "canonical": urljoin(url or "", canonical) if canonical else None,
        "title_candidates": candidates,
        "title_words": {words_of(t) for t in metadata_titles + candidates.h1s if t},
        "description": plain(_first(metas(("property", "og:description")))
                             or _first(metas(("name", "description")))),
        "stated_dates": stated,
        "ld_author": json_ld_page_authors(tree, ld_documents),
        "metas": metas,
        "lang": _language_tag(_first(tree.xpath("/html/@lang"))),
        "image": urljoin(url or "", image) if image else None,
    }


def _json_ld_article(documents: list[Any]) -> dict[str, Any]:
    """headline and datePublished of the first JSON-LD article object, if any (its authors:
    pipeline/authors.py); and as pageDatePublished, that of the first WebPage object, which is
    where WordPress's SEO plugins state the date when their Article object states none."""
    article: dict[str, Any] | None = None
    page: dict[str, Any] = {}
    for data in documents:
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        for item in data if isinstance(data, list) else []:
            if not isinstance(item, dict):
                continue
            # Only text: a number, a list or an object here is a broken or hostile page's.
            if article is None and "Article" in str(item.get("@type", "")):
                article = {key: item.get(key) for key in ("headline", "datePublished")
                           if isinstance(item.get(key), str)}
            types = item.get("@type")
            if (not page and "WebPage" in (types if isinstance(types, list) else [types])
                    and isinstance(item.get("datePublished"), str)):
                page = {"pageDatePublished": item["datePublished"]}
    return page | (article or {})


def _language_tag(value: str | None) -> str | None:
    return value if value and len(value) <= 35 and _LANGUAGE_TAG.fullmatch(value) else None
