"""Dates from feeds and pages, as UTC ISO 8601 strings ("2024-06-11T07:30:00+00:00").

A date with no time zone is taken as UTC; a date with no time stays a date at midnight UTC.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timezone


def to_utc_iso(value: object) -> str | None:
    """UTC ISO 8601 for a datetime, date, time.struct_time (feedparser) or ISO string; else None."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        moment = datetime(*value[:6], tzinfo=timezone.utc)
    elif isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_iso(value.strip())
        if moment is None:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


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
