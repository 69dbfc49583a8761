"""Canonical URLs and the stable article id derived from them.

Two spellings: `canonical_url` is the URL to fetch and show (tracking parameters, host case, default
port and fragment left out); `identity_url` is what the id is made of, and also folds what only
changes the way to the same page: http or https, `www.`, AMP variants, a trailing slash, and a
redundant language prefix on the hosts of url_rules.yaml.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from pipeline.datafiles import load

RULES_PATH = Path(__file__).with_name("url_rules.yaml")
DEFAULT_PORTS = {"http": 80, "https": 443}


MIN_AMP_SEGMENTS = 3  # /news/one/amp is an AMP variant; /tags/amp and /amp are pages of their own
AMP_PARAMS = ("amp", "outputtype")


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], tuple[str, ...]]:
    rules = load(RULES_PATH, "url_rules")
    return frozenset(rules["tracking_params"]), tuple(rules["tracking_prefixes"])


@lru_cache(maxsize=1)
def _locale_prefix_rules() -> tuple[frozenset[str], frozenset[str]]:
    rules = load(RULES_PATH, "url_rules")
    return (frozenset(rules.get("locale_prefix_hosts", [])),
            frozenset(rules.get("locale_prefixes", [])))


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that only records where a visit came from."""
    exact, prefixes = _rules()
    lowered = name.lower()
    return lowered in exact or lowered.startswith(prefixes)


def canonical_url(url: str, base: str | None = None) -> str:
    """The URL in one spelling: lowercase scheme and host, no default port, no fragment, no
    tracking."""
    if base:
        url = urljoin(base, url)
    parts = urlsplit((url or "").strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not is_tracking_param(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def followable_url(href: str, base: str | None = None) -> str | None:
    """The canonical http(s) URL of a link found in a feed or page, or None when it is not one
    (javascript:, file:, data:, mailto:, an impossible port...): we never follow those."""
    try:
        url = canonical_url(href, base=base)
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        return None
    return url if parts.scheme in DEFAULT_PORTS and parts.hostname else None


def is_web_url(value: object) -> bool:
    """True for an http(s) URL fit to write as a link in a page, a feed or Markdown: no other
    scheme, and no space or angle bracket (a real URL has them percent-encoded)."""
    return (isinstance(value, str) and value.lower().startswith(("http://", "https://"))
            and not any(c in value for c in "<> \n\t"))


# Every spider of a crawl reads the identity of every stored URL (pipeline/store/seen.py): cached,
# each is worked out once per process instead of once per spider. Bounded: memory stays flat.
@lru_cache(maxsize=1 << 18)
def identity_url(url: str) -> str:
    """The URL with every difference that does not change the page folded: what ids are made of."""
    parts = urlsplit(canonical_url(url))
    host = parts.netloc
    for prefix in ("www.", "amp."):
        host = host.removeprefix(prefix)
    path = _without_amp(parts.path)
    hosts, prefixes = _locale_prefix_rules()
    first = path.split("/")[1] if path.count("/") > 1 else ""
    if host.split(":")[0] in hosts and first in prefixes:
        path = path[len(first) + 1:]
    path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in AMP_PARAMS]
    return urlunsplit(("", host, path, urlencode(query, doseq=True), ""))


def _without_amp(path: str) -> str:
    """The path of the page an AMP variant renders: /amp/ before it, /amp after it, or .amp.html."""
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) >= MIN_AMP_SEGMENTS and segments[-1] == "amp":
        segments = segments[:-1]
    elif len(segments) >= MIN_AMP_SEGMENTS and segments[0] == "amp":
        segments = segments[1:]
    if segments and segments[-1].endswith(".amp.html"):
        segments[-1] = segments[-1].removesuffix(".amp.html") + ".html"
    return "/" + "/".join(segments)


def article_id(url: str) -> str:
    """A stable 16-hex-digit id for the article at this URL (after canonicalisation)."""
    return hashlib.sha256(identity_url(url).encode("utf-8")).hexdigest()[:16]


def same_site(a: str, b: str) -> bool:
    """True when two URLs are on the same host (ignoring a leading www., a trailing dot, and
    whether an international name is written in Unicode or in its xn-- form)."""
    return _site_host(a) == _site_host(b)


def _site_host(url: str) -> str:
    name = (urlsplit(url).hostname or "").lower().rstrip(".")
    # Not a valid international name: compared as written.
    with contextlib.suppress(UnicodeError):
        name = name.encode("idna").decode("ascii")
    return name[4:] if name.startswith("www.") else name
