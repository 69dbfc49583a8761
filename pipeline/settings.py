"""Scrapy settings: politeness and limits set on purpose, each overridable from the environment.

`PROBONO_<NAME>` in the environment overrides the setting NAME (e.g. PROBONO_DOWNLOAD_DELAY=0).
"""

from __future__ import annotations

import os
from collections.abc import Callable

BOT_NAME = "probono-feed"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Who we are and how to reach us: site owners read this in their logs.
USER_AGENT = os.environ.get(
    "PROBONO_USER_AGENT",
    "probono-feed/0.1 (news feed of the Global Pro Bono Network; "
    "+https://github.com/probono-feed/probono-feed)",
)
ROBOTSTXT_OBEY = True

# Politeness: member sites are small non-profit servers.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# What one response's callback yields (requests, an article) goes through the stages one at a time:
# the stages are synchronous CPU work, so Scrapy's default of 100 would only start 100 asyncio
# tasks per response (31,000 for a crawl of 300 articles, 11% of the crawl's Python calls).
CONCURRENT_ITEMS = 1
# Scrapy's stats of each spider are not dumped into the log as it closes (40-odd lines for each of
# a crawl's 50-100 spiders, 0.04-0.08 s of a re-crawl's 1.3 s): what a run did, source by source,
# is in crawl_runs and crawl_run_sources (docs/operations.md), and errors are logged as they come.
STATS_DUMP = False

# Limits: a feed or article page is never megabytes; anything larger is a mistake or an attack.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
PROBONO_RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each next one
PROBONO_RETRY_BACKOFF_MAX = 30.0
REDIRECT_MAX_TIMES = 5

# Only the web: a link in a feed must never make the crawler read a local file or another protocol.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# Nothing listens on the network but the crawler itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Scrapy's own extensions (its EXTENSIONS_BASE) but its remote control, a web server to steer a
# running crawl, off above. Scrapy imports each extension it lists, in every crawl process, before
# the extension sees that it is off, and this one's import loads aiohttp: 0.15-0.2 s of each
# crawl (a tenth of a re-crawl with nothing new). Naming it None in EXTENSIONS would not spare
# the import: Scrapy loads every name given there to compare it with its own list. The others
# stay as Scrapy has them; tests/test_crawl_settings.py checks this list against Scrapy's.
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.telnet.TelnetConsole": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.memdebug.MemoryDebugger": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.feedexport.FeedExporter": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.spiderstate.SpiderState": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}

# Scrapy reads and parses the source of every callback of every spider, on every crawl, to warn of
# a generator that returns a value (the value is lost: a programming slip, never a site's doing).
# The same check runs once in the tests (tests/test_spider_callbacks.py scans spiders/; ruff's
# rule for it, B901, is preview-only), not in each crawl.
WARN_ON_GENERATOR_RETURN_VALUE = False

ITEM_PIPELINES = {
    "pipeline.pipelines.NormalizePipeline": 100,
    "pipeline.pipelines.DedupPipeline": 200,
    "pipeline.pipelines.LanguagePipeline": 300,
    "pipeline.pipelines.NearDupPipeline": 350,
    "pipeline.pipelines.TagsPipeline": 400,
    "pipeline.pipelines.StorePipeline": 900,
}

# What a crawl records besides its articles (runs, figures, feed states, back-offs, ways in): the
# spiders never open the database themselves.
EXTENSIONS = {"pipeline.crawl_bookkeeping.CrawlBookkeeping": 500}

# Scrapy's own middlewares (its DOWNLOADER_MIDDLEWARES_BASE and SPIDER_MIDDLEWARES_BASE) but the
# ones that do nothing for this crawl. Each crawler (one per source and spider) builds each one
# listed, and every request or response passes each one, whatever it then does; Scrapy also
# imports each name listed, even one set to None in DOWNLOADER_MIDDLEWARES. Left out:
# - RobotsTxtMiddleware: SharedRobotsTxtMiddleware, below, takes its place;
# - OffsiteMiddleware: it filters on a spider's allowed_domains, which ours never set, so it let
#   every request through; what a source may fetch is decided by the spiders (own_site, the
#   include/exclude patterns) and the network guard;
# - HttpAuthMiddleware: no HTTPAUTH_USER, no http_user: it never added a header;
# - HttpCacheMiddleware: HTTPCACHE_ENABLED is off: a crawl caches validators, not pages
#   (spiders/feeds.py);
# - DepthMiddleware: DEPTH_LIMIT is 0 (no limit); it only kept request_depth_* stats nothing
#   reads. How deep a source goes is capped by the source's own limits (PROBONO_*_MAX below);
# - CookiesMiddleware: CookiesWhenSetMiddleware, below, builds it when a cookie first shows (a
#   site that sets a consent or session cookie may refuse its pages to a request without it).
# The others (timeouts, user agent, retries, redirects, compression, proxy, download stats, HTTP
# errors, Referer, URL length, start requests, meta copies) stay as Scrapy has them;
# tests/test_crawl_settings.py checks both lists against Scrapy's.
DOWNLOADER_MIDDLEWARES_BASE = {
    "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware": 350,
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": 400,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": 750,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": 850,
}
SPIDER_MIDDLEWARES_BASE = {
    "scrapy.spidermiddlewares.start.StartSpiderMiddleware": 25,
    "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": 50,
    "scrapy.spidermiddlewares.referer.RefererMiddleware": 700,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": 800,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": 1000,
}

