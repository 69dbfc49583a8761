"""Running the spiders of the chosen sources in one Scrapy process, recorded as one crawl run."""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import inspect
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import scrapy.middleware
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import BaseSettings, Settings, SettingsAttribute
from scrapy.statscollectors import StatsCollector
from twisted.internet import defer

from pipeline.crawl_report import DATABASE_UNUSABLE, DATABASE_UNUSABLE_STAT, RobotsFile
from pipeline.dates import utc_now_iso
from pipeline.errors import ConfigError, DatabaseUnusable, database_problem
from pipeline.exit_codes import (  # noqa: F401 - cli's
    EXIT_CONFIG,
    EXIT_DATABASE,
    EXIT_LOCKED,
    EXIT_NOTHING_FETCHED,
    EXIT_OK,
    EXIT_SOME_FAILED,
)
from pipeline.lock import CrawlLock
from pipeline.logs import add_console, add_log_file, remove_handler, set_up_logged_once
from pipeline.outcomes import SKIPPED_FIGURES
from pipeline.sources import Source, load_sources, select_sources
from pipeline.store import Store
from pipeline.ways_in import Discovery, effective_source, needs_discovery
from spiders.netguard import give_kept_robots, take_fetched_robots

# The garbage collector's first threshold during a crawl (Python's default: 700). At 700 it ran
# some 730 times in a crawl of 300 articles, 0.40-0.50 s of its 9 s of CPU; at 10,000, 40 times,
# 0.11-0.17 s, peak RSS within 3 MB (benchmarks/diy_comparison.py's network, 2026-12-06).
CRAWL_GC_THRESHOLD = 10_000


@dataclass
class CrawlResult:
    """What a crawl run did, source by source."""

    run_id: int
    exit_code: int
    status: str
    totals: dict[str, int]
    per_source: list[dict[str, Any]] = field(default_factory=list)


class CrawlSettings(Settings):
    """Scrapy's settings, copied faster: each crawler (one per source and spider) takes its own
    copy, which Scrapy makes with copy.deepcopy, a generic walk of some 3,000 objects (2-6 ms a
    copy, 0.1-0.3 s of a re-crawl of 50 sources). This copy is the same: a new attribute for
    each setting, its priority kept, every value that can change deep-copied (dicts, lists,
    nested settings); only strings, numbers, booleans and None are shared, which nothing can
    change in place."""

    def copy(self) -> Self:
        return _copied(self, {})


_IMMUTABLE = (str, bytes, int, float, bool, type(None))


def _copied(settings: BaseSettings, memo: dict[int, Any]) -> Any:
    """`settings` with copies of its attributes and of their values that can change (`memo` as
    copy.deepcopy's: one object shared by two settings stays one object in the copy)."""
    clone = object.__new__(type(settings))
    clone.__dict__.update(settings.__dict__)  # its frozen flag
    attributes = {}
    for name, attribute in settings.attributes.items():
        copied = object.__new__(SettingsAttribute)
        copied.__dict__.update(attribute.__dict__)  # value and priority
        value = attribute.value
        if isinstance(value, BaseSettings):
            if id(value) not in memo:
                memo[id(value)] = _copied(value, memo)
            copied.value = memo[id(value)]
        elif not isinstance(value, _IMMUTABLE):
            copied.value = copy.deepcopy(value, memo)
        attributes[name] = copied
    clone.attributes = attributes
    return clone


@contextlib.contextmanager
def each_method_checked_once() -> Iterator[None]:
    """While it lasts, Scrapy's check of each middleware method for a `spider` argument (deprecated,
    warned of) looks at each function once. Scrapy makes it as each crawler builds its components
    (inspect.signature of the same 40-odd methods for each of a crawl's 50-100 crawlers, 1-2 ms a
    crawler); a bound method's answer is its function's, whichever instance it is bound to.
    The warning, and Scrapy's handling of such a method, stay as they were: only the answer is
    remembered."""
    required = getattr(scrapy.middleware, "argument_is_required", None)
    if required is None:  # a Scrapy without it (renamed, or the check gone): nothing to remember
        yield
        return
    answers: dict[tuple[Callable[..., Any], str], bool] = {}

    def checked_once(func: Callable[..., Any], arg_name: str) -> bool:
        function = getattr(func, "__func__", None)
        if function is None:  # not a bound method: checked each time, as Scrapy does
            return required(func, arg_name)
        if (function, arg_name) not in answers:
            answers[function, arg_name] = required(func, arg_name)
        return answers[function, arg_name]

    scrapy.middleware.argument_is_required = checked_once
    try:
        yield
    finally:
        scrapy.middleware.argument_is_required = required


# The file names Python's import machinery shows in a traceback: frozen modules, no file on disk.
_FROZEN_IMPORT_FILES = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")


