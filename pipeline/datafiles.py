"""One loader for the YAML data files: read keeping line numbers, checked against a declared schema.

    read_yaml(path)          the file's data, its mappings and lists knowing their lines (LineDict,
                             LineList); bad YAML, a key given twice, an alias: ConfigError
    load(path, schema)       read_yaml, then checked against SCHEMAS[schema]: types, unknown and
                             missing keys, a word listed twice in one list
    line_of(data, field)     the line of a field ("topics[covid-19].keywords.fr[2]"), for the
                             errors of the checks a schema cannot say (a topic named nowhere)

A schema is data. A dict is a mapping with those keys ("key?": optional; any other key is an
error); [item] a list of items, none twice (words compared folded: lowercase, without accents),
Some(item) such a list, not empty; MapOf(keys, values) a mapping of any keys; Either(a, b) one
of several shapes; the leaves say what a value is (WORD, REGEX, whole(1)...). Every error is one
line, a ConfigError:
`path:line: field 'topics[covid-19].keywords.fr[2]': expected a word, got 3`. A list item that
is a mapping with an `id` is named by it, as above.

feeds.yaml is read by read_yaml too; its checks (network guard, RE2, CSS selectors) stay in
pipeline/sources.py.
"""

from __future__ import annotations

import re
import reprlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError

KANA_START = "\u3000"  # from here on a combining mark is part of the letter
SHOWN_CHARS = 80  # a value quoted in an error is cut to this many characters
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 4, 4
_REPR.maxstring = _REPR.maxother = SHOWN_CHARS
_FIELD_PART = re.compile(r"\[([^\]]*)\]|\.?([^.\[]+)")


class LineDict(dict):
    """A mapping that remembers its line and the line of each key (keys as str)."""

    line: int = 1
    key_lines: dict[str, int]


class LineList(list):
    """A list that remembers its line and the line of each item."""

    line: int = 1
    item_lines: list[int]


# ---------------------------------------------------------------- reading

# libyaml's parser when PyYAML has it: the pure-Python one takes 0.1 s on taxonomy.yaml. (A base
# class chosen at run time, which mypy cannot check: hence the ignore.)
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A SafeLoader building LineDicts and LineLists, refusing a key twice and any alias."""


_STR_TAG = "tag:yaml.org,2002:str"


def _value(loader: _LineLoader, node: yaml.Node) -> Any:
    """A node's value. A plain string is taken as it is (most nodes: the fast way). An alias is a
    collection met a second time: refused, as nested aliases ("billion laughs") expand a few lines
    into gigabytes, and no data file needs them."""
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    if node in loader.constructed_objects:
        raise ConfigError("YAML anchors and aliases (&name, *name) are not allowed: "
                          "write the value out", line=node.start_mark.line + 1)
    return loader.construct_object(node, deep=True)


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    data = LineDict()
    data.line, data.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = _value(loader, key_node)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise ConfigError("a key must be a word or a number", line=line)
        if key in data:
            raise ConfigError(f"key '{key}' appears twice in one mapping", line=line,
                              field=str(key))
        data[key] = _value(loader, value_node)
        data.key_lines[str(key)] = line
    return data


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    data = LineList(_value(loader, item) for item in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def parse_yaml(text: str, path: str) -> Any:
    """The data of a YAML text, its mappings and lists knowing their lines."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except ConfigError as error:
        raise ConfigError(error.reason, path=path, line=error.line, field=error.field) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError(f"not valid YAML: {getattr(error, 'problem', error)}", path=path,
                          line=mark.line + 1 if mark else None) from None
    except RecursionError:  # thousands of nested brackets: no data file looks like that
        raise ConfigError("not valid YAML: nested too deeply", path=path) from None
    except ValueError as error:  # an integer of thousands of digits (Python's own limit)
        raise ConfigError(f"not valid YAML: {str(error)[:80]}", path=path) from None


