"""Running the spiders of the chosen sources in one Scrapy process, recorded as one crawl run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from pipeline.errors import ConfigError
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
              overrides: dict[str, Any] | None = None) -> CrawlResult:
    """Crawl the enabled (or named) sources into the database; raises ConfigError before any request."""
    sources = select_sources(load_sources(feeds), source_ids)
    if not sources:
        raise ConfigError("no enabled source to crawl: enable one, or name one with --source",
                          path=str(feeds))
    store = Store(db)
    try:
        store.save_sources(sources)
        run_id = store.start_run(len(sources))
    finally:
        store.close()
    settings = crawl_settings(db, feeds, {**(overrides or {}), "PROBONO_RUN_ID": run_id})
    process = CrawlerProcess(settings)
    for source in sources:
        for spider in spiders_for(source):
            process.crawl(spider, source=source.id)
    process.start()
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
