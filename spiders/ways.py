"""The ways spider: finds a homepage-only source's ways in and remembers them (pipeline/ways.py).

From the homepage alone, in a few requests (never more than MAX_REQUESTS): its feeds (linked,
else the usual paths of blog engines), its sitemaps (robots.txt's Sitemap: lines, else the usual
paths), its news section (the navigation's links named in the site's languages, read without
selectors by pipeline/listings.py; the homepage itself when it shows the news). Which to keep is
pipeline/ways.choose_ways; the feeds and pages spiders then read them. Stores no article.
"""

from __future__ import annotations

import re
from typing import Any, AsyncIterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse

from pipeline.dates import utc_now_iso
from pipeline.discovery import candidate_urls, feed_links, sitemap_candidates
from pipeline.errors import ParseError
from pipeline.feeds import parse_feed
from pipeline.listings import article_links, news_sections, next_page
from pipeline.outcomes import describe_failure
from pipeline.pagekind import no_feed_url_reason
from pipeline.sitemaps import is_article_url, parse_sitemap, robots_sitemaps
from pipeline.store import Store
from pipeline.urls import identity_url
from pipeline.ways import Discovery, WayIn, choose_ways
from spiders.base import SourceSpider
from spiders.netguard import READS_ROBOTS

MAX_REQUESTS = 15  # what discovering one site may cost, robots.txt included
LINKED_FEEDS = 2  # the feeds a homepage links to that are read (the first are the site's own)
USUAL_FEEDS = 6  # the usual feed paths tried when it links to none, until one answers
SITEMAPS = 3  # sitemap addresses tried, until one answers
SECTIONS = 3  # news sections read, until one shows article links
MIN_LINKS = 2  # a listing shows at least this many article links
MIN_HOMEPAGE_LINKS = 3  # ... and a homepage read as the listing, at least this many
# A WordPress site (its generator tag, its theme and upload folders) has its own sitemap path.
WORDPRESS = re.compile(r'content="WordPress|/wp-content/|/wp-includes/', re.IGNORECASE)


