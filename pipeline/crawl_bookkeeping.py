"""The crawl's bookkeeping, a Scrapy extension: with the item pipelines, the only part of a crawl
that opens the database, so that spiders only turn responses into items.

As a source spider is set up, before its first request, it is given what earlier crawls left
(`spider.memory`, pipeline/crawl_report.CrawlMemory: the ways in found, back-offs, feed states,
read once; the pages seen, asked of the store's index one URL at a time as the spider meets
them, through one store per database for all the spiders: SharedStores). When the spider
closes, whatever the reason, what it reported (`spider.report`, a CrawlReport) is written: the
run's row for the source with its figures (Scrapy's stats, probono/*), feed states (after a
finished crawl), the URLs that failed or answered again, what the crawl saw of the ways in.
The ways in the ways spider found are stored the moment it says so (crawl_report.ways_found),
for the source's next spiders. A bare `scrapy crawl` takes the crawl lock here and records a run
of its own; `probono crawl` holds the lock and names its run (PROBONO_RUN_ID).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from pipeline.crawl_report import (
    DATABASE_UNUSABLE,
    DATABASE_UNUSABLE_STAT,
    CrawlMemory,
    CrawlReport,
    UrlQuery,
    final_feed_states,
    final_listing_states,
    ways_found,
)
from pipeline.dates import utc_now_iso
from pipeline.errors import LockedError, database_problem
from pipeline.exit_codes import EXIT_DATABASE, EXIT_LOCKED
from pipeline.lock import CrawlLock
from pipeline.outcomes import SKIPPED_FIGURES
from pipeline.sources import Source
from pipeline.store import Store
from pipeline.store.seen import not_article_since
from pipeline.ways_in import Discovery, effective_source

logger = logging.getLogger(__name__)

# The per-source figures of a run's row, each read from Scrapy's stats as probono/<name>.
FIGURES = ("feeds_not_modified", "listings_not_modified", "feeds_unchanged", "feeds_malformed",
           "pages_fetched", "pages_skipped", "sitemaps_read", "sitemap_entries",
           "sitemap_skipped_old", "urls_excluded", "listings_empty", "refused",
           "discovery_requests", *SKIPPED_FIGURES)


def _seen(store: Store, source: Source) -> UrlQuery:
    """The pages a pages spider skips: stored, or dropped lately (by their URL or their page)."""
    cutoff = not_article_since()

    def which(urls: list[str]) -> set[str]:
        stored = store.stored_among(urls, source.kind)
        return stored | store.not_articles_among([url for url in urls if url not in stored],
                                                 page_evidence=True, since=cutoff)

    return UrlQuery(lambda url: store.is_stored(url, source.kind)
                    or store.is_not_article(url, page_evidence=True, since=cutoff), which)


def _not_articles(store: Store) -> UrlQuery:
    """Dropped by their URL only: a page's markup says nothing of an item a feed names on
    purpose."""
    cutoff = not_article_since()
    return UrlQuery(lambda url: store.is_not_article(url, page_evidence=False, since=cutoff))


# How each part of a CrawlMemory is read: (store, the source as crawled, the run's start). The
# URLs are asked one at a time from the store's indexes while the spider runs (the store stays
# open until it closes): loading them cost every spider a share of the archive.
MEMORY_PARTS: dict[str, Callable[[Store, Source, str], Any]] = {
    "backoffs": lambda store, source, since: store.fetch_backoffs(),
    "feed_states": lambda store, source, since: store.feed_states(source.feeds),
    "listing_states": lambda store, source, since: store.listing_states(
        source.id, (listing.url for listing in source.listings)),
    "stored_urls": lambda store, source, since: UrlQuery(
        lambda url: store.is_stored(url, source.kind)),
    "not_article_urls": lambda store, source, since: _not_articles(store),
    "seen_urls": lambda store, source, since: _seen(store, source),
    "known_urls": lambda store, source, since: UrlQuery(
        lambda url: store.known_before(url, since)),
}


class SharedStores:
    """One store per database for the bookkeeping of every spider of a process, closed when the
    last spider that took it lets it go: opening one (migrations checked, WAL) costs a few
    milliseconds, twice for every spider of every source. Sharing one connection is safe here:
    the spiders run in the reactor's one thread, and each write is a transaction of its own.
    `synchronous`: how its commits reach the disk (SQLite's pragma); the store stage shares its
    own, with the full flush (pipeline/pipelines.py)."""

    def __init__(self, synchronous: str = "NORMAL") -> None:
        self.synchronous = synchronous
        self.open: dict[str, tuple[Store, int]] = {}  # database path -> (store, spiders using it)

    def take(self, db: str) -> Store:
        store, users = self.open.get(db) or (None, 0)
        if store is None:
            store = Store(db)
            # The bookkeeping's commits (run rows, feed states, ways in, back-offs: 2-3 a spider)
            # are not each flushed to the disk (2 ms each here): in WAL mode SQLite stays
            # consistent; a power cut may lose the last ones, which the next crawl redoes (a
            # feed read in full, a failure counted once less). Articles keep the full flush.
            store.db.execute(f"PRAGMA synchronous = {self.synchronous}")
        self.open[db] = (store, users + 1)
        return store

    def give_back(self, db: str) -> None:
        store, users = self.open[db]
        if users > 1:
            self.open[db] = (store, users - 1)
        else:
            del self.open[db]
            store.close()


STORES = SharedStores()


class RecordedSpider(Protocol):
    """What this extension needs of a source spider (spiders/base.SourceSpider)."""

    name: str
    configured: Source  # as feeds.yaml says
    source: Source  # as crawled
    memory_parts: tuple[str, ...]  # the parts of CrawlMemory it reads
    memory: CrawlMemory
    report: CrawlReport
    logger: Any  # Scrapy's, so that the lines it writes here read as the spider's


def load_memory(store: Store, configured: Source, parts: tuple[str, ...],
                since: str) -> CrawlMemory:
    """What a spider must know of earlier crawls: the source as feeds.yaml says plus the ways
    in found (pipeline/ways_in.py), and the named parts only."""
    unknown = set(parts) - set(MEMORY_PARTS)
    if unknown:
        raise ValueError(f"no such part of a crawl's memory: {', '.join(sorted(unknown))}")
    source = effective_source(configured, store.ways_in(configured.id))
    return CrawlMemory(source=source, **{part: MEMORY_PARTS[part](store, source, since)
                                         for part in parts})


def no_usable_response(report: CrawlReport, stats: dict[str, Any]) -> bool:
    """Requests were made but none answered usefully and none failed loudly: Scrapy dropped
    them (a redirect loop back to a URL already asked, for one), or the guard refused all."""
    return (not stats.get("probono/responses_ok") and not report.errors
            and not any(stats.get(f"probono/{name}") for name in SKIPPED_FIGURES))


def run_row(run_id: int | None, spider: RecordedSpider, started: str, duration_s: float,
            reason: str, stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl_source_runs row of one spider: its figures, from Scrapy's stats."""
    report = spider.report
    shown = report.errors or report.refusals  # refusals are shown, but do not fail the source
    return {
        "run_id": run_id, "source_id": spider.source.id, "spider": spider.name,
        "started": started, "finished": utc_now_iso(), "finish_reason": reason,
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("probono/responses_ok", 0),  # 2xx and 304 of its own URLs
        "new": stats.get("probono/articles_new", 0),
        "updated": stats.get("probono/articles_updated", 0),
        "unchanged": stats.get("probono/articles_unchanged", 0),
        "dropped": stats.get("probono/dropped", 0),
        "errors": len(report.errors),
        "last_error": shown[-1] if shown else None,
        **{name: stats.get(f"probono/{name}", 0) for name in FIGURES},
        "duration_s": round(duration_s, 2),
        "duplicates": stats.get("probono/duplicates", 0),
        "stage_cpu": json.dumps({key.rsplit("/", 1)[1]: round(value, 4) for key, value
                                 in stats.items() if key.startswith("probono/cpu/")}),
        "dropped_reasons": json.dumps({key.rsplit("/", 1)[1]: value for key, value
                                       in stats.items() if key.startswith("probono/dropped/")}),
    }


def stop_for_database(crawler: Any, error: BaseException) -> None:
    """Close the spider when the database is unusable (full disk, read-only, corrupt): every
    further write would fail the same way. Said once, in one line."""
    stats = crawler.stats
    if not stats.get_value(DATABASE_UNUSABLE_STAT):
        stats.set_value(DATABASE_UNUSABLE_STAT, f"{database_problem(error)} ({error})")
        logger.warning("database unusable, the spider stops: %s",
                       stats.get_value(DATABASE_UNUSABLE_STAT))
    deferred_from_coro(crawler.engine.close_spider_async(reason=DATABASE_UNUSABLE))


class CrawlBookkeeping:
    """The extension (settings.EXTENSIONS): one per crawler, for a source spider only."""

    def __init__(self, crawler: Any, spider: RecordedSpider):
        self.crawler, self.spider = crawler, spider
        settings = crawler.settings
        self.db = settings.get("PROBONO_DB")
        self.run_id: int | None = settings.getint("PROBONO_RUN_ID") or None
        self.owns_run = self.run_id is None  # a plain `scrapy crawl` records its own run
        self.lock: CrawlLock | None = None
        self.store: Store | None = None  # taken from STORES: the memory asks it URLs until closed
        self.started, self.started_clock = utc_now_iso(), time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlBookkeeping:
        spider = crawler.spider
        if not hasattr(spider, "memory_parts"):  # the discover spider: no source, no record
            raise NotConfigured("not a source spider")
        records = cls(crawler, spider)
        if records.owns_run:
            records.take_lock()  # first thing, before anything opens the database
        records.open()
        crawler.signals.connect(records.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(records.save_discovery, signal=ways_found)
        return records

    def take_lock(self) -> None:
        """Take the crawl lock, or stop this `scrapy crawl` before it opens the database."""
        self.lock = CrawlLock(self.db)
        try:
            self.lock.__enter__()
        except LockedError as error:
            # Before anything was opened or written: nothing to close, so leave at once, with the
            # exit code and the one line of `probono crawl`, rather than Scrapy's tracebacks.
            self.lock = None
            sys.stderr.write(f"Error: {error}\n")
            raise SystemExit(EXIT_LOCKED) from None

    def open(self) -> None:
        """Record the source (as feeds.yaml says, not the ways found: the store stage needs its
        row), open our own run if no command opened one, and give the spider its memory. Done as
        the spider is set up, so that a database that cannot be read fails the source at once,
        before any request, as `probono crawl` reports it. The store stays open for the memory's
        URL lookups, until the spider closes."""
        spider = self.spider
        try:
            self.store = store = STORES.take(self.db)
            store.save_sources([spider.configured])
            if self.owns_run:
                self.run_id = store.start_run(1)
            since = (store.run_started(self.run_id) if self.run_id else None) or self.started
            spider.memory = load_memory(store, spider.configured, spider.memory_parts, since)
        except BaseException:
            self.let_go()
            raise
        if spider.memory.source is not None:
            spider.source = spider.memory.source

    def save_discovery(self, discovery: Discovery) -> None:
        """The ways spider found a source's ways in: stored now, for the source's next spiders.
        A database that takes no more writes stops the spider, as the store stage does."""
        try:
            with self.opened_store() as store:
                store.save_discovery(discovery, utc_now_iso())
        except (sqlite3.DatabaseError, OSError) as error:
            if database_problem(error) is None:
                raise
            stop_for_database(self.crawler, error)

    def spider_closed(self, reason: str) -> None:
        """Write what the spider reported, whatever the reason it closed; after a whole crawl
        only, its feed states and what it saw of the found ways in (pipeline/ways_in.py)."""
        stats, report = self.crawler.stats, self.spider.report
        try:
            if stats.get_value(DATABASE_UNUSABLE_STAT):  # no write would succeed
                self.close_unusable()
                return
            if no_usable_response(report, stats.get_stats()):
                self.record_error(report.refusals[-1] if report.refusals else
                                  f"no usable response from {self.spider.source.id} "
                                  "(a redirect loop, or every request filtered)")
            with self.opened_store() as store:
                # The run's record first: what an operator reads, even if a later write fails.
                store.record_source_run(run_row(
                    self.run_id, self.spider, self.started,
                    time.monotonic() - self.started_clock, reason, stats.get_stats()))
                if self.owns_run and self.run_id is not None:
                    failed = bool(report.errors)
                    store.finish_run(self.run_id, "failed" if failed else "ok", int(failed))
                if reason == "finished" and report.feed_states:
                    store.save_feed_states(final_feed_states(report))
                if reason == "finished" and report.listing_states:
                    store.save_listing_states(final_listing_states(report))
                if report.failed or report.recovered:
                    store.save_fetch_outcomes(report.failed.values(),
                                              report.recovered - set(report.failed))
                if reason == "finished" and report.way_outcomes:
                    store.record_way_outcomes(self.spider.source.id, report.way_outcomes,
                                              utc_now_iso())
        finally:
            self.let_go()

    @contextlib.contextmanager
    def opened_store(self) -> Iterator[Store]:
        """The store taken as the spider was set up (kept for its memory's lookups), else one
        opened for this write."""
        if self.store is not None:
            yield self.store
        else:
            with Store(self.db) as store:
                yield store

    def record_error(self, message: str) -> None:
        """A failure of the source seen only as it closes: counted and logged as the spider's."""
        self.spider.report.errors.append(message)
        self.crawler.stats.inc_value("probono/errors")
        self.spider.logger.error("source %s: %s", self.spider.source.id, message)

    def close_unusable(self) -> None:
        """The database takes no more writes: close our own run as failed if it still can."""
        if self.owns_run and self.run_id is not None:
            with contextlib.suppress(sqlite3.DatabaseError, OSError), Store(self.db) as store:
                store.finish_run(self.run_id, "failed", EXIT_DATABASE)

    def let_go(self) -> None:
        """Give the store back; let go of the lock, when this `scrapy crawl` took it."""
        if self.store is not None:
            self.store = None
            STORES.give_back(self.db)
        if self.lock is not None:
            self.lock.__exit__(None, None, None)
            self.lock = None
