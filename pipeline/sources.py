"""Load feeds.yaml into validated `Source` objects.

Every error names the file, the line, the source id and the field, so that a typo in
feeds.yaml stops a crawl before any request is made, with a message a person can act on.
The schema is documented in the README ("Add sources"). The file is read by pipeline/datafiles.py
(line numbers, keys given twice, aliases refused); the checks of its fields are here.
"""

from __future__ import annotations

import hashlib
import json
import re
import reprlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, overload
from urllib.parse import urlsplit

import re2
from cssselect import ExpressionError, GenericTranslator, SelectorError

from pipeline.addresses import allowed_origins_from_env, url_problem
from pipeline.datafiles import LineDict as _LineDict
from pipeline.datafiles import parse_yaml
from pipeline.errors import ConfigError

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
COUNTRY = re.compile(r"^([A-Z]{2}|global)$")
KINDS = ("member", "network", "media", "related", "archive")
FULL_TEXT = ("auto", "always", "never")
DEFAULT_MAX_PAGES = 10
# A source's first crawl stores what is older than this many days as archive, not for review.
DEFAULT_BACKFILL_DAYS = 30
SHOWN_CHARS = 80  # a value quoted in an error message is cut to this many characters
# include/exclude run on RE2, in time linear in the URL: a crafted link cannot stall a spider.
# Patterns RE2 cannot run (backreferences, lookaround) are refused at load instead.
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # our one-line ConfigError says it; RE2 would also print to stderr
# Bounded at every level, so quoting even a huge value costs little.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 3, 6, 6
_REPR.maxstring = _REPR.maxother = SHOWN_CHARS
Pattern = Any  # a compiled RE2 pattern (re2._Regexp): .search(url) and .pattern, as re.Pattern


@dataclass(frozen=True)
class Listing:
    """An HTML listing page: where article links are, and how to reach the next page.

    Without `links`, the article links and the next page are found without selectors
    (pipeline/listings.py): the way a listing found by discovery is read."""

    url: str
    links: str | None = None
    next: str | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    # A listing the crawler found, read for the first time: every page (up to max_pages), not
    # only while its pages show links not seen yet (pipeline/ways_in.py).
    read_all: bool = False
    # Its links are stored only with evidence that they are articles (pipeline/pagekind.py): a
    # homepage read as a listing may show service cards beside its news.
    needs_evidence: bool = False


def listing_fingerprint(source: Source, listing: Listing) -> str:
    """What a listing is read with: its own settings and its source's patterns, kind and full
    text; a change of any makes another fingerprint (spiders/pages.py then reads it whole)."""
    # read_all left out: a found listing is read whole once, then not (pipeline/ways_in.py)
    listed = {name: value for name, value in asdict(listing).items() if name != "read_all"}
    settings = [listed, [p.pattern for p in source.include],
                [p.pattern for p in source.exclude], source.kind, source.full_text]
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Source:
    """One publisher of the network, as feeds.yaml describes it."""

    id: str
    name: str
    organisation: str
    country: str
    homepage: str
    languages: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sitemap_from_robots: bool = False
    max_age_days: int | None = None  # sitemap entries whose lastmod is older are skipped
    backfill_days: int = DEFAULT_BACKFILL_DAYS  # older articles are stored as archive
    include: tuple[Pattern, ...] = ()  # article URLs must match one of these, if any
    exclude: tuple[Pattern, ...] = ()  # ... and none of these
    kind: str = "member"
    enabled: bool = True
    verified: bool = True
    full_text: str = "auto"
    notes: str = ""
    line: int = 0

    @property
    def is_republisher(self) -> bool:
        """Media republish members' pieces: their copy is never the original."""
        return self.kind == "media"

    @property
    def homepage_only(self) -> bool:
        """True when feeds.yaml names no way in: the crawler finds them (pipeline/ways_in.py)."""
        return not (self.feeds or self.reads_pages)

    @property
    def reads_pages(self) -> bool:
        """True when the pages spider has work: listing pages or sitemaps."""
        return bool(self.listings or self.sitemaps or self.sitemap_from_robots)


