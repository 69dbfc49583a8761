"""Downloader middlewares of our own: the demo network's `.test` hosts routed through a loopback
proxy, retries spaced out, a Retry-After obeyed, and Scrapy's cookies middleware built only when
a cookie first shows.

The demo sites live on stable, reserved origins (http://<site-id>.test, RFC 2606: never on the
internet), so their article ids are the same on every run; the demo server, on a free loopback
port, answers for all of them as an HTTP proxy. Off unless PROBONO_LOOPBACK_PROXY is set.
"""

from __future__ import annotations

import asyncio
import ipaddress
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler

RESERVED_SUFFIX = ".test"


def _is_loopback(proxy: str) -> bool:
    host = urlsplit(proxy).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LoopbackProxyMiddleware:
    """Sends requests for *.test hosts to the proxy on 127.0.0.1; leaves every other request
    alone."""

    def __init__(self, proxy: str):
        if not _is_loopback(proxy):
            raise ValueError("PROBONO_LOOPBACK_PROXY must be on the loopback interface, "
                             f"got {proxy!r}")
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Any) -> LoopbackProxyMiddleware:
        proxy = crawler.settings.get("PROBONO_LOOPBACK_PROXY")
        if not proxy:
            raise NotConfigured("no loopback proxy")
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if host.endswith(RESERVED_SUFFIX):
            request.meta["proxy"] = self.proxy
        elif request.meta.get("proxy") == self.proxy:
            # A redirect from a .test page copies its meta: the new host must not reach our proxy.
            del request.meta["proxy"]


class RetryBackoffMiddleware:
    """Waits before each retry, twice as long each time (base, 2 x base, 4 x base ...), so a
    member's struggling server gets room instead of three requests in the same second."""

    def __init__(self, base_seconds: float, maximum_seconds: float):
        self.base, self.maximum = base_seconds, maximum_seconds

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryBackoffMiddleware:
        base = crawler.settings.getfloat("PROBONO_RETRY_BACKOFF_BASE")
        if base <= 0:
            raise NotConfigured("no retry backoff")
        return cls(base, crawler.settings.getfloat("PROBONO_RETRY_BACKOFF_MAX"))

    async def process_request(self, request: Request) -> None:
        retries = request.meta.get("retry_times", 0)
        if retries:
            await asyncio.sleep(min(self.base * 2 ** (retries - 1), self.maximum))


class RetryAfterMiddleware:
    """A 429 or 503 that says Retry-After is not retried within this crawl: the server said when to
    come back, and the spider keeps that date (pipeline/backoff.py) instead of asking again now."""

    def process_response(self, request: Request, response: Any) -> Any:
        if response.status in (429, 503) and response.headers.get("Retry-After"):
            request.meta["dont_retry"] = True
        return response


class CookiesWhenSetMiddleware:
    """Scrapy's CookiesMiddleware, built when a cookie first shows in this crawler: a Set-Cookie
    answer, or a request carrying cookies or a Cookie header. Until then it would do nothing (no
    cookie to send, none to keep), and its module loads tldextract, requests and filelock: 0.03 s
    of every crawl, a tenth of a re-crawl's imports, for crawls of sites that set none. From
    then on every request and answer goes through it, as if it had been there from the start."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.cookies: Any = None  # Scrapy's middleware, once built

    @classmethod
    def from_crawler(cls, crawler: Any) -> CookiesWhenSetMiddleware:
        if not crawler.settings.getbool("COOKIES_ENABLED"):
            raise NotConfigured  # no message: Scrapy logs one at WARNING, for each crawler
        return cls(crawler)

    def _built(self) -> Any:
        if self.cookies is None:
            from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

            self.cookies = build_from_crawler(CookiesMiddleware, self.crawler)
        return self.cookies

    def process_request(self, request: Request) -> Any:
        if self.cookies is None and not request.cookies and b"Cookie" not in request.headers:
            return None  # no jar holds a cookie yet, and this request brings none
        return self._built().process_request(request)

    def process_response(self, request: Request, response: Any) -> Any:
        if self.cookies is None and b"Set-Cookie" not in response.headers:
            return response  # nothing to keep, and no jar to keep it in yet
        return self._built().process_response(request, response)
