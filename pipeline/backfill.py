"""A source's first crawl is not a flood: what it finds older than the source's `backfill_days`
is stored as archive (searchable; published only if an editor decides so), not queued for review.

Pure: the store stage asks `is_backfill` for each new story.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def is_backfill(published: str | None, now: datetime, backfill_days: int,
                first_crawl: bool) -> bool:
    """True when a story goes to the archive: published more than `backfill_days` before `now`,
    or undated and found by the source's first crawl (nothing says it is recent)."""
    if not published:
        return first_crawl
    try:
        moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return first_crawl
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    return moment < now - timedelta(days=backfill_days)
