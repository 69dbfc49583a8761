"""The crawler fetches only the public web: a hostile feed cannot make it read a loopback service.

A real "victim" server on 127.0.0.1 holds a secret; a real site (its origin the only one allowed)
publishes a teaser-only feed whose links point at the victim in every spelling, directly or through
a redirect. After a real `probono crawl`, the victim has had no request and nothing stored holds the
secret. The address classification and the resolver are checked on tables of their own.
"""

from __future__ import annotations

import socket
import sqlite3
from collections import Counter
from functools import partial
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from pipeline.addresses import host_problem, origin, parse_origins, url_problem
from tests.conftest import BIN, run
from tests.loopback import LoopbackServer

SECRET = "s3cr3t-admin-token-7d1f"


class _Handler(BaseHTTPRequestHandler):
    """Serves `routes[path] -> (status, headers, body)` and counts every request."""

    def __init__(self, *args, server_state: Server, **kwargs):
        self.state = server_state
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.state.hits[self.path] += 1
        status, headers, body = self.state.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(LoopbackServer):
    """A threaded HTTP server on 127.0.0.1 with fixed routes, stopped when the context ends."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], bytes]] | None = None):
        self.routes = routes or {}
        self.hits: Counter = Counter()
        super().__init__(partial(_Handler, server_state=self))
        self.origin = self.address


def victim_links(port: int) -> list[str]:
    """The victim's address in the spellings a hostile feed would use."""
    links = [f"http://127.0.0.1:{port}/secret", f"http://localhost:{port}/secret",
             f"http://0x7f000001:{port}/secret", f"http://2130706433:{port}/secret",
             f"http://0177.0.0.1:{port}/secret", f"http://127.1:{port}/secret",
             f"http://[::1]:{port}/secret", f"http://[::ffff:127.0.0.1]:{port}/secret"]
    name = socket.gethostname()
    if host_problem(name) is None and _resolves_to_loopback(name):
        links.append(f"http://{name}:{port}/secret")  # a plain name: only the resolver can tell
    return links


def _resolves_to_loopback(name: str) -> bool:
    try:
        return socket.gethostbyname(name).startswith("127.")
    except OSError:
        return False


def teaser_feed(site: str, links: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {i}</title><link>{link}</link>"
                    f"<description>A teaser.</description>"
                    f"<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site</title>'
            f"<link>{site}/</link>{items}</channel></rss>").encode()


FEEDS = """sources:
  - id: hostile-site
    name: Hostile site
    organisation: Hostile
    country: FR
    homepage: {site}/
    languages: [en]
    full_text: always
    feeds:
      - {site}/feed.xml
"""


