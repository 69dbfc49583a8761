"""CLDR's date words kept in the cache directory (pipeline/date_names.py over
pipeline/json_cache.py): the same tables as made from CLDR, a key that changes with what they
are made from, a damaged file made again, a cache that cannot be written costing only time."""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import time
from pathlib import Path

import babel
import pytest

from pipeline import cache_dir as cache_dir_module
from pipeline import date_names, json_cache
from pipeline.cache_dir import CACHE_DIR_VARIABLE, keyed_file
from pipeline.date_names import CACHE_NAME, DateWords, cache_key, words_from_cldr
from pipeline.json_cache import SUFFIX


@pytest.fixture(scope="module")
def made() -> DateWords:
    """The tables made from CLDR, as without any cache."""
    return words_from_cldr()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(directory))
    return directory


@pytest.fixture
def makings(monkeypatch) -> list[int]:
    """Each time the tables are made from CLDR."""
    calls: list[int] = []

    def counted() -> DateWords:
        calls.append(1)
        return words_from_cldr()

    monkeypatch.setattr(date_names, "words_from_cldr", counted)
    return calls


def read() -> DateWords:
    """date_words() as a new process gets it (not the process's own remembered tables)."""
    return date_names.date_words.__wrapped__()


def ours(directory: Path) -> Path:
    """The cache file of the date words' present key."""
    path = keyed_file(directory, f"{CACHE_NAME}-", cache_key(), SUFFIX)
    assert path.is_file()
    return path


def same_tables(a: DateWords, b: DateWords) -> None:
    """Equal, and in the same orders (the order of phrases is the order they are tried in)."""
    assert a == b
    for field in ("months", "weekdays", "relative_times", "relative_days"):
        assert list(getattr(a, field).items()) == list(getattr(b, field).items()), field
    assert all(type(row) is tuple for rows in a.relative_times.values() for row in rows)
    assert all(type(row) is tuple for rows in a.relative_days.values() for row in rows)


def test_written_on_first_use_then_read_with_the_same_tables(cache, made, makings, monkeypatch):
    cold = read()
    assert makings == [1] and [p.name for p in cache.iterdir()] == [ours(cache).name]
    same_tables(cold, made)
    stored = json.loads(ours(cache).read_text(encoding="utf-8"))
    assert stored["key"] == cache_key() and set(stored["data"]) == {
        "months", "weekdays", "connectors", "updated_labels", "relative_times", "relative_days"}
    warm = read()
    assert makings == [1]  # not made again: read
    same_tables(warm, made)
    assert warm.months["mars"] == 3 and warm.relative_days["fr"]  # the real tables


def test_made_in_the_same_orders_in_every_process(made):
    # The phrases of one length used to follow a set's order, which str hashing changes from
    # one process to the next: the cache would have kept one process's order.
    for rows in [*made.relative_times.values(), *made.relative_days.values()]:
        assert rows == sorted(rows, key=lambda row: (-len(row[0]), row))


def test_the_key_changes_with_babel_the_words_file_the_code_and_the_format(
        cache, tmp_path, monkeypatch):
    keys = {cache_key()}
    monkeypatch.setattr(babel, "__version__", "99.0")
    keys.add(cache_key())
    copy = tmp_path / "date_words.yaml"
    shutil.copy(date_names.WORDS_PATH, copy)
    monkeypatch.setattr(date_names, "WORDS_PATH", copy)
    assert cache_key() in keys  # the same bytes, the same key
    copy.write_text(copy.read_text(encoding="utf-8").replace(
        "locales: [fr, en,", "locales: [fr, en, lt,"), encoding="utf-8")  # one language more
    keys.add(cache_key())
    copy.write_text(copy.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    keys.add(cache_key())
    monkeypatch.setattr(date_names, "FORMAT", date_names.FORMAT + 1)
    keys.add(cache_key())
    code = tmp_path / "date_names.py"
    code.write_bytes(Path(date_names.__file__).read_bytes() + b"\n")
    monkeypatch.setattr(date_names, "__file__", str(code))
    keys.add(cache_key())
    assert len(keys) == 6


def test_another_words_file_is_another_cache_file_and_the_old_ones_go(
        cache, tmp_path, made, makings, monkeypatch):
    read()
    first = ours(cache)
    other_name = cache / f"{CACHE_NAME}-0123abcd{SUFFIX}"
    stale_temporary = cache / f".{CACHE_NAME}-old.tmp"
    fresh_temporary = cache / f".{CACHE_NAME}-x.tmp"
    # Another cache's files, even one whose name starts with ours, are not ours to remove.
    another_cache = [cache / f"{CACHE_NAME}-extra-0123abcd{SUFFIX}",
                     cache / f".{CACHE_NAME}-extra-old.tmp"]
    kept = [cache / "langid-0123abcd.npz", cache / "notes.txt", fresh_temporary, *another_cache]
    for path in (other_name, stale_temporary, *kept):
        path.write_bytes(b"x")
    for path in (stale_temporary, another_cache[1]):
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    copy = tmp_path / "date_words.yaml"
    copy.write_text(date_names.WORDS_PATH.read_text(encoding="utf-8").replace(
        "locales: [fr, en,", "locales: [fr, en, lt,"), encoding="utf-8")
    monkeypatch.setattr(date_names, "WORDS_PATH", copy)
    more = read()
    assert makings == [1, 1]
    assert "lt" in more.relative_times and "lt" not in made.relative_times  # Lithuanian's, read
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [ours(cache).name, *(p.name for p in kept)])
    assert ours(cache) != first
    same_tables(read(), more)
    assert makings == [1, 1]


