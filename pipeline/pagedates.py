"""Whether a page states its own publication date, as people and machines read it: the evidence
pipeline/pagekind.py asks of a page without article markup before calling it an article.

    states_own_date(tree, url, text, json_ld_dates)
        a day in its <meta> or itemprop, its JSON-LD, its URL path (/2025/03/14/), a <time>, a
        byline (by its class, or a short line around its title), or a dateline opening its text;
        not a copyright year, a "last updated" date, a day to come, nor the dates of teasers or
        of related posts (different days in the same place of repeated blocks, or a block whose
        title links to another page)
    day_of(value)       the day an ISO 8601 value or a written date names
    in_other_block(el)  an element of the furniture or of another text's block
    fold(text)          lower case, no accents: how URLs and words are compared

Pure functions; the words and limits are data in url_patterns.yaml (article_evidence).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from pipeline.dates import DATELINE, URL_DAY, date_in_text
from pipeline.sitemaps import archive_patterns, url_patterns
from pipeline.urls import canonical_url

# The headings of a block that may be a title, in page order (an h4 is an author's name, ...).
HEADINGS = ".//*[self::h1 or self::h2 or self::h3]"
_YEAR = re.compile(r"(?:19|20)\d\d")
_WORDS = re.compile(r"[\s_-]+")
_NOT_WORD = re.compile(r"[\W_]+")
# Characters of scripts written without spaces (Han, kana) or in syllables (Hangul).
CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                 r"\uf900-\ufaff]")
# Letters NFKD does not split from their accent, read as their base letter (both in URLs and in
# url_patterns.yaml's words, so a word may be written either way).
_BASE_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "_": "-", " ": "-"})


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    """The article_evidence part of url_patterns.yaml."""
    return url_patterns()["article_evidence"]


def fold(text: str) -> str:
    """Lower case, no accents, "_" and " " as "-": URLs and words compared alike."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_BASE_LETTERS))
    return "".join(c for c in folded if not unicodedata.combining(c))


def states_own_date(tree: lxml.html.HtmlElement, url: str, text: str,
                    json_ld_dates: Iterable[Any] = ()) -> bool:
    """True when the page states a publication day of its own: in its markup (<meta>, itemprop,
    the JSON-LD dates given), its URL path, or in a byline, a <time> or a dateline people read;
    a copyright year or a "last updated" date is none."""
    return (any(_stated_days(tree, url, json_ld_dates))
            or bool(_written_days(tree, url, text)))


def day_of(value: str | None) -> date | None:
    """The day an ISO 8601 value or a written date ("17 juin 2020") names; None for a year."""
    value = (value or "").strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        found = date_in_text(value[:80])
        return date.fromisoformat(found[:10]) if found else None


def _stated_days(tree: lxml.html.HtmlElement, url: str,
                 json_ld_dates: Iterable[Any]) -> Iterator[date]:
    """Publication days the page states for machines: <meta>, itemprop, JSON-LD, its URL path."""
    names = set(_settings()["date_meta"])
    for meta in tree.iter("meta"):
        if {(meta.get(a) or "").strip().lower() for a in ("name", "property", "itemprop")} & names:
            yield from _days([meta.get("content")])
    yield from _days(tree.xpath('//*[@itemprop="datePublished"]/@datetime'
                                ' | //*[@itemprop="datePublished"]/@content'))
    yield from _days(json_ld_dates)
    if match := URL_DAY.search(urlsplit(url).path):
        yield from _days(["-".join(match.groups())])


def _days(values: Iterable[Any]) -> Iterator[date]:
    """The days of those values that are dates (strings only: JSON-LD may hold anything)."""
    for value in values:
        if isinstance(value, str) and (day := day_of(value)):
            yield day


def _written_days(tree: lxml.html.HtmlElement, url: str, text: str) -> list[date]:
    """Days the page writes for people as its date: <time>s and byline-like elements out of its
    furniture and of teasers, and a dateline opening the main text; none after an "updated"
    word, none of the future (an event's), and none at all when there are many (a listing)."""
    settings = _settings()
    tomorrow = _today() + timedelta(days=1)
    by_place: dict[tuple[Any, ...], list[date]] = {}
    limit = settings["max_date_elements"]
    for element in dict.fromkeys([*_date_elements(tree, limit), *_byline_elements(tree, limit)]):
        own = _short_text(element, 80)
        if own is None or _after_update_word(element, own):
            continue
        day = day_of(element.get("datetime") or "") or day_of(own)
        if (day and day <= tomorrow and not in_other_block(element)
                and not _in_teaser(element, url)):
            by_place.setdefault(_place(element), []).append(day)
    # Different days in the same place of repeated blocks are teasers' (or related posts').
    found = [day for days in by_place.values() if len(set(days)) == 1 for day in days]
    lines = [line.strip() for line in (text or "")[:2000].strip().splitlines()[:2]]
    found += [day for line in lines if (match := DATELINE.match(line))
              and not _has_update_word(match["date"]) and (day := day_of(match["date"]))]
    if len(set(found)) > settings["max_written_days"]:
        return []
    return found