def crawl(tmp_path: Path, site: Server, victim: Server):
    """A real `probono crawl` of the site, only the site's origin allowed; the victim's port is an
    allowed port, so that the address checks (not the port check) must stop each link."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS.format(site=site.origin), encoding="utf-8")
    db, log = tmp_path / "crawl.db", tmp_path / "crawl.log"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds),
                  "--log-file", str(log)],
                 env_extra={"PROBONO_ALLOW_ORIGINS": site.origin, "PROBONO_DOWNLOAD_DELAY": "0",
                            "PROBONO_RETRY_BACKOFF_BASE": "0",
                            "PROBONO_ALLOWED_PORTS": f"80,443,{victim.port}"})
    return db, log.read_text(encoding="utf-8"), result


def dump(db: Path) -> str:
    """Every value of every table, as one text."""
    connection = sqlite3.connect(db)
    try:
        tables = [row[0] for row in connection.execute(
            "select name from sqlite_master where type = 'table' and name not like '%fts%'")]
        return "\n".join(str(row) for table in tables
                         for row in connection.execute(f"select * from [{table}]"))
    finally:
        connection.close()


def test_feed_links_and_redirects_to_loopback_are_refused_and_reported(tmp_path):
    with Server({"/secret": (200, {"Content-Type": "text/html"},
                             f"<html><body><p>{SECRET}</p></body></html>".encode())}) as victim:
        links = victim_links(victim.port)
        with Server() as site:
            redirect = f"http://127.0.0.1:{victim.port}/secret?via=redirect"
            site.routes.update({
                "/feed.xml": (200, {"Content-Type": "application/rss+xml"},
                              teaser_feed(site.origin, [*links, f"{site.origin}/moved-story"])),
                "/moved-story": (302, {"Location": redirect}, b""),
            })
            db, log, result = crawl(tmp_path, site, victim)
            hits = (site.hits["/feed.xml"], site.hits["/moved-story"])
            assert hits == (1, 1), result.stderr[-2000:]
        assert sum(victim.hits.values()) == 0, victim.hits
    assert SECRET not in dump(db)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]  # refused, not failed
    last_error, refused = sqlite3.connect(db).execute(
        "select last_error, refused from crawl_run_sources where source_id = 'hostile-site'"
    ).fetchone()
    assert ": refused: " in last_error and "loopback" in last_error
    for link in [*links, redirect]:  # each one refused (IPv6 literals are not even followed)
        assert f"{link}: refused: " in log or f"not following '{link}'" in log, link
    assert refused == len([link for link in [*links, redirect] if f"{link}: refused: " in log]) > 0
    assert f"{redirect}: refused: 127.0.0.1 is a loopback address" in log


# host, expected answer (None: public). Data, not code: one row per spelling.
SPELLINGS = [
    ("127.0.0.1", "a loopback address"), ("2130706433", "a loopback address"),
    ("0x7f000001", "a loopback address"), ("0177.0.0.1", "a loopback address"),
    ("127.1", "a loopback address"), ("0x7f.1", "a loopback address"),
    ("[::1]", "a loopback address"), ("::1", "a loopback address"),
    ("[::ffff:127.0.0.1]", "a loopback address"), ("[::ffff:7f00:1]", "a loopback address"),
    ("[64:ff9b::7f00:1]", "a loopback address"), ("[2002:7f00:1::]", "a loopback address"),
    ("localhost", "a loopback name"), ("LOCALHOST.", "a loopback name"),
    ("admin.localhost", "a loopback name"),
    ("169.254.169.254", "a link-local address"), ("[fe80::1%25eth0]", "a link-local address"),
    ("10.0.0.1", "a private address"), ("172.16.5.4", "a private address"),
    ("192.168.1.1", "a private address"), ("0xa000001", "a private address"),
    ("[fd00::1]", "a private address"), ("[::ffff:10.0.0.1]", "a private address"),
    ("100.64.0.1", "a shared (carrier-grade NAT) address"),
    ("0.0.0.0", "an unspecified address"), ("0", "an unspecified address"),
    ("[::]", "an unspecified address"), ("224.0.0.1", "a multicast address"),
    ("[ff02::1]", "a multicast address"), ("240.0.0.1", "a reserved address"),
    ("[fec0::1]", "a site-local address"), ("[3fff::1]", "a documentation address"),
    ("[3fff:fff:ffff::1]", "a documentation address"), ("192.0.0.8", "an IETF protocol address"),
    ("192.88.99.1", "a 6to4 relay anycast address"),
    ("[2002:c058:6301::]", "a 6to4 relay anycast address"),
    ("[3fff:1000::1]", None), ("192.88.98.1", None), ("192.0.1.1", None),
    ("93.184.216.34", None), ("1.1.1.1", None), ("[2606:4700:4700::1111]", None),
    ("example.org", None), ("www.probono.example", None), ("0xcafe.org", None),
]


@pytest.mark.parametrize("host, expected", SPELLINGS)
def test_address_classification(host, expected):
    problem = host_problem(host.replace("%25", "%"))
    assert (problem.split(" is ", 1)[1] if problem else None) == expected


# url, allowed origins, allowed ports (None: any port 1-65535), expected fragment (None: allowed)
URLS = [
    ("http://169.254.169.254/latest/meta-data/", "", None, "link-local"),
    ("http://example.org:70000/feed", "", None, "not a port from 1 to 65535"),
    ("http://example.org:0/feed", "", None, "not a port from 1 to 65535"),
    ("http://example.org:22/", "", [80, 443], "port 22 is not allowed"),
    ("https://example.org/feed", "", [80, 443], None),
    ("http://127.0.0.1:8000/feed", "http://127.0.0.1:8000", [80, 443], None),
    ("http://127.0.0.1:8001/feed", "http://127.0.0.1:8000", [80, 443], "loopback"),  # not its port
    ("https://127.0.0.1:8000/feed", "http://127.0.0.1:8000", [80, 443], "loopback"),  # nor scheme
    ("http://localhost:8000/", "http://127.0.0.1:8000", [80, 443], "loopback name"),  # nor host
    ("http://LOCALHOST/", "http://localhost:80", None, None),
]


@pytest.mark.parametrize("url, allowed, ports, expected", URLS)
def test_url_problem(url, allowed, ports, expected):
    problem = url_problem(url, parse_origins(allowed), ports)
    assert (problem is None) if expected is None else (expected in (problem or "")), problem


def test_origins_fill_in_the_default_port_and_refuse_a_path():
    assert origin("HTTPS://Example.org/x") == "https://example.org:443"
    assert parse_origins("http://127.0.0.1:8000, http://[::1]") == {
        "http://127.0.0.1:8000", "http://[::1]:80"}
    with pytest.raises(ValueError, match="PROBONO_ALLOW_ORIGINS"):
        parse_origins("http://127.0.0.1:8000/admin")


class _FakeDNS:
    """A name resolver answering from a map (name -> addresses), as a DNS server would."""

    def __init__(self, answers: dict[str, list[str]]):
        self.answers = answers

    def resolveHostName(self, receiver, name, port=0, *args, **kwargs):
        from scrapy.resolver import HostResolution
        from twisted.internet.address import IPv4Address, IPv6Address

        receiver.resolutionBegan(HostResolution(name))
        for address in self.answers.get(name, []):
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, port))
        receiver.resolutionComplete()
        return receiver


class _Receiver:
    def __init__(self):
        self.addresses: list[str] = []

    def resolutionBegan(self, resolution):
        pass

    def addressResolved(self, address):
        self.addresses.append(address.host)

    def resolutionComplete(self):
        pass


# name, what DNS answers, allowed origins, addresses the crawler may connect to
RESOLUTIONS = [
    ("rebound.example", ["127.0.0.1"], "", []),
    ("metadata.example", ["169.254.169.254"], "", []),
    ("mixed.example", ["93.184.216.34", "10.1.2.3", "::1"], "", ["93.184.216.34"]),
    ("mapped.example", ["::ffff:127.0.0.1"], "", []),
    ("public.example", ["93.184.216.34", "2606:4700::1111"], "",
     ["93.184.216.34", "2606:4700::1111"]),
    ("own.example", ["127.0.0.1"], "http://own.example:80", ["127.0.0.1"]),
]


@pytest.mark.parametrize("name, answer, allowed, connectable", RESOLUTIONS)
def test_resolver_drops_addresses_off_the_public_web(name, answer, allowed, connectable):
    from types import SimpleNamespace

    from spiders.netguard import REFUSED_NAMES, GuardedResolver

    reactor = SimpleNamespace(nameResolver=_FakeDNS({name: answer}))
    resolver = GuardedResolver(reactor, 0, parse_origins(allowed))  # no cache: ask each time
    receiver = _Receiver()
    resolver.resolveHostName(receiver, name, 80)
    assert receiver.addresses == connectable
    if answer and not connectable:  # nothing left to connect to: the failure is a refusal
        assert REFUSED_NAMES[name][-1][1].startswith(f"{name} resolves to ")


@pytest.mark.parametrize("field, url, message", [
    ("feeds", "http://169.254.169.254/latest/meta-data/",
     "field 'feeds': 169.254.169.254 is a link-local address"),
    ("feeds", "http://example.org:70000/feed.xml",
     "field 'feeds': port '70000' is not a port from 1"),
    ("homepage", "http://0x7f000001/", "field 'homepage': 0x7f000001 is a loopback address"),
    ("sitemaps", "http://[::1]/sitemap.xml", "field 'sitemaps': ::1 is a loopback address"),
    ("sitemaps", "http://10.0.0.1/sitemap.xml", "field 'sitemaps': 10.0.0.1 is a private address"),
])
def test_feeds_yaml_refuses_addresses_off_the_public_web(tmp_path, field, url, message):
    values = {"homepage": "http://example.org/", "feeds": "http://example.org/feed.xml",
              "sitemaps": "http://example.org/sitemap.xml", field: url}
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "sources:\n  - id: sneaky\n    name: Sneaky\n    organisation: Sneaky\n    country: FR\n"
        f"    homepage: {values['homepage']}\n    languages: [fr]\n"
        f"    feeds:\n      - '{values['feeds']}'\n    sitemaps:\n      - '{values['sitemaps']}'\n",
        encoding="utf-8")
    result = run([str(BIN / "probono"), "sources", "check", "--feeds", str(feeds)])
    assert result.returncode == 2 and "feeds.yaml:" in result.stderr, result.stderr
    assert f"source 'sneaky': {message}" in result.stderr, result.stderr
    allowed = run([str(BIN / "probono"), "sources", "check", "--feeds", str(feeds)],
                  env_extra={"PROBONO_ALLOW_ORIGINS": origin(url) or ""})
    assert (allowed.returncode == 0) == ("70000" not in url), allowed.stderr  # a bad port stays bad


@pytest.mark.parametrize("url, proxy, allowed, expected", [
    ("http://site.test/a", "http://127.0.0.1:8000", "http://127.0.0.1:8000", None),
    ("http://site.test/a", "http://127.0.0.1:8000", "",
     "proxy http://127.0.0.1:8000 is not in PROBONO_ALLOW_ORIGINS"),
    ("http://site.test/a", "http://127.0.0.1:8001", "http://127.0.0.1:8000", "is not in"),
    ("http://127.0.0.1:8001/", None, "http://127.0.0.1:8000", "127.0.0.1 is a loopback address"),
    ("http://127.0.0.1:8000/admin", None, "http://127.0.0.1:8000", None),
    ("http://example.org:25/", None, "", "port 25 is not allowed"),
    # An allowed proxy does not make every target allowed: the target's own checks still apply.
    ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8000", "http://127.0.0.1:8000",
     "169.254.169.254 is a link-local address"),
    ("http://127.0.0.1:22/", "http://127.0.0.1:8000", "http://127.0.0.1:8000", "loopback address"),
    ("http://0xa000005/", "http://127.0.0.1:8000", "http://127.0.0.1:8000", "private address"),
    ("http://localhost/", "http://127.0.0.1:8000", "http://127.0.0.1:8000", "loopback name"),
    ("http://site.test:25/", "http://127.0.0.1:8000", "http://127.0.0.1:8000", "port 25 is not"),
    ("https://site.test/a", "http://127.0.0.1:8000", "http://127.0.0.1:8000", None),
])
def test_guard_judges_the_proxy_when_there_is_one(url, proxy, allowed, expected):
    from scrapy import Request

    from spiders.netguard import NetworkGuardMiddleware

    guard = NetworkGuardMiddleware(parse_origins(allowed), [80, 443])
    problem = guard.problem(Request(url, meta={"proxy": proxy} if proxy else {}))
    assert (problem is None) if expected is None else (expected in (problem or "")), problem


# url, allowed origins, expected fragment (None: allowed): a host named by an allowed origin is
# allowed at that origin only, not at its other ports or scheme.
SAME_HOST = [
    ("http://intranet.corp:8000/feed", "http://intranet.corp:8000", None),
    ("http://INTRANET.corp.:8000/feed", "http://intranet.corp:8000", None),
    ("http://intranet.corp/", "http://intranet.corp:8000",
     "only http://intranet.corp:8000 of intranet.corp is allowed"),
    ("http://intranet.corp:8080/", "http://intranet.corp:8000", "only http://intranet.corp:8000"),
    ("https://intranet.corp:8000/", "http://intranet.corp:8000", "only http://intranet.corp:8000"),
    ("https://intranet.corp/", "http://intranet.corp:8000, http://intranet.corp:9000",
     "only http://intranet.corp:8000 and http://intranet.corp:9000 of intranet.corp are allowed"),
    ("http://other.corp/", "http://intranet.corp:8000", None),  # judged after DNS
]


@pytest.mark.parametrize("url, allowed, expected", SAME_HOST)
def test_guard_allows_an_allowed_host_at_its_allowed_origins_only(url, allowed, expected):
    from scrapy import Request

    from spiders.netguard import NetworkGuardMiddleware

    problem = NetworkGuardMiddleware(parse_origins(allowed), [80, 443, 8080]).problem(Request(url))
    assert (problem is None) if expected is None else (expected in (problem or "")), problem


# port Twisted asks for (0: connectTCP, the proxy path), allowed origins, connectable addresses
RESOLUTION_PORTS = [
    (8080, "http://own.example:8080", ["127.0.0.1"]),
    (80, "http://own.example:8080", []),
    (443, "http://own.example:8080", []),
    (8443, "http://own.example:8080, https://own.example:8443", ["127.0.0.1"]),
    (0, "http://own.example:8080", ["127.0.0.1"]),
    (0, "", []),
]


@pytest.mark.parametrize("port, allowed, connectable", RESOLUTION_PORTS)
def test_resolver_lets_an_allowed_name_through_on_its_allowed_ports_only(port, allowed,
                                                                         connectable):
    from types import SimpleNamespace

    from spiders.netguard import GuardedResolver

    reactor = SimpleNamespace(nameResolver=_FakeDNS({"own.example": ["127.0.0.1"]}))
    receiver = _Receiver()
    GuardedResolver(reactor, 0, parse_origins(allowed)).resolveHostName(
        receiver, "own.example", portNumber=port)
    assert receiver.addresses == connectable


def test_a_refusal_explains_only_the_lookup_that_produced_it(monkeypatch):
    from collections import defaultdict, deque
    from types import SimpleNamespace

    from scrapy import Request
    from twisted.internet.error import DNSLookupError

    from spiders import netguard

    monkeypatch.setattr(netguard, "REFUSED_NAMES", defaultdict(deque))  # none from other tests
    reactor = SimpleNamespace(nameResolver=_FakeDNS({
        "rebound.example": ["127.0.0.1"], "mixed.example": ["93.184.216.34", "10.1.2.3"]}))
    resolver = netguard.GuardedResolver(reactor, 0, frozenset())
    guard = netguard.NetworkGuardMiddleware(frozenset(), [80, 443])
    request = Request("http://rebound.example/a")
    for _ in range(2):  # two lookups, two failed connections: two refusals
        resolver.resolveHostName(_Receiver(), "rebound.example", 80)
    refused = r"rebound\.example resolves to 127\.0\.0\.1"
    for _ in range(2):
        with pytest.raises(netguard.RefusedRequest, match=refused):
            guard.process_exception(request, DNSLookupError("no results"))
    # Later, a genuine DNS failure of the same name is a DNS failure, not a refusal.
    assert guard.process_exception(request, DNSLookupError("no results")) is None
    # A lookup that kept a public address explains no later failure either.
    resolver.resolveHostName(_Receiver(), "mixed.example", 80)
    assert guard.process_exception(Request("http://mixed.example/"), DNSLookupError("x")) is None
    # A refusal nobody read (its request gone) is forgotten after a while.
    resolver.resolveHostName(_Receiver(), "rebound.example", 80)
    clock = netguard.time.monotonic() + netguard.REFUSAL_SECONDS + 1
    monkeypatch.setattr(netguard.time, "monotonic", lambda: clock)
    assert guard.process_exception(request, DNSLookupError("no results")) is None


def _loopback_name() -> str | None:
    """This machine's host name when it resolves to 127.0.0.x (a name only DNS can judge)."""
    name = socket.gethostname()
    return name if host_problem(name) is None and _resolves_to_loopback(name) else None


