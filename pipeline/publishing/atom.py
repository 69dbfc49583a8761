"""Atom 1.0 (RFC 4287) documents from rows of the published selection. Pure: rows in, bytes out.

Our own writer rather than datasette-atom 0.9, because that plugin answers an empty selection with
a 500 (it takes max() of no dates), writes no feed-level author (so a feed whose entries lack one is
invalid Atom), and cleans HTML with bleach, which is deprecated; here every body goes through nh3.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from pipeline.html import sanitise_html
from pipeline.urls import is_web_url

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids (C0 controls but tab, newline, return; U+FFFE, U+FFFF): a publisher's
# stray control byte must not make the whole feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REQUIRED_COLUMNS = frozenset({"atom_id", "atom_title", "atom_updated"})
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # BCP 47, as xml:lang wants
FEATURED, FEATURED_MARK = "featured", "★ "
STATUS_SCHEME = "urn:probono-feed:status"  # the scheme of the editors' status as a category


@dataclass(frozen=True)
class FeedInfo:
    """What the feed says of itself."""

    id: str  # an IRI that stays the same for this selection
    title: str
    self_url: str
    home_url: str
    updated: str  # used when there is no entry
    subtitle: str = ""
    author: str = "probono-feed editors"
    language: str | None = None


def build_atom(feed: FeedInfo, rows: Iterable[dict[str, Any]]) -> bytes:
    """An Atom document; rows carry atom_id, atom_title, atom_updated and optionally atom_link,
    atom_published, atom_author_name (the writer), atom_organisation (its publisher, named beside
    the writer), status (a featured entry is marked), atom_summary, atom_content_html,
    atom_language, atom_categories (JSON list), atom_related (JSON list of URLs: the story's
    copies elsewhere) and status_at (when an editor chose it: the feed changes then too, whatever
    the article's date). `feed.updated` is the feed's moment when it has no entry: a stored one,
    so that an unchanged feed is the same bytes on every read."""
    rows = list(rows)
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    if feed.language and LANGUAGE_TAG.match(feed.language):
        root.set(XML_LANG, feed.language)
    _text(root, "id", feed.id)
    _text(root, "title", _clean(feed.title).strip() or "probono-feed")
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    fallback = _rfc3339(feed.updated) or feed.updated
    moments = [m for row in rows
               for m in (_rfc3339(row.get("atom_updated")), _rfc3339(row.get("status_at"))) if m]
    _text(root, "updated", max(moments, key=_instant, default=fallback))
    _link(root, feed.self_url, "self", "application/atom+xml")
    _link(root, feed.home_url, "alternate", "text/html")
    _text(etree.SubElement(root, f"{{{ATOM}}}author"), "name", feed.author)
    _text(root, "generator", "probono-feed")
    for row in rows:
        root.append(_entry(row, fallback))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _entry(row: dict[str, Any], fallback: str) -> etree._Element:
    entry = etree.Element(f"{{{ATOM}}}entry")
    language = _clean(str(row.get("atom_language") or ""))
    if LANGUAGE_TAG.match(language):
        entry.set(XML_LANG, language)
    _text(entry, "id", row["atom_id"])
    title = _clean(str(row["atom_title"] or "")).strip() or str(row["atom_id"])
    # A category is shown by few readers (Miniflux lists it, feedparser's tags; NetNewsWire and
    # most phone apps do not): the star in the title is what every reader sees, in any language.
    _text(entry, "title", FEATURED_MARK + title if row.get("status") == FEATURED else title)
    published = _rfc3339(row.get("atom_published"))
    _text(entry, "updated", _rfc3339(row["atom_updated"]) or published or fallback)
    if published:
        _text(entry, "published", published)
    has_link = is_web_url(row.get("atom_link"))
    if has_link:
        _link(entry, row["atom_link"], "alternate", "text/html")
    for url in json.loads(row.get("atom_related") or "[]"):
        if is_web_url(url):
            _link(entry, url, "related", "text/html")
    author = author_name(row.get("atom_author_name"), row.get("atom_organisation"))
    if author:
        _text(etree.SubElement(entry, f"{{{ATOM}}}author"), "name", author)
    if row.get("status") == FEATURED:
        category = etree.SubElement(entry, f"{{{ATOM}}}category")
        category.set("term", FEATURED)
        category.set("scheme", STATUS_SCHEME)
        category.set("label", "Featured")
    for term in json.loads(row.get("atom_categories") or "[]"):
        etree.SubElement(entry, f"{{{ATOM}}}category").set("term", _clean(str(term)))
    if row.get("atom_summary"):
        _text(entry, "summary", row["atom_summary"])
    body = sanitise_html(row.get("atom_content_html") or "")
    if body:
        # Stored bodies are sanitised already; once more here, as a feed reader may show it as is.
        _text(entry, "content", body).set("type", "html")
    elif not has_link:
        # RFC 4287 4.1.1: an entry without an alternate link must have content.
        content = row.get("atom_summary") or row["atom_title"] or row["atom_id"]
        _text(entry, "content", content).set("type", "text")
    return entry


def author_name(writer: Any, organisation: Any) -> str:
    """An entry's author as readers show it: "Writer (Organisation)", or either alone.

    One <author> whose name carries both, rather than a second <author> or a <contributor>:
    feedparser's entry.author (what Miniflux, FreshRSS and most readers built on such parsers
    show) is the first author's name only, and none of them shows contributors."""
    writer = " ".join(_clean(str(writer or "")).split())
    organisation = " ".join(_clean(str(organisation or "")).split())
    if writer and organisation and organisation.casefold() not in writer.casefold():
        return f"{writer} ({organisation})"
    return writer or organisation


def _text(parent: etree._Element, name: str, value: Any) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = _clean(str(value))
    return element


def _link(parent: etree._Element, href: str, rel: str, media_type: str) -> None:
    link = etree.SubElement(parent, f"{{{ATOM}}}link")
    link.set("rel", rel)
    link.set("type", media_type)
    link.set("href", _clean(href))


def _clean(value: str) -> str:
    return NOT_XML.sub("", value)



def _rfc3339(value: Any) -> str | None:
    """An RFC 3339 timestamp from a stored date (ISO 8601 in any of its spellings; a bare date is
    midnight UTC, a time without offset UTC); None when it is not a date at all."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
