"""An article page's HTML -> its main text and metadata.

Main text: trafilatura (the strongest open-source extractor, see the README), then the lines it
keeps that are page furniture are removed (pipeline/boilerplate.py). Title: the page's candidates
weighed against each other (pipeline/titles.py). Date: htmldate, which reads JSON-LD, meta tags,
<time> and the visible text, preferring the original publication date; when the page states a
full datetime for that day, its time and offset are kept. The rest is read from the markup.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import date, datetime, timedelta, timezone
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import htmldate
import lxml.html
import trafilatura
from w3lib.encoding import html_to_unicode

from pipeline.boilerplate import clean_lines, take_fields, words_of
from pipeline.dates import date_in_text
from pipeline.html import normalise_text, plain
from pipeline.titles import TitleCandidates, choose_title


# Where a page writes its date for people to read, when its markup states none.
DATE_ELEMENTS = ('//time | //*[contains(@class, "date") or contains(@class, "byline") or '
                 'contains(@class, "posted") or contains(@class, "published") or contains(@class, "meta")]')
# ... but not in the readers' comments: a comment's date is not the article's. A class or id that
# starts with "comment" ("comments", "comment-meta", "comment__date"), not one that merely holds it
# ("showing-comments" on <body>, "recipe-comments").
IN_COMMENTS = ('ancestor-or-self::*[contains(concat(" ", normalize-space(@class)), " comment")'
               ' or starts-with(@id, "comment")]')
# A date after a label that says what it is: "Datum: 03.02.2022", "Publié le 17 juin 2020".
LABELLED_DATE = re.compile(r"^(?:datum|date|published|posted|publié|publicado|publicada|"
                           r"veröffentlicht|erstellt|pubblicato)(?:\s+(?:on|le|am|el|em|il))?\s*:?(?:\s|$)", re.I)
MAX_DATELINE_CHARS = 200
MAX_LABELLED_CHARS = 60
MAX_WRITTEN_DAYS = 2  # published and updated; more days than that are a list of teasers
# A dateline opens the text: "31. Oktober 2023. Dragqueens sind…", "Karlsruhe, (12.11.2021). Traditionell…":
# a date (after a place, at most) that ends with a stop, a bracket, a colon or a dash. A date inside the
# first sentence ("Am 31.10.2023, gegen 23:40 Uhr…", "Seit dem 1. Januar 2022 ist…") is what the article
# tells, not when it was written.
_DATELINE = re.compile(r"^(?P<date>.{0,24}?(?:19|20)\d\d\)?)\s*[.)\u2013\u2014-]\s")
# A full date in the article's URL path (/2007/05/20/): the publisher's own, read by no widget.
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")
MAX_LABELS = 3
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


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


def extract_article(html: str | bytes, url: str | None = None) -> Extracted:
    """Extract main text and metadata from an article page."""
    if isinstance(html, bytes):
        html = decode_html(html)
    tree = _parse(html)
    if tree is None:
        return Extracted()
    meta = _page_metadata(tree, url)
    title = choose_title(meta.pop("title_candidates"))
    found = _trafilatura(html, url)
    raw_lines = [line.strip() for line in (found.get("text") or "").splitlines() if line.strip()]
    lines, fields = take_fields(raw_lines)
    lines = clean_lines(lines, {words_of(title)} | meta.pop("title_words"))
    written = _dateline(raw_lines[:3]) or _written_date(meta["date_texts"] + raw_lines[:3])
    return Extracted(
        url=meta["canonical"],
        title=title,
        description=meta["description"],
        text=normalise_text("\n\n".join(lines)),
        published=_with_url_day(_published(found.get("date"), meta["stated_dates"], written, html, url),
                                meta["canonical"] or url),
        author=fields.get("author") or meta["author"] or plain(found.get("author")),
        lang=meta["lang"],
        image=meta["image"],
        source=fields.get("source", ""),
    )


def extract_file(path: str | Path, base_url: str | None = None) -> dict[str, Any]:
    """`probono extract`'s record for one saved page (.html, or .html.gz)."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    page = extract_article(decode_html(data), base_url)
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


def _trafilatura(html: str, url: str | None) -> dict[str, Any]:
    """trafilatura's text (comments left out) and metadata, in one pass over the page."""
    found = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                                include_comments=False)
    return json.loads(found) if found else {}


def _published(day: str | None, stated: list[str], written: str | None, html: str,
               url: str | None) -> str | None:
    """The publication date: htmldate's original date (as trafilatura calls it), unless the page
    states no date in its markup and writes one in its byline, which is then the surer of the two;
    with the time the markup states for that day, in the publisher's own offset when given."""
    stated = [iso for value in stated if (iso := _iso(value))]
    if written and not stated:
        return written
    day = day or _htmldate(html, url)  # no text found: trafilatura gave no metadata either
    if not day:
        return written
    moments = [(value, moment) for value in stated if (moment := _datetime(value))]
    same_day = [(value, moment) for value, moment in moments if value[:10] == day]
    if not same_day:
        return day
    # The same instant written in the publisher's offset gives the publisher's day
    # (2023-11-09T02:11Z is 2023-11-08T21:11-05:00, published on the 8th where it was written).
    instant = same_day[0][1]
    local = [value for value, moment in moments
             if moment == instant and moment.utcoffset() not in (None, timedelta(0))]
    return local[0] if local else same_day[0][0]


