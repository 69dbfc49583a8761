"""An article page's publication date, from everything the page states and writes.

htmldate's original date (read by trafilatura in the same pass) is the base; a byline's or a
dateline's written date wins when the markup states none; the time and offset the markup states
for that day are kept; a full day in the URL's path (/2007/05/20/) is the publisher's own.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

import htmldate
import lxml.html

from pipeline.dates import date_in_text
from pipeline.html import plain

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


def publication_date(tree: lxml.html.HtmlElement, html: str, url: str | None, canonical: str | None,
                     found_date: str | None, stated: list[str], first_lines: list[str]) -> str | None:
    """The page's publication date as ISO 8601 (a day, or a datetime in the page's own offset).

    found_date: htmldate's day as trafilatura found it; stated: the dates the markup states
    (JSON-LD, article:published_time, itemprop); first_lines: the main text's first lines."""
    written = _dateline(first_lines[:3]) or _written_date(_date_texts(tree) + first_lines[:3])
    return _with_url_day(_published(found_date, stated, written, html, url), canonical or url)
