"""A source's ways in (feeds, sitemaps, listing pages): the ones feeds.yaml names and the ones the
crawler found from the homepage alone, remembered in the database (table ways_in).

    choose_ways(candidates)            which of the ways discovery found to keep, best first
    common_section(urls, home)         the section articles sit in, from their URLs' paths
    effective_source(source, ways)     the source as the spiders crawl it: explicit + found ways
    needs_discovery(source, ways)      True for a homepage-only source without a working way in
    after_crawl(way, outcome, now)     a way's record once a crawl used it: worked, or broke

Pure functions; the discover spider, the crawl and the store call them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipeline.sources import Listing, Source
from pipeline.urls import identity_url, same_site

KINDS = ("feed", "sitemap", "listing")
# A found listing is followed page after page while its pages show links not seen yet, and never
# further than this: a first crawl reads the archive, a re-crawl stops at page 1.
FOUND_LISTING_MAX_PAGES = 30
# A way in that failed (not 404/410: those are broken at once) or found nothing this many crawls in
# a row is broken: the source's ways in are looked for again.
BROKEN_AFTER_FAILURES = 3
BROKEN_AFTER_EMPTY = 3
GONE = (404, 410)
_DIGITS = re.compile(r"\d+")
# A path segment that is a year, a month or a day (/2025/, /11/): an archive's date folders.
_DATE_SEGMENT = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class WayIn:
    """One way into a source's articles."""

    kind: str  # "feed" | "sitemap" | "listing"
    url: str
    # "configured" | "linked" | "usual-path" | "robots" | "navigation" | "url-shape" | "homepage"
    how: str
    full_content: bool | None = None  # feeds: the items carry the whole text
    entries: int = 0  # feed items, sitemap entries or listing article links, when found
    newest: str | None = None  # the newest date seen through it (UTC ISO 8601)
    more: bool = False  # listings: it has pages beyond the ones discovery read (an archive)


