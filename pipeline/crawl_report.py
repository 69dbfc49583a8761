"""What a source spider is given and what it gives back, as plain data: no database here.

A spider reads `memory` (a CrawlMemory: what earlier crawls left) and writes what happened into
`report` (a CrawlReport). The crawl bookkeeping extension (pipeline/crawl_bookkeeping.py) fills
the first from the store as the spider is set up, and writes the second when it closes. A spider
crawling without it (`probono sources verify`, a test) sees an empty memory: a first crawl ever.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field
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
    the store's index, pipeline/store/seen.py)."""

    def __init__(self, contains: Callable[[str], bool]):
        self._contains = contains

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._contains(url)


@dataclass
class CrawlMemory:
    """What a spider must know of earlier crawls. Each spider class names the parts it reads
    (`memory_parts`): the others stay empty, so a crawl reads from the store only what it uses."""

    source: Source | None = None  # as feeds.yaml says plus the ways in found (pipeline/ways_in)
    backoffs: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL -> fetch_backoff row
    feed_states: dict[str, dict[str, Any]] = field(default_factory=dict)  # feed URL -> its state
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


def final_feed_states(report: CrawlReport) -> list[dict[str, Any]]:
    """The feed states to keep after a finished crawl. After any failure the validators are
    forgotten (all of them when the source failed, else those of feeds whose pages failed): the
    next crawl reads those feeds in full and retries what failed, instead of being told "not
    modified"."""
    retry = (set(report.feed_states) if report.errors
             else report.feeds_with_failed_pages & set(report.feed_states))
    return [{**state, "etag": None, "last_modified": None, "body_hash": None}
            if url in retry else state for url, state in report.feed_states.items()]
