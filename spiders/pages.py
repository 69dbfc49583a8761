"""The pages spider: a source's HTML listing pages and sitemaps, and the article pages they lead to.

A listing's first page is asked for with If-None-Match / If-Modified-Since when the last crawl kept
its validators (only a crawl that left nothing of the source to do keeps them:
pipeline/crawl_report.py final_listing_states), and a 304 ends the listing there; its other pages,
robots.txt (kept for a day) and sitemaps are read on every crawl; an article page already stored is
never fetched again. Every link, from a listing or a sitemap, goes through the source's include and
exclude patterns and the archive patterns of pipeline/url_patterns.yaml, so tag, author and page-N
archives are never stored as articles. Sitemap indexes are followed PROBONO_SITEMAP_DEPTH levels
down; with `max_age_days`, entries (and child sitemaps) whose lastmod is older are not fetched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse

from pipeline.dates import utc_now_iso
from pipeline.errors import ParseError
from pipeline.listings import article_links, next_page, page_after
from pipeline.pagekind import no_feed_url_reason
from pipeline.sitemaps import (
    Sitemap,
    age_cutoff,
    is_article_url,
    is_too_old,
    parse_sitemap,
    robots_sitemaps,
)
from pipeline.sources import Listing, listing_fingerprint
from pipeline.urls import followable_url, identity_url, same_site
from pipeline.ways_in import Outcome
from spiders.base import WAY_IN, SourceSpider, conditional_headers, header
from spiders.netguard import READS_ROBOTS


class PagesSpider(SourceSpider):
    """Reads the listing pages and sitemaps of one source (`scrapy crawl pages -a source=ID`)."""

    name = "pages"
    # The pages seen (across sources: one page, one fetch); the ones known before this crawl
    # run: a found listing stops at a page of these only (a feed of the same source read just
    # before may have stored a first page: read on then).
    memory_parts = ("backoffs", "seen_urls", "known_urls", "listing_states")

    async def start(self) -> AsyncIterator[Any]:
        self.seen = self.memory.seen_urls  # asked one URL at a time (pipeline/crawl_report)
        self.asked: set[str] = set()  # the pages this crawl asked for
        self.known = self.memory.known_urls
        self.cutoff = age_cutoff(self.source.max_age_days)
        self.found_pages = self.sitemaps_asked = 0  # what this crawl spent of the source's caps
        for listing in self.source.listings:
            yield scrapy.Request(listing.url, callback=self.parse_listing,
                                 errback=self.on_request_error,
                                 headers=conditional_headers(self.usable_state(listing)),
                                 meta={WAY_IN: listing.url, "handle_httpstatus_list": [304]},
                                 cb_kwargs={"listing": listing, "page": 1})
        for url in self.source.sitemaps:
            if request := self.sitemap_request(url, depth=0, way=url):
                yield request
        if self.source.sitemap_from_robots:
            # Answered from the robots.txt the crawl already read for this origin (netguard).
            yield scrapy.Request(urljoin(self.source.homepage, "/robots.txt"),
                                 callback=self.parse_robots, errback=self.on_request_error,
                                 meta={READS_ROBOTS: True})

    def parse_listing(self, response: Response, listing: Listing, page: int,
                      previous: str | None = None) -> Any:
        self.count("responses_ok")
        if page == 1 and self.listing_unchanged(response, listing):
            return
        if listing.links is None:
            yield from self.parse_found_listing(response, listing, page)
            return
        links = response.css(listing.links).xpath("@href").getall()
        if not links:
            self.count("listings_empty")
            if page == 1:
                self.no_link_listed(listing)
            self.logger.warning("source %s: selector %r found no link on %s",
                                self.source.id, listing.links, response.url)
        self.count("listing_links", len(links))
        # Tracking parameters dropped before the request, so one article is fetched once.
        urls = [followable_url(href, base=response.url) for href in links]
        self.ask_first(urls)
        for url in urls:
            yield from self.article_request(url)
        # The next page is a listing, not an article: the archive patterns do not apply to it.
        next_href = response.css(listing.next).xpath("@href").get() if listing.next else None
        next_url = followable_url(next_href, base=response.url) if next_href else None
        if next_url and page < listing.max_pages:
            yield self.next_listing_page(next_url, listing, page)

    def usable_state(self, listing: Listing) -> dict[str, Any] | None:
        """What the last complete crawl kept of the listing, if it may be asked "modified
        since": read with the same settings (a changed selector or pattern reads it whole) and
        read whole within PROBONO_LISTING_MAX_AGE."""
        state = self.memory.listing_states.get(listing.url)
        if (not state or not (state.get("etag") or state.get("last_modified"))
                or state.get("fingerprint") != listing_fingerprint(self.source, listing)):
            return None
        max_age = self.settings.getint("PROBONO_LISTING_MAX_AGE")
        try:
            read = datetime.fromisoformat(state.get("read") or "")
            age = (self.started_at - read).total_seconds()
        except (TypeError, ValueError):  # never read whole, or a time that is no time
            return None
        return state if 0 <= age < max_age else None

    def listing_unchanged(self, response: Response, listing: Listing) -> bool:
        """True when the listing's first page need not be read: a 304 to the validators the last
        complete crawl kept (nothing new is listed), or a 304 to a request that sent none (an
        error). Otherwise its validators are noted, kept if the crawl leaves nothing to do
        (pipeline/crawl_report.py final_listing_states)."""
        now = utc_now_iso()
        if response.status == 304:
            previous = self.usable_state(listing)
            asked = response.request.headers if response.request is not None else {}
            if previous is None or not (asked.get("If-None-Match")
                                        or asked.get("If-Modified-Since")):
                self.record_error(f"{response.url}: answered 304 Not Modified to a request"
                                  " without validators")
                return True
            self.count("listings_not_modified")
            self.note_way(listing.url, 0, unchanged=True)
            self.report.listing_states[listing.url] = {**previous, "checked": now}
            return True
        self.report.listing_states[listing.url] = {
            "source_id": self.source.id, "url": listing.url,
            "fingerprint": listing_fingerprint(self.source, listing),
            "etag": header(response, "ETag"), "last_modified": header(response, "Last-Modified"),
            "read": now, "checked": now}
        return False

    def no_link_listed(self, listing: Listing) -> None:
        """A listing's first page showed no article link: no validators kept for it, so that it
        is read again (and counted empty) at every crawl until it shows some."""
        state = self.report.listing_states.get(listing.url)
        if state is not None:
            state.update(etag=None, last_modified=None)

    def parse_found_listing(self, response: Response, listing: Listing, page: int) -> Any:
        """A listing read without selectors (pipeline/listings.py), followed to its next page
        while its pages show links not known before this crawl (a re-crawl stops at the first
        page), and to its end the first time it is read."""
        if not isinstance(response, TextResponse):
            if page == 1:  # counts toward the way in breaking, and being looked for again
                self.report.way_outcomes[listing.url] = Outcome(failed=True,
                                                                reason="not an HTML page")
            self.record_error(f"{response.url}: a listing page that is not HTML")
            return
        if not self.own_site(response.url):
            # Found on the source's site, now redirected to another: the way in is gone.
            if page == 1:
                self.report.way_outcomes[listing.url] = Outcome(failed=True, status=410, reason=(
                    f"moved to another site: {response.url}"))
            self.record_error(f"{response.url}: the listing {listing.url} led to another site")
            return
        links = article_links(response.text, response.url)
        cap = self.settings.getint("PROBONO_LISTING_LINKS_MAX")
        if len(links) > cap:
            self.count("links_capped", len(links) - cap)
            self.logger.warning("source %s: %s shows %d article links: the first %d are read",
                                self.source.id, response.url, len(links), cap)
            links = links[:cap]
            self.report.links_left = True
        if page == 1:
            self.note_way(listing.url, len(links))
        if not links:
            self.count("listings_empty")
            if page == 1:
                self.no_link_listed(listing)
            self.logger.warning("source %s: no article link found on %s", self.source.id,
                                response.url)
        self.count("listing_links", len(links))
        unseen = [url for url in links if identity_url(url) not in self.known]
        self.ask_first(links)
        for url in links:
            yield from self.article_request(url, unchosen=True,
                                            needs_evidence=listing.needs_evidence,
                                            first_read=listing.read_all)
        next_url = next_page(response.text, response.url)
        if (unseen or listing.read_all) and next_url and page < listing.max_pages:
            yield self.next_listing_page(next_url, listing, page, previous=response.url)

    def next_listing_page(self, url: str, listing: Listing, page: int,
                          previous: str | None = None) -> scrapy.Request:
        found = listing.links is None
        return scrapy.Request(url, callback=self.parse_listing,
                              errback=self.on_listing_error if found else self.on_request_error,
                              cb_kwargs={"listing": listing, "page": page + 1,
                                         "previous": previous})

    def on_listing_error(self, failure: Any) -> Any:
        """A page of a found listing failed (a 500, a timeout): reported as any failure, then
        the page after it in the listing's numbering is tried once, so one broken page does not
        hide the rest of the archive (pipeline/listings.page_after)."""
        self.on_request_error(failure)
        request, kwargs = failure.request, failure.request.cb_kwargs
        if kwargs.get("previous") is None or kwargs["page"] >= kwargs["listing"].max_pages:
            return  # a guess that failed too (it has no page before it): the walk ends here
        guess = page_after(request.url, kwargs["previous"])
        if guess is not None and self.own_site(guess):
            self.count("listing_pages_skipped")
            yield scrapy.Request(guess, callback=self.parse_listing,
                                 errback=self.on_listing_error,
                                 cb_kwargs={**kwargs, "page": kwargs["page"] + 1,
                                            "previous": None})

    def ask_first(self, urls: Iterable[str | None]) -> None:
        """The pages seen among a page's links, asked of the store in one go before each link is
        checked (pipeline/crawl_report.py UrlQuery); a set given in place of the store's memory
        (a spider crawling without the bookkeeping) needs no asking."""
        ask = getattr(self.seen, "ask_first", None)
        if ask is not None:
            ask(identity_url(url) for url in urls if url is not None)

    def article_request(self, url: str | None, unchosen: bool = False,
                        needs_evidence: bool = False, first_read: bool = False
                        ) -> Iterator[scrapy.Request]:
        """A request for an article page, unless its link is refused, excluded or already stored.
        `unchosen`: no operator chose the link (a sitemap, a listing read without selectors): a
        link whose URL says events, jobs, legal or contact is not even fetched. `needs_evidence`:
        the page is stored only if it shows it is an article (pipeline/pagekind.py): a sitemap
        lists every page of a site, a homepage read as a listing may show service cards."""
        if url is None:
            self.count("links_refused")  # javascript:, mailto:, file:, a bad port...
        elif not is_article_url(url, self.source.include, self.source.exclude):
            self.count("urls_excluded")  # an archive page, or a pattern of the source says no
        elif unchosen and no_feed_url_reason(url):
            self.count("urls_excluded")  # an events, jobs, legal or contact page
        elif unchosen and not self.own_site(url):
            self.count("urls_excluded")  # another site's page: never stored under this source
        elif (identity := identity_url(url)) in self.asked or identity in self.seen:
            self.count("pages_skipped")
        elif self.backed_off(url):
            # failed lately (pipeline/backoff.py): asked again when its next try is due, from
            # listings read in full
            self.report.links_left = True
        elif unchosen and self.over_budget():
            # this crawl fetched as many such pages as a source may cost: the rest next time
            self.report.links_left = True
        else:
            self.asked.add(identity)
            self.count("pages_fetched")
            yield scrapy.Request(url, callback=self.parse_article_page,
                                 errback=self.on_request_error,
                                 cb_kwargs={"needs_evidence": needs_evidence,
                                            "first_read": first_read})

    def over_budget(self) -> bool:
        """True (counted, and said once) when this crawl fetched PROBONO_FOUND_PAGES_MAX pages
        of links no operator chose: a site listing endless pages costs no more than that."""
        cap = self.settings.getint("PROBONO_FOUND_PAGES_MAX")
        self.found_pages += 1
        if self.found_pages <= cap:
            return False
        if self.found_pages == cap + 1:
            self.logger.warning("source %s: %d pages fetched from its sitemaps and found listings "
                                "in this crawl: the others wait for the next", self.source.id, cap)
        self.count("pages_capped")
        return True

    def parse_article_page(self, response: Response, needs_evidence: bool = False,
                           first_read: bool = False) -> Any:
        article = self.article_from_page(response)
        if article is not None:
            article.needs_evidence, article.first_read = needs_evidence, first_read
            yield article

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """The sitemaps robots.txt names (RFC 9309: UTF-8)."""
        self.count("responses_ok")
        urls = robots_sitemaps(response.body.decode("utf-8-sig", "replace"), response.url)
        if not urls:
            self.record_error(f"{response.url}: no Sitemap: line, and the source has "
                              "sitemap_from_robots: true")
        for url in urls:
            if request := self.sitemap_request(url, depth=0):
                yield request

    def sitemap_request(self, url: str, depth: int, way: str | None = None
                        ) -> scrapy.Request | None:
        """A request for a sitemap, unless this crawl read PROBONO_SITEMAPS_MAX of them already."""
        self.sitemaps_asked += 1
        if self.sitemaps_asked > self.settings.getint("PROBONO_SITEMAPS_MAX"):
            self.count("sitemaps_capped")
            return None
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_request_error,
                              cb_kwargs={"depth": depth}, meta={WAY_IN: way} if way else {})

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        """A sitemap index leads to its child sitemaps, a urlset to article pages."""
        self.count("responses_ok")
        try:
            sitemap = parse_sitemap(response.body, self.settings.getint("PROBONO_SITEMAP_MAXSIZE"))
        except ParseError as error:
            self.record_error(f"{response.url}: not a readable sitemap ({error})")
            return
        if sitemap.malformed and not sitemap.entries:
            self.record_error(f"{response.url}: not a readable sitemap ({sitemap.malformed})")
            return
        if sitemap.malformed:
            self.count("sitemaps_malformed")
            self.logger.warning("source %s: %s is malformed but readable (%s)",
                                self.source.id, response.url, sitemap.malformed)
        self.count("sitemaps_read")
        self.note_way(response.meta.get(WAY_IN), len(sitemap.entries))
        if sitemap.is_index:
            yield from self.child_sitemaps(sitemap, response.url, depth)
        else:
            yield from self.sitemap_pages(sitemap, response.url)

    def child_sitemaps(self, index: Sitemap, url: str, depth: int) -> Iterator[scrapy.Request]:
        if depth >= self.settings.getint("PROBONO_SITEMAP_DEPTH"):
            self.count("sitemaps_too_deep", len(index.entries))
            self.logger.warning("source %s: %s is an index %d levels down: its %d sitemaps are not "
                                "read", self.source.id, url, depth, len(index.entries))
            return
        for entry in index.entries:
            child = followable_url(entry.url, base=url)
            if child is None:
                self.count("links_refused")
            elif not same_site(child, url):
                # The sitemaps protocol: an index lists its own host's sitemaps; another site's
                # would store that site's pages under this source.
                self.count("urls_excluded")
            elif is_too_old(entry.lastmod, self.cutoff):
                # A sitemap unchanged since before the cutoff can only list older pages.
                self.count("sitemaps_skipped_old")
            else:
                if request := self.sitemap_request(child, depth + 1):
                    yield request

    def sitemap_pages(self, urlset: Sitemap, url: str) -> Iterator[scrapy.Request]:
        self.count("sitemap_entries", len(urlset.entries))
        pages = []
        for entry in urlset.entries:
            if is_too_old(entry.lastmod, self.cutoff):
                self.count("sitemap_skipped_old")
            elif not same_site(urljoin(url, entry.url), url):
                # The sitemaps protocol: a sitemap lists its own host's pages. Another site's
                # pages here would be stored under this source (a claimer's sitemap).
                self.count("urls_excluded")
            else:
                pages.append(followable_url(entry.url, base=url))
        self.ask_first(pages)
        for page in pages:
            yield from self.article_request(page, unchosen=True, needs_evidence=True)
