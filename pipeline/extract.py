"""An article page's HTML -> its main text and metadata.

Main text comes from trafilatura (the strongest open-source extractor, see the README);
metadata that pages state explicitly (canonical link, OpenGraph, JSON-LD, <time>, html lang)
is read first because it is exact when present, and trafilatura's guesses fill the gaps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
import trafilatura

from pipeline.dates import to_utc_iso
from pipeline.html import normalise_text, plain


@dataclass(frozen=True)
class Extracted:
    """What one article page says about itself."""

    url: str | None = None  # canonical, when the page says
    title: str = ""
    description: str = ""  # the page's own teaser (og:description, meta description)
    text: str = ""
    published: str | None = None
    author: str = ""
    lang: str | None = None
    image: str | None = None


def extract_article(html: str | bytes, url: str | None = None) -> Extracted:
    """Extract main text and metadata from an article page."""
    tree = _parse(html)
    if tree is None:
        return Extracted()
    meta = _page_metadata(tree, url)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True)
    title = meta.get("title") or plain(getattr(document, "title", None))
    text = _paragraphs(getattr(document, "text", None) or "", title)
    published = meta.get("published") or to_utc_iso(getattr(document, "date", None))
    return Extracted(
        url=meta.get("canonical"),
        title=title,
        description=meta.get("description") or "",
        text=text,
        published=published,
        author=meta.get("author") or plain(getattr(document, "author", None)),
        lang=meta.get("lang"),
        image=meta.get("image") or getattr(document, "image", None),
    )


def _parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    if not html or not (html.strip() if isinstance(html, str) else html.strip()):
        return None
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _paragraphs(text: str, title: str) -> str:
    """trafilatura's lines as paragraphs separated by a blank line, without a repeated title."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    return normalise_text("\n\n".join(lines))


def _first(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    values = [v.strip() for v in tree.xpath(xpath) if isinstance(v, str) and v.strip()]
    return values[0] if values else None


def _page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, str]:
    """Metadata the page states explicitly; JSON-LD first, then OpenGraph and meta tags."""
    ld = _json_ld_article(tree)
    canonical = _first(tree, '//link[@rel="canonical"]/@href') or _first(
        tree, '//meta[@property="og:url"]/@content')
    image = _first(tree, '//meta[@property="og:image"]/@content')
    published = (ld.get("datePublished")
                 or _first(tree, '//meta[@property="article:published_time"]/@content')
                 or _first(tree, '//article//time/@datetime')
                 or _first(tree, '//time/@datetime'))
    author = ld.get("author") or _first(tree, '//meta[@name="author"]/@content')
    return {
        "canonical": urljoin(url or "", canonical) if canonical else None,
        "title": plain(ld.get("headline") or _first(tree, '//meta[@property="og:title"]/@content')),
        "published": to_utc_iso(published),
        "author": plain(author),
        "description": plain(_first(tree, '//meta[@property="og:description"]/@content')
                             or _first(tree, '//meta[@name="description"]/@content')),
        "lang": _first(tree, "/html/@lang"),
        "image": urljoin(url or "", image) if image else None,
    }


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """headline, datePublished and author name of the first JSON-LD article object, if any."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                author = item.get("author")
                if isinstance(author, list):
                    author = author[0] if author else None
                if isinstance(author, dict):
                    author = author.get("name")
                return {"headline": item.get("headline"), "datePublished": item.get("datePublished"),
                        "author": author if isinstance(author, str) else None}
    return {}
