"""Write the ways in that discovery found back into feeds.yaml, keeping the file as people wrote it.

The file goes through ruamel.yaml's round trip, so comments, the order of sources and of their
keys, quoting and flow or block lists stay as they were; only the sources discovery found ways in
for change, and in them only what is added. A comment that stood after the place where something
is added (the one between two sources, or before the next key) is moved after the addition, so
that it still sits just before what it describes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from pipeline.errors import ConfigError
from pipeline.sources import parse_sources

if TYPE_CHECKING:
    from pipeline.ways_in import Discovery, WayIn

# Where a key that is added goes: after the last of the keys listed before it that the entry has.
KEY_ORDER = ("id", "name", "organisation", "country", "homepage", "languages", "kind", "feeds",
             "listings", "sitemaps", "sitemap_from_robots", "verified")
WIDTH = 1 << 20  # never fold a long line (notes, URLs): the file keeps its own line lengths


def write_ways_in(text: str, found: dict[str, Discovery], path: str = "feeds.yaml") -> str:
    """feeds.yaml's text with each homepage-only source's kept ways in added and `verified:
    true`; a source that names its ways in gets `verified: true` alone, and only when every one
    of them worked (its discovery has no problem)."""
    return ways_in_written(text, found, path)[0]


def ways_in_written(text: str, found: dict[str, Discovery],
                    path: str = "feeds.yaml") -> tuple[str, list[str]]:
    """The new text, and the ids of the sources whose entry changed."""
    parse_sources(text, path)  # a broken file is refused with its own line and field
    yaml = _round_trip(text)
    try:
        document = yaml.load(text)
    except YAMLError as error:
        raise ConfigError(f"cannot be rewritten: {_first_line(error)}", path=path) from None
    changed = []
    for entry in document["sources"]:
        discovery = found.get(str(entry.get("id")))
        if discovery is None or not discovery.ways:
            continue
        if _names_ways(entry):  # its ways in were checked, not looked for: nothing to add
            if not discovery.problems and _mark_verified(entry):
                changed.append(str(entry["id"]))
        elif _add_ways(entry, discovery.ways):
            changed.append(str(entry["id"]))
    if not changed:
        return text, []
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue()
    if text.partition("\n")[0].endswith("\r"):  # the file's own line ends: ruamel writes \n
        result = result.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        parse_sources(result, path)
    except ConfigError as error:  # a bug of ours, never to be written over the operator's file
        raise ConfigError(f"the rewritten text would not load ({error.reason})",
                          path=path) from None
    return result, changed


def _round_trip(text: str) -> YAML:
    """A round-trip YAML whose indentation is the file's own."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        indent, offset = None, None
    sequence = indent or 2
    offset = offset or 0
    yaml.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    return yaml


def _first_line(error: YAMLError) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


# The keys by which a source names its ways in (pipeline/sources.py: Source.homepage_only).
WAY_KEYS = ("feeds", "listings", "sitemaps", "sitemap_from_robots")


def _names_ways(entry: CommentedMap) -> bool:
    """True when the entry names a way in itself: discovery did not run for it, only checks."""
    return any(entry.get(key) for key in WAY_KEYS)


def _mark_verified(entry: CommentedMap) -> bool:
    """`verified: true` in a source whose configured ways in all work; True when it changed."""
    between = _detach_tail(entry)
    changed = _set(entry, "verified", True)
    _attach_tail(entry, between)
    return changed


def _add_ways(entry: CommentedMap, ways: list[WayIn]) -> bool:
    """Add the ways in the entry lacks; True when the entry changed."""
    between = _detach_tail(entry)  # the comment before the next source stays last
    changed = False
    for way in ways:
        if way.kind == "feed":
            changed |= _append(entry, "feeds", way.url, flow=True)
        elif way.kind == "sitemap" and way.how == "robots":
            changed |= _set(entry, "sitemap_from_robots", True)
        elif way.kind == "sitemap":
            changed |= _append(entry, "sitemaps", way.url, flow=True)
        elif way.kind == "listing":
            listing = CommentedMap([("url", way.url)])
            changed |= _append(entry, "listings", listing, flow=False)
    changed |= _set(entry, "verified", True)
    _attach_tail(entry, between)
    return changed


