"""The words dates are written with, from CLDR (through babel) for the locales of date_words.yaml.

Month and weekday names in every form a date uses (format and stand-alone, wide and abbreviated:
"mars", "марта", "март", "Μαρτίου", "márc."), and the relative phrases of bylines ("il y a {0}
jours", "{0}日前", "hier"), all folded as `fold` folds text. A name two locales give to two
different months ("mar" would be one) is dropped rather than guessed.

Made once per process, or read from the cache directory (pipeline/json_cache.py): loading and
merging 29 locales' CLDR data costs 0.2 s of CPU at the first article of every crawl process,
reading the cached tables a few milliseconds. The cache's key is babel's version, Unicode's
(folding reads it), this module's and date_words.yaml's bytes, and FORMAT.

Errors: a bad date_words.yaml raises DateWordsError (a ConfigError) naming the file, the line and
the field; its shape is checked by pipeline/datafiles.py (SCHEMAS["date_words"]).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import babel
from babel import Locale, UnknownLocaleError

from pipeline.datafiles import load
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

WORDS_PATH = Path(__file__).with_name("date_words.yaml")
FORMAT = 1  # of the cached tables: raise it when what is saved, or how, changes
CACHE_NAME = "date-words"
NAME_FORMS = [(context, width) for context in ("format", "stand-alone")
              for width in ("wide", "abbreviated")]  # narrow forms are single letters: no names
# CLDR's relative fields that still name a day: "2 weeks ago" is read as 14 days (sites floor the
# age: the best single guess); a month or a year ago names no day.
RELATIVE_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
# The count a plural form without "{0}" means: Arabic's "قبل يومين" is two days ago.
PLURAL_COUNTS = {"zero": 0, "one": 1, "two": 2}
# Every script's decimal digits as ASCII: Eastern Arabic ٥, Persian ۵, Devanagari... (fullwidth
# digits NFKD already folds).
_DIGITS = {code: str(unicodedata.digit(chr(code))) for code in range(0x0660, 0x1100)
           if unicodedata.category(chr(code)) == "Nd"}
_DIGITS[ord("ı")] = "i"  # Turkish dotless i, which casefold keeps: "MAYIS" and "mayıs" are one word


class DateWordsError(ConfigError):
    """date_words.yaml is missing a field or holds a wrong value."""


@dataclass(frozen=True)
class DateWords:
    months: dict[str, int]  # folded name -> 1..12
    weekdays: dict[str, int]  # folded name -> 0 (Monday)..6
    connectors: list[str]
    updated_labels: list[str]
    # per language: (folded pattern with "{0}" for the number, seconds per unit, the count a
    # pattern without "{0}" means), and (folded word, days from today): "hier" -> -1
    relative_times: dict[str, list[tuple[str, int, int]]]
    relative_days: dict[str, list[tuple[str, int]]]


def fold(text: str) -> str:
    """Text as names are compared: lowercase, without accents, digits in ASCII."""
    folded = text.casefold().translate(_DIGITS)
    if folded.isascii():  # most text: ASCII has no accent to take off and nothing to decompose
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in folded if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    """The names and phrases of every locale date_words.yaml lists: from the cache directory when
    made there for the same inputs, else from CLDR (and written there)."""
    return cached_table(CACHE_NAME, cache_key, words_from_cldr, as_json, from_json)


def cache_key() -> str:
    """What the tables are made from: babel (its CLDR data), Unicode (folding), this module's
    code and date_words.yaml, as bytes (a change of either is another key)."""
    return inputs_key([__file__, WORDS_PATH], format=FORMAT, babel=babel.__version__,
                      unicode=unicodedata.unidata_version)


def words_from_cldr() -> DateWords:
    """The names and phrases, made from CLDR and date_words.yaml."""
    config = _load_config()
    months: dict[str, set[int]] = {}
    weekdays: dict[str, set[int]] = {}
    relative_times: dict[str, list[tuple[str, int, int]]] = {}
    relative_days: dict[str, list[tuple[str, int]]] = {}
    locales = config["locales"]
    for code, line in zip(locales, locales.item_lines):
        locale = _locale(code, line)
        for context, width in NAME_FORMS:
            for number, name in locale.months[context][width].items():
                months.setdefault(_name(name), set()).add(int(number))
            for number, name in locale.days[context][width].items():
                weekdays.setdefault(_name(name), set()).add(int(number))
        times, days = _relative(locale)
        relative_times.setdefault(locale.language, []).extend(times)
        relative_days.setdefault(locale.language, []).extend(days)
    for language, phrases in config["extra_relative"].items():
        relative_times.setdefault(language, []).extend(
            (fold(phrase), RELATIVE_UNITS[unit], count)
            for phrase, (count, unit) in phrases.items())
    for number, names in config["extra_months"].items():
        for name in names:
            months.setdefault(fold(name), set()).add(int(number))
    return DateWords(
        months=_unambiguous(months), weekdays=_unambiguous(weekdays),
        connectors=[fold(word) for word in config["connectors"]],
        updated_labels=[fold(word) for word in config["updated_labels"]],
        # Longest first; phrases of one length in their own order, not a set's (which changes
        # from one process to the next with str hashing): the same tables in every process.
        relative_times={k: sorted(set(v), key=lambda p: (-len(p[0]), p))
                        for k, v in relative_times.items()},
        relative_days={k: sorted(set(v), key=lambda p: (-len(p[0]), p))
                       for k, v in relative_days.items()})


def as_json(words: DateWords) -> dict:
    """The tables as JSON values (from_json reads them back; orders kept: they are meaningful)."""
    return {"months": words.months, "weekdays": words.weekdays, "connectors": words.connectors,
            "updated_labels": words.updated_labels,
            "relative_times": {language: [list(row) for row in rows]
                               for language, rows in words.relative_times.items()},
            "relative_days": {language: [list(row) for row in rows]
                              for language, rows in words.relative_days.items()}}


def from_json(data: object) -> DateWords:
    """The tables again from as_json's values; ShapeError when they are not of that shape."""
    data = checked_dict(data, "date words")
    if set(data) != {"months", "weekdays", "connectors", "updated_labels", "relative_times",
                     "relative_days"}:
        raise ShapeError(f"date words: fields {sorted(data)}")
    names = {field: {checked_str(name, field): checked_int(number, field, low, high)
                     for name, number in checked_dict(data[field], field).items()}
             for field, low, high in (("months", 1, 12), ("weekdays", 0, 6))}
    words = {field: [checked_str(word, field) for word in checked_list(data[field], field)]
             for field in ("connectors", "updated_labels")}
    max_seconds = max(RELATIVE_UNITS.values())
    times = {language: [(checked_str(phrase, language),
                         checked_int(seconds, language, 1, max_seconds),
                         checked_int(count, language, 0, max(PLURAL_COUNTS.values())))
                        for phrase, seconds, count in (checked_list(row, language, 3)
                                                       for row in checked_list(rows, language))]
             for language, rows in checked_dict(data["relative_times"], "relative times").items()}
    days = {language: [(checked_str(word, language), checked_int(offset, language, -99, 0))
                       for word, offset in (checked_list(row, language, 2)
                                            for row in checked_list(rows, language))]
            for language, rows in checked_dict(data["relative_days"], "relative days").items()}
    return DateWords(months=names["months"], weekdays=names["weekdays"],
                     connectors=words["connectors"], updated_labels=words["updated_labels"],
                     relative_times=times, relative_days=days)


