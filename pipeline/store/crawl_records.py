"""What crawls record besides articles: the configured sources, runs and each source's figures in
them, feeds' validators, the ways in found, URLs backed off, and the rows source health is told
from (pipeline/health.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from pipeline.dates import utc_now_iso
from pipeline.sources import Source
from pipeline.store.connection import Connection
from pipeline.store.rows import upsert
from pipeline.ways_in import Outcome, after_crawl, described


class CrawlRecords(Connection):
    """Sources, runs, feed state, ways in, back-off and health, over the store's connection."""

    # Sources -----------------------------------------------------------------------------

    def save_sources(self, sources: Iterable[Source]) -> None:
        """Record the configured sources (upsert: unchanged sources are left as they are)."""
        rows = [_source_row(source) for source in sources]
        # Each spider of a crawl records its source as it starts: a write transaction (and a sync
        # to disk) per spider for rows that are almost always stored as they are. Read first.
        stored = {row["id"]: row for row in self.db.query(
            f"select * from sources where id in ({', '.join('?' for _ in rows)})",
            [row["id"] for row in rows])} if rows else {}
        if all(_stored_as(stored.get(row["id"]), row) for row in rows):
            return
        with self.transaction():
            self.db.table("sources").upsert_all(rows, pk="id")

    # Feeds -------------------------------------------------------------------------------

    def feed_states(self, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What the last crawl kept of each feed URL: validators and the hash of its bytes."""
        urls = list(urls)
        if not urls:
            return {}
        marks = ", ".join("?" for _ in urls)
        return {row["url"]: row for row in self.db.query(
            f"select * from feed_state where url in ({marks})", urls)}

    def save_feed_states(self, rows: Iterable[dict[str, Any]]) -> None:
        """Record feeds' validators and hashes once their items are stored."""
        with self.transaction():
            self.db.table("feed_state").upsert_all(list(rows), pk="url")

    def listing_states(self, source_id: str, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What the last crawls of a source kept of its listings' first pages, by URL."""
        urls = list(urls)
        if not urls:
            return {}
        marks = ", ".join("?" for _ in urls)
        return {row["url"]: row for row in self.db.query(
            f"select * from listing_state where source_id = ? and url in ({marks})",
            [source_id, *urls])}

    def save_listing_states(self, rows: Iterable[dict[str, Any]]) -> None:
        """Record listings' validators once the crawl that read them finished."""
        with self.transaction():
            for row in rows:
                upsert(self.db.conn, "listing_state", row, ("source_id", "url"))

    # Ways in found by the crawler (pipeline/ways_in.py) -------------------------------------------

    def ways_in(self, source_id: str) -> list[dict[str, Any]]:
        """The ways in found for a source, working ones first, best first."""
        return list(self.db.query(
            "select * from ways_in where source_id = ? order by status = 'active' desc,"
            " case kind when 'feed' then 0 when 'sitemap' then 1 else 2 end, found", [source_id]))

    def save_discovery(self, discovery: Any, now: str) -> None:
        """Remember the ways in a discovery kept: new ones found now, known ones working again;
        each change written to way_changes."""
        known = {row["url"]: row for row in self.ways_in(discovery.source_id)}
        with self.transaction():
            for way in discovery.ways:
                row = known.get(way.url)
                fields = {"kind": way.kind, "how": way.how, "entries": way.entries,
                          "newest": way.newest, "last_checked": now, "status": "active",
                          "full_content": (None if way.full_content is None
                                           else int(way.full_content)),
                          "failures": 0, "empty_runs": 0, "broken_at": None, "broken_reason": None}
                if row is None or row["status"] != "active":
                    self._way_change(discovery.source_id, now, "found " + described(way) + ": "
                                     + way.url + (" again" if row else ""))
                self.db.table("ways_in").upsert({"source_id": discovery.source_id, "url": way.url,
                                           "found": (row or {}).get("found") or now, **fields},
                                          pk=("source_id", "url"))
            if not discovery.ways:
                self._way_change(discovery.source_id, now, "no way in found: "
                                 + "; ".join(discovery.problems or ["nothing answered"]))

    def record_way_outcomes(self, source_id: str, outcomes: dict[str, Outcome],
                            now: str) -> list[str]:
        """A crawl's outcome for each found way in it used; returns the URLs that broke now."""
        broken = []
        known = {row["url"]: row for row in self.ways_in(source_id)}
        with self.transaction():
            for url, outcome in outcomes.items():
                row = known.get(url)
                if row is None or row["status"] != "active":
                    continue  # a configured way in, or one already broken
                updated = after_crawl(row, outcome, now)
                if updated["status"] == "broken":
                    broken.append(url)
                    self._way_change(source_id, now, f"broken: {described(row)}: {url}: "
                                                     f"{updated['broken_reason']}")
                self.db.table("ways_in").upsert(updated, pk=("source_id", "url"))
        return broken

    def ways_broken_since(self, source_id: str, since: str) -> bool:
        return bool(self.db.execute("select 1 from ways_in where source_id = ? and"
                                    " status = 'broken' and broken_at >= ?",
                                    [source_id, since]).fetchone())

    def way_changes(self, source_id: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """The latest changes of ways in, newest first (all sources, or one)."""
        where, params = ("where source_id = ?", [source_id]) if source_id else ("", [])
        return list(self.db.query(f"select source_id, at, change from way_changes {where}"
                                  " order by id desc limit ?", [*params, limit]))

    def _way_change(self, source_id: str, at: str, change: str) -> None:
        self.db.table("way_changes").insert({"source_id": source_id, "at": at, "change": change})

    def run_started(self, run_id: int) -> str | None:
        row = self.db.execute("select started from crawl_runs where id = ?", [run_id]).fetchone()
        return row[0] if row else None

    # Health --------------------------------------------------------------------------------

    def source_health_rows(self) -> list[dict[str, Any]]:
        """Per source: its state (the source_state view), last success, last new article,
        recent runs, articles lately."""
        return list(self.db.query(
            "select s.id, s.name, s.kind, s.enabled, st.state,"
            " (select max(finished) from crawl_run_sources r where r.source_id = s.id"
            "   and r.errors = 0 and r.responses > 0) as last_success,"
            " (select max(fetched) from articles a where a.source_id = s.id) as last_new_article,"
            " (select count(*) from articles a where a.source_id = s.id"
            "   and coalesce(a.published, a.fetched) >= datetime('now', '-28 days'))"
            "   as articles_28_days,"
            " (select group_concat(errors || ':' || responses || ':' || listings_empty, ',') from"
            # One entry per run, whichever spiders (feeds, pages) read the source in it.
            "   (select sum(errors) as errors, sum(responses) as responses,"
            "    sum(listings_empty) as listings_empty from crawl_run_sources r"
            "    where r.source_id = s.id group by run_id"
            # A run that skipped the source (not due, backed off) says nothing of its health.
            "    having sum(errors) > 0 or sum(responses) > 0"
            "    order by run_id desc limit 20)) as recent_runs,"
            " (select last_error from crawl_run_sources r where r.source_id = s.id"
            "   and (errors > 0 or responses > 0 or last_error is not null)"
            "   order by run_id desc limit 1) as last_error,"
            " (select group_concat(moved_to, ' ') from feed_state f where f.source_id = s.id"
            "   and moved_to is not null) as moved_to,"
            # The ways in found by the crawler, and the latest change of them (pipeline/ways_in.py).
            " (select json_group_array(json_object('kind', kind, 'how', how, 'url', url,"
            "   'full_content', full_content, 'last_worked', last_worked)) from ways_in w"
            "   where w.source_id = s.id and w.status = 'active') as ways_in,"
            " (select at || ' ' || change from way_changes c where c.source_id = s.id"
            "   order by c.id desc limit 1) as last_way_change"
            " from sources s join source_state st on st.source_id = s.id order by s.id"))

    # Crawl runs --------------------------------------------------------------------------

    def start_run(self, source_count: int) -> int:
        """Open a crawl_runs row and return its id."""
        with self.transaction():
            table = self.db.table("crawl_runs").insert(
                {"started": utc_now_iso(), "status": "running", "sources": source_count})
        assert table.last_pk is not None  # an insert into a table with an integer key has one
        return int(table.last_pk)

    def close_interrupted_runs(self) -> list[int]:
        """Close the runs left "running" by a crawl that died, with the totals it recorded; only
        called under the crawl lock, when no other crawl can be running."""
        ids = [row[0] for row in self.db.execute(
            "select id from crawl_runs where status = 'running'")]
        for run_id in ids:
            self.finish_run(run_id, "interrupted", None)
        return ids

    def record_source_run(self, row: dict[str, Any]) -> None:
        """One spider's figures for one source within a run; a spider run twice for a source in
        one run (its ways in found again midway) adds its figures to the first's."""
        with self.transaction():
            key = [row["run_id"], row["source_id"], row["spider"]]
            earlier = next(self.db.query("select * from crawl_run_sources where run_id = ? and"
                                         " source_id = ? and spider = ?", key), None)
            if earlier is not None:
                row = {**row, "started": earlier["started"], **{
                    name: value + (earlier.get(name) or 0) for name, value in row.items()
                    if isinstance(value, (int, float)) and not isinstance(value, bool)
                    and name not in ("run_id",)}}
                row["last_error"] = row.get("last_error") or earlier.get("last_error")
                for name in ("stage_cpu", "dropped_reasons"):  # {"key": figure}: added up too
                    row[name] = _added_json(earlier.get(name), row.get(name))
            upsert(self.db.conn, "crawl_run_sources", row, ("run_id", "source_id", "spider"))

    def finish_run(self, run_id: int, status: str, exit_code: int | None) -> dict[str, int]:
        """Close a run with its totals, summed from its sources; returns the totals."""
        totals = next(self.db.query(
            "select coalesce(sum(new), 0) as new, coalesce(sum(updated), 0) as updated,"
            " coalesce(sum(unchanged), 0) as unchanged, coalesce(sum(dropped), 0) as dropped,"
            " coalesce(sum(errors), 0) as errors from crawl_run_sources where run_id = ?",
            [run_id]))
        with self.transaction():
            self.db.table("crawl_runs").update(run_id, {**totals, "finished": utc_now_iso(),
                                                  "status": status, "exit_code": exit_code})
        return totals

    def run_sources(self, run_id: int) -> list[dict[str, Any]]:
        return list(self.db.query(
            "select * from crawl_run_sources where run_id = ? order by source_id, spider",
            [run_id]))

    # Summaries for the CLI -----------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Counts the demo and the crawl print: articles, stories (as readers count them: the
        stories view), by language, by source, copies folded."""
        articles, duplicates = self.db.execute(
            "select count(*), count(duplicate_of) from articles").fetchone()
        return {
            "articles": articles,
            "stories": self.db.execute("select count(*) from stories").fetchone()[0],
            "duplicates": duplicates,
            "by_language": dict(self.db.execute(
                "select coalesce(language, '?'), count(*) from articles group by 1 order by 2 desc"
            ).fetchall()),
            "by_source": dict(self.db.execute(
                "select source_id, count(*) from articles group by 1 order by 1").fetchall()),
        }

    # Back-off of failing URLs (pipeline/backoff.py) -----------------------------------------

    def fetch_backoffs(self) -> dict[str, dict[str, Any]]:
        """The URLs that failed lately, with their failure count and next try, whichever source
        asked: a page two sources name backs off once, not once per source in turn."""
        return {row["url"]: row for row in self.db.query("select * from fetch_backoff")}

    def save_fetch_outcomes(self, failed: Iterable[dict[str, Any]],
                            succeeded: Iterable[str]) -> None:
        """Remember the URLs that failed (one more time), forget those that answered."""
        failed, succeeded = list(failed), list(succeeded)
        with self.transaction():
            if failed:
                self.db.table("fetch_backoff").upsert_all(failed, pk="url")
            for url in succeeded:
                self.db.execute("delete from fetch_backoff where url = ?", [url])



def _added_json(first: str | None, second: str | None) -> str | None:
    """Two JSON objects of figures, added key by key (None when both are empty)."""
    total: dict[str, Any] = {}
    for text in (first, second):
        for key, value in (json.loads(text) if text else {}).items():
            total[key] = round(total.get(key, 0) + value, 4)
    return json.dumps(total) if total else None


def _stored_as(stored: dict[str, Any] | None, row: dict[str, Any]) -> bool:
    """True when the stored row already holds every value of `row`."""
    return stored is not None and all(stored.get(name) == value for name, value in row.items())


def _source_row(source: Source) -> dict[str, Any]:
    row = asdict(source)
    row.pop("line")
    row["listings"] = json.dumps(row["listings"], ensure_ascii=False)
    for name in ("languages", "feeds", "sitemaps"):
        row[name] = json.dumps(list(row[name]), ensure_ascii=False)
    for name in ("include", "exclude"):  # the patterns as written in feeds.yaml
        row[name] = json.dumps([pattern.pattern for pattern in row[name]], ensure_ascii=False)
    row["enabled"], row["verified"] = int(source.enabled), int(source.verified)
    row["sitemap_from_robots"] = int(source.sitemap_from_robots)
    row.pop("full_text")
    return row