def _dateline(lines: list[str]) -> str | None:
    """The date a dateline opening one of the first lines gives, if any."""
    for line in lines:
        # A few characters more than the date, for its time ("17 juin 2020 - 12:48").
        if (match := _DATELINE.match(line)) and (found := date_in_text(line[:match.end("date") + 10])):
            return found
    return None


def _with_url_day(published: str | None, url: str | None) -> str | None:
    """The URL's day when its path states one and the page's date says another day."""
    match = _URL_DAY.search(urlsplit(url).path) if url else None
    if not match:
        return published
    day = "-".join(match.groups())
    try:  # an impossible day (/2023/02/31/) or one still to come (an event's page) says nothing
        if date.fromisoformat(day) > datetime.now(timezone.utc).date():
            return published
    except ValueError:
        return published
    return published if published and published[:10] == day else day


def _written_date(texts: list[str]) -> str | None:
    """A date written in words or numbers in a byline, a <time> or the first lines of text; none
    when those places hold many different days (a list of other articles, not a byline)."""
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat()
    days = [found for text in texts  # a day still to come is an event's, not the article's
            if len(text) <= MAX_DATELINE_CHARS and (found := date_in_text(text)) and found[:10] <= tomorrow]
    if len({day[:10] for day in days}) > MAX_WRITTEN_DAYS:
        return None
    return days[0] if days else None


def _htmldate(html: str, url: str | None) -> str | None:
    try:
        return htmldate.find_date(html, url=url, original_date=True, extensive_search=True)
    except (ValueError, TypeError):  # htmldate raises on some malformed pages
        return None


def _iso(value: str) -> str | None:
    """A date stated in markup as ISO 8601; other spellings ("Tue, Sep 15 2020 10:01:41") read too."""
    value = value.strip()
    if len(value) >= 10 and value[:4].isdigit() and value[4] == "-":
        return value
    return date_in_text(value)


def _datetime(value: str) -> datetime | None:
    """A stated ISO 8601 datetime with its offset; None for a bare date or anything else."""
    if len(value) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _date_texts(tree: lxml.html.HtmlElement) -> list[str]:
    """The texts where a page writes its date for people, in page order, outside comments: <time>s
    and byline-like elements, and short texts that start with a date label ("Datum: 03.02.2022";
    the label's element, or its parent when the label stands alone: <h5>Datum:</h5> 03.02.2022)."""
    found = [e for e in tree.xpath(DATE_ELEMENTS) if not e.xpath(IN_COMMENTS)]
    labelled = []
    for node in tree.xpath("//body//text()"):
        if not LABELLED_DATE.match(node.lstrip()):
            continue
        element = node.getparent()
        if getattr(node, "is_tail", False) and element is not None:
            element = element.getparent()  # a tail belongs to its element's parent
        for _ in range(2):
            while element is not None and not isinstance(element.tag, str):
                element = element.getparent()  # a comment or processing instruction
            if element is None or element.tag in ("script", "style", "body") or element.xpath(IN_COMMENTS):
                break
            text = _short_text(element, MAX_LABELLED_CHARS)
            if text is None:
                break
            if date_in_text(text):
                labelled.append(element)
                break
            element = element.getparent()
        if len(labelled) == MAX_LABELS:
            break
    if labelled:
        order = {element: index for index, element in enumerate(tree.iter())}
        found = sorted(set(found) | set(labelled), key=lambda e: order.get(e, len(order)))
    return [e.get("datetime") or plain(" ".join(e.itertext())) for e in found][:8]


def _short_text(element: lxml.html.HtmlElement, limit: int) -> str | None:
    """The element's text, or None as soon as it runs past `limit` characters (a container)."""
    pieces, length = [], 0
    for piece in element.itertext():
        piece = " ".join(piece.split())  # indentation is not text
        length += len(piece) + 1
        if length > limit + 1:
            return None
        pieces.append(piece)
    text = plain(" ".join(pieces))
    return text if len(text) <= limit else None


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
        h1s=[plain(" ".join(h1.itertext())) for h1 in tree.xpath("//h1")],
        metadata=metadata_titles,
        html_title=plain(_first(tree, "//title/text()")))
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
        # A <time>'s datetime attribute says exactly what its text ("3 days ago") may not.
        "date_texts": _date_texts(tree),
        "author": plain(ld.get("author") or _first(tree, '//meta[@name="author"]/@content')),
        "lang": _first(tree, "/html/@lang"),
        "image": urljoin(url or "", image) if image else None,
    }


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """headline, datePublished and author name of the first JSON-LD article object, if any."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # invalid JSON, or nested past the recursion limit
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
