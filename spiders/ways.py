"""The ways spider: finds a homepage-only source's ways in and remembers them (pipeline/ways_in.py).

From the homepage alone, in a few requests (never more than MAX_REQUESTS real HTTP requests,
redirect hops and robots.txt included): its feeds (linked, else the usual paths of blog engines),
its sitemaps (robots.txt's Sitemap: lines, else the usual paths), its news section (the
navigation's links named in the site's languages, read without selectors by pipeline/listings.py;
else the common parent path of the articles a feed or sitemap lists; else the homepage itself when
it shows the news). Only ways in on the source's own site are kept (a feed service's feed too,
when its items are the site's own articles). Which to keep is pipeline/ways.choose_ways; the feeds
and pages spiders then read them. Stores no article; the ways in found are stored by the crawl
bookkeeping extension (pipeline/crawl_bookkeeping.py), told at once (crawl_report.ways_found).

A source that names its ways in (`probono sources verify` runs this spider for every source) is
not discovered: each of its configured ways in is checked instead.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from pipeline.crawl_report import DATABASE_UNUSABLE_STAT, ways_found
from pipeline.dates import utc_now_iso
from pipeline.discovery import candidate_urls, feed_links, sitemap_candidates
from pipeline.errors import ParseError
from pipeline.feed_parsing import parse_feed
from pipeline.listings import article_links, news_sections, next_page
from pipeline.outcomes import describe_failure
from pipeline.pagekind import no_feed_url_reason
from pipeline.sitemaps import is_article_url, parse_sitemap, robots_sitemaps
from pipeline.sources import Listing
from pipeline.urls import followable_url, identity_url, same_site
from pipeline.ways_in import Discovery, WayIn, choose_ways, common_section
from spiders.base import SourceSpider
from spiders.netguard import READS_ROBOTS

MAX_REQUESTS = 15  # what discovering one site may cost in HTTP requests, robots.txt included
REDIRECTS = 2  # the redirect hops a discovery request other than the homepage's may follow
LINKED_FEEDS = 2  # the feeds a homepage links to that are read (the first are the site's own)
USUAL_FEEDS = 6  # the usual feed paths tried when it links to none, until one answers
SITEMAPS = 3  # sitemap addresses tried, until one lists articles
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
        self.discovery: Discovery | None = None  # read by `probono sources verify`
        self.failure: str | None = None  # why the last fetch() gave None, in a few words

    @property
    def requests_made(self) -> int:
        """The HTTP requests this spider's crawler sent so far: every redirect hop, retry and
        robots.txt download is one (Scrapy's downloader stats), not one per fetch()."""
        return int(self.crawler.stats.get_value("downloader/request_count", 0) or 0)

    async def start(self) -> AsyncIterator[Any]:
        homepage_only = self.configured.homepage_only
        discovery = await (self.discover() if homepage_only else self.check_configured())
        discovery.requests = self.requests_made
        self.discovery = discovery
        self.count("discovery_requests", discovery.requests)
        # Configured ways in are feeds.yaml's to keep: only found ones are remembered.
        remember = homepage_only and self.settings.getbool("PROBONO_REMEMBER_WAYS", True)
        if remember and not self.report_ways(discovery):
            return  # the database is unusable: the spider is closing
        if not discovery.ways:
            what = "no way in found" if homepage_only else "no configured way in works"
            self.record_error(f"{self.source.homepage}: {what} ("
                              + "; ".join(discovery.problems or ["nothing answered"]) + ")")
        return
        yield  # an async generator that yields nothing: every request is awaited above

    def report_ways(self, discovery: Discovery) -> bool:
        """Have what was found stored (pipeline/crawl_bookkeeping.py); False when the database is
        unusable (a full disk, a read-only or corrupt file): the spider is closing then."""
        for _, result in self.crawler.signals.send_catch_log(ways_found, discovery=discovery):
            if isinstance(result, Failure):  # a failure of this source, as it was before
                result.raiseException()
        return not self.crawler.stats.get_value(DATABASE_UNUSABLE_STAT)

    async def fetch(self, url: str, homepage: bool = False, **meta: Any) -> Response | None:
        """The response to one GET (downloader middlewares only: robots.txt, the network guard,
        retries for the homepage), or None when it failed, answered an error status or the
        budget is spent (self.failure says which). Every request but the homepage's is tried
        once and follows at most REDIRECTS hops, and never more than the budget has left."""
        self.failure = None
        left = MAX_REQUESTS - self.requests_made
        if left <= 0:
            self.failure = f"not fetched: the budget of {MAX_REQUESTS} requests is spent"
            return None
        if not homepage:
            meta = {**meta, "dont_retry": True, "redirect_ttl": min(REDIRECTS, left - 1)}
        try:
            request = scrapy.Request(url, meta={**meta, "dont_redirect": False}, dont_filter=True)
            response = await self.crawler.engine.download_async(request)
        except Exception as error:  # a bad URL, refused, robots, DNS, timeout: one line, and on
            self.failure = describe_failure(error)
            self.logger.info("source %s: %s: %s", self.source.id, url, self.failure)
            return None
        if response.status >= 400:
            self.failure = f"HTTP {response.status}"
            return None
        self.count("responses_ok")
        return response

    def own(self, url: str) -> bool:
        """True for a URL on the source's own site (its homepage's host, www. or not)."""
        return same_site(url, self.source.homepage)

    async def discover(self) -> Discovery:
        discovery = Discovery(self.source.id)
        home = await self.fetch(self.source.homepage, homepage=True)
        if not isinstance(home, TextResponse):
            discovery.problems.append(f"homepage {self.source.homepage} did not answer with a page"
                                      + (f" ({self.failure})" if self.failure else ""))
            return discovery
        if not self.own(home.url):  # its ways in would be another site's: none is looked for
            discovery.problems.append(f"homepage moved to {home.url}")
            return discovery
        robots = await self.fetch(urljoin(home.url, "/robots.txt"), **{READS_ROBOTS: True})
        listed_maps = robots_sitemaps(robots.text, robots.url) if isinstance(
            robots, TextResponse) else []
        feeds, items = await self.find_feeds(home, discovery.problems)
        sitemaps, urls = await self.find_sitemaps(home, [url for url in listed_maps
                                                         if self.own(url)])
        known = next((found for found in [*items.values(), *urls.values()] if found), [])
        listings, links = await self.find_listings(home, items, common_section(known, home.url))
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

    async def find_feeds(self, home: TextResponse, problems: list[str]
                         ) -> tuple[list[WayIn], dict[str, list[str]]]:
        """The readable feeds: the ones the homepage links to, else the first usual path that
        answers with a feed. A feed on another site is kept only when most of its items are
        this site's articles (a feed service relaying the site's own feed)."""
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
            links = [article.url for article in feed.articles]
            own = [link for link in links if self.own(link)]
            if not self.own(response.url) and len(own) * 2 <= len(links):
                problems.append(f"feed {response.url} refused: its items are another site's"
                                " articles")
                continue
            full = sum(bool(article.text) for article in feed.articles) * 2 > len(feed.articles)
            newest = max((a.published for a in feed.articles if a.published), default=None)
            feeds.append(WayIn("feed", response.url, how, full_content=full,
                               entries=len(feed.articles), newest=newest))
            items[response.url] = own
            if how == "usual-path":
                break  # one engine, one feed: the next paths are the same feed or nothing
        return feeds, items

    async def find_sitemaps(self, home: TextResponse, listed: list[str]
                            ) -> tuple[list[WayIn], dict[str, list[str]]]:
        """The first sitemap that lists articles of the site: robots.txt's, else a usual path
        (WordPress's own first on a WordPress site). An index is read one level down (its
        first child of the site, one named for posts first) to see what kind of pages it
        lists. Entries and children on another site are not counted."""
        how = "robots" if listed else "usual-path"
        usual = sitemap_candidates(home.url)
        if WORDPRESS.search(home.text[:200_000]):
            usual.sort(key=lambda url: "wp-sitemap" not in url)
        for url in (listed or usual)[:SITEMAPS]:
            sitemap, where = await self.read_sitemap(url)
            if sitemap is None:
                continue
            entries = self.own_entries(sitemap.entries, where)
            if sitemap.is_index:
                child, at = (await self.read_sitemap(_likely_posts(entries))) if entries else (
                    None, "")
                entries = (self.own_entries(child.entries, at)
                           if child is not None and not child.is_index else [])
            pages = [page for page, _ in entries
                     if is_article_url(page, (), ()) and not no_feed_url_reason(page)]
            if not pages:
                continue  # pages of the site but no article (a pages-only sitemap): not a way in
            newest = max((lastmod for _, lastmod in entries if lastmod), default=None)
            return [WayIn("sitemap", url, how, entries=len(pages), newest=newest)], {url: pages}
        return [], {}

    def own_entries(self, entries: Any, base: str) -> list[tuple[str, str | None]]:
        """(URL, lastmod) of a sitemap's entries on the site, resolved against the sitemap's
        own URL (a relative <loc>); the ones that are no followable URL left out."""
        resolved = ((followable_url(entry.url, base=base), entry.lastmod) for entry in entries)
        return [(url, lastmod) for url, lastmod in resolved if url and self.own(url)]

    async def read_sitemap(self, url: str) -> tuple[Any, str]:
        """The parsed sitemap at url and where it was (after redirects); (None, url) when it did
        not answer, is not a sitemap or is on another site."""
        response = await self.fetch(url)
        if response is None:
            return None, url
        if not self.own(response.url):
            self.failure = f"moved to another site: {response.url}"
            return None, url
        try:
            return parse_sitemap(response.body,
                                 self.settings.getint("PROBONO_SITEMAP_MAXSIZE")), response.url
        except ParseError as error:
            self.failure = str(error)
            return None, url

    async def find_listings(self, home: TextResponse, feed_items: dict[str, list[str]],
                            shaped: str | None = None
                            ) -> tuple[list[WayIn], dict[str, list[str]]]:
        """The news section the navigation names, read without selectors; else the section the
        articles of the feed or sitemap sit in (`shaped`, their common parent path); else the
        homepage itself when it shows news cards (a one-page site)."""
        listings, links = [], {}
        carried = {identity_url(url) for urls in feed_items.values() for url in urls}
        tried = {identity_url(home.url)}
        sections = [(url, "navigation") for url in
                    news_sections(home.text, home.url, self.source.languages)[:SECTIONS]]
        for url, how in [*sections, (shaped, "url-shape")]:
            if url is None or identity_url(url) in tried:
                continue
            tried.add(identity_url(url))
            way, found = await self.read_listing(url, how, carried)
            if way is None:
                continue
            listings.append(way)
            links[way.url] = found
            if len(found) >= MIN_LINKS:
                return listings, links
        found = [link for link in article_links(home.text, home.url) if self.own(link)]
        if len(found) >= MIN_HOMEPAGE_LINKS:
            listings.append(WayIn("listing", home.url, "homepage", entries=len(found)))
            links[home.url] = found
        return [way for way in listings if way.entries >= MIN_LINKS], links

    async def read_listing(self, url: str, how: str, carried: set[str]
                           ) -> tuple[WayIn | None, list[str]]:
        """A listing page of the site and its article links. When a feed carries every link
        of its first page, its second page is read too: whether the feed misses older ones."""
        response = await self.fetch(url)
        if not isinstance(response, TextResponse) or not self.own(response.url):
            return None, []
        found = [link for link in article_links(response.text, response.url) if self.own(link)]
        following = next_page(response.text, response.url)
        if found and following and {identity_url(link) for link in found} <= carried:
            second = await self.fetch(following)
            if isinstance(second, TextResponse) and self.own(second.url):
                found += [link for link in article_links(second.text, second.url)
                          if self.own(link)]
                following = next_page(second.text, second.url)
        return WayIn("listing", response.url, how, entries=len(found),
                     more=following is not None), found

    # --- a source that names its ways in: each one checked -------------------------------------
    async def check_configured(self) -> Discovery:
        """Each configured way in fetched once: a feed must give entries, a sitemap parse, a
        listing give article links (by its selector, or without one as found listings are
        read). The ones that work are the ways (how "configured"); a line for each other."""
        source, discovery = self.configured, Discovery(self.configured.id)
        items: dict[str, list[str]] = {}
        for url in source.feeds:
            way, seen = await self.check_feed(url, discovery.problems)
            if way is not None:
                discovery.ways.append(way)
                items[url] = seen
        sitemaps = list(source.sitemaps)
        if source.sitemap_from_robots:
            robots_url = urljoin(source.homepage, "/robots.txt")
            robots = await self.fetch(robots_url, **{READS_ROBOTS: True})
            listed = robots_sitemaps(robots.text, robots.url) if isinstance(
                robots, TextResponse) else []
            if not listed:
                discovery.problems.append(f"sitemap_from_robots: {robots_url} lists no sitemap"
                                          + (f" ({self.failure})" if self.failure else ""))
            sitemaps += [url for url in listed if url not in sitemaps]
        for url in sitemaps:
            sitemap, where = await self.read_sitemap(url)
            if sitemap is None:
                discovery.problems.append(f"configured sitemap {url}: {self.failure}")
                continue
            how = "configured" if url in source.sitemaps else "robots"
            newest = max((e.lastmod for e in sitemap.entries if e.lastmod), default=None)
            discovery.ways.append(WayIn("sitemap", url, how, entries=len(sitemap.entries),
                                        newest=newest))
            items[url] = [page for page, _ in self.own_entries(sitemap.entries, where)]
        for listing in source.listings:
            way, seen = await self.check_listing(listing, discovery.problems)
            if way is not None:
                discovery.ways.append(way)
                items[listing.url] = seen
        discovery.candidates = list(discovery.ways)
        discovery.articles_seen = len({identity_url(url) for urls in items.values()
                                       for url in urls})
        discovery.newest = max((way.newest for way in discovery.ways if way.newest), default=None)
        return discovery

    async def check_feed(self, url: str, problems: list[str]) -> tuple[WayIn | None, list[str]]:
        response = await self.fetch(url)
        if response is None:
            problems.append(f"configured feed {url}: {self.failure}")
            return None, []
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        feed = parse_feed(response.body, response.url, self.source.id, utc_now_iso(),
                          content_type or None)
        if not feed.articles:
            problems.append(f"configured feed {url}: no entries"
                            + (f" ({feed.malformed})" if feed.malformed else ""))
            return None, []
        full = sum(bool(article.text) for article in feed.articles) * 2 > len(feed.articles)
        newest = max((a.published for a in feed.articles if a.published), default=None)
        return (WayIn("feed", url, "configured", full_content=full, entries=len(feed.articles),
                      newest=newest), [article.url for article in feed.articles])

    async def check_listing(self, listing: Listing, problems: list[str]
                            ) -> tuple[WayIn | None, list[str]]:
        response = await self.fetch(listing.url)
        if not isinstance(response, TextResponse):
            problems.append(f"configured listing {listing.url}: "
                            + (self.failure or "not an HTML page"))
            return None, []
        if listing.links is None:
            found = article_links(response.text, response.url)
        else:
            hrefs = response.css(listing.links).xpath("@href").getall()
            found = [url for url in (followable_url(h, base=response.url) for h in hrefs) if url]
        if not found:
            problems.append(f"configured listing {listing.url}: no article link"
                            + (f" (selector {listing.links!r})" if listing.links else ""))
            return None, []
        return WayIn("listing", listing.url, "configured", entries=len(found)), found


def _likely_posts(entries: list[tuple[str, str | None]]) -> str:
    """The child sitemap most likely to list articles: one named for posts or news, else the
    first (WordPress: wp-sitemap-posts-post-1.xml, Yoast: post-sitemap.xml)."""
    for url, _ in entries:
        name = url.lower().rsplit("/", 1)[-1]
        if any(word in name for word in ("post", "news", "article", "blog")):
            return url
    return entries[0][0]
