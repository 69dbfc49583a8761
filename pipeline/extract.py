"""An article page's HTML -> its main text and metadata.

Main text: trafilatura (the strongest open-source extractor, see the README), then the lines it
keeps that are page furniture are removed (pipeline/boilerplate.py). Title: the page's candidates
weighed against each other (pipeline/titles.py). Date: pipeline/published.py; author(s):
pipeline/authors.py. The rest is read from the markup.
"""

from __future__ import annotations

import gzip
import json
import re
from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import trafilatura
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json
from trafilatura.utils import line_processing
from w3lib.encoding import html_to_unicode

from pipeline.authors import json_ld_page_authors, page_author
from pipeline.boilerplate import clean_lines, link_texts, take_fields, words_of
from pipeline.html import normalise_text, plain
from pipeline.lead import page_lead
from pipeline.published import publication_date
from pipeline.titles import MIN_H1_CHARS, TitleCandidates, choose_title

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
                    fetched: datetime | None = None) -> Extracted:
    """Extract main text and metadata from an article page; fetched: when it was fetched (now
    when None), which a byline's "3 days ago" counts from."""
    if isinstance(html, bytes):
        html = decode_html(html)
    tree = _parse(html)
    if tree is None:
        return Extracted()
    meta = _page_metadata(tree, url)
    title = choose_title(meta.pop("title_candidates"))
    raw_lines = [line.strip() for line in _trafilatura_text(html, url).splitlines() if line.strip()]
    lines, fields = take_fields(raw_lines)
    lines = clean_lines(lines, {words_of(title)} | meta.pop("title_words"), link_texts(tree))
    lead = page_lead(tree, meta["description"], "\n".join(lines))
    return Extracted(
        url=meta["canonical"],
        title=title,
        description=meta["description"],
        text=normalise_text("\n\n".join([lead, *lines])),
        published=publication_date(tree, url, meta["canonical"], meta["stated_dates"], raw_lines,
                                   fetched),
        author=page_author(tree, fields.get("author"), meta["ld_author"],
                           lambda: _trafilatura_author(tree)),
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


def _trafilatura_text(html: str, url: str | None) -> str:
    """trafilatura's main text, comments left out. Its metadata is not asked for: it would cost a
    third of trafilatura's time for what pipeline/published.py (htmldate, called as trafilatura
    calls it) and pipeline/authors.py read better; its author guess is asked for only when
    needed."""
    return trafilatura.extract(html, url=url, output_format="txt", include_comments=False,
                               prune_xpath=_OTHER_POSTS) or ""


def _trafilatura_author(tree: lxml.html.HtmlElement) -> str | None:
    """trafilatura's guess at the author, the last resort of pipeline/authors.py: the steps of
    trafilatura.extract_metadata that decide the author, on the tree parsed once. The whole of
    extract_metadata would parse the page again and find a date (htmldate), a site name,
    categories and a licence that nothing reads: a quarter of the extraction's CPU."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:  # as extract_metadata: no lone word
        metadata.author = None
    with suppress(Exception):  # as extract_metadata: a bug of its JSON-LD reading is no author
        metadata = extract_meta_json(tree, metadata)
    author = metadata.author or (extract_author(tree) if _may_hold_trafilatura_byline(tree)
                                 else None)  # extract_author works on a copy
    return line_processing(unescape(author[:10000])) if author else None


# What each of trafilatura's AUTHOR_XPATHS (2.3.1) requires of an element: one of these
# attributes holding one of these pieces (their exact values and regexes all contain one:
# "author" and "Author" hold "uthor", "bianji" and "xiaobian" "bian", "byline", "Byline", "BBL"
# and "byl" the last three), or an <author> or <rel> element. tests/test_trafilatura_author.py
# checks a page of each kind against trafilatura.
_TRAFILATURA_BYLINE_PIECES = re.compile(
    "uthor|zuozhe|bian|channel-name|submitted-by|posted-by|journalist-name|username|screenname|"
    "writer|byl|Byl|BBL")
_TRAFILATURA_BYLINE_ATTRIBUTES = lxml.etree.XPath(
    "//@class | //@id | //@itemprop | //@rel | //@data-testid | //@data-component",
    smart_strings=False)
_TRAFILATURA_BYLINE_ELEMENTS = lxml.etree.XPath("//author | //rel")


def _may_hold_trafilatura_byline(tree: lxml.html.HtmlElement) -> bool:
    """False when none of trafilatura's AUTHOR_XPATHS can match: extract_author's copy of the
    page, its pruning and its regex tests (8 ms a page of the eval set) then find nothing, as
    pruning only takes elements away. The attribute values are searched at once in Python: a
    third of the time of an XPath of contains() tests."""
    values = _TRAFILATURA_BYLINE_ATTRIBUTES(tree)
    return (_TRAFILATURA_BYLINE_PIECES.search("\n".join(str(v) for v in values)) is not None
            or bool(_TRAFILATURA_BYLINE_ELEMENTS(tree)))


# Inside an <h1>, what is not the headline: a kicker or roofline above it, its date, a label only
# screen readers hear ("Headline:"). Not a "subtitle" or "subline": pages mark a kicker or the
# headline's second half so as often as a subtitle (tried: 2 pages won, 2 lost).
_HEADLINE_ASIDE_TAGS = {"small", "time"}
_JOINERS = ":|-–—·•/ "
_HEADLINE_ASIDE_CLASS = re.compile(
    r"kicker|roof|overline|super-?title|top-?line|dachzeile|eyebrow|"
    r"visually-?hidden|sr-only|screen-?reader|element-invisible|\bdate\b", re.I)


def _headline(h1: lxml.html.HtmlElement) -> str:
    """An <h1>'s text without its asides, unless the asides are all it has."""
    whole = plain(" ".join(h1.itertext()))
    # What joined the kicker to the headline (": ") goes with it.
    headline = plain(" ".join(_text_outside_asides(h1))).lstrip(_JOINERS).strip()
    return headline if len(headline) >= MIN_H1_CHARS else whole


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


def _first(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    values = [v.strip() for v in tree.xpath(xpath) if isinstance(v, str) and v.strip()]
    return values[0] if values else None


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """Metadata the page states explicitly: JSON-LD, OpenGraph, Twitter and meta tags, <h1>s."""
    ld = _json_ld_article(tree)
    canonical = _first(tree, '//link[@rel="canonical"]/@href') or _first(
        tree, '//meta[@property="og:url"]/@content')
    image = _first(tree, '//meta[@property="og:image"]/@content')
    metadata_titles = [plain(t) for t in (
        ld.get("headline"), _first(tree, '//meta[@property="og:title"]/@content'),
        _first(tree, '//meta[@name="twitter:title"]/@content')) if t and plain(t)]
    candidates = TitleCandidates(
        h1s=[_headline(h1) for h1 in tree.xpath("//h1")],
        h2s=[plain(" ".join(h2.itertext())) for h2 in tree.xpath("//h2")],
        metadata=metadata_titles,
        html_title=plain(_first(tree, "//title/text()")),
        site_name=plain(_first(tree, '//meta[@property="og:site_name"]/@content')))
    stated = [v for v in (ld.get("datePublished"),
                          _first(tree, '//meta[@property="article:published_time"]/@content'),
                          _first(tree, '//*[@itemprop="datePublished"]/@content'),
                          _first(tree, '//*[@itemprop="datePublished"]/@datetime')) if v]
    return {
        "canonical": urljoin(url or "", canonical) if canonical else None,
        "title_candidates": candidates,
        "title_words": {words_of(t) for t in metadata_titles + candidates.h1s if t},
        "description": plain(_first(tree, '//meta[@property="og:description"]/@content')
                             or _first(tree, '//meta[@name="description"]/@content')),
        "stated_dates": stated,
        "ld_author": json_ld_page_authors(tree),
        "lang": _language_tag(_first(tree, "/html/@lang")),
        "image": urljoin(url or "", image) if image else None,
    }


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """headline and datePublished of the first JSON-LD article object, if any (its authors:
    pipeline/authors.py)."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # invalid JSON, or nested past the recursion limit
            continue
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                # Only text: a number, a list or an object here is a broken or hostile page's.
                return {key: item.get(key) for key in ("headline", "datePublished")
                        if isinstance(item.get(key), str)}
    return {}


def _language_tag(value: str | None) -> str | None:
    return value if value and len(value) <= 35 and _LANGUAGE_TAG.fullmatch(value) else None
