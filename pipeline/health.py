"""A source's health from its recent runs: is it alive, quiet, moved, gone? Pure."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.ways_in import described

QUIET_AFTER = timedelta(days=90)  # members publish monthly at best; three months of silence is news
GONE_MARKERS = ("HTTP 404", "HTTP 410")


@dataclass
class Health:
    """What `probono sources` prints for one source."""

    id: str
    name: str
    state: str  # ok, failing, never-crawled, archive, disabled: the source_state view's
    last_success: str | None
    last_new_article: str | None
    consecutive_failures: int
    articles_per_week: float
    warnings: list[str] = field(default_factory=list)
    ways_in: list[str] = field(default_factory=list)  # the working ways in the crawler found
    last_way_change: str | None = None  # "<when> found feed (linked, full text): URL" ...


def source_health(row: dict[str, Any], now: datetime | None = None) -> Health:
    """The health of one source from Store.source_health_rows(), its state as the database
    tells it (the source_state view, which the sources_state canned query shows too)."""
    now = now or datetime.now(UTC)
    runs = [tuple(int(x) for x in run.split(":"))
            for run in (row["recent_runs"] or "").split(",") if run]
    failures = 0
    for errors, _, _ in runs:  # newest first
        if not errors:
            break
        failures += 1
    health = Health(row["id"], row["name"], row["state"], row["last_success"],
                    row["last_new_article"], failures, round((row["articles_28_days"] or 0) / 4, 1),
                    ways_in=[f"{described(way)}: {way['url']}"
                             for way in json.loads(row.get("ways_in") or "[]")],
                    last_way_change=row.get("last_way_change"))
    if health.state in ("archive", "disabled"):
        return health  # dead or frozen on purpose: a normal state, not an error storm
    last_error = row["last_error"] or ""
    if failures and any(marker in last_error for marker in GONE_MARKERS):
        health.warnings.append(f"gone: {last_error}")
    if row["moved_to"]:
        health.warnings.append(f"moved permanently to {row['moved_to']}: update feeds.yaml")
    if " no way in found" in (health.last_way_change or "") and not health.ways_in:
        health.warnings.append(f"ways in: {health.last_way_change}")
    if runs and runs[0][2]:
        health.warnings.append("a listing found no article link in the last run")
    last_new = _moment(row["last_new_article"])
    if runs and (last_new is None or now - last_new > QUIET_AFTER):
        health.warnings.append(f"quiet: no new article in {QUIET_AFTER.days} days")
    return health


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
