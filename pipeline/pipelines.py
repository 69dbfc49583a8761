"""Scrapy item pipelines, one concern each, a few lines over the pure functions of pipeline/.

normalize (URLs, HTML, text) -> dedup (text hash) -> language -> store (upsert, copies folded).
What a crawl records besides its articles (runs, figures, feed states) is the crawl bookkeeping
extension's (pipeline/crawl_bookkeeping.py).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from scrapy.exceptions import DropItem

from pipeline.article import Article
from pipeline.backfill import is_backfill
from pipeline.copies.finder import shared_finder
from pipeline.crawl_bookkeeping import SharedStores, stop_for_database
from pipeline.crawl_report import DATABASE_UNUSABLE_STAT
from pipeline.dates import utc_now_iso
from pipeline.enrich import add_language, add_tags, add_text_hash
from pipeline.errors import database_problem
from pipeline.normalize import normalise_article
from pipeline.pagekind import non_article_reason
from pipeline.store import Store
from pipeline.urls import canonical_url

logger = logging.getLogger(__name__)

# The store stage's connection, one per database for all the spiders of the process. SQLite keeps
# a page cache of up to 2 MB in each connection: one for each of the 50 spiders that a first crawl
# of 50 sources runs at once held 55-63 MB of the crawl's peak memory (docs/benchmarks.md, "Peak
# memory of a first crawl"). Full flush of each commit, as before: these are the articles.
ARTICLE_STORES = SharedStores(synchronous="FULL")


class _CrawlerPipeline:
    """Keeps the crawler, since Scrapy no longer passes the spider to pipeline methods, and counts
    the CPU time each stage spends (probono/cpu/<stage>), for the run's figures and the
    benchmark."""

    # Each stage defines its own; __init_subclass__ wraps it (timing, the database's state).
    process_item: ClassVar[Callable[[Any, Article], Article]]

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

        cls.process_item = timed

    @classmethod
    def from_crawler(cls, crawler: Any) -> _CrawlerPipeline:
        return cls(crawler)

    def stop_for_database(self, error: BaseException | None) -> DropItem:
        """Close the spider when the database is unusable (full disk, read-only, corrupt): every
        further item would fail the same way. The item is dropped with one line, no traceback."""
        stats = self.crawler.stats
        if error is not None and not stats.get_value(DATABASE_UNUSABLE_STAT):
            stop_for_database(self.crawler, error)
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
                with Store(self.crawler.settings.get("PROBONO_DB")) as store:
                    store.remember_not_article(item.url, item.source, "empty")
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


class NearDupPipeline(_CrawlerPipeline):
    """Near copies (edited header, teaser, new byline) of articles stored before, across sources."""

    def open_spider(self) -> None:
        # One finder per database for the process: every spider of a crawl compares with all.
        self.finder = shared_finder(self.crawler.settings.get("PROBONO_DB"), Store)

    def process_item(self, item: Article) -> Article:
        return self.finder.mark(item)


class TagsPipeline(_CrawlerPipeline):
    """Topics, organisations, countries; a general medium's article off the subject kept aside."""

    def process_item(self, item: Article) -> Article:
        item = add_tags(item, republisher=self.crawler.spider.source.is_republisher)
        if item.kept_aside:
            self.crawler.stats.inc_value("probono/kept_aside")
        return item


class StorePipeline(_CrawlerPipeline):
    """Upserts articles, folding copies; a page that is no article is remembered, not stored.

    The database is taken at the first item, not as the spider opens: most spiders of a crawl
    with nothing new pass no item, and opening it (migrations checked, WAL) cost each of them a
    few milliseconds. One connection for the store stages of all the process's spiders
    (ARTICLE_STORES; each write is a transaction of its own, in the reactor's one thread), not the
    bookkeeping's shared one, whose commits are not each flushed to the disk: articles keep the
    full flush."""

    def open_spider(self) -> None:
        self._store: Store | None = None
        self.first_crawl = False
        # When a bare `scrapy crawl` began: taken now, as before, though asked at the first item.
        self.opened_at = utc_now_iso()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self.open_store()
        return self._store

    def open_store(self) -> Store:
        settings = self.crawler.settings
        store = ARTICLE_STORES.take(settings.get("PROBONO_DB"))
        try:
            # The source's first crawl: no story of it stored before this run began (backfill.py);
            # a bare `scrapy crawl` has its run opened a moment ago (pipeline/crawl_bookkeeping.py).
            run_id = settings.getint("PROBONO_RUN_ID") or None
            since = (store.run_started(run_id) if run_id else None) or self.opened_at
            self.first_crawl = not store.had_articles_before(self.crawler.spider.source.id, since)
        except BaseException:
            ARTICLE_STORES.give_back(settings.get("PROBONO_DB"))
            raise
        return store

    def process_item(self, item: Article) -> Article:
        store = self.store  # opened at the first item, which sets first_crawl too
        # A homepage, listing, tag or search page is never stored, whichever way in led to it.
        reason = non_article_reason(item.url, self.crawler.spider.source, item.page_html,
                                    item.text, from_page_spider=item.via == "page",
                                    published=item.published, needs_evidence=item.needs_evidence)
        if reason is None and item.canonical_url and item.canonical_url != item.url:
            reason = non_article_reason(item.canonical_url, self.crawler.spider.source)
        if reason:
            if item.page_html:  # downloaded for nothing: not to be fetched again on every crawl
                store.remember_not_article(item.url, item.source, reason)
            raise self.drop(item, f"not-article-{reason}")
        # A date in the future, clamped to the fetch time, says nothing of the story's age.
        clamped = (item.date_note or "").startswith("future date")
        archived = is_backfill(None if clamped else item.published, datetime.now(UTC),
                               self.crawler.spider.source.backfill_days,
                               self.first_crawl or item.first_read)
        outcome = store.save_article(item, archived=archived)
        if outcome != "unchanged" and store.is_copy(item.id):
            self.crawler.stats.inc_value("probono/duplicates")
        if item.page_html:
            store.save_page(canonical_url(item.url), item.id, item.source, item.fetched,
                            item.page_html)
        self.crawler.stats.inc_value(f"probono/articles_{outcome}")
        return item

    def close_spider(self) -> None:
        if self._store is not None:  # taken only if an item came
            ARTICLE_STORES.give_back(self.crawler.settings.get("PROBONO_DB"))
            self._store = None
