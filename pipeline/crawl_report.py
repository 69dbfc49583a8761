"""What a source spider is given and what it gives back, as plain data: no database here.

A spider reads `memory` (a CrawlMemory: what earlier crawls left) and writes what happened into
`report` (a CrawlReport). The crawl bookkeeping extension (pipeline/crawl_bookkeeping.py) fills
the first from the store as the spider is set up, and writes the second when it closes. A spider
crawling without it (`probono sources verify`, a test) sees an empty memory: a first crawl ever.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pipeline.sources import Source
from pipeline.ways_in import Outcome

# The close reason, and the stat saying why, when the database cannot take another write.
DATABASE_UNUSABLE = "database_unusable"
DATABASE_UNUSABLE_STAT = "probono/database_unusable"

# Sent by the ways spider (discovery=Discovery) as soon as it found a source's ways in: they are
# stored at once, so the source's next spider reads them (pipeline/crawl_bookkeeping.py).
ways_found = object()


class UrlQuery:
    """A set of identity URLs asked one URL at a time (`url in query`): the pages earlier crawls
    stored or dropped, too many to load into every spider at every crawl (the bookkeeping asks
    the store's index, pipeline/store/seen.py).

    `which(urls)`, when given, answers for many URLs at once (those of them in the set): a page's
    links are asked in one go before they are checked one by one (`ask_first`), one statement per
    few hundred links rather than one or two per link (0.03 ms each; a re-crawl's listing pages
    show only known links). Only the links found are kept, and only
    until the next page's are asked: a link not found then is asked again when it is checked,
    as before (another source's spider may have stored it meanwhile)."""

    def __init__(self, contains: Callable[[str], bool],
                 which: Callable[[list[str]], set[str]] | None = None):
        self._contains, self._which = contains, which
        self._found: set[str] = set()

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (url in self._found or self._contains(url))

    def ask_first(self, urls: Iterable[str]) -> None:
        """Ask for these URLs at once, for the checks that follow (without `which`, nothing)."""
        if self._which is not None:
            self._found = self._which(list(dict.fromkeys(urls)))


@dataclass
class CrawlMemory:
    """What a spider must know of earlier crawls. Each spider class names the parts it reads
    (`memory_parts`): the others stay empty, so a crawl reads from the store only what it uses."""

    source: Source | None = None  # as feeds.yaml says plus the ways in found (pipeline/ways_in)
    backoffs: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL -> fetch_backoff row
    feed_states: dict[str, dict[str, Any]] = field(default_factory=dict)  # feed URL -> its state
    # listing URL -> the validators of its first page
    listing_states: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Identity URLs, asked one at a time (a UrlQuery) when the crawl bookkeeping gives them.
    stored_urls: Container[str] = field(default_factory=set)  # pages stored, across sources
    not_article_urls: Container[str] = field(default_factory=set)  # dropped by their URL lately
    seen_urls: Container[str] = field(default_factory=set)  # stored or dropped, by URL or evidence
    known_urls: Container[str] = field(default_factory=set)  # stored before this crawl run began


@dataclass
class CrawlReport:
    """What happened in one spider's crawl, written when it closes."""

    errors: list[str] = field(default_factory=list)  # failures of the source; the last is shown
    refusals: list[str] = field(default_factory=list)  # URLs the network guard refused
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)  # fetch_backoff rows to write
    recovered: set[str] = field(default_factory=set)  # backed-off URLs that answered this time
    way_outcomes: dict[str, Outcome] = field(default_factory=dict)  # way-in URL -> what it did
    feed_states: dict[str, dict[str, Any]] = field(default_factory=dict)  # feed URL -> new state
    feeds_with_failed_pages: set[str] = field(default_factory=set)  # read in full next time
    listing_states: dict[str, dict[str, Any]] = field(default_factory=dict)  # listing URL -> new
    # A link of a listing left for a later crawl (backed off, over the crawl's budget): the
    # listings are then read in full next time, not answered "not modified".
    links_left: bool = False


def final_feed_states(report: CrawlReport) -> list[dict[str, Any]]:
    """The feed states to keep after a finished crawl. After any failure the validators are
    forgotten (all of them when the source failed, else those of feeds whose pages failed): the
    next crawl reads those feeds in full and retries what failed, instead of being told "not
    modified"."""
    retry = (set(report.feed_states) if report.errors
             else report.feeds_with_failed_pages & set(report.feed_states))
    return [{**state, "etag": None, "last_modified": None, "body_hash": None}
            if url in retry else state for url, state in report.feed_states.items()]


def final_listing_states(report: CrawlReport) -> list[dict[str, Any]]:
    """The listing states to keep after a finished crawl: their validators only when the crawl
    left nothing of the source to do again (no failure, no link left for later); otherwise
    forgotten, so that the next crawl reads every listing in full and meets those links again."""
    keep = not (report.errors or report.failed or report.links_left)
    return [state if keep else {**state, "etag": None, "last_modified": None}
            for state in report.listing_states.values()]


@dataclass(frozen=True)
class RobotsFile:
    """One origin's robots.txt as fetched: its `status` (2xx, or a 4xx, RFC 9309's "unavailable")
    and its body, as Scrapy parsed it; `max_age`, the Cache-Control max-age it came with."""

    origin: str  # scheme://host[:port], as the middleware keys it
    fetched: str  # UTC ISO 8601, to the second (pipeline.dates.utc_now_iso)
    status: int
    body: bytes
    max_age: int | None = None

    def young(self, now: datetime) -> bool:
        """False once the answer's own max-age has run out (the setting is the query's)."""
        if self.max_age is None:
            return True
        return datetime.fromisoformat(self.fetched) + timedelta(seconds=self.max_age) > now