class WaysSpider(SourceSpider):
    """Finds the ways in of one source (`scrapy crawl ways -a source=ID`)."""

    name = "ways"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.requests_made = 0
        self.discovery: Discovery | None = None  # read by `probono sources verify`

    async def start(self) -> AsyncIterator[Any]:
        discovery = await self.discover()
        discovery.requests = self.requests_made
        self.discovery = discovery
        self.count("discovery_requests", self.requests_made)
        if self.settings.getbool("PROBONO_REMEMBER_WAYS", True):
            store = Store(self.settings.get("PROBONO_DB"))
            try:
                store.save_discovery(discovery, utc_now_iso())
            finally:
                store.close()
        if not discovery.ways:
            self.record_error(f"{self.source.homepage}: no way in found ("
                              + "; ".join(discovery.problems or ["nothing answered"]) + ")")
        return
        yield  # an async generator that yields nothing: every request is awaited above

    async def fetch(self, url: str, **meta: Any) -> Response | None:
        """The response to one GET (downloader middlewares only: robots.txt, the network guard,
        retries), or None when it failed or answered an error status."""
        if self.requests_made >= MAX_REQUESTS:
            return None
        self.requests_made += 1
        request = scrapy.Request(url, meta={**meta, "dont_redirect": False}, dont_filter=True)
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as error:  # refused, robots, DNS, timeout: one line, and on
            self.logger.info("source %s: %s: %s", self.source.id, url, describe_failure(error))
            return None
        if response.status >= 400:
            return None
        self.count("responses_ok")
        return response

    async def discover(self) -> Discovery:
        discovery = Discovery(self.source.id)
        home = await self.fetch(self.source.homepage)
        if not isinstance(home, TextResponse):
            discovery.problems.append(f"homepage {self.source.homepage} did not answer with a page")
            return discovery
        robots = await self.fetch(urljoin(home.url, "/robots.txt"), **{READS_ROBOTS: True})
        listed_maps = robots_sitemaps(robots.text, robots.url) if isinstance(
            robots, TextResponse) else []
        feeds, items = await self.find_feeds(home)
        sitemaps, urls = await self.find_sitemaps(home, listed_maps)
        listings, links = await self.find_listings(home, items)
        discovery.candidates = [*feeds, *sitemaps, *listings]
        discovery.ways = choose_ways(feeds, items, sitemaps, urls, listings, links)
        seen = {url for way in discovery.ways
                for url in {**items, **urls, **links}.get(way.url, [])}
        discovery.articles_seen = len(seen)
        dates = [way.newest for way in discovery.ways if way.newest]
        discovery.newest = max(dates, default=None)
        if not feeds:
            discovery.problems.append("no feed found")
        if not discovery.ways:
            discovery.problems.append("no sitemap and no news section with article links found")
        return discovery

    async def find_feeds(self, home: TextResponse) -> tuple[list[WayIn], dict[str, list[str]]]:
        """The readable feeds: the ones the homepage links to, else the first usual path that
        answers with a feed."""
        linked = feed_links(home.text, home.url)[:LINKED_FEEDS]
        how = "linked" if linked else "usual-path"
        feeds, items = [], {}
        for url in linked or candidate_urls(home.url)[:USUAL_FEEDS]:
            response = await self.fetch(url)
            if response is None:
                continue
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            feed = parse_feed(response.body, response.url, self.source.id, utc_now_iso(),
                              content_type or None)
            if not feed.articles:
                continue
            full = sum(bool(article.text) for article in feed.articles) * 2 > len(feed.articles)
            newest = max((a.published for a in feed.articles if a.published), default=None)
            feeds.append(WayIn("feed", response.url, how, full_content=full,
                               entries=len(feed.articles), newest=newest))
            items[response.url] = [article.url for article in feed.articles]
            if how == "usual-path":
                break  # one engine, one feed: the next paths are the same feed or nothing
        return feeds, items

    async def find_sitemaps(self, home: TextResponse, listed: list[str]
                            ) -> tuple[list[WayIn], dict[str, list[str]]]:
        """The first sitemap that answers: robots.txt's, else a usual path (WordPress's own
        first on a WordPress site). An index is read one level down (its first child) to see
        what kind of pages it lists."""
        how = "robots" if listed else "usual-path"
        usual = sitemap_candidates(home.url)
        if WORDPRESS.search(home.text[:200_000]):
            usual.sort(key=lambda url: "wp-sitemap" not in url)
        for url in (listed or usual)[:SITEMAPS]:
            sitemap = await self.read_sitemap(url)
            if sitemap is None:
                continue
            entries = list(sitemap.entries)
            if sitemap.is_index and entries:
                child = await self.read_sitemap(_likely_posts(entries))
                entries = list(child.entries) if child is not None and not child.is_index else []
            pages = [entry.url for entry in entries
                     if is_article_url(entry.url, (), ()) and not no_feed_url_reason(entry.url)]
            newest = max((entry.lastmod for entry in entries if entry.lastmod), default=None)
            way = WayIn("sitemap", url, how, entries=len(pages), newest=newest)
            return [way], {url: pages}
        return [], {}

    async def read_sitemap(self, url: str) -> Any:
        response = await self.fetch(url)
        if response is None:
            return None
        try:
            return parse_sitemap(response.body, self.settings.getint("PROBONO_SITEMAP_MAXSIZE"))
        except ParseError:
            return None

    async def find_listings(self, home: TextResponse, feed_items: dict[str, list[str]]
                            ) -> tuple[list[WayIn], dict[str, list[str]]]:
        """The news section the navigation names, read without selectors; else the homepage
        itself when it shows news cards (a one-page site). When a feed carries every link of the
        section's first page, its second page is read too: whether the feed misses older ones."""
        listings, links = [], {}
        carried = {identity_url(url) for urls in feed_items.values() for url in urls}
        for url in news_sections(home.text, home.url, self.source.languages)[:SECTIONS]:
            response = await self.fetch(url)
            if not isinstance(response, TextResponse):
                continue
            found = article_links(response.text, response.url)
            following = next_page(response.text, response.url)
            if found and following and {identity_url(link) for link in found} <= carried:
                second = await self.fetch(following)
                if isinstance(second, TextResponse):
                    found += article_links(second.text, second.url)
                    following = next_page(second.text, second.url)
            listings.append(WayIn("listing", response.url, "navigation", entries=len(found),
                                  more=following is not None))
            links[response.url] = found
            if len(found) >= MIN_LINKS:
                return listings, links
        found = article_links(home.text, home.url)
        if len(found) >= MIN_HOMEPAGE_LINKS:
            listings.append(WayIn("listing", home.url, "homepage", entries=len(found)))
            links[home.url] = found
        return [way for way in listings if way.entries >= MIN_LINKS], links


def _likely_posts(entries: list[Any]) -> str:
    """The child sitemap most likely to list articles: one named for posts or news, else the
    first (WordPress: wp-sitemap-posts-post-1.xml, Yoast: post-sitemap.xml)."""
    for entry in entries:
        name = entry.url.lower().rsplit("/", 1)[-1]
        if any(word in name for word in ("post", "news", "article", "blog")):
            return entry.url
    return entries[0].url
