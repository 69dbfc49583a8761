"""Topics, organisations and countries of an article, and how much it is about pro bono.

taxonomy.yaml holds the topics and the core pro bono vocabulary; gazetteer.yaml the network's
organisations and the countries. Terms and texts are folded (lowercase, no accents, no width
variants, Greek without tonos, Turkish dotless ı as i). All phrases of one script family make one
regex, built as a trie so that the engine tries one branch per letter instead of every keyword; the
few regex keywords make a second one. Terms in alphabetic scripts (Latin, Greek, Cyrillic...) match
whole words, or words that begin so when a word ends in "*" ("wolontariat*" finds "wolontariatu");
Chinese, Japanese and Korean ones match anywhere: Chinese and Japanese put no spaces between
words, and a Korean word carries its particle (자원봉사는, 자원봉사를) and goes into compounds
(기업자원봉사). The longest phrase wins at a position and still counts for the keywords inside it:
"Pro Bono Week" also mentions "pro bono".

Both files are read and checked once, then kept as JSON in the cache directory
(pipeline/json_cache.py) under a hash of their bytes and of the code that reads them; the CJK
terms' regexes are made at the first text holding CJK letters; a text is tried only against the
regex keywords whose letters it holds. None of it changes a tag.

Errors in the YAML files are `pipeline.errors.ConfigError`s naming the file, the line, the entry and
the field. Their shape (keys, types, a word twice) is checked by pipeline/datafiles.py's schemas;
what a schema cannot say (regexes, stems, every language covered, names) is checked here.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import babel
from babel import Locale, UnknownLocaleError

from pipeline import datafiles
from pipeline import trie_regex as trie_regex_module
from pipeline.datafiles import line_of, load
from pipeline.errors import ConfigError
from pipeline.json_cache import (
    ShapeError,
    cached_table,
    checked_dict,
    checked_int,
    checked_list,
    checked_str,
    inputs_key,
)
from pipeline.language import fold_code
from pipeline.trie_regex import trie_regex

# Python's own regex parser (private) reads which strings a regex keyword's matches must hold, to
# skip the keywords a text cannot match. Another Python without it: no skipping, same tags.
try:
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython 3.11 to 3.13 have them
    sre_constants = sre_parser = None

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yaml")
GAZETTEER_PATH = Path(__file__).with_name("gazetteer.yaml")
KINDS = ("topic", "organisation", "country")
ORGANISATION_KINDS = ("member", "network", "related", "media")
MAX_EVIDENCE = 5
ANY_LANGUAGE = "mul"  # ISO 639-2 "multiple languages": a term written alike in every language
SCORING_KEYS = {"k", "title_factor", "threshold", "max_hits_per_keyword", "foreign_factor"}
CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_HAS_CJK = re.compile(f"[{CJK}]")
# A Latin term must not touch a letter or a digit, but may touch Chinese or Japanese ("NPO法人").
# It starts on a letter or digit: that lookahead spares the engine every other position of a text.
_BEFORE, _AFTER = f"(?<![^\\W{CJK}])(?=[^\\W_{CJK}])", f"(?![^\\W{CJK}])"
_SEPARATOR = re.compile(r"[\s-]+")
# What folds to something else: Latin and Greek letters with diacritics, lone combining marks
# (Hebrew points, Arabic vowel signs too), Cyrillic ё, curly quotes, dashes, the Japanese middle dot
# (グローバル・プロボノ is グローバルプロボノ).
_ACCENTED = ((0x00C0, 0x024F), (0x1E00, 0x1EFF), (0x0300, 0x036F), (0x0370, 0x03FF),
             (0x1F00, 0x1FFF), (0x0591, 0x05C7), (0x064B, 0x065F))
_FOLDABLE = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in _ACCENTED)
                       + "\u0451\u02bc\u2010-\u2014\u2018\u2019\u30fb]")
_STEM = "*"  # a word of a term ending so matches every word that begins so
_MIN_STEM = 3  # letters before the "*": "wol*" would find too many words
# After a stem, the word goes on. \w also takes CJK letters that a Latin word may touch ("NPO法人"):
# harmless, CJK terms are looked for apart; and a class without CJK, compiled once per stem, took
# seconds.
_WORD_GOES_ON = r"\w*"
_TRIE_CHARS = {" ": r"[\s-]+", _STEM: _WORD_GOES_ON}
# Vowels a stemmed country name ends before, once folded: Latin, Greek, Cyrillic.
_VOWELS = "aeiouy" + "αεηιουω" + "аеиоуыэюяй"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^([a-z]{2}|mul)$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
T = TypeVar("T")
_KEPT_FORMAT = 1  # of the kept JSON: raise it when what is kept, or how, changes
_MOST_ALTERNATIONS = 64  # sets of regex keywords compiled apart; then all of them at once
_USES_TO_COMPILE = 16  # texts holding a set of regex keywords before it is compiled apart


@dataclass(frozen=True)
class Tag:
    """A topic, organisation or country of an article, how strongly, and the words that said so."""

    id: str
    kind: str  # "topic" | "organisation" | "country"
    score: float
    evidence: tuple[str, ...]  # the keywords/aliases found, at most 5


@dataclass(frozen=True)
class Term:
    """A keyword, alias or regex, and what a hit on it counts for."""

    kind: str  # "topic", "core", "organisation" or "country"
    target: str  # topic id, "core", organisation id or country code
    key: str  # the folded phrase, or the regex source
    spellings: tuple[tuple[str, str], ...]  # (language, as written in the YAML)
    weight: float = 1.0
    is_regex: bool = False

    @property
    def label(self) -> str:
        return self.spellings[0][1]

    @cached_property  # asked for each term of a country at loading and each term hit
    def languages(self) -> frozenset[str]:
        return frozenset(language for language, _ in self.spellings)

    def label_in(self, language: str | None) -> str:
        """The spelling listed under the article's language: German "Pandemie", not "pandémie"."""
        return next((label for code, label in self.spellings if code == language), self.label)