@pytest.mark.skipif(_loopback_name() is None, reason="the host name does not resolve to loopback")
def test_an_origin_allowed_by_name_opens_no_other_port_of_that_host(tmp_path):
    """The site allowed as http://NAME:PORT; its feed links to another port of NAME (direct and
    https): the victim there gets no request."""
    name = _loopback_name()
    page = (f"<html><head><title>Admin</title></head><body><article><h1>Admin page</h1><p>{SECRET} "
            + "lorem ipsum dolor " * 60 + "</p></article></body></html>").encode()
    with Server({"/news/secret-story": (200, {"Content-Type": "text/html"}, page)}) as victim, \
            Server() as site:
        site.origin = f"http://{name}:{site.port}"
        links = [f"http://{name}:{victim.port}/news/secret-story",
                 f"https://{name}:{victim.port}/news/other-story"]
        site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                    teaser_feed(site.origin, links))
        db, log, result = crawl(tmp_path, site, victim)
        assert site.hits["/feed.xml"] == 1, result.stderr[-2000:]
        assert sum(victim.hits.values()) == 0, victim.hits
    assert SECRET not in dump(db)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    for link in links:
        assert f"{link}: refused: only {site.origin} of {name} is allowed" in log, link


@pytest.fixture
def no_proxy_variables(monkeypatch):
    """Only the test's http_proxy: no exception list or other proxy from the environment."""
    for variable in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(variable, raising=False)