def shown(value: Any) -> str:
    """A value as an error message quotes it: its repr, cut to SHOWN_CHARS characters plus "…"."""
    text = repr(value[:SHOWN_CHARS + 1]) if isinstance(value, str) else _REPR.repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def compile_pattern(pattern: str) -> Pattern:
    """A regex for include/exclude, compiled by RE2; raises ValueError with the reason if not."""
    try:
        re.compile(pattern)  # Python's own messages say best what is wrong with the syntax
    except re.error as error:
        raise ValueError(f"not a valid regular expression {shown(pattern)}: {error}") from None
    try:
        return re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as error:
        reason = error.args[0].decode() if isinstance(error.args[0], bytes) else str(error)
        raise ValueError(f"not supported by the linear-time regex engine RE2 {shown(pattern)}: "
                         f"{reason} (backreferences and lookaround cannot be used)") from None


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class _SourceReader:
    """Checks one source mapping field by field, raising ConfigError at the first fault."""

    def __init__(self, raw: _LineDict, path: str):
        self.raw, self.path = raw, path
        self.id = raw.get("id") if isinstance(raw.get("id"), str) else None

    def error(self, field_name: str, message: str, line: int | None = None) -> ConfigError:
        line = line or self.raw.key_lines.get(field_name, self.raw.line)
        return ConfigError(message, path=self.path, line=line, source_id=self.id, field=field_name)

    # check: a value passes when what it returns is true (a bool, a re.Match...)
    def get(self, name: str, check: Callable[[Any], object], expected: str, default: Any = None,
            required: bool = False) -> Any:
        if name not in self.raw:
            if required:
                raise self.error(name, "missing (required)")
            return default
        value = self.raw[name]
        if not check(value):
            raise self.error(name, f"expected {expected}, got {shown(value)}")
        return value

    def url_list(self, name: str) -> tuple[str, ...]:
        values = self.get(name, lambda v: isinstance(v, list), "a list of URLs", [])
        for value in values:
            if not _is_http_url(value):
                raise self.error(name, f"not an http(s) URL: {shown(value)}")
            self.reachable(name, value)
        return tuple(values)

    def reachable(self, name: str, url: str, line: int | None = None) -> str:
        """The URL, unless the crawler could never fetch it (a literal non-public address such as
        169.254.169.254, localhost, a port outside 1-65535) and its origin is not allowed."""
        problem = _network_problem(url)
        if problem:
            raise self.error(name, f"{problem}: {shown(url)}", line)
        return url

    def patterns(self, name: str) -> tuple[Pattern, ...]:
        """A list of regexes, compiled now so that a bad one stops the crawl before it starts."""
        values = self.get(name, _is_text_list, "a list of regular expressions", [])
        try:
            return tuple(compile_pattern(value) for value in values)
        except ValueError as error:
            raise self.error(name, str(error)) from None

    def flag(self, name: str, default: bool) -> bool:
        """An optional true or false."""
        return self.get(name, lambda v: isinstance(v, bool), "true or false", default)

    @overload
    def whole_number(self, name: str, default: int, least: int = 1) -> int: ...
    @overload
    def whole_number(self, name: str, default: None = None, least: int = 1) -> int | None: ...

    def whole_number(self, name: str, default: int | None = None, least: int = 1) -> int | None:
        """An optional whole number >= least."""
        return self.get(name,
                        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= least,
                        f"a whole number >= {least}", default)

    def listings(self) -> tuple[Listing, ...]:
        values = self.get("listings", lambda v: isinstance(v, list), "a list of listings", [])
        return tuple(self._listing(value) for value in values)

    def _listing(self, raw: Any) -> Listing:
        if not isinstance(raw, _LineDict):
            raise self.error("listings",
                             f"each listing is a mapping with url and links, got {shown(raw)}")
        line = raw.line
        unknown = set(raw) - {"url", "links", "next", "max_pages"}
        if unknown:
            key = sorted(unknown)[0]
            raise self.error(f"listings.{key}", "unknown key", raw.key_lines[key])
        if not _is_http_url(raw.get("url")):
            raise self.error("listings.url",
                             f"missing or not an http(s) URL: {shown(raw.get('url'))}", line)
        self.reachable("listings.url", raw["url"], raw.key_lines.get("url", line))
        if "links" in raw and (not isinstance(raw["links"], str) or not raw["links"].strip()):
            raise self.error("listings.links", "expected a CSS selector for the article links "
                             "(or no links key: they are then found without one)",
                             raw.key_lines.get("links", line))
        for name in ("links", "next"):
            problem = _css_problem(raw.get(name))
            if problem:
                raise self.error(f"listings.{name}", problem, raw.key_lines.get(name, line))
        max_pages = raw.get("max_pages", DEFAULT_MAX_PAGES)
        if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
            raise self.error("listings.max_pages",
                             f"expected a whole number >= 1, got {shown(max_pages)}", line)
        return Listing(url=raw["url"], links=raw.get("links"), next=raw.get("next"),
                       max_pages=max_pages)


def _network_problem(url: str) -> str | None:
    """Why the crawler's network guard would refuse a URL of feeds.yaml, or None."""
    try:
        allowed = allowed_origins_from_env()
    except ValueError as error:
        raise ConfigError(str(error)) from None
    return url_problem(url, allowed)


def _css_problem(selector: Any) -> str | None:
    """Why a CSS selector would fail at crawl time, or None when it compiles."""
    if selector is None:
        return None
    if not isinstance(selector, str):
        return f"expected a CSS selector, got {shown(selector)}"
    try:
        GenericTranslator().css_to_xpath(selector)
    except (SelectorError, ExpressionError) as error:
        return f"not a valid CSS selector {shown(selector)}: {error}"
    return None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(v) for v in value)