def _load_config() -> dict:
    try:
        config = dict(load(WORDS_PATH, "date_words"))
    except ConfigError as error:
        raise DateWordsError(error.reason, path=error.path, line=error.line,
                             field=error.field) from None
    config["extra_months"] = config.get("extra_months") or {}
    relative = config.get("extra_relative") or {}
    config["extra_relative"] = {language: {phrase: _count_and_unit(phrases, language, phrase)
                                           for phrase in phrases}
                                for language, phrases in relative.items()}
    return config


def _count_and_unit(phrases: dict, language: str, phrase: str) -> tuple[int, str]:
    """(count, unit) of an extra relative phrase: `day` for "{0} days ago", [2, day] for a
    phrase that holds its count ("two days ago")."""
    value = phrases[phrase]
    counted = "{0}" in phrase
    if counted and isinstance(value, str) and value in RELATIVE_UNITS:
        return 1, str(value)
    if not counted and isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) \
            and value[1] in RELATIVE_UNITS:
        return value[0], value[1]
    raise DateWordsError(f"expected a unit ({', '.join(RELATIVE_UNITS)}) for a phrase with {{0}}, "
                         "else [count, unit]", path=str(WORDS_PATH),
                         line=getattr(phrases, "key_lines", {}).get(phrase),
                         field=f"extra_relative.{language}.{phrase}")


def _locale(code: str, line: int) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError) as error:
        raise DateWordsError(f"unknown locale {code!r}", path=str(WORDS_PATH), line=line,
                             field="locales") from error


def _name(name: str) -> str:
    """A CLDR name as text is matched: folded, without an abbreviation's stop ("janv." -> janv)
    or Hebrew geresh ("ינו׳")."""
    return fold(name).rstrip(".\u05f3'")


def _relative(locale: Locale) -> tuple[list[tuple[str, int, int]], list[tuple[str, int]]]:
    """The locale's "{0} days ago" patterns (long and short) and its "yesterday"-like words."""
    fields = locale._data["date_fields"]  # babel keeps CLDR's relative fields only here
    # Hebrew writes its dual's number only in brackets, if at all: "לפני שבועיים ({0})"
    times = [(fold(pattern.replace("({0})", "").strip()), seconds, PLURAL_COUNTS.get(plural, 1))
             for unit, seconds in RELATIVE_UNITS.items() for width in (unit, f"{unit}-short")
             for plural, pattern in (fields.get(width, {}).get("past") or {}).items()]
    day_words = fields["day"].get("relative") or {}
    days = [(fold(word), int(offset)) for offset, word in day_words.items() if int(offset) <= 0]
    return times, days


def _unambiguous(names: dict[str, set[int]]) -> dict[str, int]:
    """Each name with its one number; a name that means two (across locales) is no name, and a
    name holding a digit ("3月") is read as a number instead."""
    return {name: next(iter(numbers)) for name, numbers in names.items()
            if len(numbers) == 1 and name and not re.search(r"\d", name)}
