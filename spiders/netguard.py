"""The crawler's network guard: the public web only, robots.txt once per origin, hosts shared.

    NetworkGuardMiddleware   refuses a request whose host names a non-public address in any
                             spelling, "localhost", or a port not allowed, or that is on the host of
                             an allowed origin but not at that origin; a proxy not allowed (through
                             an allowed one, the target is still judged)
    GuardedResolver          after DNS: drops a name that resolves to a non-public address, so that
                             a public-looking name (or a rebinding one) cannot reach one either
    SharedRobotsTxtMiddleware  Scrapy's RobotsTxtMiddleware, with one robots.txt per origin for all
                             the crawlers of a crawl (one per source and spider), read from
                             the database while an earlier crawl's is young
    HostLimitMiddleware      CONCURRENT_REQUESTS_PER_DOMAIN for one host across all those crawlers

Refusals raise RefusedRequest (an IgnoreRequest: never retried), whose message the source's errback
records: "http://10.0.0.1/x: refused: 10.0.0.1 is a private address". The way through for our own
servers (the demo, the tests) is PROBONO_ALLOW_ORIGINS: see pipeline/addresses.py.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.resolver import CachingHostnameResolver
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolutionReceiver
from zope.interface import implementer

from pipeline.addresses import (
    ALLOW_ORIGINS_VARIABLE,
    address_problem,
    literal_address,
    origin,
    origin_host,
    parse_origins,
    url_port,
    url_problem,
)
from pipeline.backoff import cache_max_age
from pipeline.crawl_report import RobotsFile
from pipeline.dates import utc_now_iso


class RefusedRequest(IgnoreRequest):
    """The guard refused a URL; the message says why, starting with "refused: "."""


def allowed_origins(settings: Any) -> frozenset[str]:
    """PROBONO_ALLOW_ORIGINS from the Scrapy settings (which read the environment by default)."""
    return parse_origins(settings.getlist(ALLOW_ORIGINS_VARIABLE))


class NetworkGuardMiddleware:
    """Refuses every request (redirect hops and robots.txt too) that would leave the public web."""

    def __init__(self, allowed: frozenset[str], ports: list[int]):
        self.allowed, self.ports = allowed, ports

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetworkGuardMiddleware:
        ports = [int(port) for port in crawler.settings.getlist("PROBONO_ALLOWED_PORTS")]
        return cls(allowed_origins(crawler.settings), ports)

    def process_request(self, request: Request) -> None:
        problem = self.problem(request)
        if problem:
            # Counted by the source's errback (probono/refused), once per link it asked for;
            # Scrapy's own robots.txt requests are not links of the source.
            raise RefusedRequest(f"refused: {problem}")

    def process_exception(self, request: Request, exception: Exception) -> None:
        """A lookup that failed because the resolver dropped a non-public address is a refusal,
        said as one and never retried (this runs before RetryMiddleware)."""
        if isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            reason = take_refusal(urlparse_cached(request).hostname or "")
            if reason:
                raise RefusedRequest(f"refused: {reason}") from exception

    def problem(self, request: Request) -> str | None:
        """Why this request must not go out, or None."""
        proxy = request.meta.get("proxy")
        if proxy and origin(proxy) not in self.allowed:
            return f"proxy {origin(proxy) or proxy} is not in {ALLOW_ORIGINS_VARIABLE}"
        # Through an allowed proxy, the proxy resolves the name (the resolver never sees it), but
        # the target is judged as it is here: an operator's proxy must not reach 169.254.169.254.
        return url_problem(request.url, self.allowed, self.ports)


class GuardedResolver(CachingHostnameResolver):
    """Scrapy's caching resolver (IPv4 and IPv6) that drops every address off the public web (unless
    the name and port are those of an allowed origin): the address checked is the one connected
    to, at each connection, so a name rebinding to 127.0.0.1 after a first public answer gets
    nowhere."""

    def __init__(self, reactor: Any, cache_size: int, allowed: frozenset[str]):
        super().__init__(reactor, cache_size)
        self.allowed_ports: defaultdict[str, set[int]] = defaultdict(set)
        for value in allowed:
            self.allowed_ports[origin_host(value)].add(url_port(value) or 0)

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        settings = crawler.settings
        size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, size, allowed_origins(settings))

    def resolveHostName(self, resolutionReceiver: Any, hostName: str,
                        portNumber: int = 0, *args: Any, **kwargs: Any) -> Any:
        """Resolve as Scrapy does, passing on only the addresses the crawler may connect to."""
        ports = self.allowed_ports.get(hostName.lower().rstrip("."), set())
        # Port 0 is reactor.connectTCP's lookup, the one Scrapy makes for a proxy: the guard
        # middleware has already checked the proxy's whole origin.
        if portNumber in ports or (ports and portNumber == 0):
            return super().resolveHostName(resolutionReceiver, hostName, portNumber,
                                           *args, **kwargs)
        # mypy cannot see zope's @implementer (no mypy-zope plugin here): _PublicOnly does
        # implement IResolutionReceiver.
        receiver = _PublicOnly(resolutionReceiver, hostName)
        return super().resolveHostName(receiver, hostName,  # type: ignore[arg-type]
                                       portNumber, *args, **kwargs)


@implementer(IResolutionReceiver)
class _PublicOnly:
    """A resolution receiver that keeps the public addresses and notes why it dropped the others."""

    def __init__(self, receiver: Any, name: str):
        self.receiver, self.name = receiver, name
        self.kept, self.dropped = 0, ""

    def resolutionBegan(self, resolution: Any) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: Any) -> None:
        parsed = literal_address(getattr(address, "host", ""))
        problem = address_problem(parsed) if parsed is not None else "not an IP address"
        if problem:
            self.dropped = self.dropped or f"{self.name} resolves to {address.host}, {problem}"
        else:
            self.kept += 1
            self.receiver.addressResolved(address)

    def resolutionComplete(self) -> None:
        if self.dropped and not self.kept:
            # The connection then fails as "no results"; the guard middleware says why.
            REFUSED_NAMES[_name_key(self.name)].append((time.monotonic(), self.dropped))
        self.receiver.resolutionComplete()


# Why the resolver left a name nothing to connect to: one (time, reason) per such lookup, each
# read once by the failed request it caused (take_refusal), so that a later genuine DNS failure
# of that name is not called a refusal.
REFUSED_NAMES: defaultdict[str, deque[tuple[float, str]]] = defaultdict(deque)
# A lookup's failure reaches the guard within moments; an older reason was never read (its
# request was cancelled) and explains nothing.
REFUSAL_SECONDS = 30.0


def _name_key(name: str) -> str:
    return name.lower().rstrip(".")


def take_refusal(name: str) -> str | None:
    """The reason of the oldest unread refusal of this name, removed; None when there is none."""
    key = _name_key(name)
    pending = REFUSED_NAMES.get(key)
    reason = None
    while pending and reason is None:
        when, why = pending.popleft()
        if time.monotonic() - when <= REFUSAL_SECONDS:
            reason = why
    if not pending:
        REFUSED_NAMES.pop(key, None)
    return reason


# robots.txt parsers of this process, by crawl run and origin: a parser, None (no usable robots.txt)
# or the Future of the one download under way.
_ROBOTS: dict[tuple[Any, str], Any] = {}


# The robots.txt responses behind those parsers, by the same key: a spider that reads robots.txt
# for its Sitemap: lines (request.meta[READS_ROBOTS]) gets this one instead of a second download.
_ROBOTS_RESPONSES: dict[tuple[Any, str], Response] = {}
READS_ROBOTS = "probono_reads_robots"

# The robots.txt files earlier crawls kept that are young enough, by crawl run and origin: read
# from the database by the crawl as it opens (pipeline/commands/crawl.py, give_kept_robots), as a
# spider never reads the database itself.
_KEPT: dict[Any, dict[str, RobotsFile]] = {}
# What a crawl fetched that is worth keeping, by run and origin: written as the crawl ends
# (pipeline/commands/crawl.py, take_fetched_robots), so that the next one need not ask again.
_FETCHED: dict[Any, dict[str, RobotsFile]] = {}


def give_kept_robots(run_id: Any, files: dict[str, RobotsFile]) -> None:
    """The robots.txt files, by origin, that the crawl `run_id` reads instead of fetching."""
    _KEPT[run_id] = files


def take_fetched_robots(run_id: Any) -> list[RobotsFile]:
    """The robots.txt files the crawl `run_id` fetched and may keep, taken as it ends: this
    module then forgets the files it held for that crawl, fetched or kept."""
    _KEPT.pop(run_id, None)
    return list(_FETCHED.pop(run_id, {}).values())


def worth_keeping(response: Response, max_size: int, max_age: int | None) -> bool:
    """True for an answer the next crawls may read instead of asking (RFC 9309 §2.3.1): a 2xx
    file, whole, or a 4xx ("unavailable": everything allowed) but 429. Never a 5xx or a 429 (the
    site is in trouble: asked again next time), a body cut short or past DOWNLOAD_MAXSIZE, nor
    an answer whose Cache-Control forbids keeping it (no-store, no-cache, max-age=0)."""
    whole = "dataloss" not in response.flags and (max_size <= 0 or len(response.body) <= max_size)
    kept_status = 200 <= response.status < 300 or (
        400 <= response.status < 500 and response.status != 429)
    return whole and kept_status and max_age != 0


def kept_response(file: RobotsFile) -> Response:
    """The response a kept file stands for: its status and body (UTF-8, RFC 9309), at the
    origin's robots.txt."""
    return TextResponse(f"{file.origin}/robots.txt", status=file.status, body=file.body,
                        encoding="utf-8", headers={"Content-Type": "text/plain; charset=utf-8"})


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware fetching robots.txt once per origin for all the crawlers of a crawl,
    and answering a spider's own request for that robots.txt with the same response. In a crawl
    of `probono crawl` (PROBONO_RUN_ID), an origin's robots.txt that an earlier crawl kept and
    that is still young (PROBONO_ROBOTS_MAX_AGE) is parsed as the crawl read it from the
    database instead; what is fetched is noted for the crawl to keep as it ends."""

    # Scrapy lets a downloader middleware answer with a Response; RobotsTxtMiddleware, which
    # never does, annotates its own as returning None only.
    async def process_request(  # type: ignore[override]
            self, request: Request, spider: Any = None) -> Response | None:
        if request.meta.get(READS_ROBOTS):
            await self.robot_parser(request)  # the one download of this origin's robots.txt
            known = _ROBOTS_RESPONSES.get(self._key(request))
            if known is not None:
                return known.replace(url=request.url, request=request)
            return None  # it could not be read: the spider's request says why
        await super().process_request(request)
        return None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        _ROBOTS_RESPONSES[self._key(request)] = response
        self._note_fetched(response, request)
        await super()._parse_robots(response, netloc, request)

    def _note_fetched(self, response: Response, request: Request) -> None:
        """Note a fetched robots.txt worth keeping, for the crawl to write as it ends."""
        settings = self.crawler.settings
        run_id = settings.get("PROBONO_RUN_ID")
        if run_id is None:  # a bare `scrapy crawl`: nothing writes them
            return
        header = response.headers.get(b"Cache-Control")
        max_age = cache_max_age(header.decode("latin-1") if header else None)
        if worth_keeping(response, settings.getint("DOWNLOAD_MAXSIZE"), max_age):
            _, origin_url = self._key(request)
            # A 4xx's body too: Scrapy parses it whatever the status (a "Disallow" in a 404's
            # body is obeyed), and the kept file must be obeyed as the fetched one was.
            _FETCHED.setdefault(run_id, {})[origin_url] = RobotsFile(
                origin_url, utc_now_iso(), response.status, response.body, max_age)

    def _kept_file(self, request: Request) -> RobotsFile | None:
        """This origin's robots.txt as an earlier crawl kept it, when still young (the crawl gave
        them: give_kept_robots)."""
        run_id, origin = self._key(request)
        return _KEPT.get(run_id, {}).get(origin)

    def _parse_kept(self, file: RobotsFile, request: Request) -> Any:
        """The parser Scrapy would build from the kept body (ROBOTSTXT_PARSER), and the response
        that answers a spider's own request for it."""
        _ROBOTS_RESPONSES[self._key(request)] = kept_response(file)
        return build_from_crawler(self._parserimpl, self.crawler, file.body)

    def _key(self, request: Request) -> tuple[Any, str]:
        url = urlparse_cached(request)
        return (self.crawler.settings.get("PROBONO_RUN_ID"), f"{url.scheme}://{url.netloc}")

    async def robot_parser(self, request: Request) -> Any:
        key = self._key(request)
        known = _ROBOTS.get(key, _MISSING)
        if known is _MISSING and (kept := self._kept_file(request)) is not None:
            known = _ROBOTS[key] = self._parse_kept(kept, request)
        if known is _MISSING:
            future = _ROBOTS[key] = asyncio.get_running_loop().create_future()
            parser = None  # whatever happens, the other crawlers waiting for it go on
            try:
                # Scrapy's own method fetches it into self._parsers, through every middleware.
                parser = await super().robot_parser(request)
            finally:
                _ROBOTS[key] = parser
                future.set_result(parser)
            return parser
        if isinstance(known, asyncio.Future):
            return await asyncio.shield(known)  # shield: one waiter's cancel must not cancel all
        return known


_MISSING = object()


class HostLimitMiddleware:
    """At most CONCURRENT_REQUESTS_PER_DOMAIN requests at a time to one host, whichever source's
    crawler sends them: each crawler has its own downloader, so its own limit is per source."""

    def __init__(self, per_host: int):
        self.per_host = per_host
        self.slots: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_host))

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostLimitMiddleware:
        per_host = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        shared = _HOST_LIMITS.get(per_host)
        if shared is None:
            shared = _HOST_LIMITS[per_host] = cls(per_host)
        return shared

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        await self.slots[host].acquire()
        request.meta["probono_host_slot"] = host

    def process_response(self, request: Request, response: Response) -> Response:
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.release(request)

    def release(self, request: Request) -> None:
        """Give the host's slot back, once per request that took one."""
        host = request.meta.pop("probono_host_slot", None)
        if host is not None:
            self.slots[host].release()


# One limiter per process (per limit value), shared by every crawler of the crawl.
_HOST_LIMITS: dict[int, HostLimitMiddleware] = {}