def read_yaml(path: str | Path) -> Any:
    """The data of a YAML file, its mappings and lists knowing their lines."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", path=str(path)) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 ({error.reason})", path=str(path)) from None
    return parse_yaml(text, str(path))


def load(path: str | Path, schema: str) -> Any:
    """The data of a YAML file, checked against SCHEMAS[schema]."""
    data = read_yaml(path)
    check(data, SCHEMAS[schema], str(path))
    return data


# ---------------------------------------------------------------- schemas

def fold(text: str) -> str:
    """A word as a list's words are compared: lowercase, without accents, as the loaders fold
    them; kana keep their voicing marks (ブログ is not フロク), as in pipeline/listings.py."""
    if text.isascii():
        return text.lower()
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if not (unicodedata.combining(char) and kept and kept[-1] < KANA_START):
            kept.append(char)
    return "".join(kept)


@dataclass(frozen=True)
class Leaf:
    """A value that is no mapping or list of the schema: what it is, and how two compare."""

    what: str  # "a word": the error says "expected a word, got ..."
    accepts: Callable[[Any], bool]
    same: Callable[[Any], Any] = lambda value: value  # a list's items are twice when these agree
    shape: type = object  # a leaf that is a YAML list ([2, day]) says so, for Either


@dataclass(frozen=True)
class MapOf:
    """A mapping of any keys of one kind to values of one kind (at least `least` of them)."""

    keys: Leaf
    values: Any
    least: int = 0


@dataclass(frozen=True)
class Some:
    """A list of at least one item, none twice: what [item] is, never empty."""

    item: Any


def _shape(schema: Any) -> type:
    """The kind of value a schema is for: list, dict, or object (a scalar, or any, for Either)."""
    if isinstance(schema, Leaf):
        return schema.shape
    if isinstance(schema, Either):
        return object
    return list if isinstance(schema, (list, Some)) else dict


class Either:
    """One of several shapes: the first that fits. A mapping or a list is checked against the
    one shape of its kind, so that the error says what is wrong inside it."""

    def __init__(self, *shapes: Any):
        self.shapes = shapes
        self.kinded = [(kind, s) for s in shapes if (kind := _shape(s)) is not object]
        self.others = [s for s in shapes if _shape(s) is object]


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _compiles(value: Any) -> bool:
    try:
        re.compile(value)
    except (re.error, TypeError):
        return False
    return _is_text(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(above: float = 0, most: float = float("inf")) -> Leaf:
    """A number above `above`, at most `most`."""
    what = f"a number above {above}" + (f" and at most {most}" if most != float("inf") else "")
    return Leaf(what, lambda v: _is_number(v) and above < v <= most)


def whole(least: int = 0, most: int | None = None) -> Leaf:
    """A whole number from `least` (to `most`)."""
    what = f"a whole number from {least}" + (f" to {most}" if most is not None else "")
    return Leaf(what, lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= least
                and (most is None or v <= most))


def one_of(*values: str) -> Leaf:
    """One of these words."""
    return Leaf(f"one of {', '.join(values)}", lambda v: v in values)


def matching(pattern: str, what: str) -> Leaf:
    """A word the regex matches whole."""
    compiled = re.compile(pattern)
    return Leaf(what, lambda v: isinstance(v, str) and compiled.fullmatch(v) is not None)


WORD = Leaf("a word or phrase", _is_text, lambda v: fold(v.strip()))
# A phrase its reader matches with its accents (case aside): "vídeo:" and "video:" are two.
PHRASE = Leaf("a word or phrase", _is_text, lambda v: v.strip().casefold())
TEXT = Leaf("a non-empty text", _is_text)
REGEX = Leaf("a valid regular expression", _compiles)
LANGUAGE = matching(r"[a-z]{2,3}", "a language code (ISO 639-1, or mul for every language)")
ISO_639_1 = matching(r"[a-z]{2}", "a lower-case ISO 639-1 code")
LOCALE = matching(r"[a-z]{2,3}(_[A-Z]{2})?", "a CLDR locale such as fr or de_AT")
COUNTRY = matching(r"[A-Z]{2}", "an ISO 3166 alpha-2 code (quote NO)")
SLUG = matching(r"[a-z0-9]+(-[a-z0-9]+)*", "a lowercase slug (letters, digits, hyphens)")
HOST = matching(r"[a-z0-9.-]+\.[a-z]{2,}", "a host name such as example.org")
URL_PATH = matching(r"/\S*", "a URL path starting with /")
WEB_ADDRESS = matching(r"https?://\S+", "an http(s) URL")
POSITIVE = number(0)
SHARE = number(0, 1)
RELATIVE_UNIT = one_of("second", "minute", "hour", "day", "week")
COUNT_AND_UNIT = Leaf("[count, unit] such as [2, day]",
                      lambda v: isinstance(v, list) and len(v) == 2 and whole(0).accepts(v[0])
                      and RELATIVE_UNIT.accepts(v[1]), shape=list)

SCORING = {"k": POSITIVE, "title_factor": POSITIVE, "threshold": SHARE,
           "max_hits_per_keyword": whole(1), "foreign_factor": SHARE}
TERM = Either(WORD, {"term?": WORD, "regex?": REGEX, "weight?": POSITIVE, "label?": TEXT})
TERMS = MapOf(LANGUAGE, Either([TERM], TERM))  # per language: a term, or a list of them
WORDS_BY_LANGUAGE = MapOf(LANGUAGE, [WORD])

SCHEMAS: dict[str, Any] = {
    "date_words": {
        "locales": Some(LOCALE),
        "extra_months?": MapOf(whole(1, 12), [WORD]),
        "connectors": [WORD],
        "updated_labels": [WORD],
        "extra_relative?": MapOf(LANGUAGE, MapOf(TEXT, Either(RELATIVE_UNIT, COUNT_AND_UNIT))),
    },
    "url_rules": {
        "tracking_params": [WORD], "tracking_prefixes": [WORD],
        "locale_prefix_hosts?": [HOST], "locale_prefixes?": [ISO_639_1],
    },
    "languages": {"languages": Some(ISO_639_1), "aliases?": MapOf(ISO_639_1, ISO_639_1)},
    "boilerplate": {
        "max_chars": whole(1), "patterns": MapOf(WORD, [REGEX]),
        "max_chars_anywhere": whole(1), "anywhere": [REGEX],
    },
    "discovery": {
        "feed_types": [WORD], "feed_words": [WORD], "reject_words": [WORD],
        "candidate_paths": [URL_PATH], "sitemap_paths": [URL_PATH],
        "listing": {key: [WORD] for key in (
            "furniture_words", "state_class_prefixes", "edge_words", "card_tags", "card_words",
            "volatile_class_prefixes", "read_more", "document_extensions", "taxonomy_segments",
            "pagination_words", "next_words", "load_more_words", "load_more_classes",
            "previous_words", "next_symbols", "previous_symbols", "page_params", "offset_params",
            "page_path_words")},
        "section_words": WORDS_BY_LANGUAGE,
        "section_weak_words": [WORD], "section_exclude_words": [WORD],
    },
    "url_patterns": {
        "archive": [REGEX],
        "not_article": {"json_ld_types": [WORD], "json_ld_site_types": [WORD],
                        "furniture_words": [WORD], "listing_min_links": whole(1),
                        "listing_max_chars_per_link": POSITIVE},
        "article_evidence": {
            "json_ld_types": [WORD], "json_ld_page_types": [WORD], "date_meta": [WORD],
            "date_class_words": [WORD], "date_furniture_words": [WORD], "updated_words": [WORD],
            "max_written_days": whole(1), "max_date_elements": whole(1),
            "dated_text_min_chars": whole(1), "cjk_weight": POSITIVE,
            "teaser_list_min_articles": whole(1), "teaser_list_max_share": SHARE},
        "not_article_without_feed": {
            "json_ld_types": [WORD], "json_ld_event_types": [WORD],
            "sections": MapOf(WORD, [WORD]), "pages": MapOf(WORD, [WORD])},
    },
    "taxonomy": {
        "settings": {**SCORING, "languages": [LANGUAGE]},
        "relevance": {**SCORING, "topic": SLUG, "organisation_weight": POSITIVE,
                      "organisation_kinds": [one_of("member", "network", "related", "media")],
                      "terms": TERMS},
        "topics": [{"id": SLUG, "label": MapOf(LANGUAGE, TEXT), "keywords": TERMS}],
    },
    "gazetteer": {
        "settings": {**SCORING, "languages": [LANGUAGE], "inflected_languages?": [LANGUAGE]},
        "organisations": [{"id": SLUG, "name": TEXT, "country": Either(COUNTRY, one_of("global")),
                           "kind": one_of("member", "network", "related", "media"),
                           "website?": WEB_ADDRESS, "aliases": [TERM]}],
        "countries": MapOf(COUNTRY, TERMS),
    },
    # pipeline/publishing/interface.py reads labels.yaml: the reader site's words per interface
    # language (that every language has every key is checked there).
    "labels": {"languages": Some(ISO_639_1), "labels": MapOf(
        ISO_639_1, MapOf(matching(r"[a-z][a-z0-9_]*", "a label name (snake_case)"), TEXT,
                         least=1), least=1)},
    # pipeline/authors.py reads author_words.yaml: the phrases by language as written, the word
    # lists folded.
    "author_words": {
        **{key: MapOf(LANGUAGE, [PHRASE], least=1) for key in ("before", "after", "credits",
                                                               "credits_after")},
        **{key: Some(WORD) for key in ("roles", "role_stems", "role_endings", "generic",
                                       "accounts", "date_words", "not_names", "skip_places",
                                       "comment_places", "site_places", "places")},
        "joiners": [PHRASE],
    },
}


# ---------------------------------------------------------------- checking

def shown(value: Any) -> str:
    """A value as an error quotes it, cut to SHOWN_CHARS characters."""
    text = repr(value[:SHOWN_CHARS + 1]) if isinstance(value, str) else _REPR.repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def describe(schema: Any) -> str:
    """What a schema expects, in words."""
    if isinstance(schema, Leaf):
        return schema.what
    if isinstance(schema, Either):
        return " or ".join(describe(shape) for shape in schema.shapes)
    return "a list" if isinstance(schema, (list, Some)) else "a mapping"


def check(value: Any, schema: Any, path: str, field: str = "", line: int = 1) -> None:
    """Raise a ConfigError naming path, line and field when the value does not fit the schema."""
    def error(message: str, at: int = line, where: str = field) -> ConfigError:
        return ConfigError(message, path=path, line=at, field=where or None)

    if isinstance(schema, Leaf):
        if not schema.accepts(value):
            raise error(f"expected {schema.what}, got {shown(value)}")
    elif isinstance(schema, Either):
        _check_either(value, schema, path, field, line)
    elif isinstance(schema, (list, Some)):
        if not isinstance(value, list) or (isinstance(schema, Some) and not value):
            raise error(f"expected a {'non-empty ' if isinstance(schema, Some) else ''}list, "
                        f"got {shown(value)}")
        _check_list(value, schema.item if isinstance(schema, Some) else schema[0], path, field,
                    line)
    elif not isinstance(value, dict):
        raise error(f"expected a mapping, got {shown(value)}")
    elif isinstance(schema, MapOf):
        if len(value) < schema.least:
            raise error(f"expected a mapping of at least {schema.least} key(s), got {shown(value)}")
        lines = getattr(value, "key_lines", {})
        for key, item in value.items():
            where, at = _dotted(field, str(key)), lines.get(str(key), line)
            if not schema.keys.accepts(key):
                raise error(f"expected {schema.keys.what} as key, got {shown(key)}", at, where)
            check(item, schema.values, path, where, at)
    else:
        _check_mapping(value, schema, path, field, line)


def _check_mapping(value: dict, schema: dict, path: str, field: str, line: int) -> None:
    lines = getattr(value, "key_lines", {})
    known = {key.rstrip("?"): key for key in schema}
    for key, item in value.items():
        where, at = _dotted(field, str(key)), lines.get(str(key), line)
        if key not in known:
            raise ConfigError(f"unknown key (known: {', '.join(known)})", path=path, line=at,
                              field=where)
        check(item, schema[known[key]], path, where, at)
    missing = [key for key, declared in known.items() if declared == key and key not in value]
    if missing:
        raise ConfigError("missing (required)", path=path, line=getattr(value, "line", line),
                          field=_dotted(field, missing[0]))


def _check_list(value: list, item_schema: Any, path: str, field: str, line: int) -> None:
    lines = getattr(value, "item_lines", [line] * len(value))
    same = item_schema.same if isinstance(item_schema, Leaf) else None
    if isinstance(item_schema, Either):
        same = next((s.same for s in item_schema.shapes if isinstance(s, Leaf)), None)
    seen: dict[Any, int] = {}
    for index, item in enumerate(value):
        where = f"{field}[{_name(item, index)}]"
        check(item, item_schema, path, where, lines[index])
        if same is None or isinstance(item, (dict, list)):
            continue
        key = same(item)
        if key in seen:
            raise ConfigError(f"{shown(item)} is listed twice (first on line {seen[key]})",
                              path=path, line=lines[index], field=where)
        seen[key] = lines[index]


def _check_either(value: Any, schema: Either, path: str, field: str, line: int) -> None:
    kinded = next((shape for kind, shape in schema.kinded if isinstance(value, kind)), None)
    if kinded is not None or len(schema.others) == 1:
        check(value, kinded if kinded is not None else schema.others[0], path, field, line)
        return
    for shape in schema.others:
        try:
            check(value, shape, path, field, line)
            return
        except ConfigError:
            pass
    raise ConfigError(f"expected {describe(schema)}, got {shown(value)}", path=path, line=line,
                      field=field or None)


def _name(item: Any, index: int) -> str:
    """How an item of a list is named in a field: by its id, else by its index."""
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return item["id"]
    return str(index)


def _dotted(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def line_of(data: Any, field: str) -> int | None:
    """The line of a field ("relevance.terms.fr[2]", "topics[covid-19].keywords") in data
    read_yaml returned: the deepest part of it that has one."""
    line = getattr(data, "line", None)
    for index_part, key_part in _FIELD_PART.findall(field):
        if key_part and isinstance(data, dict) and key_part in data:
            line = data.key_lines.get(key_part, line) if hasattr(data, "key_lines") else line
            data = data[key_part]
        elif index_part and isinstance(data, list):
            position = next((i for i, item in enumerate(data) if _name(item, i) == index_part),
                            None)
            if position is None:
                break
            line = data.item_lines[position] if hasattr(data, "item_lines") else line
            data = data[position]
        else:
            break
    return line
