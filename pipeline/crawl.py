"""Running the spiders of the chosen sources in one Scrapy process, recorded as one crawl run."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from pipeline.errors import ConfigError
from pipeline.lock import CrawlLock
from pipeline.logs import add_log_file
from pipeline.sources import Source, load_sources, select_sources
from pipeline.store import Store

# Exit codes of `probono crawl`, documented in the README.
EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_CONFIG = 2
EXIT_LOCKED = 3
EXIT_NOTHING_FETCHED = 4


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

    Raises ConfigError before any request, LockedError when another crawl holds the database.
    `on_spider_closed(source_id, spider_name)` is called as each spider finishes (progress).
    """
    sources = select_sources(load_sources(feeds), source_ids)
    if not sources:
        raise ConfigError("no enabled source to crawl: enable one, or name one with --source",
                          path=str(feeds))
    with CrawlLock(db):
        return _crawl(db, feeds, sources, overrides, log_file, on_spider_closed)


def _crawl(db: str | Path, feeds: str | Path, sources: list[Source], overrides: dict[str, Any] | None,
           log_file: str | Path | None, on_spider_closed: Callable[[str, str], None] | None
           ) -> CrawlResult:
    store = Store(db)
    try:
        store.save_sources(sources)
        # Under the lock, a run still marked "running" is one that died (SIGKILL, power loss).
        store.close_interrupted_runs()
        run_id = store.start_run(len(sources))
    finally:
        store.close()
    settings = crawl_settings(db, feeds, {**(overrides or {}), "PROBONO_RUN_ID": run_id})
    process = CrawlerProcess(settings)
    handler = add_log_file(log_file) if log_file else None
    for source in sources:
        for spider in spiders_for(source):
            crawler = process.create_crawler(spider)
            if on_spider_closed:
                crawler.signals.connect(
                    lambda spider, reason, source_id=source.id: on_spider_closed(source_id, spider.name),
                    signal=signals.spider_closed, weak=False)
            process.crawl(crawler, source=source.id)
    try:
        process.start()
    finally:
        if handler is not None:  # a second crawl in the same process must not log every line twice
            logging.getLogger().removeHandler(handler)
            handler.close()
    return _finish(db, run_id)


def _finish(db: str | Path, run_id: int) -> CrawlResult:
    store = Store(db)
    try:
        per_source = store.run_sources(run_id)
        failed = [row for row in per_source if row["errors"]]
        fetched = [row for row in per_source if row["responses"]]
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

    settings = crawl_settings(":memory:", "", {"LOG_LEVEL": "WARNING", **(overrides or {})})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(DiscoverSpider)
    process.crawl(crawler, url=url)
    process.start()
    spider = crawler.spider
    return spider.found, spider.error
