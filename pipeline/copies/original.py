"""Which copy of a story is the original: the member's before a republisher's, the page naming
itself canonical before its aliases, the plainest URL, the earliest date, the fullest text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


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
    return host.removeprefix("www."), None if port in (80, 443) else port


def owns_site(homepage: str | None, url: str) -> bool:
    """The source's homepage is on the URL's site: the page is its own, not a copy it took."""
    return homepage is not None and homepage != "" and site_of(homepage) == site_of(url)


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