def _import_download_handler() -> None:
    """Import Scrapy's HTTP download handler now rather than from the first crawler. Two of its
    modules call inspect.stack() as they are imported, to name a deprecated class's module from
    the frame that imports them, and inspect reads the source lines of every frame of the stack
    and looks up each frame's module: for each frame of the import machinery (a frozen file), a
    walk over all loaded modules that finds none. From deep in the reactor's callbacks that was
    0.25-0.3 s; from here 0.05 s; 0.035 s with the stack taken without source lines (nothing
    reads them: only the frame is used) and those frozen files told to inspect's cache of files
    as belonging to no module (the answer its walk comes to), both for this import only."""
    told = [name for name in _FROZEN_IMPORT_FILES if name not in inspect.modulesbyfile]
    for name in told:
        inspect.modulesbyfile[name] = name  # a name no module has: getmodule answers None
    stack = inspect.stack
    # Frames without their lines of source; a partial, not a function of ours, which would be
    # one more frame on the stack Scrapy reads its caller from.
    inspect.stack = functools.partial(stack, context=0)
    try:
        import scrapy.core.downloader.handlers.http11  # noqa: F401
    finally:
        inspect.stack = stack
        for name in told:
            inspect.modulesbyfile.pop(name, None)


def crawl_settings(db: str | Path, feeds: str | Path,
                   overrides: dict[str, Any] | None = None) -> Settings:
    """The project's Scrapy settings pointed at this database and feeds file."""
    settings = CrawlSettings()
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
              on_source_done: Callable[[str], None] | None = None) -> CrawlResult:
    """Crawl the enabled (or named) sources into the database, one crawl at a time.

    Raises ConfigError before any request, LockedError when another crawl holds the database,
    DatabaseUnusable when the database or its folder cannot be used (corrupt, read-only, full).
    `on_source_done(source_id)` is called as each source's spiders are all done (progress).
    """
    sources = select_sources(load_sources(feeds), source_ids)
    if not sources:
        raise ConfigError("no enabled source to crawl: enable one, or name one with --source",
                          path=str(feeds))
    try:
        with CrawlLock(db):
            return _crawl(db, feeds, sources, overrides, log_file, on_source_done)
    except (sqlite3.DatabaseError, OSError) as error:
        if database_problem(error) is None:
            raise
        raise DatabaseUnusable(_unusable_message(db, error)) from None


def _unusable_message(db: str | Path, error: BaseException) -> str:
    """One line: which file, what is wrong with it, and what the system said."""
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {database_problem(error)} ({error.strerror})"
    return f"{db}: database unusable: {database_problem(error)} ({error})"


def _crawl(db: str | Path, feeds: str | Path, sources: list[Source],
           overrides: dict[str, Any] | None, log_file: str | Path | None,
           on_source_done: Callable[[str], None] | None) -> CrawlResult:
    settings = crawl_settings(db, feeds, {**(overrides or {}), "LOG_INSTALL_ROOT_HANDLER": False})
    run_id, ways, robots = _open_run(db, sources, settings.getint("PROBONO_ROBOTS_MAX_AGE"))
    settings.set("PROBONO_RUN_ID", run_id, priority="cmdline")
    give_kept_robots(run_id, robots)
    _import_download_handler()
    process = CrawlerProcess(settings)
    # One line per record on the console; tracebacks only in the log file, never in cron's mail.
    console = add_console(settings.get("LOG_LEVEL"), settings.get("LOG_FORMAT"),
                          settings.get("LOG_DATEFORMAT"))
    handler = add_log_file(log_file) if log_file else None
    # Scrapy sets its loggers to DEBUG, so each response and each item made a log record (with its
    # caller looked up) that every handler then dropped: they take no more than the handlers show.
    scrapy_logger = logging.getLogger("scrapy")
    scrapy_level = scrapy_logger.level
    thresholds = gc.get_threshold()
    crawlers: list[Crawler] = []
    chains: list[_SourceCrawl] = []
    try:  # whatever fails from here, the loggers, handlers and collector are put back
        scrapy_logger.setLevel(min(attached.level for attached in (console, handler)
                                   if attached is not None))
        chains = [_SourceCrawl(db, run_id, process, source, crawlers, on_source_done,
                               ways[source.id]) for source in sources]
        # What is alive now (modules, classes: Scrapy's, Twisted's, ours) lives as long as the
        # crawl: frozen, it is left out of the garbage collector's full passes, which found
        # nothing to free in it (2-3 passes of 30-100 ms in a re-crawl of 2 s). Objects made from
        # here on are collected, the young ones every CRAWL_GC_THRESHOLD allocations (net) rather
        # than 700: a crawl makes and drops millions (pages, trees, requests). Both put back after
        # the crawl, for what the process does next (the tests crawl again).
        gc.freeze()
        gc.set_threshold(CRAWL_GC_THRESHOLD, *thresholds[1:])
        with each_method_checked_once(), set_up_logged_once():
            for chain in chains:
                chain.start()
            process.start()
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        scrapy_logger.setLevel(scrapy_level)
        for attached in (console, handler):
            if attached is not None:
                remove_handler(attached)
    for chain in chains:
        if chain.interrupted is not None:  # Ctrl-C while a spider was being set up
            raise chain.interrupted
    _raise_if_database_unusable(db, run_id, crawlers)
    result = _finish(db, run_id)
    _keep_robots_files(db, run_id, settings.getint("PROBONO_ROBOTS_MAX_AGE"))
    return result


