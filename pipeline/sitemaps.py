"""Sitemaps and robots.txt read into URLs, and which URLs may be articles.

Pure functions over bytes Scrapy fetched (nothing here opens a file or a socket):

    parse_sitemap(body, max_size) -> Sitemap    a sitemap index (child sitemaps) or a urlset (pages)
    robots_sitemaps(text, robots_url) -> [URL]  the Sitemap: lines of a robots.txt
    is_article_url(url, include, exclude)       False for archive pages and excluded URLs

A body that is neither a sitemap nor a readable gzip file, or that inflates past `max_size`, raises
ParseError (pipeline.errors). The archive patterns are data: url_patterns.yaml beside this file.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from pipeline.datafiles import load
from pipeline.dates import to_utc_iso
from pipeline.errors import ParseError
from pipeline.urls import followable_url

PATTERNS_PATH = Path(__file__).with_name("url_patterns.yaml")
GZIP_MAGIC = b"\x1f\x8b"
KINDS = {"urlset": "url", "sitemapindex": "sitemap"}  # root element -> its entry element
W3C_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2})?$")  # "2024" and "2024-05" are valid W3C dates


class SitemapEntry(NamedTuple):
    """A <url> of a urlset or a <sitemap> of an index: where it is, and when it last changed."""

    url: str
    lastmod: str | None  # UTC ISO 8601, or None when absent or unreadable


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: an index lists child sitemaps, a urlset lists pages."""

    is_index: bool
    entries: tuple[SitemapEntry, ...]
    malformed: str | None = None  # what the recovering parser had to skip, when anything


def parse_sitemap(body: bytes, max_size: int) -> Sitemap:
    """Read sitemap bytes, plain XML or gzip (recognised by its magic bytes, not by its name)."""
    root, malformed = _xml_root(inflate(body, max_size))
    kind = _local_name(root)
    if kind not in KINDS:
        raise ParseError(f"not a sitemap: the root element is <{kind or '?'}>")
    nodes = (node for node in root if _local_name(node) == KINDS[kind])
    entries = tuple(entry for entry in map(_entry, nodes) if entry is not None)
    return Sitemap(is_index=kind == "sitemapindex", entries=entries, malformed=malformed)


def inflate(body: bytes, max_size: int) -> bytes:
    """The bytes themselves, or their gzip content; refused when it would exceed max_size."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(max_size + 1)  # never more than this in memory, whatever the ratio
    except (OSError, EOFError, zlib.error) as error:
        raise ParseError(f"not a readable gzip file: {error}") from None
    if len(data) > max_size:
        raise ParseError(f"gzip content larger than {max_size:,} bytes: refused (a gzip bomb?)")
    return data


def _xml_root(data: bytes) -> tuple[etree._Element, str | None]:
    """The root element, and the parser's first complaint when it had to recover."""
    # No entity expansion (billion laughs), no DTD or entity fetched from the network, and
    # libxml2's default size limits kept; recover so one stray character does not lose a sitemap.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True, recover=True)
    try:
        # Some plugins print a blank line before the XML declaration, which strict XML refuses.
        root = etree.fromstring(data.lstrip(), parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"not XML: {error}") from None
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    complaint = f"line {errors[0].line}: {errors[0].message}" if errors else None
    if root is None:  # e.g. an HTML page: its doctype is not XML
        raise ParseError(f"not XML: {complaint or 'no element'}")
    return root, complaint


def _local_name(node: etree._Element) -> str:
    """The tag without its namespace (sitemaps use several); '' for an entity or a non-element."""
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _entry(node: etree._Element) -> SitemapEntry | None:
    """The loc and lastmod of one entry (direct children only: image:loc is not a page)."""
    fields = {_local_name(child): (child.text or "").strip() for child in node}
    if not fields.get("loc"):
        return None
    return SitemapEntry(fields["loc"], lastmod_utc(fields.get("lastmod")))


def lastmod_utc(value: str | None) -> str | None:
    """A W3C datetime (2024, 2024-05, 2024-05-01, 2024-05-01T10:00+02:00...) in UTC ISO 8601."""
    if not value:
        return None
    if W3C_PARTIAL_DATE.match(value):
        value = (value + "-01-01")[:10]  # the first day of that year or month
    return to_utc_iso(value)


def age_cutoff(max_age_days: int | None, now: datetime | None = None) -> str | None:
    """The UTC ISO 8601 time before which a lastmod is too old; None when age is no limit."""
    if max_age_days is None:
        return None
    return to_utc_iso((now or datetime.now(UTC)) - timedelta(days=max_age_days))


def is_too_old(lastmod: str | None, cutoff: str | None) -> bool:
    """True when an entry last changed before the cutoff (an entry without lastmod never is)."""
    # Both are UTC ISO 8601 written the same way, so they sort as text.
    return bool(lastmod and cutoff and lastmod < cutoff)


def robots_sitemaps(text: str, robots_url: str) -> list[str]:
    """The http(s) URLs of a robots.txt's Sitemap: lines, in order, each once."""
    found: list[str] = []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        value = value.split("#", 1)[0].strip()
        if name.strip().lower() != "sitemap" or not value:
            continue
        url = followable_url(value, base=robots_url)
        if url is not None and url not in found:
            found.append(url)
    return found


@lru_cache(maxsize=1)
def archive_patterns() -> tuple[re.Pattern[str], ...]:
    """The URL patterns of archive and listing pages (url_patterns.yaml), compiled once."""
    return tuple(re.compile(pattern) for pattern in url_patterns()["archive"])


@lru_cache(maxsize=1)
def url_patterns() -> dict:
    """url_patterns.yaml, read and checked once (pagekind and pagedates read their parts)."""
    return load(PATTERNS_PATH, "url_patterns")


def is_article_url(url: str, include: Sequence[re.Pattern[str]] = (),
                   exclude: Sequence[re.Pattern[str]] = ()) -> bool:
    """True when a URL may be an article: no archive or exclude pattern matches, and some include
    pattern does when the source has any."""
    if any(pattern.search(url) for pattern in (*archive_patterns(), *exclude)):
        return False
    return not include or any(pattern.search(url) for pattern in include)
