"""What every source spider shares: its Source from feeds.yaml, and a record of what failed."""

from __future__ import annotations

import time
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from pipeline.dates import utc_now_iso
from pipeline.enrich import with_page
from pipeline.html import html_to_text
from pipeline.sources import Source, load_sources, select_sources
from spiders.items import Article


class SourceSpider(scrapy.Spider):
    """A spider run for one source of feeds.yaml (`-a source=ID`)."""

    source: Source

    def __init__(self, source: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not source:
            raise ValueError(f"spider '{self.name}' needs a source: scrapy crawl {self.name} -a source=ID")
        self.source_id = source
        self.errors: list[str] = []  # read by the store stage when the spider closes

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        sources = load_sources(crawler.settings.get("PROBONO_FEEDS"))
        spider.source = select_sources(sources, [spider.source_id])[0]
        # An exception in a callback or a pipeline stage is a failure of this source, not a shrug.
        crawler.signals.connect(spider.on_callback_error, signal=signals.spider_error)
        crawler.signals.connect(spider.on_item_error, signal=signals.item_error)
        return spider

    def count(self, name: str, n: int = 1) -> None:
        """Add to one of this source's figures (probono/NAME in Scrapy's stats)."""
        self.crawler.stats.inc_value(f"probono/{name}", n)

    def record_error(self, message: str) -> None:
        """Count a failure of this source; the run keeps the last message."""
        self.errors.append(message)
        self.count("errors")
        self.logger.error("source %s: %s", self.source.id, message)

    def on_request_error(self, failure: Failure) -> None:
        """Errback: a request of this source failed (after retries)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            reason = f"HTTP {failure.value.response.status}"
        else:
            reason = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        self.record_error(f"{request.url}: {reason}")

    def on_callback_error(self, failure: Failure, response: Response, spider: Any) -> None:
        if spider is self:
            self.record_error(f"{response.url}: {failure.type.__name__} in {self.name} spider: "
                              f"{failure.getErrorMessage()}")

    def on_item_error(self, item: Any, response: Response, spider: Any, failure: Failure) -> None:
        if spider is self:
            self.record_error(f"{getattr(item, 'url', '?')}: {failure.type.__name__} while storing: "
                              f"{failure.getErrorMessage()}")

    def article_from_page(self, response: Response, article: Article | None = None) -> Article | None:
        """The page's extracted text and metadata, merged into a feed's article when there is one."""
        if not isinstance(response, TextResponse):
            self.record_error(f"{response.url}: not an HTML page "
                              f"({response.headers.get('Content-Type', b'?').decode('latin-1')})")
            if article is not None:  # keep the feed's teaser, and try the page again next time
                article.text, article.via = article.text or html_to_text(article.summary), "feed-teaser"
            return article
        self.count("responses_ok")
        if article is None:
            article = Article(url=response.url, source=self.source.id, via="page",
                              fetched=utc_now_iso())
        # response.text is decoded with the charset of the HTTP header, the page, or a BOM.
        started = time.process_time()
        article = with_page(article, response.text, self.default_language())
        self.count("cpu/extract", time.process_time() - started)
        return article

    def default_language(self) -> str | None:
        """The source's language when it publishes in only one."""
        return self.source.languages[0] if len(self.source.languages) == 1 else None
