"""The pages spider: a source's HTML listing pages, followed page by page, and their articles.

Listing pages are read on every crawl; an article page already stored is never fetched again.
"""

from __future__ import annotations

from typing import Any, AsyncIterator

import scrapy
from scrapy.http import Response

from pipeline.sources import Listing
from pipeline.store import Store
from pipeline.urls import followable_url
from spiders.base import SourceSpider


class PagesSpider(SourceSpider):
    """Reads the listing pages of one source (`scrapy crawl pages -a source=ID`)."""

    name = "pages"

    async def start(self) -> AsyncIterator[Any]:
        store = Store(self.settings.get("PROBONO_DB"))
        try:
            self.seen = store.seen_urls(self.source.id)
        finally:
            store.close()
        for listing in self.source.listings:
            yield scrapy.Request(listing.url, callback=self.parse_listing,
                                 errback=self.on_request_error,
                                 cb_kwargs={"listing": listing, "page": 1})

    def parse_listing(self, response: Response, listing: Listing, page: int) -> Any:
        self.count("responses_ok")
        links = response.css(listing.links).xpath("@href").getall()
        if not links:
            self.count("listings_empty")
            self.logger.warning("source %s: selector %r found no link on %s",
                                self.source.id, listing.links, response.url)
        self.count("listing_links", len(links))
        for href in links:
            # Tracking parameters dropped before the request, so one article is fetched once.
            url = followable_url(href, base=response.url)
            if url is None:
                self.count("links_refused")  # javascript:, mailto:, file:, a bad port...
            elif url in self.seen:
                self.count("pages_skipped")
                continue
            else:
                self.seen.add(url)
                self.count("pages_fetched")
                yield scrapy.Request(url, callback=self.parse_article_page,
                                     errback=self.on_request_error)
        next_href = response.css(listing.next).xpath("@href").get() if listing.next else None
        next_url = followable_url(next_href, base=response.url) if next_href else None
        if next_url and page < listing.max_pages:
            yield scrapy.Request(next_url, callback=self.parse_listing, errback=self.on_request_error,
                                 cb_kwargs={"listing": listing, "page": page + 1})

    def parse_article_page(self, response: Response) -> Any:
        article = self.article_from_page(response)
        if article is not None:
            yield article
