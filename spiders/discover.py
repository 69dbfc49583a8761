"""The discover spider: a homepage's feeds, each fetched and checked to be a readable feed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from pipeline.dates import utc_now_iso
from pipeline.discovery import candidate_urls, feed_links
from pipeline.feed_parsing import parse_feed


class DiscoverSpider(scrapy.Spider):
    """Finds the feeds of one site (`scrapy crawl discover -a url=URL`); stores nothing."""

    name = "discover"
    # Scrapy's own class attribute (typed as an instance one there), read, never changed.
    custom_settings = {"ITEM_PIPELINES": {}}  # noqa: RUF012

    def __init__(self, url: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not url:
            raise ValueError("scrapy crawl discover -a url=URL")
        self.url = url
        self.found: list[dict[str, Any]] = []  # read by the caller once the crawl ends
        self.error: str | None = None

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.url, callback=self.parse_homepage, errback=self.on_homepage_error)

    def parse_homepage(self, response: Response) -> Any:
        if self.check(response, "given") is not None:  # the URL given was a feed itself
            return
        is_page = isinstance(response, TextResponse)
        links = feed_links(response.text, response.url) if is_page else []
        how = "linked" if links else "usual path"
        for url in links or candidate_urls(response.url):
            yield scrapy.Request(url, callback=self.check, cb_kwargs={"how": how},
                                 errback=lambda failure: None)  # a missing candidate is no error

    def check(self, response: Response, how: str) -> dict[str, Any] | None:
        """Record the response when it is a readable feed (even one with no entry yet)."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        feed = parse_feed(response.body, response.url, "discover", utc_now_iso(), content_type)
        if feed.malformed and not feed.articles:
            return None
        asked = response.request.url if response.request is not None else response.url
        found = {"url": response.url, "asked": asked, "title": feed.title,
                 "entries": len(feed.articles), "how": how, "malformed": feed.malformed}
        self.found.append(found)
        return found

    def on_homepage_error(self, failure: Failure) -> None:
        if failure.check(HttpError):
            self.error = f"{self.url}: HTTP {failure.value.response.status}"
        else:
            self.error = f"{self.url}: {failure.type.__name__}: {failure.getErrorMessage()}"
