"""When to ask a URL again: back-off after failures, and the due time a feed or server asks for.

Two memories, both in the database:
- `fetch_backoff`, per URL (feeds and article pages): after a failure the URL is left alone for 1 h,
  then 2 h, 4 h ... up to 30 days while it keeps failing, or longer when a 429/503 said
  Retry-After; a success forgets it. So an oversized or dead page is not fetched again, unchanged,
  on every crawl.
- `feed_state.next_due`, per feed: the interval the feed declares (RSS `<ttl>`, `sy:updatePeriod`
  / `sy:updateFrequency`) or its response allows (`Cache-Control: max-age`), or a Retry-After;
  capped at one day, so that a hostile feed cannot silence its source for long.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

BACKOFF_FIRST = timedelta(hours=1)
BACKOFF_MAX = timedelta(days=30)
DUE_MAX = timedelta(days=1)  # the longest a feed's own words (ttl, max-age, Retry-After) defer it
# A crawl starting this much before a due time still asks: an hourly cron and a 60-minute <ttl>
# must not skip every other hour because the last crawl read the feed a few seconds in.
DUE_GRACE = timedelta(seconds=60)
# sy:updatePeriod -> seconds (RSS 1.0 Syndication module; the default period is daily).
SY_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 604800, "monthly": 2592000,
              "yearly": 31536000}
_MAX_AGE = re.compile(r"(?:^|[,\s])(s-maxage|max-age)\s*=\s*\"?([0-9]+)", re.IGNORECASE)
# Numbers a server or feed writes are clamped to this many seconds (a year, past every cap here)
# before any date arithmetic: "99999999999999" must not overflow and cost the feed.
SECONDS_MAX = 365 * 86400
# Only ASCII digits are numbers here: "²".isdigit() is True, and int("²") raises.
_DIGITS = re.compile(r"[0-9]{1,30}")


def _whole_seconds(text: str, unit: int = 1) -> int | None:
    """A count of units written in ASCII digits, as seconds at most SECONDS_MAX; None otherwise."""
    if not _DIGITS.fullmatch(text):
        return None
    return min(int(text) * unit, SECONDS_MAX)


def iso(moment: datetime) -> str:
    """A UTC ISO 8601 string to the second, the format of every timestamp in the database."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After (RFC 9110: delta-seconds or an HTTP-date) as seconds from now, or None."""
    value = (value or "").strip()
    if (seconds := _whole_seconds(value)) is not None:
        return float(seconds)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return min(max(0.0, (moment - now).total_seconds()), float(SECONDS_MAX))


def cache_max_age(value: str | None) -> int | None:
    """The freshness a Cache-Control header grants, in seconds (0 for no-cache / no-store)."""
    value = (value or "").lower()
    if "no-cache" in value or "no-store" in value:
        return 0
    ages = {name.lower(): _whole_seconds(seconds[:30]) for name, seconds in _MAX_AGE.findall(value)}
    return ages.get("s-maxage", ages.get("max-age"))


def feed_refresh_seconds(feed: Mapping[str, Any]) -> int | None:
    """The interval a feed says it changes at: RSS <ttl> (minutes), else sy:updatePeriod divided
    by sy:updateFrequency; None when it says nothing readable."""
    ttl = _whole_seconds(str(feed.get("ttl") or "").strip(), unit=60)
    if ttl is not None:
        return ttl
    period = str(feed.get("sy_updateperiod") or "").strip().lower()
    if period not in SY_PERIODS:
        return None
    frequency = _whole_seconds(str(feed.get("sy_updatefrequency") or "1").strip())
    return SY_PERIODS[period] // max(1, frequency) if frequency is not None else None


def next_due(now: datetime, *seconds: float | None) -> str | None:
    """When a feed is next worth asking for: the longest of the intervals given, at most DUE_MAX
    from now; None (due at every crawl) when none is positive."""
    longest = max((s for s in seconds if s), default=0)
    if longest <= 0:
        return None
    return iso(now + timedelta(seconds=min(longest, DUE_MAX.total_seconds())))


def backoff_delay(failures: int) -> timedelta:
    """How long a URL that failed `failures` times in a row is left alone: 1 h, 2 h ... 30 d."""
    exponent = min(max(failures, 1) - 1, 20)  # 2**20 hours is far past the cap already
    return min(BACKOFF_FIRST * 2 ** exponent, BACKOFF_MAX)


def failed_again(previous: Mapping[str, Any] | None, url: str, source_id: str, reason: str,
                 now: datetime, retry_after: float | None = None) -> dict[str, Any]:
    """The fetch_backoff row of a URL after one more failure; a server's Retry-After (at most
    DUE_MAX) replaces our own schedule: it said when to come back."""
    failures = int((previous or {}).get("failures") or 0) + 1
    delay = backoff_delay(failures)
    if retry_after is not None:
        delay = timedelta(seconds=min(max(retry_after, 0.0), DUE_MAX.total_seconds()))
    return {"url": url, "source_id": source_id, "reason": reason, "failures": failures,
            "last_failed": iso(now), "next_try": iso(now + delay)}


def is_waiting(next_time: str | None, now: datetime) -> bool:
    """True while a stored next_try / next_due lies in the future (DUE_GRACE aside)."""
    return bool(next_time and next_time > iso(now + DUE_GRACE))