def _is_language_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, str) and LANGUAGE.match(v) for v in value)


KNOWN_KEYS = {"id", "name", "organisation", "country", "homepage", "languages", "feeds", "listings",
              "sitemaps", "sitemap_from_robots", "max_age_days", "backfill_days", "include",
              "exclude", "kind", "enabled", "verified", "full_text", "notes"}


def _read_source(raw: Any, path: str, line: int) -> Source:
    if not isinstance(raw, _LineDict):
        raise ConfigError(f"each source is a mapping, got {shown(raw)}", path=path, line=line)
    reader = _SourceReader(raw, path)
    unknown = sorted(set(map(str, raw)) - KNOWN_KEYS)
    if unknown:
        raise reader.error(unknown[0], f"unknown key (known: {', '.join(sorted(KNOWN_KEYS))})")
    source_id = reader.get("id", lambda v: isinstance(v, str) and SOURCE_ID.match(v),
                           "a lowercase slug such as 'pro-bono-lab'", required=True)
    source = Source(
        id=source_id,
        name=reader.get("name", _is_text, "a name", required=True),
        organisation=reader.get("organisation", _is_text, "an organisation name", required=True),
        country=reader.get("country", lambda v: isinstance(v, str) and COUNTRY.match(v),
                           "an ISO 3166 alpha-2 code such as 'FR', or 'global'", required=True),
        homepage=reader.reachable("homepage", reader.get("homepage", _is_http_url, "an http(s) URL",
                                                         required=True)),
        languages=tuple(reader.get("languages", _is_language_list,
                                   "a non-empty list of language codes such as [fr, en]",
                                   required=True)),
        feeds=reader.url_list("feeds"),
        listings=reader.listings(),
        sitemaps=reader.url_list("sitemaps"),
        sitemap_from_robots=reader.flag("sitemap_from_robots", False),
        max_age_days=reader.whole_number("max_age_days"),
        backfill_days=reader.whole_number("backfill_days", DEFAULT_BACKFILL_DAYS, least=0),
        include=reader.patterns("include"),
        exclude=reader.patterns("exclude"),
        kind=reader.get("kind", lambda v: v in KINDS, f"one of {', '.join(KINDS)}", "member"),
        enabled=reader.flag("enabled", True),
        verified=reader.flag("verified", True),
        full_text=reader.get("full_text", lambda v: v in FULL_TEXT,
                             f"one of {', '.join(FULL_TEXT)}", "auto"),
        notes=reader.get("notes", lambda v: isinstance(v, str), "text", ""),
        line=raw.line,
    )
    return source


def parse_sources(text: str, path: str = "feeds.yaml") -> list[Source]:
    """Parse and validate the text of a feeds.yaml file."""
    # Lines kept, a key twice, aliases and bad YAML refused: the one reader of the data files.
    document = parse_yaml(text, path)
    if not isinstance(document, _LineDict) or not isinstance(document.get("sources"), list):
        raise ConfigError("the file must be a mapping with a 'sources' list", path=path, line=1)
    extra = sorted(set(document) - {"sources"})
    if extra:
        raise ConfigError("unknown top-level key", path=path, line=document.key_lines[extra[0]],
                          field=extra[0])
    sources: list[Source] = []
    seen: dict[str, int] = {}
    base_line = document.key_lines["sources"]
    for raw in document["sources"]:
        source = _read_source(raw, path, getattr(raw, "line", base_line))
        if source.id in seen:
            raise ConfigError(f"duplicate id (first defined on line {seen[source.id]})", path=path,
                              line=source.line, source_id=source.id, field="id")
        seen[source.id] = source.line
        sources.append(source)
    return sources


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a feeds.yaml file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", path=str(path)) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 ({error.reason})", path=str(path)) from None
    return list(_parsed_sources(text, str(path), allowed_origins_from_env()))


@lru_cache(maxsize=4)
def _parsed_sources(text: str, path: str, allowed: frozenset[str]) -> tuple[Source, ...]:
    """parse_sources, once per text: every spider of a crawl reads feeds.yaml as it is set up
    (50 sources: 50 parses, a second of a crawl that finds nothing new). Keyed on what the answer
    depends on: the text, its path (in errors) and the origins the environment allows. Sources
    are frozen, so sharing them is safe; an error is not cached, it is raised again."""
    del allowed  # in the key only: url_problem reads it from the environment
    return tuple(parse_sources(text, path))


def select_sources(sources: list[Source], ids: tuple[str, ...] | list[str] = ()) -> list[Source]:
    """The enabled sources, or exactly the named ones (enabled or not: asking by name is
    deliberate)."""
    if not ids:
        return [s for s in sources if s.enabled]
    by_id = {s.id: s for s in sources}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise ConfigError(f"unknown source id(s): {', '.join(unknown)}", field="--source")
    return [by_id[i] for i in ids]