@dataclass(frozen=True)
class Scoring:
    """How hits become a score, 1 - exp(-weighted hits / k), and the score a tag needs."""

    k: float
    title_factor: float
    threshold: float
    max_hits_per_keyword: int
    foreign_factor: float  # for a term listed only under other languages than the article's


@dataclass(frozen=True)
class Topic:
    """One topic: its labels per language and its keywords."""

    id: str
    labels: dict[str, str]
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Relevance:
    """The core pro bono vocabulary and how it scores an article."""

    scoring: Scoring
    topic: str  # the topic that counts these terms among its keywords
    organisation_weight: float  # what each member or network organisation named adds
    organisation_kinds: tuple[str, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Taxonomy:
    """taxonomy.yaml, checked."""

    scoring: Scoring
    languages: tuple[str, ...]
    topics: tuple[Topic, ...]
    relevance: Relevance


@dataclass(frozen=True)
class Organisation:
    """One organisation of the network and its aliases."""

    id: str
    name: str
    country: str  # ISO 3166 alpha-2, or "global"
    kind: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Gazetteer:
    """gazetteer.yaml, checked."""

    scoring: Scoring
    organisations: dict[str, Organisation]
    countries: dict[str, tuple[Term, ...]]


def fold(text: str) -> str:
    """Lowercase, without accents or width variants, with plain quotes and dashes."""
    if text.isascii():
        return text.lower()
    # NFKC narrows full-width letters and is fast on text already in NFKC; NFKD then NFC, the
    # usual way to drop accents, took 1 ms per 5,000 characters of Japanese.
    return _FOLDABLE.sub(_fold_char, unicodedata.normalize("NFKC", text).casefold())


def _fold_char(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def _folded_chars() -> dict[str, str]:
    folded = {"\u02bc": "'", "\u2018": "'", "\u2019": "'", "\u30fb": ""}
    folded |= dict.fromkeys("\u2010\u2011\u2012\u2013\u2014", "-")
    for first, last in _ACCENTED:
        for char in map(chr, range(first, last + 1)):
            decomposed = unicodedata.normalize("NFKD", char)
            folded[char] = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Letters Unicode does not decompose, that people also write without stroke or ligature; the
    # Turkish dotless ı, since "I" casefolds to "i" whatever the language ("IŞIK" is "ışık"); ё,
    # which Russian mostly writes е.
    return folded | {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ё": "е"}


_FOLDED = _folded_chars()


def fold_term(term: str) -> str:
    """A term folded, hyphens and spaces alike: "pro-bono" and "pro bono" are one key."""
    return _SEPARATOR.sub(" ", fold(term)).strip()


# Reading and checking the YAML files


@dataclass(frozen=True)
class _Reader:
    """Checks the values of one entry of a file; its errors name the file, the line (that of the
    field in `data`, the entry as read), the entry and the field."""

    path: Path
    entry: str = ""  # "topic 'covid-19'", "organisation 'empact'"...
    data: Any = None

    def error(self, field: str, message: str) -> ConfigError:
        message = f"{self.entry}: {message}" if self.entry else message
        return ConfigError(message, path=str(self.path), line=line_of(self.data, field),
                           field=field or None)

    def mapping(self, value: Any, field: str, allowed: set[str] | None,
                required: AbstractSet[str] = frozenset()) -> dict:
        if not isinstance(value, dict) or not value:
            raise self.error(field, f"expected a non-empty mapping, got {value!r}")
        if allowed is not None:
            unknown = sorted(str(key) for key in value if key not in allowed)
            if unknown:
                raise self.error(_dotted(field, unknown[0]),
                                 f"unknown key (expected {', '.join(sorted(allowed))})")
        missing = sorted(required - set(value))
        if missing:
            raise self.error(_dotted(field, missing[0]), "missing (required)")
        return value

    def number(self, value: Any, field: str, most: float = math.inf) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= most:
            raise self.error(field, f"expected a number above 0 and at most {most}, got {value!r}")
        return float(value)

    def text(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"expected a non-empty string, got {value!r}")
        return value

    def items(self, value: Any, field: str) -> list:
        if isinstance(value, (str, dict)):
            return [value]
        if not isinstance(value, list) or not value:
            raise self.error(field, f"expected a non-empty list, got {value!r}")
        return value


def _dotted(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _scoring(reader: _Reader, raw: dict, field: str) -> Scoring:
    def number(key: str, most: float = math.inf) -> float:
        return reader.number(raw[key], _dotted(field, key), most)

    return Scoring(number("k"), number("title_factor"), number("threshold", 1),
                   int(number("max_hits_per_keyword")), number("foreign_factor", 1))


def _settings(reader: _Reader, raw: Any, optional: frozenset[str] = frozenset()) \
        -> tuple[Scoring, tuple[str, ...], dict]:
    """The scoring, the languages, and the raw value of each optional key given."""
    keys = SCORING_KEYS | {"languages"}
    raw = reader.mapping(raw, "settings", keys | optional, keys)
    languages = _languages(reader, raw["languages"], "settings.languages")
    given = {key: raw[key] for key in optional & set(raw)}
    return _scoring(reader, raw, "settings"), languages, given


def _languages(reader: _Reader, value: Any, field: str) -> tuple[str, ...]:
    languages = tuple(reader.items(value, field))
    if not all(isinstance(code, str) and _LANGUAGE.match(code) for code in languages):
        raise reader.error(field, f"expected language codes, got {languages!r}")
    return languages


def _terms(reader: _Reader, value: Any, field: str, kind: str, target: str) -> list[Term]:
    """Terms per language ({fr: [...], mul: [...]}): phrases, {term, weight}, {regex, label...}."""
    terms: list[Term] = []
    for language, items in reader.mapping(value, field, None).items():
        where = _dotted(field, str(language))
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise reader.error(where, "not a language code (ISO 639-1, or mul for every language)")
        terms += _term_list(reader, items, where, kind, target, language)
    return terms


def _term_list(reader: _Reader, items: Any, field: str, kind: str, target: str,
               language: str) -> list[Term]:
    terms: list[Term] = []
    for index, item in enumerate(reader.items(items, field)):
        term = _term(reader, item, f"{field}[{index}]", kind, target, language)
        if any(term.key == other.key for other in terms):  # accents and case folded, too
            raise reader.error(f"{field}[{index}]", f"'{term.label}' is listed twice")
        terms.append(term)
    return terms


def _term(reader: _Reader, item: Any, field: str, kind: str, target: str, language: str) -> Term:
    item = {"term": item} if isinstance(item, str) else item
    raw = reader.mapping(item, field, {"term", "regex", "weight", "label"})
    weight = reader.number(raw.get("weight", 1), f"{field}.weight")
    if ("term" in raw) == ("regex" in raw):
        raise reader.error(field, "give either a term or a regex")
    if "term" in raw:
        if "label" in raw:
            raise reader.error(f"{field}.label", "only a regex takes a label (a term is its own)")
        label = reader.text(raw["term"], f"{field}.term")
        key = fold_term(label)
        if _STEM in key:
            _check_stems(reader, key, f"{field}.term")
        return Term(kind, target, key, ((language, label),), weight)
    source = reader.text(raw["regex"], f"{field}.regex")
    try:
        compiled = re.compile(source)
    except re.error as error:
        raise reader.error(f"{field}.regex", f"bad regex {source!r}: {error}") from None
    if compiled.groups or compiled.fullmatch(""):
        raise reader.error(f"{field}.regex", f"bad regex {source!r}: it must not match empty text "
                                             "and may hold only (?:...) groups")
    label = reader.text(raw.get("label", source), f"{field}.label")
    return Term(kind, target, source, ((language, label),), weight, is_regex=True)


def _check_stems(reader: _Reader, key: str, field: str) -> None:
    """A "*" ends a word of an alphabetic script, after a few letters: "wolontariusz*"."""
    if _HAS_CJK.search(key):
        raise reader.error(field, f"'{key}': Chinese, Japanese and Korean terms match inside words "
                                  "already (no '*')")
    for word in key.split(" "):
        stem = word.removesuffix(_STEM)
        if _STEM in stem or (stem != word and len(stem) < _MIN_STEM):
            raise reader.error(field, f"'{key}': a '*' ends a word of at least {_MIN_STEM} letters")


def _entry_reader(path: Path, raw: Any, index: int, what: str) -> _Reader:
    named = isinstance(raw, dict) and isinstance(raw.get("id"), str)
    return _Reader(path, f"{what} '{raw['id']}'" if named else f"{what}s[{index}]", raw)


def _slug(reader: _Reader, value: Any) -> str:
    if not _SLUG.match(reader.text(value, "id")):
        raise reader.error("id", "expected a lowercase slug (letters, digits, hyphens)")
    return value


@lru_cache(maxsize=8)
def load_taxonomy(path: str | Path = TAXONOMY_PATH) -> Taxonomy:
    """Read and check taxonomy.yaml: settings, the core relevance vocabulary, the topics."""
    return _kept(Path(path), "taxonomy", _read_taxonomy, _taxonomy_json, _taxonomy_of)


def _read_taxonomy(path: Path) -> Taxonomy:
    document = load(path, "taxonomy")
    reader = _Reader(path, data=document)
    scoring, languages, _ = _settings(reader, document["settings"])
    relevance = _relevance(_Reader(path, "relevance", document), document["relevance"])
    topics: dict[str, Topic] = {}
    for index, raw in enumerate(reader.items(document["topics"], "topics")):
        entry = _entry_reader(path, raw, index, "topic")
        topic = _topic(entry, raw, languages, relevance)
        if topic.id in topics:
            raise entry.error("id", "defined twice")
        topics[topic.id] = topic
    if relevance.topic not in topics:
        raise reader.error("relevance.topic", f"no topic '{relevance.topic}'")
    return Taxonomy(scoring, languages, tuple(topics.values()), relevance)


def _relevance(reader: _Reader, value: Any) -> Relevance:
    keys = SCORING_KEYS | {"topic", "organisation_weight", "organisation_kinds", "terms"}
    raw = reader.mapping(value, "relevance", keys, keys)
    kinds = tuple(reader.items(raw["organisation_kinds"], "relevance.organisation_kinds"))
    if not set(kinds) <= set(ORGANISATION_KINDS):
        raise reader.error("relevance.organisation_kinds",
                           f"expected some of {', '.join(ORGANISATION_KINDS)}, got {kinds!r}")
    terms = tuple(_terms(reader, raw["terms"], "relevance.terms", "core", "core"))
    topic = reader.text(raw["topic"], "relevance.topic")
    weight = reader.number(raw["organisation_weight"], "relevance.organisation_weight")
    return Relevance(_scoring(reader, raw, "relevance"), topic, weight, kinds, terms)


def _topic(reader: _Reader, raw: Any, languages: tuple[str, ...], relevance: Relevance) -> Topic:
    keys = {"id", "label", "keywords"}
    raw = reader.mapping(raw, "", keys, keys)
    topic_id = _slug(reader, raw["id"])
    labels = reader.mapping(raw["label"], "label", None, {"en", "fr"})
    for language, label in labels.items():
        reader.text(label, f"label.{language}")
    if not raw["keywords"]:
        raise reader.error("keywords", "no keywords")
    terms = _terms(reader, raw["keywords"], "keywords", "topic", topic_id)
    if topic_id == relevance.topic:
        terms += [replace(term, kind="topic", target=topic_id) for term in relevance.terms]
    covered = {language for term in terms for language in term.languages}
    for language in languages:
        if language not in covered:
            raise reader.error(f"keywords.{language}", f"no keywords in '{language}' (every topic "
                                                       f"needs some in {', '.join(languages)})")
    return Topic(topic_id, dict(labels), tuple(terms))


@lru_cache(maxsize=8)
def load_gazetteer(path: str | Path = GAZETTEER_PATH) -> Gazetteer:
    """Read and check gazetteer.yaml: organisations and their aliases, countries and their names."""
    return _kept(Path(path), "gazetteer", _read_gazetteer, _gazetteer_json, _gazetteer_of)


def _read_gazetteer(path: Path) -> Gazetteer:
    document = load(path, "gazetteer")
    reader = _Reader(path, data=document)
    scoring, languages, optional = _settings(reader, document["settings"],
                                             frozenset({"inflected_languages"}))
    inflected = (_languages(reader, optional["inflected_languages"],
                            "settings.inflected_languages")
                 if "inflected_languages" in optional else ())
    countries = {}
    for code, names in reader.mapping(document["countries"], "countries", None).items():
        country = _Reader(path, f"country '{code}'", document["countries"].get(code))
        if not isinstance(code, str) or not _COUNTRY.match(code):
            raise country.error("countries", "expected an ISO 3166 alpha-2 code (quote NO)")
        countries[code] = _country_names(country, code, names, languages, inflected)
    organisations: dict[str, Organisation] = {}
    for index, raw in enumerate(reader.items(document["organisations"], "organisations")):
        entry = _entry_reader(path, raw, index, "organisation")
        organisation = _organisation(entry, raw, countries)
        if organisation.id in organisations:
            raise entry.error("id", "defined twice")
        organisations[organisation.id] = organisation
    return Gazetteer(scoring, organisations, countries)


def _country_names(reader: _Reader, code: str, names: Any, languages: tuple[str, ...],
                   inflected: tuple[str, ...]) -> tuple[Term, ...]:
    """The names listed ({} for none), then CLDR's name in each language not listed so, and in
    the inflected languages its stem too: Polish "Francja" is also "we Francji"."""
    listed = _terms(reader, names, "", "country", code) if names != {} else []
    # A name listed under a language wins over CLDR's: it may weigh less (チリ is also "dust").
    taken = {(language, term.key) for term in listed for language in term.languages}
    terms = list(listed)
    for language in languages:
        name = _cldr_territory(language, code)
        if name and (language, fold_term(name)) not in taken:
            terms.append(Term("country", code, fold_term(name), ((language, name),)))
            stem = _stemmed_name(fold_term(name)) if language in inflected else None
            if stem:
                terms.append(Term("country", code, stem, ((language, name),)))
    for language in languages:
        if not any(language in term.languages for term in terms):
            raise reader.error(language, f"no name in '{language}' (neither listed nor in CLDR)")
    return tuple(terms)


def _stemmed_name(key: str) -> str | None:
    """A name whose words end in "*", less a last vowel ("francja" is "francj*"), or None.

    A word stays whole when it holds other signs, or when its stem would be short: five letters
    for a name of one word ("indi*" would find "individual", "chil*" "children"), four in a
    longer name, which the other words make specific ("spojen* stat*")."""
    words = key.split(" ")
    shortest = 5 if len(words) == 1 else 4
    stems = []
    for word in words:
        stem = word[:-1] if word.endswith(tuple(_VOWELS)) else word  # "francie", "franci*"
        good = len(stem) >= shortest and stem.isalpha() and not _HAS_CJK.search(stem)
        stems.append(stem + _STEM if good else word)
    stemmed = " ".join(stems)
    return stemmed if stemmed != key else None


@lru_cache(maxsize=4096)
def _cldr_territory(language: str, code: str) -> str | None:
    """A country's name in a language, from CLDR (the data babel ships), or None."""
    try:
        return Locale.parse(language).territories.get(code)
    except (UnknownLocaleError, ValueError):
        return None


def _organisation(reader: _Reader, raw: Any, countries: dict) -> Organisation:
    required = {"id", "name", "country", "kind", "aliases"}
    raw = reader.mapping(raw, "", required | {"website"}, required)
    organisation_id = _slug(reader, raw["id"])
    if raw["country"] != "global" and raw["country"] not in countries:
        raise reader.error("country", f"expected a code of the countries list or 'global', "
                                      f"got {raw['country']!r}")
    if raw["kind"] not in ORGANISATION_KINDS:
        raise reader.error("kind", f"expected one of {', '.join(ORGANISATION_KINDS)}, "
                                   f"got {raw['kind']!r}")
    if not str(raw.get("website", "https://")).startswith(("http://", "https://")):
        raise reader.error("website", f"expected an http(s) URL, got {raw['website']!r}")
    terms = _term_list(reader, raw["aliases"], "aliases", "organisation", organisation_id,
                       ANY_LANGUAGE)
    return Organisation(organisation_id, reader.text(raw["name"], "name"), raw["country"],
                        raw["kind"], tuple(terms))


# Kept in the cache dir: a file read and checked once, as JSON


def _kept(path: Path, what: str, read: Callable[[Path], T], encode: Callable[[T], Any],
          decode: Callable[[Any], T]) -> T:
    """What read(path) gives, kept as JSON (pipeline/json_cache.py) under the file's bytes and
    what reads them: reading taxonomy.yaml and gazetteer.yaml with their checks took 0.07 and
    0.15 s of CPU (babel's locale data, most of the latter), the JSON takes a few ms. A file that
    fails its checks is never kept: it fails each time, with its error."""
    def key() -> str:  # an unreadable file: no key, and read() says why, naming the file
        return inputs_key([path, *_READER_FILES], **_reader_versions())

    return cached_table(f"tagging-{what}", key, lambda: read(path), encode, decode)


# What else decides what a file reads as: this module and the schemas (their code), the Unicode
# data that folds, babel's country names.
_READER_FILES = (__file__, datafiles.__file__)


def _reader_versions() -> dict[str, object]:
    return {"format": _KEPT_FORMAT, "unicode": unicodedata.unidata_version,
            "babel": babel.__version__}


def _term_json(term: Term) -> list:
    return [term.kind, term.target, term.key, term.spellings, term.weight, term.is_regex]


def _term_of(data: Any) -> Term:
    kind, target, key, spellings, weight, is_regex = checked_list(data, "term", 6)
    spellings = tuple((checked_str(code, "language"), checked_str(label, "spelling"))
                      for code, label in checked_list(spellings, "spellings"))
    if not isinstance(is_regex, bool):
        raise ShapeError("is_regex: expected true or false")
    return Term(checked_str(kind, "kind"), checked_str(target, "target"), checked_str(key, "key"),
                spellings, _number(weight, "weight"), is_regex)


def _number(value: Any, what: str) -> float:
    if type(value) is not float:  # every number of the files is read as a float
        raise ShapeError(f"{what}: expected a number, got {value!r:.40}")
    return value


def _scoring_of(data: Any) -> Scoring:
    k, title_factor, threshold, max_hits, foreign_factor = checked_list(data, "scoring", 5)
    return Scoring(_number(k, "k"), _number(title_factor, "title_factor"),
                   _number(threshold, "threshold"), checked_int(max_hits, "max_hits", 1, 2**31),
                   _number(foreign_factor, "foreign_factor"))


def _scoring_json(scoring: Scoring) -> list:
    return [scoring.k, scoring.title_factor, scoring.threshold, scoring.max_hits_per_keyword,
            scoring.foreign_factor]


def _taxonomy_json(taxonomy: Taxonomy) -> dict:
    relevance = taxonomy.relevance  # labels are keyed by language codes: JSON keeps them alike
    return {"scoring": _scoring_json(taxonomy.scoring), "languages": taxonomy.languages,
            "topics": [[topic.id, topic.labels, [_term_json(term) for term in topic.terms]]
                       for topic in taxonomy.topics],
            "relevance": [_scoring_json(relevance.scoring), relevance.topic,
                          relevance.organisation_weight, relevance.organisation_kinds,
                          [_term_json(term) for term in relevance.terms]]}


def _taxonomy_of(data: Any) -> Taxonomy:
    data = checked_dict(data, "taxonomy")
    scoring, topic, weight, kinds, terms = checked_list(data["relevance"], "relevance", 5)
    relevance = Relevance(_scoring_of(scoring), checked_str(topic, "topic"),
                          _number(weight, "organisation_weight"),
                          tuple(checked_str(kind, "kind") for kind in checked_list(kinds, "kinds")),
                          tuple(map(_term_of, checked_list(terms, "terms"))))
    topics = tuple(Topic(checked_str(topic_id, "id"), _labels(labels),
                         tuple(map(_term_of, checked_list(terms, "keywords"))))
                   for topic_id, labels, terms in checked_list(data["topics"], "topics"))
    languages = tuple(checked_str(code, "language") for code in data["languages"])
    return Taxonomy(_scoring_of(data["scoring"]), languages, topics, relevance)


def _labels(data: Any) -> dict[str, str]:
    return {code: checked_str(label, "label")
            for code, label in checked_dict(data, "labels").items()}


def _gazetteer_json(gazetteer: Gazetteer) -> dict:
    return {"scoring": _scoring_json(gazetteer.scoring),
            "organisations": [[entry.id, entry.name, entry.country, entry.kind,
                               [_term_json(term) for term in entry.terms]]
                              for entry in gazetteer.organisations.values()],
            "countries": [[code, [_term_json(term) for term in names]]
                          for code, names in gazetteer.countries.items()]}


def _gazetteer_of(data: Any) -> Gazetteer:
    data = checked_dict(data, "gazetteer")
    organisations = {}
    for entry in checked_list(data["organisations"], "organisations"):
        entry_id, name, country, kind, terms = checked_list(entry, "organisation", 5)
        organisations[checked_str(entry_id, "id")] = Organisation(
            entry_id, checked_str(name, "name"), checked_str(country, "country"),
            checked_str(kind, "kind"), tuple(map(_term_of, checked_list(terms, "aliases"))))
    countries = {checked_str(code, "country"): tuple(map(_term_of, checked_list(names, "names")))
                 for code, names in checked_list(data["countries"], "countries")}
    return Gazetteer(_scoring_of(data["scoring"]), organisations, countries)


# The regexes of each script family


@dataclass(frozen=True)
class _Family:
    """The regexes of one script family, and what each of their matches counts for."""

    phrases: re.Pattern[str]  # every phrase, in one trie
    table: dict[str, tuple[Term, ...]]  # folded phrase -> its terms, then those of phrases inside
    stems: dict[str, tuple[tuple[str, str], ...]]  # first letters -> (regex, stemmed key)
    # Each regex keyword: its group name, its source, and strings one of which any match of it
    # holds (None: not known).
    regexes: tuple[tuple[str, str, frozenset[str] | None], ...]
    groups: dict[str, tuple[Term, ...]]  # group name -> the terms of that regex
    spaced: bool  # Latin script: whole words, and a plural -s allowed
    # (group name, source) of some regex keywords -> one regex of them, as texts need them
    alternations: dict[tuple[tuple[str, str], ...], re.Pattern[str]] = field(default_factory=dict)
    uses: Counter[tuple[tuple[str, str], ...]] = field(default_factory=Counter)  # texts per set

    def count(self, folded: str, counts: Counter[Term]) -> None:
        """Add the terms found in a folded text to counts."""
        # Each phrase found is looked up once, with how often it was found: the hits are counted
        # in C (the trie has no capturing group, so findall gives whole matches), not by a Counter
        # update per hit, which was most of the tags' Python time.
        for found, times in Counter(self.phrases.findall(folded)).items():
            for term in self._terms_of(found):
                counts[term] += times
        # Apart from the phrases: "avocats bénévoles" is a regex hit, and "avocats" a phrase hit.
        # Only the regexes whose strings the text holds are tried, which changes no match: one
        # that cannot match anywhere in the text never wins a position over the others. Tried at
        # every word, all 25 took 0.5 ms an article, most of its tagging.
        possible = tuple((name, source) for name, source, needed in self.regexes
                         if needed is None or any(string in folded for string in needed))
        if possible:
            # Each alternative is a named group: the match's last group is one of them.
            matches = self._alternation(possible).finditer(folded)
            for name, times in Counter(match.lastgroup or "" for match in matches).items():
                for term in self.groups[name]:
                    counts[term] += times

    def _alternation(self, regexes: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
        """A regex of the given keywords (or more), in their order, each a named group.

        A set of keywords costs 6 ms to compile (the classes of letters around a word), and
        saves some 0.4 ms a text: it is compiled once texts held it _USES_TO_COMPILE times (4 sets
        in 300 of the benchmark's articles, 48 in the 196 of the labelled set, which mostly
        held theirs once); until then, and past _MOST_ALTERNATIONS sets, all the keywords."""
        self.uses[regexes] += 1
        if regexes not in self.alternations and (self.uses[regexes] < _USES_TO_COMPILE
                                                 or len(self.alternations) >= _MOST_ALTERNATIONS):
            regexes = tuple((name, source) for name, source, _ in self.regexes)
        if regexes not in self.alternations:
            pattern = "|".join(f"(?P<{name}>{source})" for name, source in regexes)
            self.alternations[regexes] = re.compile(
                f"{_BEFORE}(?:{pattern}){_AFTER}" if self.spaced else pattern)
        return self.alternations[regexes]

    def _terms_of(self, found: str) -> tuple[Term, ...]:
        if not self.spaced:
            return self.table[found]
        key = _SEPARATOR.sub(" ", found)
        # The trie allowed a plural -s, or a word went on after a stem ("wolontariusz*").
        return self.table.get(key) or self.table.get(key[:-1]) or self._stemmed(key)

    def _stemmed(self, key: str) -> tuple[Term, ...]:
        # Several stems may fit ("wolontari*", "wolontariusz*"): the longest, as for phrases.
        return next(self.table[stemmed] for pattern, stemmed in self.stems[key[:_MIN_STEM]]
                    if _fullmatch(pattern, key))


@lru_cache(maxsize=2)
def _family(cjk: bool) -> _Family:
    """The terms in Chinese, Japanese or Korean (cjk), or the others. Each family is built when a
    text first needs it: a text without CJK letters is never matched against the CJK terms."""
    taxonomy, gazetteer = load_taxonomy(), load_gazetteer()
    terms = [term for topic in taxonomy.topics for term in topic.terms]
    terms += taxonomy.relevance.terms
    terms += [term for entry in gazetteer.organisations.values() for term in entry.terms]
    terms += [term for names in gazetteer.countries.values() for term in names]
    # Merged before the split, as a term's spellings may be in both scripts.
    merged = _merge(terms)
    return _compile([term for term in merged if bool(_HAS_CJK.search(term.key)) == cjk],
                    spaced=not cjk)


def _families() -> tuple[_Family, _Family]:
    """Both families, (other scripts, CJK)."""
    return _family(False), _family(True)


def _merge(terms: list[Term]) -> list[Term]:
    """One term per target and key: the heaviest weight, the spellings of every listing."""
    merged: dict[tuple, Term] = {}
    for term in terms:
        slot = (term.kind, term.target, term.key, term.is_regex)
        if slot in merged:
            first = merged[slot]
            term = replace(first, weight=max(first.weight, term.weight),
                           spellings=first.spellings + term.spellings)
        merged[slot] = term
    return list(merged.values())


def _compile(terms: list[Term], spaced: bool) -> _Family:
    phrases: dict[str, list[Term]] = {}
    sources: dict[str, list[Term]] = {}
    for term in terms:
        (sources if term.is_regex else phrases).setdefault(term.key, []).append(term)
    groups = {f"r{i}": tuple(found) for i, found in enumerate(sources.values())}
    trie = _trie_regex(sorted(phrases), spaced) if phrases else "(?!)"
    if spaced:
        trie = f"{_BEFORE}(?:{trie})s?{_AFTER}"
    table = {key: _with_inner(key, phrases, spaced) for key in phrases}
    regexes = tuple((name, found[0].key, _needed(found[0].key)) for name, found in groups.items())
    return _Family(re.compile(trie), table, _stem_index(phrases), regexes, groups, spaced)


def _needed(source: str) -> frozenset[str] | None:
    """Strings one of which every match of a regex holds, or None when none is found: a run of
    letters it must match, or one per alternative of a group it must match ("corona(?:virus|zeit)"
    holds "corona"; "(?:avocat|juriste)s? benevoles?" holds " benevole")."""
    if sre_parser is None:
        return None
    try:
        parsed = sre_parser.parse(source)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE | re.VERBOSE):
            return None
        return _needed_in(parsed.data)
    except (AttributeError, TypeError, ValueError):  # another Python's parser: no skipping
        return None


def _needed_in(items: Any) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in [*items, (None, None)]:  # a last item closes the last run
        if op is sre_constants.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        found: frozenset[str] | None = None
        if op is sre_constants.SUBPATTERN and not value[1] and not value[2]:  # no (?i:...)
            found = _needed_in(value[3])
        elif op is sre_constants.BRANCH:
            branches = [_needed_in(branch) for branch in value[1]]
            if all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] >= 1:
            found = _needed_in(value[2])
        if found:
            candidates.append(found)
    # The most telling: strings of 4 letters or more ("benevole", not " "), then the fewest.
    return max(candidates, key=lambda strings: (min(4, min(map(len, strings))), -len(strings),
                                                min(map(len, strings))), default=None)


def _stem_index(phrases: dict[str, list[Term]]) -> dict[str, tuple]:
    """The stemmed keys by their first letters, longest first, each with the words it matches."""
    index: dict[str, list] = {}
    for key in sorted((key for key in phrases if _STEM in key), key=len, reverse=True):
        words = (re.escape(word).replace(re.escape(_STEM), _WORD_GOES_ON)
                 for word in key.split(" "))
        index.setdefault(key[:_MIN_STEM], []).append((" ".join(words), key))
    return {first: tuple(keys) for first, keys in index.items()}


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    # Compiled when first needed: a text meets a few of the hundreds of stems.
    return re.compile(pattern)


def _fullmatch(pattern: str, text: str) -> bool:
    return _compiled(pattern).fullmatch(text) is not None


def _trie_regex(keys: list[str], spaced: bool) -> str:
    """One regex for many phrases, factored by common prefix: the engine reads each letter once.
    A space stands for any run of spaces and hyphens; a stem's "*" branch comes last, so that a
    longer phrase sharing its letters is tried first. Kept in the cache dir as the files are:
    making it took 0.02 s of CPU, reading it back 0.1 ms."""
    def key() -> str:
        phrases = hashlib.sha256(json.dumps(keys).encode("utf-8")).hexdigest()
        return inputs_key([trie_regex_module.__file__, *_READER_FILES],
                          phrases=f"sha256 {phrases}", **_reader_versions())

    def make() -> str:
        return trie_regex(keys, lambda char: _TRIE_CHARS.get(char, re.escape(char)), last=_STEM)

    return cached_table("tagging-trie-" + ("spaced" if spaced else "cjk"), key, make,
                        lambda source: source, lambda data: checked_str(data, "trie"))


def _with_inner(key: str, phrases: dict[str, list[Term]], spaced: bool) -> tuple[Term, ...]:
    """A phrase's terms, then those of the phrases inside it: one per target, longest first."""
    terms = list(phrases[key])
    taken = {(term.kind, term.target) for term in terms}
    kinds = {term.kind for term in terms}
    for inner in _inner_keys(key, spaced):
        for term in phrases.get(inner, ()):
            if (term.kind, term.target) not in taken and _counts_inside(term.kind, kinds):
                terms.append(term)
                taken.add((term.kind, term.target))
    return tuple(terms)


def _counts_inside(inner_kind: str, outer_kinds: set[str]) -> bool:
    # A keyword inside a keyword counts ("pro bono" in "Pro Bono Week"), not inside a mere name:
    # "Pro Bono Lab" counts as an organisation. A name inside a name of its own kind is another
    # entity ("India" in "Indonesia", インド in インドネシア), but "Service Grant Japan"
    # names Japan.
    if inner_kind in ("topic", "core"):
        return bool(outer_kinds & {"topic", "core"})
    return inner_kind not in outer_kinds


def _inner_keys(key: str, spaced: bool) -> list[str]:
    """The shorter phrases a key holds, longest first: runs of words (Latin), substrings (CJK)."""
    units, glue = (key.split(" "), " ") if spaced else (list(key), "")
    spans = [(i, j) for i in range(len(units)) for j in range(i + 1, len(units) + 1)
             if j - i < len(units)]
    return [glue.join(units[i:j]) for i, j in sorted(spans, key=lambda span: span[0] - span[1])]


# Tagging


@lru_cache(maxsize=64)
def _hits(title: str, text: str) -> tuple[Counter[Term], Counter[Term]]:
    # Cached: the pipeline calls tag_article, then relevance, on the same article.
    return _count(title), _count(text)


def _count(text: str) -> Counter[Term]:
    folded = fold(text)
    counts: Counter[Term] = Counter()
    for cjk in (False, True) if _HAS_CJK.search(folded) else (False,):
        _family(cjk).count(folded, counts)
    return counts


def _weighed(term: Term, hits: tuple[Counter[Term], Counter[Term]], scoring: Scoring,
             language: str | None) -> float:
    title, text = (min(counter[term], scoring.max_hits_per_keyword) for counter in hits)
    native = language is None or bool(term.languages & {language, ANY_LANGUAGE})
    factor = 1.0 if native else scoring.foreign_factor
    return term.weight * factor * (title * scoring.title_factor + text)


def _tags(hits: tuple[Counter[Term], Counter[Term]], kinds: set[str], scoring: Scoring,
          language: str | None) -> list[Tag]:
    # (kind, target) -> label -> its weighed hits (a float: a Counter counts in ints)
    found: dict[tuple[str, str], defaultdict[str, float]] = {}
    for term in hits[0].keys() | hits[1].keys():
        if term.kind in kinds:
            labels = found.setdefault((term.kind, term.target), defaultdict(float))
            labels[term.label_in(language)] += _weighed(term, hits, scoring, language)
    tags = []
    for (kind, target), labels in found.items():
        score = round(1 - math.exp(-sum(labels.values()) / scoring.k), 3)
        if score >= scoring.threshold:
            evidence = sorted(labels, key=lambda label: (-labels[label], label))[:MAX_EVIDENCE]
            tags.append(Tag(target, kind, score, tuple(evidence)))
    return tags


def tag_article(title: str, text: str, language: str | None = None) -> list[Tag]:
    """The article's topics, organisations and countries, sorted by kind then by score."""
    taxonomy, gazetteer = load_taxonomy(), load_gazetteer()
    hits = _hits(title or "", text or "")
    language = fold_code(language)  # "pt-BR", "zh_TW": the keywords are listed by base language
    tags = (_tags(hits, {"topic"}, taxonomy.scoring, language)
            + _tags(hits, {"organisation", "country"}, gazetteer.scoring, language))
    return sorted(tags, key=lambda tag: (KINDS.index(tag.kind), -tag.score, tag.id))


def relevance(title: str, text: str, tags: list[Tag]) -> tuple[float, str]:
    """How much the article is about pro bono (0..1), and why, in a few words."""
    settings, organisations = load_taxonomy().relevance, load_gazetteer().organisations
    hits = _hits(title or "", text or "")
    core = [term for term in hits[0].keys() | hits[1].keys() if term.kind == "core"]
    named = [organisations.get(tag.id) for tag in tags if tag.kind == "organisation"]
    names = [o.name for o in named if o and o.kind in settings.organisation_kinds]
    weight = sum(_weighed(term, hits, settings.scoring, None) for term in core)
    weight += settings.organisation_weight * len(names)
    mentions: Counter[str] = Counter()
    for term in core:
        mentions[term.label] += hits[0][term] + hits[1][term]
    return round(1 - math.exp(-weight / settings.scoring.k), 3), _reason(mentions, names)


def _reason(mentions: Counter[str], names: list[str]) -> str:
    top = sorted(mentions.items(), key=lambda item: (-item[1], item[0]))[:3]
    if not top:
        return f"no pro bono term found, but names {_and(names[:3])}" if names else \
            "no pro bono term found"
    reason = "mentions " + _and([f"'{label}' {_times(count)}" for label, count in top])
    return f"{reason}; names {_and(names[:3])}" if names else reason


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
