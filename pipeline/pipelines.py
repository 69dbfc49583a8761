"""Scrapy item pipelines, one concern each, a few lines over the pure functions of pipeline/.

normalize (URLs, HTML, text) -> dedup (text hash) -> language -> store (upsert, copies folded).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import sys
import time
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from pipeline.backfill import is_backfill
from pipeline.dates import utc_now_iso
from pipeline.crawl import EXIT_DATABASE, EXIT_LOCKED
from pipeline.errors import LockedError, database_problem
from pipeline.lock import CrawlLock
from pipeline.enrich import (CopyFinder, add_language, add_signatures, add_tags, add_text_hash,
                             find_copy)
from pipeline.normalize import normalise_article
from pipeline.outcomes import SKIPPED_FIGURES
from pipeline.pagekind import non_article_reason
from pipeline.store import Store
from pipeline.urls import canonical_url
from spiders.items import Article

logger = logging.getLogger(__name__)
# The close reason, and the stat saying why, when the database cannot take another write.
DATABASE_UNUSABLE = "database_unusable"
DATABASE_UNUSABLE_STAT = "probono/database_unusable"


class _CrawlerPipeline:
    """Keeps the crawler, since Scrapy no longer passes the spider to pipeline methods, and counts
    the CPU time each stage spends (probono/cpu/<stage>), for the run's figures and the benchmark."""

    def __init__(self, crawler: Any):
        self.crawler = crawler

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        stage = cls.__name__.removesuffix("Pipeline").lower()
        process = cls.process_item

        def timed(self: _CrawlerPipeline, item: Article) -> Article:
            if self.crawler.stats.get_value(DATABASE_UNUSABLE_STAT):  # stopping: no more work
                raise self.stop_for_database(None)
            started = time.process_time()
            try:
                return process(self, item)
            except (sqlite3.DatabaseError, OSError) as error:
                if database_problem(error) is None:
                    raise
                raise self.stop_for_database(error) from None
            finally:
                self.crawler.stats.inc_value(f"probono/cpu/{stage}", time.process_time() - started)

        cls.process_item = timed  # type: ignore[method-assign]

    @classmethod
    def from_crawler(cls, crawler: Any) -> _CrawlerPipeline:
        return cls(crawler)

    def stop_for_database(self, error: BaseException | None) -> DropItem:
        """Close the spider when the database is unusable (full disk, read-only, corrupt): every
        further item would fail the same way. The item is dropped with one line, no traceback."""
        stats = self.crawler.stats
        if error is not None and not stats.get_value(DATABASE_UNUSABLE_STAT):
            stats.set_value(DATABASE_UNUSABLE_STAT, f"{database_problem(error)} ({error})")
            logger.warning("database unusable, the spider stops: %s",
                           stats.get_value(DATABASE_UNUSABLE_STAT))
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=DATABASE_UNUSABLE))
        # The items still in flight: one line each in the log file only, not the whole item on
        # the console (Scrapy's drop message prints the item).
        return DropItem(f"database unusable: {stats.get_value(DATABASE_UNUSABLE_STAT)}",
                        log_level="DEBUG")

    def drop(self, article: Article, reason: str) -> DropItem:
        self.crawler.stats.inc_value(f"probono/dropped/{reason}")
        self.crawler.stats.inc_value("probono/dropped")
        return DropItem(f"{article.source}: {article.url}: {reason}")


class NormalizePipeline(_CrawlerPipeline):
    """Canonical URL and id, sanitised HTML, plain-text title, summary and body."""

    def process_item(self, item: Article) -> Article:
        if normalise_article(item) is None:
            if item.via == "page" and item.page_html:
                # A page with no text of its own, reached from a listing or a sitemap (a form, a
                # gallery): remembered like any page that is no article, so not fetched again.
                store = Store(self.crawler.settings.get("PROBONO_DB"))
                try:
                    store.remember_not_article(item.url, item.source, "empty")
                finally:
                    store.close()
            raise self.drop(item, "empty")
        return item


