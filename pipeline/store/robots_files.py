"""robots.txt files kept between crawls (table robots_files), so that a re-crawl does not fetch
each origin's again while it is young: RFC 9309 §2.4 lets a crawler keep one up to 24 hours.

A crawl reads the young ones once as it opens (young_robots_files, pipeline/commands/crawl.py),
and keeps what it fetched in one transaction as it ends (keep_robots_files). Which answers are
worth keeping, and how they are used, is spiders/netguard.py's SharedRobotsTxtMiddleware's
business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from pipeline.crawl_report import RobotsFile
from pipeline.store.connection import Connection

ROBOTS_FILES = "robots_files"


def create_robots_files_table(db: Database) -> None:
    db.table(ROBOTS_FILES).create({"origin": str, "fetched": str, "status": int, "body": bytes,
                                   "max_age": int}, pk="origin", not_null={"fetched", "status"})


def _since(max_age_s: int, now: datetime) -> str:
    """The moment before which a file is too old for a setting of max_age_s seconds."""
    return (now.replace(microsecond=0) - timedelta(seconds=max_age_s)).isoformat()


class RobotsFiles(Connection):
    """The robots.txt files earlier crawls fetched."""

    def young_robots_files(self, max_age_s: int, now: datetime | None = None
                           ) -> dict[str, RobotsFile]:
        """The files younger than max_age_s seconds and than their own max-age, by origin (one
        query); none when max_age_s is 0 (always fetch)."""
        if max_age_s <= 0:
            return {}
        now = now or datetime.now(UTC)
        rows = self.db.execute(f"select origin, fetched, status, body, max_age from {ROBOTS_FILES}"
                               " where fetched > ?", [_since(max_age_s, now)]).fetchall()
        files = (RobotsFile(origin, fetched, status, body or b"", max_age)
                 for origin, fetched, status, body, max_age in rows)
        return {file.origin: file for file in files if file.young(now)}

    def keep_robots_files(self, files: Iterable[RobotsFile], max_age_s: int) -> None:
        """Keep what a crawl fetched, each origin's replacing its older file, in one transaction;
        files too old to be read again (max_age_s, when positive) are dropped on the way."""
        rows = [asdict(file) for file in files]
        with self.transaction():
            if max_age_s > 0:
                self.db.execute(f"delete from {ROBOTS_FILES} where fetched <= ?",
                                [_since(max_age_s, datetime.now(UTC))])
            if rows:
                self.db.table(ROBOTS_FILES).upsert_all(rows, pk="origin")
