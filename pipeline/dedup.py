"""Exact duplicates: a hash of the normalised text, which copy of a story is the original, and
which of two versions of one stored story is the richer.

Near duplicates (edited headers, teasers) come later; this finds the same text published twice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
MIN_HASH_CHARS = 200  # shorter texts (a teaser, a title) are too common to call duplicates


def text_hash(text: str) -> str | None:
    """A hash of the text with case, accents, punctuation and spacing folded; None when too short."""
    folded = unicodedata.normalize("NFKD", text or "").casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _NOT_WORD.sub(" ", folded).strip()
    if len(folded) < MIN_HASH_CHARS:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Copy:
    """One stored copy of a story, as much as choosing the original needs."""

    id: str
    published: str | None
    republisher: bool
    text_length: int
    url: str = ""
    self_canonical: bool = False  # the page's rel=canonical names its own URL
    owns_site: bool = False  # its source's homepage is on the URL's site: not a copy of another's


def url_plainness(url: str) -> tuple[int, int, int]:
    """Path segments, query or not, length: smaller is plainer (/news/a before /mirror/a?ref=x)."""
    parts = urlsplit(url or "")
    segments = [segment for segment in parts.path.split("/") if segment]
    return len(segments), int(bool(parts.query)), len(url or "")


def site_of(url: str) -> tuple[str, int | None]:
    """The site a URL is on: its host without www., and its port when not the scheme's default."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return host[4:] if host.startswith("www.") else host, None if port in (80, 443) else port


def owns_site(homepage: str | None, url: str) -> bool:
    """The source's homepage is on the URL's site: the page is its own, not a copy it took."""
    return bool(homepage) and site_of(homepage) == site_of(url)


def choose_original(copies: list[Copy]) -> Copy:
    """The member's copy before a republisher's; on one site, the page that names itself
    canonical before its aliases (a medium's page naming itself says nothing against a member's
    feed item, which has no canonical), then the plainest URL (a mirror path loses), the earliest
    date, the fullest text and the id. Across sites, the copy on its own source's site before one
    that is not, then the earliest date: a plainer URL on another site says nothing. The same
    choice whatever the order."""
    first = min(copy.republisher for copy in copies)
    candidates = [copy for copy in copies if copy.republisher == first]
    declared = {site_of(copy.url) for copy in candidates if copy.self_canonical}
    candidates = [copy for copy in candidates
                  if copy.self_canonical or site_of(copy.url) not in declared]
    best: dict[tuple[str, int | None], Copy] = {}
    for copy in sorted(candidates, key=_within_site):
        best.setdefault(site_of(copy.url), copy)
    return min(best.values(), key=lambda c: (not c.owns_site, *_dated(c), url_plainness(c.url),
                                             -c.text_length, c.id))


def _dated(copy: Copy) -> tuple[bool, str]:
    return copy.published is None, copy.published or ""


def _within_site(copy: Copy) -> tuple[Any, ...]:
    """Copies on one site: its own source's first, then the plainest URL, the earliest date, the
    fullest text, the id."""
    return not copy.owns_site, url_plainness(copy.url), *_dated(copy), -copy.text_length, copy.id


# Versions of one stored story -----------------------------------------------------------------

# How much of a story each way of reading it gives: a teaser kept because its page failed, a bare
# page, a feed's full text (with or without its page).
VIA_RANK = {"feed-teaser": 0, "page": 1, "feed": 2, "feed+page": 2}
# Who a story belongs to: a member's own piece is never handed to a medium or another kind.
KIND_RANK = {"member": 2, "network": 1, "archive": 1, "related": 1, "media": 0}
# Where and by whom a version was found: they move together, never one without the others.
IDENTITY_COLUMNS = ("url", "canonical_url", "source_id", "entry_id", "country")
# What a poorer version may still add to a richer one: the fields the richer one lacks.
FILLABLE_COLUMNS = ("title", "summary", "author", "image", "categories", "updated", "origin")


def is_blank(value: Any) -> bool:
    """No value: None, an empty string, an empty JSON list."""
    return value is None or value in ("", "[]")


def is_poorer(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """True when the new version of a stored story says less than the stored one: no text over a
    text, whatever the way in; else a teaser over a full text, a bare page over a feed's version."""
    old_blank, new_blank = is_blank(old.get("text")), is_blank(new.get("text"))
    if old_blank != new_blank:
        return new_blank
    return VIA_RANK.get(new.get("via") or "", 0) < VIA_RANK.get(old.get("via") or "", 0)


def takes_identity(old: dict[str, Any], new: dict[str, Any], old_kind: str, new_kind: str,
                   old_owns: bool = False, new_owns: bool = False) -> bool:
    """True when the new version's source (and URL) replace the stored ones: the source whose
    homepage is on the story's site (`*_owns`) over one whose is not, so a member's own article
    stays its own; else a member's over another kind's; between sources of one kind, a richer way
    in (a feed's version over a bare page), never a poorer version (no text over a text), so the
    result does not hang on which spider stored it first; on a tie, the first finder keeps it."""
    if old_owns != new_owns:
        return new_owns
    old_rank, new_rank = KIND_RANK.get(old_kind, 0), KIND_RANK.get(new_kind, 0)
    if old_rank != new_rank:
        return new_rank > old_rank
    if is_poorer(old, new):
        return False
    return VIA_RANK.get(new.get("via") or "", 0) > VIA_RANK.get(old.get("via") or "", 0)


def merge_versions(old: dict[str, Any], new: dict[str, Any], identity: bool) -> dict[str, Any]:
    """The row to store when a story already stored as `old` is found again as `new`: the richer
    version's fields, never a blank over a value; the identity columns from `new` only if told.

    Another source that does not take the story over only fills in what the stored version lacks.
    """
    other_source = not identity and old.get("source_id") != new.get("source_id")
    poorer = other_source or is_poorer(old, new)
    merged = {column: old.get(column) if poorer else value for column, value in new.items()}
    for column in FILLABLE_COLUMNS:
        mine, other = (old, new) if poorer else (new, old)
        merged[column] = other.get(column) if is_blank(mine.get(column)) else mine.get(column)
    if poorer and old.get("published") is None and new.get("published") is not None:
        merged["published"], merged["date_note"] = new.get("published"), new.get("date_note")
    if not poorer and new.get("published") is None and old.get("published") is not None:
        merged["published"], merged["date_note"] = old.get("published"), old.get("date_note")
    same_text = new.get("text") == old.get("text") or (
        new.get("text_hash") is not None and new.get("text_hash") == old.get("text_hash"))
    if not poorer and is_blank(new.get("content_html")) and same_text:
        merged["content_html"] = old.get("content_html")  # the same text with its HTML kept
    for column in IDENTITY_COLUMNS:
        take_new = identity and not is_blank(new.get(column))
        merged[column] = new.get(column) if take_new else old.get(column)
    return merged