def _append(entry: CommentedMap, key: str, value: Any, flow: bool) -> bool:
    """Append value to the entry's list `key` (made if absent) unless it holds it already."""
    if key not in entry:
        items = CommentedSeq()
        if flow:
            items.fa.set_flow_style()
        _insert(entry, key, items)
    items = entry[key]
    if _url(value) in {_url(item) for item in items}:
        return False
    moved = _detach_tail(items)
    items.append(value)
    _attach_tail(items, moved)
    return True


def _url(item: Any) -> str:
    return str(item.get("url")) if isinstance(item, dict) else str(item)


def _set(entry: CommentedMap, key: str, value: bool) -> bool:
    """Set a true/false key, added in its place when absent."""
    if key in entry:
        if entry[key] is value:
            return False
        entry[key] = value
        return True
    _insert(entry, key, value)
    return True


def _insert(entry: CommentedMap, key: str, value: Any) -> None:
    """Add a key after the last of those that come before it in KEY_ORDER."""
    before = set(KEY_ORDER[:KEY_ORDER.index(key)])
    keys = list(entry)
    anchor = max((i for i, k in enumerate(keys) if k in before), default=len(keys) - 1)
    moved = _detach_value_tail(entry, keys[anchor])
    entry.insert(anchor + 1, key, value)
    _attach_value_tail(entry, key, moved)


# ruamel.yaml keeps the comment lines after a value with the last scalar of that value: in its
# mapping's or sequence's `ca.items`, and for a flow list also in the list's own `ca.comment`.
# A token's text is the end-of-line comment (if any) then the following blank and comment lines.

def _detach_tail(node: Any) -> str:
    """Take the lines after a block collection's last value off it, keeping its end-of-line
    comment; returns them ("" when none)."""
    if not _is_block(node) or not len(node):
        return ""
    last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    return _detach_value_tail(node, last)


def _attach_tail(node: Any, lines: str) -> None:
    """Put lines after a block collection's last value."""
    if lines and _is_block(node) and len(node):
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        _attach_value_tail(node, last, lines)


def _detach_value_tail(parent: Any, key: Any) -> str:
    value = parent[key]
    if _is_block(value) and len(value):
        return _detach_tail(value)
    token = _token(parent, key)
    if token is None:
        return ""
    if token.value.startswith("#"):
        eol, _, lines = token.value.partition("\n")
        _set_token(parent, key, CommentToken(eol + "\n", token.start_mark))
        return lines
    _set_token(parent, key, None)
    return token.value[1:] if token.value.startswith("\n") else token.value


def _attach_value_tail(parent: Any, key: Any, lines: str) -> None:
    value = parent[key]
    if not lines:
        return
    if _is_block(value) and len(value):
        _attach_tail(value, lines)
        return
    token = _token(parent, key)
    if token is not None and token.value.startswith("#"):
        eol = token.value.partition("\n")[0]
        _set_token(parent, key, CommentToken(eol + "\n" + lines, token.start_mark))
    else:
        _set_token(parent, key, CommentToken("\n" + lines, CommentMark(0)))


def _slot(parent: Any) -> int:
    """Where a comment after a value sits in ca.items: index 2 in mappings, 0 in sequences."""
    return 2 if isinstance(parent, CommentedMap) else 0


def _token(parent: Any, key: Any) -> CommentToken | None:
    token = (parent.ca.items.get(key) or [None] * 4)[_slot(parent)]
    if token is None and isinstance(parent[key], (CommentedMap, CommentedSeq)):
        token = (parent[key].ca.comment or [None])[0]
    return token


def _set_token(parent: Any, key: Any, token: CommentToken | None) -> None:
    parent.ca.items.setdefault(key, [None] * 4)[_slot(parent)] = token
    value = parent[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and value.ca.comment:
        value.ca.comment[0] = token


def _is_block(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and not node.fa.flow_style()