def _open_run(db: str | Path, sources: list[Source], robots_max_age_s: int
              ) -> tuple[int, dict[str, list[dict[str, Any]]], dict[str, RobotsFile]]:
    """Record the sources and open this crawl's run; returns its id, the ways in found of each
    source and the robots.txt files earlier crawls kept that are still young, by origin (read
    here, with one opening of the database for all the sources)."""
    with Store(db) as store:
        store.save_sources(sources)
        # Under the lock, a run still marked "running" is one that died (SIGKILL, power loss).
        store.close_interrupted_runs()
        return (store.start_run(len(sources)),
                {source.id: store.ways_in(source.id) for source in sources},
                store.young_robots_files(robots_max_age_s))


class _SourceCrawl:
    """One source's spiders, one after the other: its ways in looked for when it has none that
    works (a homepage-only source: pipeline/ways_in.py), its feeds read, then its pages (which then
    skip what the feeds stored); when a found way in broke on the way, looked for once more and
    the new ways read. The next spider starts only after a finished one (not after Ctrl-C)."""

    def __init__(self, db: str | Path, run_id: int, process: CrawlerProcess, source: Source,
                 crawlers: list[Crawler], on_source_done: Callable[[str], None] | None,
                 ways: list[dict[str, Any]]):
        self.db, self.run_id, self.process, self.source = db, run_id, process, source
        self.crawlers, self.on_source_done = crawlers, on_source_done
        self.ways = ways  # the ways in found by earlier crawls, as the run opened
        self.started = utc_now_iso()
        self.stopped = False  # a spider closed for another reason than "finished"
        self.found_again = False
        self.interrupted: BaseException | None = None  # Ctrl-C (or exit) while setting one up

    def start(self) -> None:
        """Schedule the source's first spider now (CrawlerProcess.start stops at once when no
        crawl is under way), the next ones as each finishes."""
        steps = defer.succeed(None)
        ways = self.ways
        if needs_discovery(self.source, ways):
            steps.addCallback(lambda _: self._run("ways"))
            steps.addCallback(lambda _: self._read_ways_in())
        else:
            steps.addCallback(lambda _: self._read_ways_in(ways))
        steps.addCallback(lambda _: self._find_again_if_broken())
        steps.addErrback(self._failed)
        steps.addBoth(lambda _: self.on_source_done and self.on_source_done(self.source.id))

    def _read_ways_in(self, ways: list[dict[str, Any]] | None = None) -> Any:
        """The source's spiders for its ways in: `ways` as just read, or read now (after the ways
        spider stored what it found)."""
        crawled = effective_source(self.source, self._ways() if ways is None else ways)
        steps = defer.succeed(None)
        for spider in spiders_for(crawled):
            steps.addCallback(self._run_next, spider)
        return steps

    def _run_next(self, _previous: Any, spider: str) -> Any:
        """The next spider of the chain, once the one before closed."""
        return self._run(spider)

    def _find_again_if_broken(self) -> Any:
        """A found way in broke during this crawl (gone, or empty too long): find the ways in
        again now, and read the new ones, once."""
        if self.stopped or self.found_again or not self.source.homepage_only:
            return None
        broke = self._with_store(
            lambda store: store.ways_broken_since(self.source.id, self.started))
        if not broke:
            return None
        self.found_again = True
        steps = self._run("ways")
        steps.addCallback(lambda _: self._read_ways_in())
        return steps

    def _run(self, spider: str) -> Any:
        """Crawl one spider for the source; its Deferred fires when it closed."""
        if self.stopped:
            return None
        crawler = self.process.create_crawler(spider)
        source_id = self.source.id

        def closed(spider: Any, reason: str) -> None:
            self.stopped = self.stopped or reason != "finished"
            _stop_all_if_unusable(self.process, crawler, reason)

        crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)
        self.crawlers.append(crawler)
        return self.process.crawl(crawler, source=source_id)

    def _ways(self) -> list[dict[str, Any]]:
        return self._with_store(lambda store: store.ways_in(self.source.id))

    def _with_store(self, read: Callable[[Store], Any]) -> Any:
        with Store(self.db) as store:
            return read(store)

    def _failed(self, failure: Any) -> None:
        """A step that could not even start. Ctrl-C: the crawl stops and says so; anything else
        (feeds.yaml changed under the crawl, the database went away) is this source's failure,
        recorded in its run row, so the run ends "some-failed" and names it."""
        self.stopped = True
        if failure.check(KeyboardInterrupt, SystemExit):
            self.interrupted = failure.value
            self.process.stop()
            return
        message = " ".join(f"{failure.type.__name__}: {failure.getErrorMessage()}".split())
        logging.getLogger(__name__).error("source %s: %s", self.source.id, message)
        now = utc_now_iso()
        with contextlib.suppress(sqlite3.DatabaseError, OSError):
            self._with_store(lambda store: store.record_source_run({
                "run_id": self.run_id, "source_id": self.source.id, "spider": "crawl",
                "started": now, "finished": now, "finish_reason": "failed", "errors": 1,
                "last_error": f"the crawl of {self.source.id} could not start: {message}"}))