@dataclass
class Discovery:
    """What looking for one source's ways in found."""

    source_id: str
    ways: list[WayIn] = field(default_factory=list)  # kept, best first
    candidates: list[WayIn] = field(default_factory=list)  # everything that answered
    requests: int = 0
    articles_seen: int = 0  # distinct article URLs seen through the kept ways
    newest: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What one crawl saw of one way in."""

    status: int | None = None  # the HTTP status of a failure, if it was one
    failed: bool = False  # the request failed (HTTP error, timeout, refused...)
    entries: int = 0  # feed items, sitemap entries or listing links read
    unchanged: bool = False  # a feed answered 304 or the same bytes: nothing new, but it works
    reason: str | None = None  # the failure, in plain words


def url_shape(url: str) -> str:
    """A URL's shape: its path's segments with runs of digits as N and slugs as S, its query keys.
    /2024/03/some-slug/ -> /N/N/S; /news.php?id=4 -> /news.php?id; /post/hello -> /post/S."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    shaped = [_DIGITS.sub("N", s) if not ("-" in s or "_" in s) else "S" for s in segments]
    if shaped and not parts.query and shaped[-1] not in ("N", "S"):
        # The last segment names the page: a slug, whatever its letters (/news/hello -> /news/S),
        # unless it is a file of the site's own (/news.php?id=4 keeps its name).
        shaped[-1] = "S"
    keys = sorted(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    return "/" + "/".join(shaped) + ("?" + "&".join(keys) if keys else "")


def missing_from(items: Iterable[str], others: Iterable[str]) -> set[str]:
    """The URLs of `others` that have the shape of an item and are not among the items: articles
    a feed does not carry (its last N items only), seen on a listing or in a sitemap."""
    items = list(items)
    shapes = {url_shape(url) for url in items}
    known = {identity_url(url) for url in items}
    return {identity_url(url) for url in others
            if url_shape(url) in shapes and identity_url(url) not in known}


def best_feed(feeds: Sequence[WayIn]) -> WayIn | None:
    """The feed to read: full content before teasers, then the one with most items."""
    readable = [feed for feed in feeds if feed.entries]
    return max(readable, key=lambda f: (bool(f.full_content), f.entries), default=None)


def choose_ways(feeds: Sequence[WayIn], feed_items: dict[str, list[str]],
                sitemaps: Sequence[WayIn], sitemap_urls: dict[str, list[str]],
                listings: Sequence[WayIn], listing_links: dict[str, list[str]]) -> list[WayIn]:
    """The ways in to keep, in the order of preference feeds, sitemaps, listings: the best feed
    alone when nothing shows it misses articles; with the sitemap (else the listing) when the
    listing or the sitemap holds articles of the feed's shape that it does not carry. A feed is
    a window on the latest items: with no sitemap to tell, a listing with more pages than were
    read (an archive) is kept beside it."""
    feed = best_feed(feeds)
    # A sitemap of no article (the site's pages only) is no way in: it would read nothing.
    sitemap = max((s for s in sitemaps if s.entries), key=lambda s: s.entries, default=None)
    listing = max((w for w in listings if w.entries), key=lambda w: w.entries, default=None)
    if feed is not None:
        items = feed_items.get(feed.url, [])
        listed = listing_links.get(listing.url, []) if listing else []
        mapped = sitemap_urls.get(sitemap.url, []) if sitemap else []
        if sitemap is not None and missing_from(items, mapped):
            return [feed, sitemap]
        if listing is not None and (missing_from(items, listed) or (listing.more and not mapped)):
            return [feed, listing]
        return [feed]
    if sitemap is not None:
        listed = listing_links.get(listing.url, []) if listing else []
        mapped_ids = {identity_url(url) for url in sitemap_urls.get(sitemap.url, [])}
        if listing is not None and sitemap_urls.get(sitemap.url) is not None and \
                {identity_url(url) for url in listed} - mapped_ids:
            return [sitemap, listing]
        return [sitemap]
    return [listing] if listing is not None else []


def common_section(urls: Iterable[str], home: str) -> str | None:
    """The section of the site the articles at these URLs sit in: their common parent path, cut
    before a year, month or day folder (/ressources/publications/2025/x.html and .../2024/y.html
    -> /ressources/publications/). None when fewer than two are on the homepage's site or they
    share no folder but the root (/2025/11/x/ and /2024/03/y/)."""
    paths = [urlsplit(url).path for url in urls if same_site(url, home)]
    if len(paths) < 2:
        return None
    common: list[str] | None = None
    for path in paths:
        folders = [segment for segment in path.split("/") if segment][:-1]
        if common is None:
            common = folders
            continue
        shared = 0
        while shared < min(len(common), len(folders)) and common[shared] == folders[shared]:
            shared += 1
        common = common[:shared]
    common = common or []
    dated = [i for i, segment in enumerate(common) if _DATE_SEGMENT.fullmatch(segment)]
    common = common[:dated[0]] if dated else common
    return urljoin(home, "/" + "/".join(common) + "/") if common else None


def effective_source(source: Source, ways: Iterable[dict[str, Any]]) -> Source:
    """A homepage-only source with the working ways in found for it; a source that names ways
    in is crawled as configured (found ones kept from before it named them are not read)."""
    if not source.homepage_only:
        return source
    active = [way for way in ways if way.get("status", "active") == "active"]
    feeds = list(source.feeds) + [w["url"] for w in active
                                  if w["kind"] == "feed" and w["url"] not in source.feeds]
    sitemaps = list(source.sitemaps) + [
        w["url"] for w in active if w["kind"] == "sitemap" and w["url"] not in source.sitemaps]
    listed = {listing.url for listing in source.listings}
    listings = list(source.listings) + [
        Listing(url=w["url"], max_pages=FOUND_LISTING_MAX_PAGES, read_all=not w.get("last_worked"),
                needs_evidence=w.get("how") == "homepage")
        for w in active if w["kind"] == "listing" and w["url"] not in listed]
    return replace(source, feeds=tuple(feeds), sitemaps=tuple(sitemaps), listings=tuple(listings))


def needs_discovery(source: Source, ways: Iterable[dict[str, Any]]) -> bool:
    """A homepage-only source is discovered when no found way in works (none yet, or all broke);
    a source with explicit ways in is crawled as configured."""
    return source.homepage_only and not any(
        way.get("status") == "active" for way in ways)


def after_crawl(way: dict[str, Any], outcome: Outcome, now: str) -> dict[str, Any]:
    """The way's record once a crawl used it: reset when it worked, broken when it is gone
    (404/410) or failed or found nothing BROKEN_AFTER_* crawls in a row."""
    way = {**way, "last_checked": now}
    if outcome.failed:
        failures = (way.get("failures") or 0) + 1
        gone = outcome.status in GONE
        way.update(failures=failures)
        if gone or failures >= BROKEN_AFTER_FAILURES:
            way.update(status="broken", broken_at=now, broken_reason=outcome.reason or (
                f"HTTP {outcome.status}" if outcome.status else "failed"))
        return way
    if outcome.entries == 0 and not outcome.unchanged:
        empty = (way.get("empty_runs") or 0) + 1
        way.update(empty_runs=empty, failures=0)
        if empty >= BROKEN_AFTER_EMPTY:
            way.update(status="broken", broken_at=now,
                       broken_reason=f"found nothing {empty} crawls in a row")
        return way
    way.update(status="active", failures=0, empty_runs=0, last_worked=now, broken_reason=None)
    return way


def described(way: WayIn | dict[str, Any]) -> str:
    """"feed (linked, full text)", "listing (navigation)": how `probono sources` names a way in."""
    get: Callable[[str], Any] = (way.get if isinstance(way, dict)
                                 else lambda name: getattr(way, name))
    notes = [get("how")]
    if get("kind") == "feed" and get("full_content") is not None:
        notes.append("full text" if get("full_content") else "teasers")
    return f"{get('kind')} ({', '.join(notes)})"