class DedupPipeline(_CrawlerPipeline):
    """A hash of the normalised text, so the store can fold exact copies across sources."""

    def process_item(self, item: Article) -> Article:
        return add_text_hash(item)


class LanguagePipeline(_CrawlerPipeline):
    """The article's language, detected and checked against what the page or feed declares."""

    def process_item(self, item: Article) -> Article:
        return add_language(item)


# One index per database for the whole process: every spider of a crawl shares it, so it is built
# once (its cost grows with the archive) and each new article is compared with all the others.
_COPY_FINDERS: dict[str, CopyFinder] = {}


class NearDupPipeline(_CrawlerPipeline):
    """Near copies (edited header, teaser, new byline) of articles stored before, across sources."""

    def open_spider(self) -> None:
        db = self.crawler.settings.get("PROBONO_DB")
        if db not in _COPY_FINDERS:
            # Its own connection, open for the whole process: spiders close at different times.
            reader = Store(db)
            _COPY_FINDERS[db] = CopyFinder(reader.signatures(), reader.article_text)
        self.finder = _COPY_FINDERS[db]

    def process_item(self, item: Article) -> Article:
        return find_copy(add_signatures(item), self.finder)


class TagsPipeline(_CrawlerPipeline):
    """Topics, organisations, countries; a general medium's article off the subject kept aside."""

    def process_item(self, item: Article) -> Article:
        item = add_tags(item, republisher=self.crawler.spider.source.is_republisher)
        if item.kept_aside:
            self.crawler.stats.inc_value("probono/kept_aside")
        return item


