"""Dates from feeds and pages, as UTC ISO 8601 strings ("2024-06-11T07:30:00+00:00").

A date with no time zone is taken as UTC; a date with no time stays a date at midnight UTC.
A date no article can have (before EARLIEST_YEAR, such as Go's zero time 0001-01-01, or beyond
what Python can represent once moved to UTC, such as 9999-12-31T23:59-05:00) is no date: one
hostile or careless item must never raise, because that would cost every other item of its feed.
"""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

import yaml

WORDS_PATH = Path(__file__).with_name("date_words.yaml")
# No web article predates this; earlier years are placeholders (Go's zero time is year 1).
EARLIEST_YEAR = 1900
_KOREAN_YMD = tuple(unicodedata.normalize("NFKD", c) for c in "년월일")
_TIME = r"(?:\D{1,6}?(?P<hour>[01]?\d|2[0-3])[:h](?P<minute>[0-5]\d))?"
_NUMERIC = [
    # 2014年9月11日, and Korean's 2014년 9월 11일 (its syllables as _fold leaves them: in jamo)
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*(?:年|%s)\s*(?P<month>1[0-2]|0?[1-9])\s*(?:月|%s)\s*"
               r"(?P<day>3[01]|[12]\d|0?[1-9])\s*(?:日|%s)" % _KOREAN_YMD + _TIME),
    # 2014-09-11, 2014/09/11
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>1[0-2]|0?[1-9])[-/.](?P<day>3[01]|[12]\d|0?[1-9])(?!\d)" + _TIME),
    # 17/06/2020, 17.06.2020, 14. 08. 2017, 17-06-2020 (day first)
    re.compile(r"(?<!\d)(?P<day>3[01]|[12]\d|0?[1-9])\s?[./-]\s?(?P<month>1[0-2]|0?[1-9])\s?[./-]\s?(?P<year>(?:19|20)\d{2})(?!\d)" + _TIME),
]


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
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError, TypeError):  # year 0 or 10000 in UTC, a bogus struct_time
        return None
    if moment.year < EARLIEST_YEAR:
        return None
    return moment.replace(microsecond=0).isoformat()


def _as_datetime(value: object) -> datetime | None:
    """A datetime (naive or aware) for the types to_utc_iso reads; raises when out of range."""
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=timezone.utc)
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
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def checked_date(published: str | None, fetched: str) -> tuple[str | None, str | None]:
    """The date to keep and a note: a missing date is noted, a date after the fetch is clamped to it."""
    if not published:
        return None, "no date"
    if published > fetched:  # both UTC ISO 8601 with the same offset, so they sort as text
        return fetched, f"future date {published} clamped to fetch time"
    return published, None


@lru_cache(maxsize=1)
def _month_names() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    months = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))["months"]
    names = {name: int(number) for number, words in months.items() for name in words}
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    day_first = re.compile(
        rf"\b(?P<day>3[01]|[12]\d|0?[1-9])(?:er|st|nd|rd|th|o|º)?\.?\s*(?:de\s+)?(?P<month>{alternatives})\.?,?"
        rf"\s*(?:de\s+)?(?P<year>(?:19|20)\d{{2}})\b" + _TIME)
    month_first = re.compile(
        rf"\b(?P<month>{alternatives})\.?\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b" + _TIME)
    return names, day_first, month_first


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("ä", "ae")


def date_in_text(text: str) -> str | None:
    """The first date written in a short text, in words or numbers, as ISO 8601 (no offset: the
    text gives none): "Publié le 17 juin 2020 - 12:48" -> "2020-06-17T12:48:00"."""
    folded = _fold(text or "")
    names, day_first, month_first = _month_names()
    found = []
    for pattern in (day_first, month_first, *_NUMERIC):
        match = pattern.search(folded)
        if match:
            found.append((match.start(), match))
    for _, match in sorted(found, key=lambda item: item[0]):
        month = match["month"]
        month = names[month] if month in names else int(month)
        try:
            moment = datetime(int(match["year"]), month, int(match["day"]),
                              int(match["hour"] or 0), int(match["minute"] or 0))
        except ValueError:  # 31 June and the like: not a date
            continue
        return moment.isoformat() if match["hour"] else moment.date().isoformat()
    return None
