"""The feeds spider: a source's RSS/Atom feeds, and article pages when a feed gives only teasers."""

from __future__ import annotations

from typing import Any, AsyncIterator

import scrapy
from scrapy.http import Response

from pipeline.dates import utc_now_iso
from pipeline.feeds import parse_feed
from spiders.base import SourceSpider
from spiders.items import Article


class FeedsSpider(SourceSpider):
    """Reads every feed of one source (`scrapy crawl feeds -a source=ID`)."""

    name = "feeds"

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_request_error)

    def parse_feed(self, response: Response) -> Any:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        feed = parse_feed(response.body, response.url, self.source.id, utc_now_iso(), content_type)
        if feed.malformed and not feed.articles:
            self.record_error(f"{response.url}: not a readable feed ({feed.malformed})")
            return
        if feed.malformed:
            self.crawler.stats.inc_value("probono/feeds_malformed")
            self.logger.warning("source %s: %s is malformed but readable (%s)",
                                self.source.id, response.url, feed.malformed)
        self.crawler.stats.inc_value("probono/feed_entries", len(feed.articles))
        for article in feed.articles:
            if self.wants_page(article):
                yield response.follow(article.url, callback=self.parse_article_page,
                                      errback=self.on_page_error, cb_kwargs={"article": article})
            else:
                yield article

    def wants_page(self, article: Article) -> bool:
        """Fetch the article page when the feed gave only a teaser (or the source asks for pages)."""
        if self.source.full_text == "always":
            return True
        return self.source.full_text == "auto" and not article.text

    def parse_article_page(self, response: Response, article: Article) -> Article:
        return self.article_from_page(response, article)

    def on_page_error(self, failure: Any) -> Any:
        """The page failed: keep the feed's teaser rather than lose the article."""
        self.on_request_error(failure)
        article = failure.request.cb_kwargs["article"]
        article.text = article.text or article.summary
        yield article