class StorePipeline(_CrawlerPipeline):
    """Upserts articles and writes this spider's figures to the run's record when it closes."""

    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self.run_id = crawler.settings.getint("PROBONO_RUN_ID") or None
        self.owns_run = self.run_id is None  # a plain `scrapy crawl` records its own run
        # ... and takes the crawl lock itself (`probono crawl` holds it for its spiders), first
        # thing, before any pipeline opens the database.
        self.lock = CrawlLock(crawler.settings.get("PROBONO_DB")) if self.owns_run else None
        if self.lock is not None:
            self._take_lock()

    def open_spider(self) -> None:
        settings = self.crawler.settings
        self.store = Store(settings.get("PROBONO_DB"))
        self.started = utc_now_iso()
        self.started_clock = time.monotonic()
        spider = self.crawler.spider
        self.store.save_sources([spider.configured])  # as feeds.yaml says, not the ways found
        if self.owns_run:
            self.run_id = self.store.start_run(1)
        # The source's first crawl: no story of it stored before this run began (backfill.py).
        self.first_crawl = not self.store.had_articles_before(
            spider.source.id, self.store.run_started(self.run_id) or self.started)

    def _take_lock(self) -> None:
        """Take the crawl lock, or stop this `scrapy crawl` before it opens the database."""
        try:
            self.lock.__enter__()
        except LockedError as error:
            # Before anything was opened or written: nothing to close, so leave at once, with the
            # exit code and the one line of `probono crawl`, rather than Scrapy's tracebacks.
            self.lock = None
            sys.stderr.write(f"Error: {error}\n")
            raise SystemExit(EXIT_LOCKED) from None

    def process_item(self, item: Article) -> Article:
        # A homepage, listing, tag or search page is never stored, whichever way in led to it.
        reason = non_article_reason(item.url, self.crawler.spider.source, item.page_html,
                                    item.text, from_page_spider=item.via == "page",
                                    published=item.published, needs_evidence=item.needs_evidence)
        if reason is None and item.canonical_url and item.canonical_url != item.url:
            reason = non_article_reason(item.canonical_url, self.crawler.spider.source)
        if reason:
            if item.page_html:  # downloaded for nothing: not to be fetched again on every crawl
                self.store.remember_not_article(item.url, item.source, reason)
            raise self.drop(item, f"not-article-{reason}")
        record = asdict(item)
        record["source_id"] = item.source
        # A date in the future, clamped to the fetch time, says nothing of the story's age.
        clamped = (item.date_note or "").startswith("future date")
        record["archived"] = is_backfill(None if clamped else item.published,
                                         datetime.now(timezone.utc),
                                         self.crawler.spider.source.backfill_days,
                                         self.first_crawl or item.first_read)
        outcome = self.store.save_article(record)
        if outcome != "unchanged" and self.store.is_copy(item.id):
            self.crawler.stats.inc_value("probono/duplicates")
        if item.page_html:
            self.store.save_page(canonical_url(item.url), item.id, item.source, item.fetched,
                                 item.page_html)
        self.crawler.stats.inc_value(f"probono/articles_{outcome}")
        return item

    def close_spider(self) -> None:
        spider, stats = self.crawler.spider, self.crawler.stats
        if stats.get_value(DATABASE_UNUSABLE_STAT):  # no write would succeed: no traceback either
            return self._close_unusable()
        refusals = getattr(spider, "refusals", [])
        if (not stats.get_value("probono/responses_ok") and not spider.errors
                and not any(stats.get_value(f"probono/{name}") for name in SKIPPED_FIGURES)):
            # Requests were made but none answered usefully and none failed loudly: Scrapy dropped
            # them (a redirect loop back to a URL already asked, for one), or the guard refused all.
            spider.record_error(refusals[-1] if refusals else
                                f"no usable response from {spider.source.id} "
                                "(a redirect loop, or every request filtered)")
        errors = len(spider.errors)
        self.store.record_source_run({
            "run_id": self.run_id, "source_id": spider.source.id, "spider": spider.name,
            "started": self.started, "finished": utc_now_iso(),
            "finish_reason": stats.get_value("finish_reason") or "finished",
            "requests": stats.get_value("downloader/request_count", 0),
            "responses": stats.get_value("probono/responses_ok", 0),  # 2xx and 304 of its own URLs
            "new": stats.get_value("probono/articles_new", 0),
            "updated": stats.get_value("probono/articles_updated", 0),
            "unchanged": stats.get_value("probono/articles_unchanged", 0),
            "dropped": stats.get_value("probono/dropped", 0),
            "errors": errors,
            "last_error": (spider.errors or refusals or [None])[-1],  # refusals: shown, not failed
            **{name: stats.get_value(f"probono/{name}", 0) for name in (
                "feeds_not_modified", "feeds_unchanged", "feeds_malformed", "pages_fetched",
                "pages_skipped", "sitemaps_read", "sitemap_entries", "sitemap_skipped_old",
                "urls_excluded", "listings_empty", "refused", "discovery_requests",
                *SKIPPED_FIGURES)},
            "duration_s": round(time.monotonic() - self.started_clock, 2),
            "duplicates": stats.get_value("probono/duplicates", 0),
            "stage_cpu": json.dumps({key.rsplit("/", 1)[1]: round(value, 4) for key, value
                                     in stats.get_stats().items() if key.startswith("probono/cpu/")}),
            "dropped_reasons": json.dumps({key.rsplit("/", 1)[1]: value for key, value in stats.get_stats().items()
                                           if key.startswith("probono/dropped/")}) or None,
        })
        if self.owns_run:
            self.store.finish_run(self.run_id, "failed" if errors else "ok", 1 if errors else 0)
        self._close()

    def _close_unusable(self) -> None:
        """The database takes no more writes: close our own run as failed if it still can."""
        if self.owns_run:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.store.finish_run(self.run_id, "failed", EXIT_DATABASE)
        self._close()

    def _close(self) -> None:
        """Close the database, then let go of the lock (when this `scrapy crawl` took it)."""
        self.store.close()
        if self.lock is not None:
            self.lock.__exit__(None, None, None)
