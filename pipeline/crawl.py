"""Running the spiders of the chosen sources in one Scrapy process, recorded as one crawl run."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.statscollectors import StatsCollector

from pipeline.errors import ConfigError, DatabaseUnusable, database_problem
from pipeline.lock import CrawlLock
from pipeline.logs import add_console, add_log_file, remove_handler
from pipeline.outcomes import SKIPPED_FIGURES
from pipeline.sources import Source, load_sources, select_sources
from pipeline.store import Store

# Exit codes of `probono crawl`, documented in the README.
EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_CONFIG = 2
EXIT_LOCKED = 3
EXIT_NOTHING_FETCHED = 4
EXIT_DATABASE = 5  # the database is unusable: corrupt, read-only, disk full


@dataclass
class CrawlResult:
    """What a crawl run did, source by source."""

    run_id: int
    exit_code: int
    status: str
    totals: dict[str, int]
    per_source: list[dict[str, Any]] = field(default_factory=list)


def crawl_settings(db: str | Path, feeds: str | Path, overrides: dict[str, Any] | None = None) -> Settings:
    """The project's Scrapy settings pointed at this database and feeds file."""
    settings = Settings()
    settings.setmodule("pipeline.settings", priority="project")
    settings.set("PROBONO_DB", str(db), priority="cmdline")
    settings.set("PROBONO_FEEDS", str(feeds), priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def spiders_for(source: Source) -> list[str]:
    """The spiders a source needs: feeds for its feeds, pages for its listing pages and sitemaps."""
    return (["feeds"] if source.feeds else []) + (["pages"] if source.reads_pages else [])


def run_crawl(db: str | Path, feeds: str | Path, source_ids: tuple[str, ...] = (),
              overrides: dict[str, Any] | None = None, log_file: str | Path | None = None,
              on_spider_closed: Callable[[str, str], None] | None = None) -> CrawlResult:
    """Crawl the enabled (or named) sources into the database, one crawl at a time.

    Raises ConfigError before any request, LockedError when another crawl holds the database,
    DatabaseUnusable when the database or its folder cannot be used (corrupt, read-only, full).
    `on_spider_closed(source_id, spider_name)` is called as each spider finishes (progress).
    """
    sources = select_sources(load_sources(feeds), source_ids)
    if not sources:
        raise ConfigError("no enabled source to crawl: enable one, or name one with --source",
                          path=str(feeds))
    try:
        with CrawlLock(db):
            return _crawl(db, feeds, sources, overrides, log_file, on_spider_closed)
    except (sqlite3.DatabaseError, OSError) as error:
        if database_problem(error) is None:
            raise
        raise DatabaseUnusable(_unusable_message(db, error)) from None


def _unusable_message(db: str | Path, error: BaseException) -> str:
    """One line: which file, what is wrong with it, and what the system said."""
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {database_problem(error)} ({error.strerror})"
    return f"{db}: database unusable: {database_problem(error)} ({error})"


def _crawl(db: str | Path, feeds: str | Path, sources: list[Source], overrides: dict[str, Any] | None,
           log_file: str | Path | None, on_spider_closed: Callable[[str, str], None] | None
           ) -> CrawlResult:
    run_id = _open_run(db, sources)
    settings = crawl_settings(db, feeds, {**(overrides or {}), "PROBONO_RUN_ID": run_id,
                                          "LOG_INSTALL_ROOT_HANDLER": False})
    process = CrawlerProcess(settings)
    # One line per record on the console; tracebacks only in the log file, never in cron's mail.
    console = add_console(settings.get("LOG_LEVEL"), settings.get("LOG_FORMAT"),
                          settings.get("LOG_DATEFORMAT"))
    handler = add_log_file(log_file) if log_file else None
    crawlers = [_add_crawler(process, spider, source.id, on_spider_closed)
                for source in sources for spider in spiders_for(source)]
    try:
        process.start()
    finally:
        for attached in (console, handler):
            if attached is not None:
                remove_handler(attached)
    _raise_if_database_unusable(db, run_id, crawlers)
    return _finish(db, run_id)


def _open_run(db: str | Path, sources: list[Source]) -> int:
    """Record the sources and open this crawl's run; returns its id."""
    store = Store(db)
    try:
        store.save_sources(sources)
        # Under the lock, a run still marked "running" is one that died (SIGKILL, power loss).
        store.close_interrupted_runs()
        return store.start_run(len(sources))
    finally:
        store.close()


def _add_crawler(process: CrawlerProcess, spider: str, source_id: str,
                 on_spider_closed: Callable[[str, str], None] | None) -> Crawler:
    """Schedule one spider for one source, with the progress callback and the database stop."""
    crawler = process.create_crawler(spider)
    if on_spider_closed:
        crawler.signals.connect(
            lambda spider, reason: on_spider_closed(source_id, spider.name),
            signal=signals.spider_closed, weak=False)
    crawler.signals.connect(lambda spider, reason: _stop_all_if_unusable(process, crawler, reason),
                            signal=signals.spider_closed, weak=False)
    process.crawl(crawler, source=source_id)
    return crawler


def _stop_all_if_unusable(process: CrawlerProcess, closed: Crawler, reason: str) -> None:
    """A spider stopped because the database takes no more writes: the others would fail the
    same way, item after item, so they stop too, told why (their figures are not written)."""
    from pipeline.pipelines import DATABASE_UNUSABLE, DATABASE_UNUSABLE_STAT

    if reason != DATABASE_UNUSABLE:
        return
    why = closed.stats.get_value(DATABASE_UNUSABLE_STAT)
    for crawler in process.crawlers:
        stats = _stats(crawler)
        if stats is not None and not stats.get_value(DATABASE_UNUSABLE_STAT):
            stats.set_value(DATABASE_UNUSABLE_STAT, why)
    process.stop()


def _stats(crawler: Crawler) -> StatsCollector | None:
    """A crawler's stats, or None before its crawl started (Scrapy's `stats` raises then)."""
    return crawler._stats  # noqa: SLF001 - Scrapy's documented way to read it early


def _raise_if_database_unusable(db: str | Path, run_id: int, crawlers: list[Crawler]) -> None:
    """After a crawl stopped for the database: close the run as failed if a write still passes
    (a full disk often takes a small one), then raise DatabaseUnusable."""
    from pipeline.pipelines import DATABASE_UNUSABLE_STAT

    why = next((stats.get_value(DATABASE_UNUSABLE_STAT) for stats in map(_stats, crawlers)
                if stats is not None and stats.get_value(DATABASE_UNUSABLE_STAT)), None)
    if why is None:
        return
    with contextlib.suppress(sqlite3.DatabaseError, OSError):
        store = Store(db)
        try:
            store.finish_run(run_id, "failed", EXIT_DATABASE)
        finally:
            store.close()
    raise DatabaseUnusable(f"{db}: database unusable: {why}; the crawl stopped")


def _finish(db: str | Path, run_id: int) -> CrawlResult:
    store = Store(db)
    try:
        per_source = store.run_sources(run_id)
        failed = [row for row in per_source if row["errors"]]
        # A source whose requests were all skipped on purpose (not due, backed off, disallowed by
        # robots.txt) did what it should: only errors without a single answer mean "nothing".
        fetched = [row for row in per_source
                   if row["responses"] or any(row.get(name) for name in SKIPPED_FIGURES)]
        if per_source and not fetched:
            status, code = "nothing-fetched", EXIT_NOTHING_FETCHED
        elif failed:
            status, code = "some-failed", EXIT_SOME_FAILED
        else:
            status, code = "ok", EXIT_OK
        totals = store.finish_run(run_id, status, code)
    finally:
        store.close()
    return CrawlResult(run_id, code, status, totals, per_source)


def run_discovery(url: str, overrides: dict[str, Any] | None = None) -> tuple[list[dict], str | None]:
    """The readable feeds of a site (from its homepage URL), and the error if it could not be read."""
    from spiders.discover import DiscoverSpider

    settings = crawl_settings(":memory:", "", {"LOG_LEVEL": "WARNING", **(overrides or {}),
                                               "LOG_INSTALL_ROOT_HANDLER": False})
    process = CrawlerProcess(settings)
    # As `probono crawl`: Scrapy's notices stay off the terminal (the spider's error is the
    # answer); only a critical record shows, on one line.
    console = add_console("CRITICAL", settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
    crawler = process.create_crawler(DiscoverSpider)
    process.crawl(crawler, url=url)
    try:
        process.start()
    finally:
        remove_handler(console)
    spider = crawler.spider
    return spider.found, spider.error