DOWNLOADER_MIDDLEWARES = {
    # One robots.txt per origin for all the crawlers of a crawl, in place of Scrapy's own.
    "spiders.netguard.SharedRobotsTxtMiddleware": 100,
    # Scrapy's CookiesMiddleware, at its place, built when a cookie first shows (its import
    # loads tldextract, requests and filelock: 0.03 s of every crawl).
    "spiders.middlewares.CookiesWhenSetMiddleware": 700,
    # Before Scrapy's HttpProxyMiddleware (750), which then uses the proxy this one sets.
    "spiders.middlewares.LoopbackProxyMiddleware": 740,
    "spiders.middlewares.RetryBackoffMiddleware": 745,
    # Responses pass middlewares from the highest number down: this one sees a Retry-After answer
    # before Scrapy's RetryMiddleware (550) and tells it not to retry.
    "spiders.middlewares.RetryAfterMiddleware": 560,
    # After every middleware that chooses where a request goes (proxies), so it judges the last
    # word; redirect hops and robots.txt requests come through here too.
    "spiders.netguard.NetworkGuardMiddleware": 760,
    "spiders.netguard.HostLimitMiddleware": 770,
}

# Only the public web: names resolving to loopback, private, link-local... addresses are refused
# after DNS (spiders/netguard.py), literal ones and other ports before any connection. The way
# through for our own servers (the demo, the tests): their origins, scheme://host:port,
# comma-separated.
TWISTED_DNS_RESOLVER = "spiders.netguard.GuardedResolver"
PROBONO_ALLOW_ORIGINS = ""
PROBONO_ALLOWED_PORTS = [80, 443, 8080, 8443]  # any port of an allowed origin passes too
# How long (seconds) a robots.txt fetched by a crawl is read again from the database rather than
# fetched (spiders/netguard.py): RFC 9309 §2.4's bound of 24 hours, or the answer's Cache-Control
# max-age when shorter; 0 fetches it at every crawl.
PROBONO_ROBOTS_MAX_AGE = 86400
# How long (seconds) a listing read in full may then be answered "not modified" (a 304 to the
# validators it gave): at least once a week each listing is read whole again, so that a link left
# out meanwhile (a page dropped as no article for 30 days, robots.txt that changed) is met again;
# 0 reads every listing in full at every crawl.
PROBONO_LISTING_MAX_AGE = 7 * 86400

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# The project's own settings (command-line -s flags or the probono command set them).
PROBONO_DB = "data/probono.db"
PROBONO_FEEDS = "feeds.yaml"
# The crawl_runs row this crawl reports to; a plain `scrapy crawl` makes its own.
PROBONO_RUN_ID = None
PROBONO_LOOPBACK_PROXY = None  # the demo network's proxy (http://127.0.0.1:PORT) for *.test hosts
# Sitemaps: a gzip sitemap that inflates past this is refused (a bomb: a few KB can hold gigabytes);
# sitemap indexes are followed this many levels down (the protocol allows one; some sites nest).
PROBONO_SITEMAP_MAXSIZE = 20 * 1024 * 1024
PROBONO_SITEMAP_DEPTH = 3
# What one source may cost in one crawl, whatever its site serves (a hostile or broken site can
# list endless pages): sitemap documents read, article pages fetched from links no operator chose
# (a sitemap's entries, a listing read without selectors), links taken from one listing page.
PROBONO_SITEMAPS_MAX = 100
PROBONO_FOUND_PAGES_MAX = 500
PROBONO_LISTING_LINKS_MAX = 100
# ... and how long one spider may run (seconds): a source can never hold the crawl lock past the
# next day's cron run.
CLOSESPIDER_TIMEOUT = 3 * 3600

# Each setting that an environment variable may override, and how its text is read.
_OVERRIDABLE: dict[str, Callable[[str], object]] = {
    "DOWNLOAD_DELAY": float, "AUTOTHROTTLE_ENABLED": lambda v: v.lower() in ("1", "true", "yes"),
    "CONCURRENT_REQUESTS_PER_DOMAIN": int, "DOWNLOAD_TIMEOUT": float, "DOWNLOAD_MAXSIZE": int,
    "RETRY_TIMES": int, "LOG_LEVEL": str, "PROBONO_DB": str, "PROBONO_FEEDS": str,
    "PROBONO_LOOPBACK_PROXY": str, "PROBONO_ALLOW_ORIGINS": str,
    "PROBONO_ALLOWED_PORTS": lambda v: [int(port) for port in v.split(",") if port.strip()],
    "PROBONO_RETRY_BACKOFF_BASE": float, "PROBONO_SITEMAP_MAXSIZE": int,
    "PROBONO_SITEMAP_DEPTH": int,
    "PROBONO_SITEMAPS_MAX": int, "PROBONO_FOUND_PAGES_MAX": int, "PROBONO_LISTING_LINKS_MAX": int,
    "CLOSESPIDER_TIMEOUT": float, "PROBONO_ROBOTS_MAX_AGE": int, "PROBONO_LISTING_MAX_AGE": int,
}
for _name, _convert in _OVERRIDABLE.items():
    _variable = _name if _name.startswith("PROBONO_") else f"PROBONO_{_name}"
    if _variable in os.environ:
        globals()[_name] = _convert(os.environ[_variable])