def test_an_allowed_proxy_does_not_carry_requests_off_the_public_web(tmp_path, no_proxy_variables):
    """An operator behind a proxy allows it; a feed read through it links to loopback, metadata
    and private addresses: the proxy is never asked for them."""
    targets = ["http://127.0.0.1:22/news/secret-story", "http://169.254.169.254/latest/meta-data/x",
               "http://10.0.0.5/news/secret-story"]
    page = (f"<html><body><article><p>{SECRET} " + "lorem ipsum " * 80
            + "</p></article></body></html>").encode()
    site = "http://feeds.example.org"
    with Server() as proxy:  # as a proxy: asked for absolute URLs, its routes are those
        proxy.routes.update({url: (200, {"Content-Type": "text/html"}, page) for url in targets})
        proxy.routes[f"{site}/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                            teaser_feed(site, targets))
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(FEEDS.format(site=site), encoding="utf-8")
        db, log = tmp_path / "crawl.db", tmp_path / "crawl.log"
        result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds),
                      "--log-file", str(log)],
                     env_extra={"http_proxy": proxy.origin, "PROBONO_ALLOW_ORIGINS": proxy.origin,
                                "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_BACKOFF_BASE": "0"})
        assert proxy.hits[f"{site}/feed.xml"] == 1, (dict(proxy.hits), result.stderr[-2000:])
        assert not [url for url in targets if proxy.hits[url]], dict(proxy.hits)
    assert SECRET not in dump(db)
    text = log.read_text(encoding="utf-8")
    for url, why in zip(targets, ["127.0.0.1 is a loopback address",
                                  "169.254.169.254 is a link-local address",
                                  "10.0.0.5 is a private address"]):
        assert f"{url}: refused: {why}" in text, url
