"""Dates from feeds and pages, as UTC ISO 8601 strings ("2024-06-11T07:30:00+00:00").

A date with no time zone is taken as UTC; a date with no time stays a date at midnight UTC.
A date no article can have (before EARLIEST_YEAR, such as Go's zero time 0001-01-01, or beyond
what Python can represent once moved to UTC, such as 9999-12-31T23:59-05:00) is no date: one
hostile or careless item must never raise, because that would cost every other item of its feed.

Dates written for people ("5 mars 2024", "2024. március 5.", "5 марта 2024 г.", "2024年3月5日",
"٥ مارس ٢٠٢٤", "03/05/2024") are read with the month names of pipeline/date_names.py (CLDR) in
the network's languages; numbers day first, month first only where the page is American or the
day cannot be a month, or where a named weekday says which (an impossible day is no date).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from pipeline.date_names import date_words, fold
from pipeline.trie_regex import trie_regex

# No web article predates this; earlier years are placeholders (Go's zero time is year 1).
EARLIEST_YEAR = 1900
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])"
_MONTH = r"(?P<month>1[0-2]|0?[1-9])"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NO_LETTER_AFTER = r"(?![^\W\d_])"
_KOREAN_YMD = tuple(fold(c) for c in "년월일")  # folded Hangul is jamo
_TIME = r"(?:\D{1,6}?(?P<hour>[01]?\d|2[0-3])[:h](?P<minute>[0-5]\d))?"
_NUMERIC = [
    # 2014年9月11日, and Korean's 2014년 9월 11일
    re.compile(rf"{_YEAR}\s*(?:年|%s)\s*{_MONTH}\s*(?:月|%s)\s*{_DAY}\s*(?:日|%s)"
               % _KOREAN_YMD + _TIME),
    # 2014-09-11, 2014/09/11, and Hungarian's 2024. 03. 05.
    re.compile(rf"(?<!\d){_YEAR}\s?[-/.]\s?{_MONTH}\s?[-/.]\s?{_DAY}(?!\d)" + _TIME),
]
# 17/06/2020, 17.06.2020, 14. 08. 2017: day first in every member's language, month first where the
# page says it is American English (or where the day cannot be the month: 06/17/2020).
# A dateline opens the text: "31. Oktober 2023. Dragqueens sind…", "Karlsruhe, (12.11.2021).
# Traditionell…": a date (after a place, at most) that ends with a stop, a bracket, a colon or a
# dash. A date inside the first sentence ("Am 31.10.2023, gegen 23:40 Uhr…", "Seit dem 1. Januar
# 2022 ist…") is what the article tells, not when it was written. Read by pipeline/published.py
# (the page's date) and pipeline/pagedates.py (whether the page states one).
DATELINE = re.compile(r"^(?P<date>.{0,24}?(?:19|20)\d\d\)?)\s*[.)\u2013\u2014-]\s")
# A full date in a URL's path (/2007/05/20/): the publisher's own, read by no widget.
URL_DAY = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")
_TWO_NUMBERS_AND_YEAR = re.compile(
    rf"(?<!\d)(?P<first>[0-3]?\d)\s?[./-]\s?(?P<second>[0-3]?\d)\s?[./-]\s?{_YEAR}(?!\d)" + _TIME)
_LETTER = re.compile(r"[^\W\d_]")
# Letters after a date that make it part of a sentence: more than a byline's "| News" or "von Olga".
MIN_LETTERS_AFTER = 6
# "5 de marzo de 2024", "1er mai", "5th March", "5º"
_ORDINAL = r"(?:er|st|nd|rd|th|o|º|ª)?\.?"


def to_utc_iso(value: object) -> str | None:
    """UTC ISO 8601 for a datetime, date, time.struct_time (feedparser) or ISO string; else None.

    Never raises: a value out of range (year 0 or 10000 once in UTC, before EARLIEST_YEAR) is None.
    """
    if value is None or value == "":
        return None
    try:
        moment = _as_datetime(value)
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):  # year 0 or 10000 in UTC, a bogus struct_time
        return None
    if moment.year < EARLIEST_YEAR:
        return None
    return moment.replace(microsecond=0).isoformat()


def _as_datetime(value: object) -> datetime | None:
    """A datetime (naive or aware) for the types to_utc_iso reads; raises when out of range."""
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return _parse_iso(value.strip())
    return None


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def utc_now_iso() -> str:
    """The current time as a UTC ISO 8601 string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def checked_date(published: str | None, fetched: str) -> tuple[str | None, str | None]:
    """The date to keep and a note: a missing date is noted, a date after the fetch is clamped to
    it."""
    if not published:
        return None, "no date"
    if published > fetched:  # both UTC ISO 8601 with the same offset, so they sort as text
        return fetched, f"future date {published} clamped to fetch time"
    return published, None


