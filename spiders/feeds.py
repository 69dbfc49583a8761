"""The feeds spider: a source's RSS/Atom/JSON feeds, and article pages when a feed gives only
teasers.

Polite and cheap on re-crawls: each feed is asked for with If-None-Match / If-Modified-Since, a 304
or bytes identical to the last processed ones stop there, and an article page already stored is
never fetched again. A feed's validators are saved only when the spider finishes, after its items
are stored (pipeline/crawl_bookkeeping.py), so an interrupted crawl processes the feed again next
time.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response

from pipeline.article import Article
from pipeline.backoff import cache_max_age, is_waiting, next_due
from pipeline.dates import utc_now_iso
from pipeline.feed_parsing import parse_feed
from pipeline.outcomes import is_robots_refusal
from pipeline.pagekind import url_reason
from pipeline.urls import followable_url, identity_url
from pipeline.ways_in import Outcome
from spiders.base import WAY_IN, SourceSpider, as_teaser, conditional_headers, header
from spiders.netguard import RefusedRequest


class FeedsSpider(SourceSpider):
    """Reads every feed of one source (`scrapy crawl feeds -a source=ID`)."""

    name = "feeds"
    # The feeds' last states; the pages stored (across sources: one page, one fetch); the pages
    # dropped by their URL (a page's markup says nothing of an item a feed names on purpose).
    memory_parts = ("backoffs", "feed_states", "stored_urls", "not_article_urls")

    async def start(self) -> AsyncIterator[Any]:
        self.previous = self.memory.feed_states
        self.stored, self.not_articles = self.memory.stored_urls, self.memory.not_article_urls
        # The feeds' new states, saved after a finished crawl.
        self.states = self.report.feed_states
        for url in self.source.feeds:
            if is_waiting((self.previous.get(url) or {}).get("next_due"), self.started_at):
                self.count("feeds_not_due")  # its ttl, max-age or Retry-After has not run out
                continue
            if self.backed_off(url):
                continue
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_request_error,
                                 headers=conditional_headers(self.previous.get(url)),
                                 meta={"feed_url": url, "handle_httpstatus_list": [304],
                                       WAY_IN: url})

    def parse_feed(self, response: Response) -> Any:
        feed_url = response.meta["feed_url"]
        previous = self.previous.get(feed_url) or {}
        now = utc_now_iso()
        self.count("responses_ok")
        self.answered(response)
        max_age = cache_max_age(header(response, "Cache-Control"))
        if response.status == 304:
            self.note_way(feed_url, 0, unchanged=True)
            self.count("feeds_not_modified")
            self.states[feed_url] = {**previous, "status": 304, "checked": now,
                                     "next_due": next_due(self.started_at,
                                                          previous.get("refresh_s"), max_age)}
            return
        body_hash = hashlib.sha256(response.body).hexdigest()
        # A feed that moved for good (301/308) is read at its new address; health says so.
        redirects = set(response.meta.get("redirect_reasons", []))
        moved = response.url if {301, 308} & redirects else None
        state = {"url": feed_url, "source_id": self.source.id, "status": response.status,
                 "moved_to": moved,
                 "etag": header(response, "ETag"),
                 "last_modified": header(response, "Last-Modified"),
                 "body_hash": body_hash, "checked": now, "changed": now, "malformed": None}
        if previous.get("body_hash") == body_hash:
            self.note_way(feed_url, 0, unchanged=True)
            # The server ignored our validators: same bytes, nothing new.
            self.count("feeds_unchanged")
            self.states[feed_url] = {**state, "changed": previous.get("changed"),
                                     "entries": previous.get("entries"),
                                     "refresh_s": previous.get("refresh_s"), "next_due": next_due(
                                         self.started_at, previous.get("refresh_s"), max_age)}
            return
        content_type = header(response, "Content-Type")
        feed = parse_feed(response.body, response.url, self.source.id, now, content_type)
        if feed.malformed and not feed.articles:
            self.report.way_outcomes[feed_url] = Outcome(failed=True, reason="not a readable feed")
            self.record_error(f"{response.url}: not a readable feed ({feed.malformed})")
            return
        self.note_way(feed_url, len(feed.articles))
        if feed.malformed:
            self.count("feeds_malformed")
            self.logger.warning("source %s: %s is malformed but readable (%s)",
                                self.source.id, response.url, feed.malformed)
        self.states[feed_url] = {**state, "entries": len(feed.articles),
                                 "malformed": feed.malformed, "refresh_s": feed.refresh_s,
                                 "next_due": next_due(self.started_at, feed.refresh_s, max_age)}
        self.count("feed_entries", len(feed.articles))
        yield from self.articles_of(feed.articles, feed_url, response)

    def articles_of(self, articles: list[Article], feed_url: str, response: Response) -> Any:
        """Full-text items as they are; teaser-only items through their page, unless already
        stored."""
        for article in articles:
            page_url = followable_url(article.url)
            if not self.own_site(article.url):
                # A found feed's item on another site: not this source's.
                self.count("urls_excluded")
            elif not self.wants_page(article):
                yield article
            elif page_url is None:
                self.count("links_refused")  # javascript:, file:, ... never followed
                self.logger.warning("source %s: not following %r", self.source.id, article.url)
            elif reason := url_reason(page_url, self.source):
                # A site root or an archive page is no article: not worth a request either.
                self.count(f"dropped/not-article-{reason}")
                self.count("dropped")
            elif identity_url(page_url) in self.stored:
                self.count("pages_skipped")
            elif identity_url(page_url) in self.not_articles:
                self.count("pages_skipped")  # dropped lately, not fetched again: the teaser stands
                yield as_teaser(article)
            elif self.backed_off(page_url):  # failed lately: the teaser stands until its next try
                self.report.feeds_with_failed_pages.add(feed_url)
                yield as_teaser(article)
            else:
                self.count("pages_fetched")
                yield scrapy.Request(page_url, callback=self.parse_article_page,
                                      errback=self.on_page_error, meta={"feed_url": feed_url},
                                      cb_kwargs={"article": article})

    def wants_page(self, article: Article) -> bool:
        """Fetch the article page when the feed gave only a teaser (or the source asks for
        pages)."""
        if self.source.full_text == "always":
            return True
        return self.source.full_text == "auto" and not article.text

    def parse_article_page(self, response: Response, article: Article) -> Any:
        page_article = self.article_from_page(response, article)
        if page_article is not None:
            yield page_article

    def on_page_error(self, failure: Any) -> Any:
        """The page failed: keep the feed's teaser, and have the feed read in full next time."""
        self.on_request_error(failure)
        if failure.check(RefusedRequest):
            return  # a link off the public web: nothing of it is kept, and asking again won't help
        if not is_robots_refusal(failure.value):  # a disallowed page stays so: nothing to retry
            self.report.feeds_with_failed_pages.add(failure.request.meta["feed_url"])
        yield as_teaser(failure.request.cb_kwargs["article"])

    def deferred(self, request: scrapy.Request, seconds: float) -> None:
        """A feed answered 429/503 with Retry-After: it is not due again before then."""
        feed_url = request.meta.get("feed_url")
        if feed_url and request.callback == self.parse_feed:
            previous = self.previous.get(feed_url) or {}
            self.states[feed_url] = {**previous, "url": feed_url, "source_id": self.source.id,
                                     "next_due": next_due(self.started_at, seconds)}