def _data(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _changed(path: Path, change) -> None:
    stored = _data(path)
    change(stored["data"])
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")


def _nested(path: Path) -> None:
    path.write_text('{"key": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")


# Ways to damage the cache file.
DAMAGES = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:5000]),
    "empty": lambda path: path.write_bytes(b""),
    "not JSON": lambda path: path.write_text("months: {mars: 3}\n", encoding="utf-8"),
    "not UTF-8": lambda path: path.write_bytes(b"\xff\xfe" + path.read_bytes()),
    "an array": lambda path: path.write_text("[1, 2]", encoding="utf-8"),
    "another key": lambda path: path.write_text(
        json.dumps({**_data(path), "key": "format 0"}), encoding="utf-8"),
    "no data": lambda path: path.write_text(json.dumps({"key": _data(path)["key"]})),
    "a field missing": lambda path: _changed(path, lambda data: data.pop("weekdays")),
    "a month as text": lambda path: _changed(path, lambda data: data["months"].update(mars="3")),
    "a month out of range": lambda path: _changed(
        path, lambda data: data["months"].update(mars=13)),
    "a boolean for a number": lambda path: _changed(
        path, lambda data: data["weekdays"].update(lundi=True)),
    "a row too short": lambda path: _changed(
        path, lambda data: data["relative_times"]["fr"][0].pop()),
    "a row not a list": lambda path: _changed(
        path, lambda data: data["relative_days"]["fr"].__setitem__(0, "hier")),
    "a word not text": lambda path: _changed(
        path, lambda data: data["connectors"].append(None)),
    "the phrases not a mapping": lambda path: _changed(
        path, lambda data: data.__setitem__("relative_times", [])),
    "nested deeply": _nested,
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_cache_file_is_made_again_and_written_again(
        damage, cache, made, makings, caplog):
    read()
    path = ours(cache)
    DAMAGES[damage](path)
    with caplog.at_level(logging.INFO, logger="pipeline.json_cache"):
        again = read()
    assert makings == [1, 1]
    same_tables(again, made)
    assert len(caplog.records) == 1  # one line
    assert caplog.records[0].levelno == logging.WARNING and str(path) in caplog.text
    same_tables(read(), made)  # written again, whole: read, not made
    assert makings == [1, 1]


@pytest.mark.parametrize("where", ["under a file", "a file itself"])
def test_an_unwritable_cache_directory_only_costs_the_making(
        where, tmp_path, monkeypatch, made, makings, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocker / "cache" if where == "under a file"
                                               else blocker))
    with caplog.at_level(logging.INFO, logger="pipeline.json_cache"):
        for _ in range(2):
            same_tables(read(), made)
    assert makings == [1, 1]
    assert [r.levelname for r in caplog.records] == ["INFO", "INFO"]
    assert "date-words cache not written" in caplog.records[0].getMessage()
    assert blocker.read_text() == "not a directory"


def test_a_full_disk_leaves_no_temporary_file(cache, made, monkeypatch, caplog):
    def full_disk(path, prefix, write):
        real_write(path, prefix, lambda out: _raise_full())

    real_write = cache_dir_module.write_atomically
    monkeypatch.setattr(json_cache, "write_atomically", full_disk)
    with caplog.at_level(logging.INFO, logger="pipeline.json_cache"):
        same_tables(read(), made)
    assert list(cache.iterdir()) == []
    assert "No space left on device" in caplog.text


def _raise_full():
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_bad_words_file_is_still_refused_with_its_line(cache, tmp_path, monkeypatch):
    read()  # a cache of the good file must not hide the bad one
    path = tmp_path / "date_words.yaml"
    path.write_text("locales: [fr,\n  qq]\nconnectors: [de]\nupdated_labels: [updated]\n",
                    encoding="utf-8")
    monkeypatch.setattr(date_names, "WORDS_PATH", path)
    with pytest.raises(date_names.DateWordsError, match=r":2: field 'locales': unknown locale"):
        read()
    missing = tmp_path / "missing.yaml"
    monkeypatch.setattr(date_names, "WORDS_PATH", missing)
    with pytest.raises(date_names.DateWordsError, match="cannot read"):
        read()