def _place(element: lxml.html.HtmlElement) -> tuple[Any, ...]:
    """Where an element is in the page's structure: its own and its ancestors' tags and classes
    (the same for the dates of repeated teasers)."""
    chain = [element, *list(element.iterancestors())[:4]]
    return tuple((e.tag, e.get("class")) for e in chain)


def _date_elements(tree: lxml.html.HtmlElement, limit: int) -> list[lxml.html.HtmlElement]:
    """The first <time>s and elements of a date-like class, in page order (a bounded number:
    a huge page costs no more)."""
    words, found = set(_settings()["date_class_words"]), []
    for element in tree.iter():
        if isinstance(element.tag, str) and (
                element.tag == "time" or words & set(_class_words(element))):
            found.append(element)
            if len(found) == limit:
                break
    return found


def _byline_elements(tree: lxml.html.HtmlElement, limit: int) -> list[lxml.html.HtmlElement]:
    """Short elements with a year around the page's title, before its text begins: where a
    byline stands when no markup names it ("Por Inês Rodrigues | 24 de novembro de 2026")."""
    title = next((h for h in tree.xpath("//h1 | //h2") if not in_other_block(h)), None)
    if title is None:
        return []
    block, found, after = title, [], False
    for _ in range(3):  # the title's cell, row and table; its wrapper, header and article
        block = block.getparent() if block.getparent() is not None else block
    for element in block.iter():
        after = after or element is title
        if not isinstance(element.tag, str) or element is title:
            continue
        text = _short_text(element, 80)
        if text is None:
            if after and element.tag == "p":
                break  # the text has begun: a date in it is what the article tells
            continue
        # The year in the element's own text, not a child's: the innermost element is the
        # date's place (a table row holding a dated cell is not).
        own = "".join([element.text or "", *(child.tail or "" for child in element)])
        if _YEAR.search(own):
            found.append(element)
            if len(found) == limit:
                break
    return found


def _in_teaser(element: lxml.html.HtmlElement, url: str) -> bool:
    """True when the nearest block around the element that has a heading is a teaser: that
    heading links to another page (a listing's item), not the page's own title."""
    page = canonical_url(url).split("#")[0]
    for ancestor in list(element.iterancestors())[:6]:
        headings = ancestor.xpath(HEADINGS)
        if not headings:
            continue
        links = [canonical_url(urljoin(url, href)).split("#")[0]
                 for href in headings[0].xpath(".//a/@href | ancestor::a/@href")]
        # A link to the page itself (a permalink title) or to an archive (a tag) is no teaser's.
        return any(link != page and not any(p.search(link) for p in archive_patterns())
                   for link in links)
    return False


def _today() -> date:
    """Today in UTC."""
    return datetime.now(UTC).date()


def _class_words(element: lxml.html.HtmlElement) -> list[str]:
    """The words of an element's class attribute ("entry-date published" -> entry, date, ...)."""
    return _WORDS.split((element.get("class") or "").lower())


def _short_text(element: lxml.html.HtmlElement, limit: int) -> str | None:
    """The element's text, or None when it runs past `limit` characters (a container)."""
    text = ""
    for piece in element.itertext():
        text += piece
        if len(text) > 4 * limit:  # stop early: indentation counts before it is squeezed
            return None
    text = " ".join(text.split())
    return text if len(text) <= limit else None


def _after_update_word(element: lxml.html.HtmlElement, own: str) -> bool:
    """True when the element's text, or the text just before it, has an "updated" word."""
    previous, parent = element.getprevious(), element.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    return _has_update_word(f"{(before or '')[-40:]} {own}")


def _has_update_word(text: str) -> bool:
    """True when the text has one of url_patterns.yaml's "updated" words: a whole word, or
    anywhere for a CJK word (written without spaces)."""
    folded = f" {_NOT_WORD.sub(' ', fold(text))} "
    for word in _settings()["updated_words"]:
        word = _NOT_WORD.sub(" ", fold(word)).strip()
        if (word in folded) if CJK.search(word) else (f" {word} " in folded):
            return True
    return False


def in_other_block(element: lxml.html.HtmlElement) -> bool:
    """True when the element is in a footer, nav or aside, or an element whose class or id names
    a furniture or another text's block (a related post's date is not the page's)."""
    words = set(_settings()["date_furniture_words"])
    for ancestor in element.iterancestors():
        names = f"{ancestor.get('id') or ''} {ancestor.get('class') or ''}".lower()
        if ancestor.tag in ("nav", "aside") or words & set(_WORDS.split(names)):
            return True
        # An <article>'s own <footer> holds its byline (Drupal's node__meta): not the site's.
        if ancestor.tag == "footer" and next(ancestor.iterancestors("article"), None) is None:
            return True
    return False
