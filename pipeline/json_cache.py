"""Tables derived from data files and libraries (CLDR's date words through babel), kept as JSON
in the cache directory (pipeline/cache_dir.py): read in a few milliseconds where making them
again costs a tenth of a second or more, in every process that extracts an article.

A cache file is `<name>-<hash of the key>.json`: {"key": ..., "data": ...}. The key is what the
table is made from (a library's version, the bytes of the files read, a format number), so a
change of any is another file; writing one deletes the files of the name's other keys. JSON only,
never pickle: a file put there by someone else cannot run code. The caller's `decode` checks the
data's types and shapes as it rebuilds the table; a file that is not JSON, is cut short, holds
another key or a wrong shape is ignored with one warning, and the table is made again and
written again. A cache that cannot be written (read-only, full disk) costs the making next
time, with one info line. Nothing here ever changes a table: it is only a saving of time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pipeline.cache_dir import cache_dir, keyed_file, remove_other_keys, write_atomically

logger = logging.getLogger(__name__)

T = TypeVar("T")
SUFFIX = ".json"
# Why no cache file can be named: a file the key is made from cannot be read (the making says
# why), no home directory.
NO_CACHE = (OSError, RuntimeError)
# What reading and decoding a damaged file raises: not UTF-8 or not JSON (ValueError), too deeply
# nested (RecursionError), a shape `decode` did not expect (the others).
DAMAGED = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


class ShapeError(ValueError):
    """A cached table's data is not of the shape its decoder expects."""


def cached_table(name: str, key: Callable[[], str], make: Callable[[], T],
                 encode: Callable[[T], Any], decode: Callable[[Any], T]) -> T:
    """The table `make()` returns, from the cache file of name and key() when there is a usable
    one; else made, and written for the next process.

    encode: the table as JSON values; decode: the table again from them, raising ShapeError (or
    any of DAMAGED) on data of another shape. make's own errors (a bad data file) go through."""
    try:
        key_text = key()
        path = keyed_file(cache_dir(), f"{name}-", key_text, SUFFIX)
    except NO_CACHE as error:
        logger.info("no %s cache: %s", name, error)
        return make()
    try:
        stored = json.loads(path.read_bytes())
        if not isinstance(stored, dict) or stored.get("key") != key_text:
            raise ShapeError("made for another key")
        return decode(stored["data"])
    except (FileNotFoundError, NotADirectoryError):  # none yet; writing says why when it cannot
        pass
    except OSError as error:
        logger.warning("%s: unreadable %s cache, made again (%s)", path, name, error)
    except DAMAGED as error:
        logger.warning("%s: damaged %s cache, made again (%s: %s)", path, name,
                       type(error).__name__, str(error)[:200])
    table = make()
    _save(path, name, key_text, encode(table))
    return table


def inputs_key(files: Iterable[str | Path], **versions: object) -> str:
    """A key of what a table is made from: each version named ("babel 2.17.0"), then each file's
    name and the sha256 of its bytes (where it lies does not matter). OSError when a file cannot
    be read: no key, and the making says why."""
    parts = [f"{name} {value}" for name, value in versions.items()]
    parts += [f"{Path(file).name} sha256 {hashlib.sha256(Path(file).read_bytes()).hexdigest()}"
              for file in files]
    return "; ".join(parts)


def _save(path: Path, name: str, key: str, data: Any) -> None:
    """Write the data under its key; on failure log one line."""
    text = json.dumps({"key": key, "data": data}, ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, f"{name}-", lambda out: out.write(text.encode("utf-8")))
    except OSError as error:
        logger.info("%s cache not written: %s", name, error)
        return
    try:
        remove_other_keys(path, f"{name}-", SUFFIX)
    except OSError as error:
        logger.info("old %s caches not removed: %s", name, error)


# The decoders' checks: each returns its value when it has the shape, else raises ShapeError
# naming what was expected.

def checked_dict(value: Any, what: str) -> dict[str, Any]:
    """A JSON object (its keys are strings by JSON's own rule)."""
    if not isinstance(value, dict):
        raise ShapeError(f"{what}: expected an object, got {type(value).__name__}")
    return value


def checked_list(value: Any, what: str, length: int | None = None) -> list[Any]:
    """A JSON array, of `length` items when given."""
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise ShapeError(f"{what}: expected an array" + (f" of {length}" if length else ""))
    return value


def checked_str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ShapeError(f"{what}: expected a string, got {type(value).__name__}")
    return value


def checked_int(value: Any, what: str, low: int, high: int) -> int:
    """An integer from low to high (not a boolean: JSON's true is no number)."""
    if type(value) is not int or not low <= value <= high:
        raise ShapeError(f"{what}: expected an integer from {low} to {high}, got {value!r:.40}")
    return value