def _stop_all_if_unusable(process: CrawlerProcess, closed: Crawler, reason: str) -> None:
    """A spider stopped because the database takes no more writes: the others would fail the
    same way, item after item, so they stop too, told why (their figures are not written)."""
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
    return crawler._stats


def _raise_if_database_unusable(db: str | Path, run_id: int, crawlers: list[Crawler]) -> None:
    """After a crawl stopped for the database: close the run as failed if a write still passes
    (a full disk often takes a small one), then raise DatabaseUnusable."""
    why = next((stats.get_value(DATABASE_UNUSABLE_STAT) for stats in map(_stats, crawlers)
                if stats is not None and stats.get_value(DATABASE_UNUSABLE_STAT)), None)
    if why is None:
        return
    with contextlib.suppress(sqlite3.DatabaseError, OSError), Store(db) as store:
        store.finish_run(run_id, "failed", EXIT_DATABASE)
    raise DatabaseUnusable(f"{db}: database unusable: {why}; the crawl stopped")


def _keep_robots_files(db: str | Path, run_id: int, max_age_s: int) -> None:
    """The robots.txt files the crawl fetched, kept in one transaction for the next crawls
    (spiders/netguard.py reads what _open_run read of them); a crawl that fetched none opens
    nothing. Written after the run is closed, and only worth a warning when it cannot be (a
    database locked past its timeout, a full disk): the next crawl fetches them again."""
    files = take_fetched_robots(run_id)
    if not files:
        return
    try:
        with Store(db) as store:
            store.keep_robots_files(files, max_age_s)
    except (sqlite3.DatabaseError, OSError) as error:
        logging.getLogger(__name__).warning("%s: the robots.txt files fetched were not kept (%s)",
                                            db, error)


def _finish(db: str | Path, run_id: int) -> CrawlResult:
    with Store(db) as store:
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
    return CrawlResult(run_id, code, status, totals, per_source)


def run_discovery(url: str, overrides: dict[str, Any] | None = None
                  ) -> tuple[list[dict], str | None]:
    """The readable feeds of a site (from its homepage URL), and the error if it could not be
    read."""
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
    assert isinstance(spider, DiscoverSpider)  # for the type checker: created just above
    return spider.found, spider.error


def run_verify(feeds: str | Path, source_ids: tuple[str, ...] = (),
               overrides: dict[str, Any] | None = None) -> list[Discovery]:
    """Look for the ways in of every source of a feeds file (or the named ones), as the crawler
    would, storing nothing: what `probono sources verify` prints and writes."""
    sources = load_sources(feeds)
    chosen = select_sources(sources, source_ids) if source_ids else sources
    if not chosen:
        raise ConfigError("no source to verify", path=str(feeds))
    settings = crawl_settings(":memory:", feeds, {
        "LOG_LEVEL": "WARNING", **(overrides or {}), "LOG_INSTALL_ROOT_HANDLER": False,
        "ITEM_PIPELINES": {}, "EXTENSIONS": {"pipeline.crawl_bookkeeping.CrawlBookkeeping": None},
        "PROBONO_REMEMBER_WAYS": False})  # a spider without the database: nothing read, none kept
    process = CrawlerProcess(settings)
    console = add_console("CRITICAL", settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
    crawlers = []
    for source in chosen:
        crawler = process.create_crawler("ways")
        process.crawl(crawler, source=source.id)
        crawlers.append((source, crawler))
    try:
        process.start()
    finally:
        remove_handler(console)
    found = []
    for source, crawler in crawlers:
        report = getattr(crawler.spider, "report", None)  # no spider: it could not be set up
        discovery = getattr(crawler.spider, "discovery", None) or Discovery(
            source.id, problems=list(report.errors if report else []) or ["not reached"])
        found.append(discovery)
    return found
