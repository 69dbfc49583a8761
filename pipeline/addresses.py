"""Which addresses the crawler may reach: the public web, and the origins an operator allows.

Pure functions, shared by feeds.yaml validation (pipeline/sources.py) and the crawler's guard
(spiders/netguard.py). A host is judged by the address it names in any spelling a resolver accepts
(127.0.0.1, 2130706433, 0x7f000001, 0177.0.0.1, 127.1, [::1], [::ffff:127.0.0.1]). The only way to
a non-public address is an allowed origin, `scheme://host:port`, listed in PROBONO_ALLOW_ORIGINS.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOW_ORIGINS_VARIABLE = "PROBONO_ALLOW_ORIGINS"
DEFAULT_PORTS = {"http": 80, "https": 443}
# What inet_aton accepts: dotted parts in decimal, octal (0...) or hex (0x...), 1 to 4 of them.
_IPV4_SPELLING = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$")
# Ranges ipaddress (of this Python) calls global, or names vaguely: named here, checked first.
_NAMED_NETWORKS: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]] = [
    (ipaddress.ip_network(network), kind) for network, kind in (
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        # RFC 6890: IETF protocol assignments (192.0.0.8 is the dummy address of RFC 7600; the
        # PCP and TURN anycast addresses .9 and .10 serve no page either).
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.88.99.0/24", "a 6to4 relay anycast address"),  # deprecated by RFC 7526
        ("fec0::/10", "a site-local address"),  # deprecated by RFC 3879, still routed internally
        ("3fff::/20", "a documentation address"),  # RFC 9637
    )]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")

# The first test that matches names the kind of address, as the refusal message says it.
_KINDS: list[tuple[str, str]] = [
    ("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
    ("is_reserved", "a reserved address"), ("is_private", "a private address"),
]


def literal_address(host: str) -> Address | None:
    """The address a host names literally (in any spelling a resolver accepts); None for a name."""
    host = host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
    host = host.split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) does not change the address
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not _IPV4_SPELLING.match(host):
        return None
    try:  # the C library's own parser: what the socket layer will connect to
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, Teredo), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    return address.teredo[1] if address.teredo else None


def address_problem(address: Address) -> str | None:
    """Why an address is not on the public web ("a loopback address"), or None when it is."""
    inner = embedded_ipv4(address)
    if inner is not None:
        problem = address_problem(inner)
        if problem:
            return problem
    for network, kind in _NAMED_NETWORKS:
        if address in network:
            return kind
    for test, kind in _KINDS:
        if getattr(address, test):
            return kind
    return None if address.is_global else "not a public address"


def host_problem(host: str) -> str | None:
    """Why a URL's host is not on the public web ("10.0.0.1 is a private address"), or None."""
    name = host.strip().lower().rstrip(".")
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return f"{host} is a loopback name"
    address = literal_address(name)
    if address is None:
        return None  # a name: judged after DNS resolution, by the crawler's resolver
    problem = address_problem(address)
    return f"{host} is {problem}" if problem else None


def url_port(url: str) -> int | None:
    """The port a URL connects to (the scheme's default filled in); None when it is not a number
    from 1 to 65535."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    if port is None:
        port = DEFAULT_PORTS.get(parts.scheme.lower())
    return port if port and 1 <= port <= 65535 else None


def origin(url: str) -> str | None:
    """scheme://host:port of a URL, lowercased, default port filled in; None when it has none."""
    parts = urlsplit(url.strip())
    host, port = (parts.hostname or "").rstrip("."), url_port(url)  # "example.org." is the same
    if not host or port is None:
        return None
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}:{port}"


def parse_origins(values: str | Iterable[str] | None) -> frozenset[str]:
    """The allowed origins from a comma-separated text or a list; a value that is no origin is
    an error naming it."""
    if isinstance(values, str):
        values = values.split(",")
    allowed = set()
    for value in values or ():
        if not value.strip():
            continue
        normal = origin(value)
        if normal is None or urlsplit(value.strip()).path not in ("", "/"):
            raise ValueError(f"{ALLOW_ORIGINS_VARIABLE}: not an origin scheme://host:port: "
                             f"{value!r}")
        allowed.add(normal)
    return frozenset(allowed)


def allowed_origins_from_env() -> frozenset[str]:
    """The origins PROBONO_ALLOW_ORIGINS allows (none by default)."""
    return parse_origins(os.environ.get(ALLOW_ORIGINS_VARIABLE, ""))


def origin_host(value: str) -> str:
    """The host of an origin, without brackets."""
    return value.split("://", 1)[1].rsplit(":", 1)[0].strip("[]")


def other_origin_problem(url: str, allowed: frozenset[str]) -> str | None:
    """Why a URL on the host of an allowed origin, at another port or scheme, is refused ("only
    http://intranet.corp:8000 of intranet.corp is allowed"), or None: allowing an origin grants
    nothing to the other services of its host."""
    url_origin = origin(url)
    if url_origin is None or url_origin in allowed:
        return None
    host = origin_host(url_origin)
    same_host = sorted(value for value in allowed if origin_host(value) == host)
    if not same_host:
        return None
    verb = "is" if len(same_host) == 1 else "are"
    return f"only {' and '.join(same_host)} of {host} {verb} allowed"


def url_problem(url: str, allowed: frozenset[str],
                ports: Iterable[int] | None = None) -> str | None:
    """Why the crawler must not fetch a URL ("10.0.0.1 is a private address"), or None.

    An allowed origin passes whatever its address, and its host at no other origin; `ports`, when
    given, are the only ports allowed to the others (feeds.yaml validation passes None: any port
    from 1 to 65535).
    """
    parts = urlsplit(url)
    port = url_port(url)
    if port is None:
        return f"port {parts.netloc.rpartition(':')[2]!r} is not a port from 1 to 65535"
    if origin(url) in allowed:
        return None
    problem = host_problem(parts.hostname or "") or other_origin_problem(url, allowed)
    if problem:
        return problem
    if ports is not None and port not in set(ports):
        return f"port {port} is not allowed (allowed: {', '.join(map(str, sorted(ports)))})"
    return None
