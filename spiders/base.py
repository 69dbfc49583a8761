"""What every source spider shares: its Source from feeds.yaml, what earlier crawls left it
(`memory`), and what it reports of this one (`report`), both plain data (pipeline/crawl_report.py).
Spiders never open the database: the crawl bookkeeping extension (pipeline/crawl_bookkeeping.py)
fills the memory and writes the report; without it a spider crawls as on a first crawl ever."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from pipeline.article import Article
from pipeline.backoff import failed_again, is_waiting, retry_after_seconds
from pipeline.crawl_report import CrawlMemory, CrawlReport
from pipeline.dates import utc_now_iso
from pipeline.enrich import default_language, with_page
from pipeline.html import html_to_text
from pipeline.outcomes import describe_failure, is_robots_refusal
from pipeline.sources import Source, load_sources, select_sources
from pipeline.urls import same_site
from pipeline.ways_in import GONE, Outcome
from spiders.netguard import RefusedRequest

# The requests whose failures are remembered and backed off: feeds and article pages. Listing
# pages, sitemaps and robots.txt are read on every crawl.
REMEMBERED_CALLBACKS = ("parse_feed", "parse_article_page")
# request.meta key: the way in (feed, first listing page, top sitemap) a request reads.
WAY_IN = "probono_way_in"


class SourceSpider(scrapy.Spider):
    """A spider run for one source of feeds.yaml (`-a source=ID`)."""

    source: Source  # as crawled: feeds.yaml's ways in and the ones found (memory.source)
    configured: Source  # as feeds.yaml says
    memory_parts: tuple[str, ...] = ("backoffs",)  # what it reads of earlier crawls (CrawlMemory)

    def __init__(self, source: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not source:
            raise ValueError(f"spider '{self.name}' needs a source: "
                             f"scrapy crawl {self.name} -a source=ID")
        self.source_id = source
        # The moment this spider's due times and back-offs are reckoned from.
        self.started_at = datetime.now(UTC)
        self.memory = CrawlMemory()  # given by the crawl bookkeeping extension, if there is one
        self.report = CrawlReport()  # failures, back-offs, ways in: written when it closes
        self.received: dict[str, int] = {}  # bytes read so far, per URL being downloaded

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        sources = load_sources(crawler.settings.get("PROBONO_FEEDS"))
        spider.configured = select_sources(sources, [spider.source_id])[0]
        # The crawl bookkeeping extension adds the working ways in found (pipeline/ways_in.py).
        spider.source = spider.configured
        # An exception in a callback or a pipeline stage is a failure of this source, not a shrug.
        crawler.signals.connect(spider.on_callback_error, signal=signals.spider_error)
        crawler.signals.connect(spider.on_item_error, signal=signals.item_error)
        crawler.signals.connect(spider.on_bytes_received, signal=signals.bytes_received)
        crawler.signals.connect(spider.on_response_received, signal=signals.response_received)
        return spider

    def count(self, name: str, n: float = 1) -> None:
        """Add to one of this source's figures (probono/NAME in Scrapy's stats)."""
        # Scrapy types its counters as int; ours add CPU seconds too (probono/cpu/*).
        self.crawler.stats.inc_value(f"probono/{name}", n)  # type: ignore[arg-type]

    def record_error(self, message: str) -> None:
        """Count a failure of this source; the run keeps the last message."""
        self.report.errors.append(message)
        self.count("errors")
        self.logger.error("source %s: %s", self.source.id, message)

    def record_refusal(self, message: str) -> None:
        """Count a URL the network guard refused (a hostile or mistaken link); the run shows the
        last one as the source's last_error, without counting the source as failed."""
        self.report.refusals.append(message)
        self.count("refused")
        # The log file has each one; the terminal and cron mail stay quiet (last_error shows one).
        self.logger.info("source %s: %s", self.source.id, message)

    def on_request_error(self, failure: Failure) -> None:
        """Errback: a request of this source failed (after retries)."""
        # Scrapy sets .request on an errback's Failure; Twisted's Failure does not declare it.
        request = failure.request  # type: ignore[attr-defined]
        if self.way_gone(request, failure):
            return
        if failure.check(RefusedRequest):
            self.record_refusal(f"{request.url}: {failure.getErrorMessage()}")
            return
        if is_robots_refusal(failure.value):
            self.count("robots_disallowed")  # skipped on purpose: not a failure of the source
            self.report.links_left = True  # met again if robots.txt allows it one day
            self.logger.info("source %s: %s: disallowed by robots.txt", self.source.id, request.url)
            return
        retry_after = self.retry_after(failure)
        meta, settings = request.meta, self.settings
        reason = describe_failure(
            failure.value, retry_after=retry_after, received=self.received.pop(request.url, None),
            maxsize=meta.get("download_maxsize", settings.getint("DOWNLOAD_MAXSIZE")),
            timeout=meta.get("download_timeout", settings.getfloat("DOWNLOAD_TIMEOUT")))
        self.remember_failure(request, reason, retry_after)
        self.record_error(f"{request.url}: {reason}")

    def way_gone(self, request: scrapy.Request, failure: Failure) -> bool:
        """Note what happened to a way in; True when it is a found way in that is gone (HTTP 404
        or 410): reported and looked for again (crawl.py), not a failure of the source."""
        way = request.meta.get(WAY_IN)
        if way is None:
            return False
        status = failure.value.response.status if failure.check(HttpError) else None
        self.report.way_outcomes[way] = Outcome(failed=True, status=status, reason=describe_failure(
            failure.value))
        if status in GONE and way not in self.configured_ways():
            self.count("ways_broken")
            self.logger.info("source %s: found way in %s is gone (HTTP %d)", self.source.id,
                             request.url, status)
            return True
        return False

    def note_way(self, way: str | None, entries: int, unchanged: bool = False) -> None:
        """A way in answered: how many entries (feed items, sitemap entries, listing links)."""
        if way is not None:
            self.report.way_outcomes[way] = Outcome(entries=entries, unchanged=unchanged)

    def configured_ways(self) -> set[str]:
        source = self.configured
        return {*source.feeds, *source.sitemaps, *(listing.url for listing in source.listings)}

    def retry_after(self, failure: Failure) -> float | None:
        """The seconds a 429 or 503 asked us to wait (Retry-After), if it said."""
        if not failure.check(HttpError) or failure.value.response.status not in (429, 503):
            return None
        value = failure.value.response.headers.get("Retry-After")
        return retry_after_seconds(value.decode("latin-1") if value else None, self.started_at)

    # Back-off of failing URLs (pipeline/backoff.py): feeds and article pages ------------------

    def backed_off(self, url: str) -> bool:
        """True (and counted) when the URL failed lately and its next try is not yet due."""
        # Spelled as the failed request's URL was.
        row = self.memory.backoffs.get(safe_url_string(url))
        if row is None or not is_waiting(row["next_try"], self.started_at):
            return False
        self.count("backed_off")
        self.logger.info("source %s: %s not asked before %s (failed %d times: %s)", self.source.id,
                         url, row["next_try"], row["failures"], row["reason"])
        return True

    def remember_failure(self, request: scrapy.Request, reason: str,
                         retry_after: float | None) -> None:
        """Back off a feed or article page that failed, from the URL the spider asked for."""
        if getattr(request.callback, "__name__", "") not in REMEMBERED_CALLBACKS:
            return  # listing pages, sitemaps, robots.txt: read on every crawl
        self.remember(asked_url(request), reason, retry_after)
        if retry_after is not None:
            self.deferred(request, retry_after)

    def remember(self, url: str, reason: str, retry_after: float | None = None) -> None:
        """One more failure of this URL, written when the spider closes."""
        self.report.failed[url] = failed_again(self.memory.backoffs.get(url), url,
                                               self.source.id, reason, self.started_at,
                                               retry_after)

    def deferred(self, request: scrapy.Request, seconds: float) -> None:
        """A server asked us to come back later (Retry-After); the feeds spider keeps it."""

    def answered(self, response: Response) -> None:
        """A URL that failed before answered: its back-off is forgotten."""
        url = asked_url(response)
        if url in self.memory.backoffs:
            self.report.recovered.add(url)

    def on_bytes_received(self, data: bytes, request: scrapy.Request, spider: Any) -> None:
        """Count a download's bytes, so that one cut at the size cap can say how far it got."""
        if spider is self:
            self.received[request.url] = self.received.get(request.url, 0) + len(data)

    def on_response_received(self, response: Response, request: scrapy.Request,
                             spider: Any) -> None:
        if spider is self:  # downloaded whole: no size to report
            self.received.pop(request.url, None)

    def on_callback_error(self, failure: Failure, response: Response | None, spider: Any) -> None:
        if spider is self:  # no response: the failure was in start(), before any request
            where = response.url if response is not None else f"start of {self.source.id}"
            self.record_error(f"{where}: {failure.type.__name__} in {self.name} spider: "
                              f"{' '.join(failure.getErrorMessage().split())}")

    def on_item_error(self, item: Any, response: Response, spider: Any, failure: Failure) -> None:
        if spider is self:
            self.record_error(f"{getattr(item, 'url', '?')}: {failure.type.__name__} while "
                              f"storing: {failure.getErrorMessage()}")

    def article_from_page(self, response: Response,
                          article: Article | None = None) -> Article | None:
        """The page's extracted text and metadata, merged into a feed's article when there is
        one."""
        if not isinstance(response, TextResponse):
            reason = ("not an HTML page "
                      f"({(response.headers.get('Content-Type') or b'?').decode('latin-1')})")
            self.remember(asked_url(response), reason)
            self.record_error(f"{response.url}: {reason}")
            # keep the feed's teaser, and try the page again when due
            return as_teaser(article) if article is not None else None
        self.count("responses_ok")
        self.answered(response)
        if article is None:
            article = Article(url=response.url, source=self.source.id, via="page",
                              fetched=utc_now_iso())
        # response.text is decoded with the charset of the HTTP header, the page, or a BOM.
        started = time.process_time()
        article = with_page(article, response.text, self.default_language())
        self.count("cpu/extract", time.process_time() - started)
        return article

    def own_site(self, url: str) -> bool:
        """True when a URL is on the source's own site (its homepage's host): what a found way
        in and the pages it leads to must be on, so that no site's pages are stored under
        another's name. A pinned source (feeds.yaml names its ways in) is as its operator chose."""
        return not self.configured.homepage_only or same_site(url, self.source.homepage)

    def default_language(self) -> str | None:
        """The source's language when it publishes in only one."""
        return default_language(self.source.languages)  # as `probono reprocess` reads a page


def conditional_headers(state: dict[str, Any] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the last crawl of a feed or listing kept."""
    headers = {}
    if state and state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state and state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    return headers


def header(response: Response, name: str) -> str | None:
    """A response header's value as text, None when absent."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def asked_url(message: scrapy.Request | Response) -> str:
    """The URL the spider asked for, before any redirect: what back-off is keyed on."""
    return message.meta.get("redirect_urls", [message.url])[0]


def as_teaser(article: Article) -> Article:
    """A feed's item kept without its page: its summary as its text, marked so its page is tried
    again next time."""
    article.text, article.via = article.text or html_to_text(article.summary), "feed-teaser"
    return article