@lru_cache(maxsize=1)
def _worded_patterns() -> list[re.Pattern[str]]:
    """Dates with a month name: day first ("5 mars 2024"), month first ("March 5, 2024"), year
    first (Hungarian "2024. március 5.")."""
    words = date_words()
    month = rf"(?P<month>{_alternatives(list(words.months))}){_NO_LETTER_AFTER}[.\u05f3]?"
    connector = rf"(?:(?:{_alternatives(words.connectors)})\s*)?"
    return [
        re.compile(rf"(?<!\d){_DAY}{_ORDINAL}\s*{connector}{month},?\s*{connector}"
                   rf"{_YEAR}(?!\d)" + _TIME),
        re.compile(rf"(?<![^\W\d_]){month}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)" + _TIME),
        re.compile(rf"(?<!\d){_YEAR}\.?\s+{month}\s*{_DAY}(?!\d)" + _TIME),
    ]


def _alternatives(words: list[str]) -> str:
    """A regex matching any of the words, as a trie: hundreds of names cost one pass, not
    hundreds."""
    return trie_regex(words)


def date_in_text(text: str, month_first: bool = False) -> str | None:
    """The first date written in a short text, in words or numbers, as ISO 8601 (no offset: the
    text gives none): "Publié le 17 juin 2020 - 12:48" -> "2020-06-17T12:48:00".

    month_first: the page is American English, where 03/05/2024 is March 5."""
    found = written_date(text, month_first)
    return found.iso if found else None


@dataclass(frozen=True)
class WrittenDate:
    """A date found in a text, and the (folded) text around it."""

    iso: str
    before: str
    after: str

    def in_a_sentence(self) -> bool:
        """Whether words stand on both sides of the date: "takes place on 5 March at the centre",
        "将于2024年3月5日在…举行", not a byline's "Published 5 March 2024" or
        "5 March 2024 | News"."""
        return bool(_LETTER.search(self.before)
                    and len(_LETTER.findall(self.after)) >= MIN_LETTERS_AFTER)


def written_date(text: str, month_first: bool = False) -> WrittenDate | None:
    """The first date written in a text, with what stands before and after it."""
    folded = fold(text or "")
    found = []
    for pattern in (*_worded_patterns(), *_NUMERIC, _TWO_NUMBERS_AND_YEAR):
        for match in pattern.finditer(folded):
            if (moment := _moment(match, month_first)) is not None:
                found.append((match, moment))
                break
    if not found:
        return None
    match, moment = min(found, key=lambda item: item[0].start())
    iso = moment.isoformat() if match["hour"] else moment.date().isoformat()
    return WrittenDate(iso, folded[:match.start()], folded[match.end():])


def _moment(match: re.Match[str], month_first: bool) -> datetime | None:
    """The match's date and time, or None when there is no such day (31 June, 29 February 2023)."""
    groups = match.groupdict()
    if "first" in groups:
        first, second = int(groups["first"]), int(groups["second"])
        month_then_day = first <= 12 and (month_first or second > 12)
        day, month = (second, first) if month_then_day else (first, second)
        if first <= 12 and second <= 12 and (named := _weekday_named(match.string)) is not None:
            day, month = _order_of_weekday(first, second, int(groups["year"]), named, (day, month))
    else:
        day, month_text = int(groups["day"]), groups["month"]  # a month's name or its number
        months = date_words().months
        month = months[month_text] if month_text in months else int(month_text)
    try:
        return datetime(int(groups["year"]), month, day, int(groups["hour"] or 0),
                        int(groups["minute"] or 0))
    except ValueError:
        return None


def _weekday_named(folded: str) -> int | None:
    """The weekday a text names ("mardi 03/05/2024", "Tue, 03/05/2024"), 0 for Monday, if any."""
    match = _weekday_pattern().search(folded)
    return date_words().weekdays[match["weekday"]] if match else None


@lru_cache(maxsize=1)
def _weekday_pattern() -> re.Pattern[str]:
    # Names of three letters or more: "di", "ma", "so" are words too.
    names = [name for name in date_words().weekdays if len(name) >= 3]
    return re.compile(rf"(?<![^\W\d_])(?P<weekday>{_alternatives(names)}){_NO_LETTER_AFTER}")


def _order_of_weekday(first: int, second: int, year: int, weekday: int,
                      default: tuple[int, int]) -> tuple[int, int]:
    """(day, month) of an ambiguous 03/05/2024 that falls on the weekday the text names; the
    default order when both or neither do."""
    fits = []
    for day, month in ((first, second), (second, first)):
        try:
            if date(year, month, day).weekday() == weekday:
                fits.append((day, month))
        except ValueError:
            continue
    return fits[0] if len(fits) == 1 else default
