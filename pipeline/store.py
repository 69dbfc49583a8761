"""The SQLite database: schema migrations, idempotent article upserts, crawl-run records.

The only module that knows SQL. WAL mode lets Datasette read while a crawl writes. An article row
is keyed on its stable id; a re-crawl that finds the same values changes nothing, and the columns
that belong to editors (status) are never written by a crawl.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from pipeline.dates import utc_now_iso
from pipeline.dedup import (KIND_RANK, Copy, choose_original, merge_versions, owns_site,
                            takes_identity)
from pipeline.pagekind import evidence_of
from pipeline.sources import Source
from pipeline.ways import Outcome, after_crawl, described
from pipeline.urls import canonical_url, identity_url

BUSY_TIMEOUT_MS = 10_000
# How long a page dropped as no article is left alone before it is fetched again.
NOT_ARTICLE_DAYS = 30
MIGRATIONS = Migrations("probono")

# Columns a crawl owns: compared to decide "unchanged", rewritten on "updated".
CRAWLED_COLUMNS = (
    "url", "canonical_url", "source_id", "title", "summary", "text", "content_html", "author",
    "image", "categories", "published", "updated", "declared_language", "language",
    "language_probability", "language_method", "language_detail", "text_hash", "entry_id", "via",
    "date_note", "origin", "minhash", "lead_minhash", "tags", "relevance", "relevance_reason",
    "kept_aside", "country", "canonical_declared", "text_note",
)
# The editorial statuses, in the order the review page offers them.
STATUSES = ("new", "approved", "featured", "rejected")
PUBLISHED_STATUSES = ("approved", "featured")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db["sources"].create({
        "id": str, "name": str, "organisation": str, "country": str, "homepage": str,
        "languages": str, "kind": str, "enabled": int, "verified": int, "feeds": str,
        "listings": str, "notes": str,
    }, pk="id")
    db["articles"].create({
        "id": str, "url": str, "canonical_url": str, "source_id": str, "title": str, "summary": str,
        "text": str, "content_html": str, "author": str, "image": str, "categories": str,
        "published": str, "updated": str, "fetched": str, "changed": str,
        "declared_language": str, "language": str, "language_probability": float,
        "language_method": str, "language_detail": str, "text_hash": str, "duplicate_of": str,
        "entry_id": str, "via": str, "status": str,
    }, pk="id", foreign_keys=[("source_id", "sources", "id"), ("duplicate_of", "articles", "id")],
        defaults={"status": "new"}, not_null={"status"})
    db["articles"].create_index(["text_hash"])
    db["articles"].create_index(["published"])
    db["articles"].create_index(["source_id", "published"])
    db["articles"].create_index(["duplicate_of"])
    # unicode61 with remove_diacritics 2 folds accents both ways: "benevolat" finds "bénévolat".
    db["articles"].enable_fts(["title", "text"], create_triggers=True,
                              tokenize="unicode61 remove_diacritics 2")
    db["crawl_runs"].create({
        "id": int, "started": str, "finished": str, "status": str, "exit_code": int,
        "sources": int, "new": int, "updated": int, "unchanged": int, "dropped": int, "errors": int,
    }, pk="id")
    db["crawl_run_sources"].create({
        "run_id": int, "source_id": str, "spider": str, "started": str, "finished": str,
        "finish_reason": str, "requests": int, "responses": int, "new": int, "updated": int,
        "unchanged": int, "dropped": int, "errors": int, "last_error": str,
    }, pk=("run_id", "source_id", "spider"),
        foreign_keys=[("run_id", "crawl_runs", "id"), ("source_id", "sources", "id")])


@MIGRATIONS(name="0002_feed_state")
def _feed_state(db: Database) -> None:
    # Per feed URL: the validators for conditional GET and a hash of the last bytes processed.
    db["feed_state"].create({
        "url": str, "source_id": str, "etag": str, "last_modified": str, "body_hash": str,
        "status": int, "checked": str, "changed": str, "entries": int, "malformed": str,
    }, pk="url", foreign_keys=[("source_id", "sources", "id")])
    db["articles"].add_column("date_note", str)
    for column in ("feeds_not_modified", "feeds_unchanged", "feeds_malformed", "pages_fetched",
                   "pages_skipped"):
        db["crawl_run_sources"].add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0003_sitemaps")
def _sitemaps(db: Database) -> None:
    # Sources read through sitemaps, and the figures of the pages spider that reads them.
    db["sources"].add_column("sitemaps", str)
    db["sources"].add_column("sitemap_from_robots", int, not_null_default=0)
    db["sources"].add_column("max_age_days", int)
    db["sources"].add_column("include", str)
    db["sources"].add_column("exclude", str)
    for column in ("sitemaps_read", "sitemap_entries", "sitemap_skipped_old", "urls_excluded"):
        db["crawl_run_sources"].add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0004_origin")
def _origin(db: Database) -> None:
    # "▷ Source : Y" lines: the outlet a piece says it first appeared in.
    db["articles"].add_column("origin", str)


@MIGRATIONS(name="0005_pages")
def _pages(db: Database) -> None:
    # Each article page as fetched (decoded, gzip-compressed), so `probono reprocess` can re-run
    # extraction and enrichment on the archive without the network.
    db["pages"].create({"url": str, "article_id": str, "source_id": str, "fetched": str,
                        "body": bytes}, pk="url",
                       foreign_keys=[("source_id", "sources", "id")])
    db["pages"].create_index(["article_id"])


@MIGRATIONS(name="0006_health")
def _health(db: Database) -> None:
    # What `probono sources` needs to tell a source's health: a listing that found no link, a
    # feed that moved for good (301/308) and where to.
    db["crawl_run_sources"].add_column("listings_empty", int, not_null_default=0)
    db["crawl_run_sources"].add_column("duplicates", int, not_null_default=0)
    db["crawl_run_sources"].add_column("dropped_reasons", str)
    db["crawl_run_sources"].add_column("duration_s", float)
    db["feed_state"].add_column("moved_to", str)


@MIGRATIONS(name="0007_near_duplicates")
def _near_duplicates(db: Database) -> None:
    db["articles"].add_column("minhash", bytes)
    db["articles"].add_column("lead_minhash", bytes)
    db["articles"].add_column("similarity", float)  # to the article it was found a copy of


@MIGRATIONS(name="0008_tags")
def _tags(db: Database) -> None:
    db["articles"].add_column("tags", str)  # JSON list of tag ids, for Datasette's array facets
    db["articles"].add_column("relevance", float)
    db["articles"].add_column("relevance_reason", str)
    db["articles"].add_column("kept_aside", int, not_null_default=0)
    # One row per tag of an article, with its score and the words that gave it.
    db["article_tags"].create({"article_id": str, "tag": str, "kind": str, "score": float,
                               "evidence": str}, pk=("article_id", "tag"),
                              foreign_keys=[("article_id", "articles", "id")])
    db["article_tags"].create_index(["tag", "score"])


@MIGRATIONS(name="0009_stage_cpu")
def _stage_cpu(db: Database) -> None:
    # CPU seconds per stage (extract, normalize, dedup, language, neardup, tags, store) in a run.
    db["crawl_run_sources"].add_column("stage_cpu", str)


@MIGRATIONS(name="0010_editorial")
def _editorial(db: Database) -> None:
    # Who set an article's status and when (the status itself has been there from the start).
    db["articles"].add_column("status_by", str)
    db["articles"].add_column("status_at", str)
    db["articles"].create_index(["status", "status_at"])
    db["articles"].create_index(["fetched"])
    # The source's country on each article, for Datasette's facets.
    db["articles"].add_column("country", str)
    db.execute("update articles set country = (select country from sources s"
               " where s.id = articles.source_id)")
    # The audit: every decision an editor made, with an optional note. Editors write here only
    # (a writable canned query inserts one row); the trigger below applies the decision to the
    # article, so the article and its audit cannot disagree. Anonymous users cannot read it.
    statuses = ", ".join(f"'{status}'" for status in STATUSES)
    db.execute(f"""
        create table editorial_decisions (
            id integer primary key,
            -- No foreign key: Datasette would show anonymous readers how many decisions an article
            -- had; the trigger below refuses an unknown article instead.
            article_id text not null,
            status text not null check (status in ({statuses})),
            previous_status text,
            editor text not null check (length(editor) > 0),
            note text,
            -- UTC, in the same ISO 8601 form as every other date of the database
            decided text not null default (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
        )""")
    db["editorial_decisions"].create_index(["article_id", "decided"])
    db["editorial_decisions"].create_index(["decided"])
    db.execute("""
        create trigger editorial_decision_checks before insert on editorial_decisions
        when not exists (select 1 from articles where id = new.article_id)
        begin select raise(abort, 'no such article'); end""")
    db.execute("""
        create trigger editorial_decision_applies after insert on editorial_decisions
        begin
            update editorial_decisions set previous_status =
                (select status from articles where id = new.article_id) where id = new.id;
            update articles set status = new.status, status_by = new.editor,
                status_at = new.decided where id = new.article_id;
        end""")


@MIGRATIONS(name="0011_language_index")
def _language_index(db: Database) -> None:
    # Articles by language (the by_language query, and CJK words searched in CJK articles only).
    db["articles"].create_index(["language", "published"])


@MIGRATIONS(name="0012_story_integrity")
def _story_integrity(db: Database) -> None:
    # 1 when the page's rel=canonical names the article's own URL: that copy is the original.
    db["articles"].add_column("canonical_declared", int, not_null_default=0)
    # URLs as found were stored with their tracking parameters ("also at" showed utm_...).
    rows = db.execute("select id, url from articles where url like '%?%'").fetchall()
    for article_id, url in rows:
        if canonical_url(url) != url:
            db.execute("update articles set url = ? where id = ?", [canonical_url(url), article_id])


@MIGRATIONS(name="0013_fetch_backoff")
def _fetch_backoff(db: Database) -> None:
    # URLs that failed, left alone until next_try (pipeline/backoff.py); feeds not asked for again
    # before next_due; and the requests skipped on purpose, counted apart from errors.
    db["fetch_backoff"].create({
        "url": str, "source_id": str, "reason": str, "failures": int, "last_failed": str,
        "next_try": str,
    }, pk="url", foreign_keys=[("source_id", "sources", "id")])
    db["fetch_backoff"].create_index(["source_id"])
    db["feed_state"].add_column("next_due", str)
    db["feed_state"].add_column("refresh_s", int)  # the interval the feed itself declares
    for column in ("robots_disallowed", "backed_off", "feeds_not_due"):
        db["crawl_run_sources"].add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0014_text_cap")
def _text_cap(db: Database) -> None:
    # How a text longer than the stored cap was cut (pipeline/normalize.py); null when it was not.
    db["articles"].add_column("text_note", str)


@MIGRATIONS(name="0015_not_articles")
def _not_articles(db: Database) -> None:
    # Pages fetched and then dropped as no article (a listing, a section root): not fetched again
    # for NOT_ARTICLE_DAYS (Store.seen_urls), by any source. Keyed on the identity URL.
    db["not_articles"].create({"url": str, "source_id": str, "reason": str, "seen": str},
                              pk="url", foreign_keys=[("source_id", "sources", "id")])
    db["not_articles"].create_index(["seen"])


@MIGRATIONS(name="0016_not_article_evidence")
def _not_article_evidence(db: Database) -> None:
    # What told a dropped page is no article: its URL ("url", for every spider) or its page's
    # markup ("page": listing links, JSON-LD; for the pages spider only, as a feed names its
    # items on purpose). The reasons the URL alone gives, as of this migration:
    db["not_articles"].add_column("evidence", str)
    db.execute("update not_articles set evidence = case when reason in"
               " ('site-root', 'source-page', 'archive-url') then 'url' else 'page' end")


@MIGRATIONS(name="0017_refused")
def _refused(db: Database) -> None:
    # Links the network guard refused (spiders/netguard.py): counted per source, not failures.
    db["crawl_run_sources"].add_column("refused", int, not_null_default=0)


@MIGRATIONS(name="0018_ways_in")
def _ways_in(db: Database) -> None:
    # The ways in the crawler found for homepage-only sources (pipeline/ways.py): what, how, when
    # found, when it last worked, and when and why it broke; the changes, for `probono sources`.
    db["ways_in"].create({
        "source_id": str, "url": str, "kind": str, "how": str, "full_content": int,
        "entries": int, "newest": str, "found": str, "last_worked": str, "last_checked": str,
        "failures": int, "empty_runs": int, "status": str, "broken_at": str, "broken_reason": str,
    }, pk=("source_id", "url"), foreign_keys=[("source_id", "sources", "id")],
        defaults={"status": "active", "failures": 0, "empty_runs": 0}, not_null={"status"})
    db["way_changes"].create({"id": int, "source_id": str, "at": str, "change": str}, pk="id",
                             foreign_keys=[("source_id", "sources", "id")])
    db["way_changes"].create_index(["source_id", "at"])
    # A story stored by a first crawl's backfill, older than its source's backfill_days: kept as
    # archive (searchable), never queued for review; published only if an editor decides so.
    db["articles"].add_column("archived", int, not_null_default=0)
    db["sources"].add_column("backfill_days", int)
    for column in ("ways_broken", "discovery_requests"):
        db["crawl_run_sources"].add_column(column, int, not_null_default=0)


def backup_database(source: str | Path, destination: str | Path) -> None:
    """A consistent copy, taken with SQLite's online backup while others read and write; the source
    is opened as it is (no migration runs on a database being backed up)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        origin.backup(target)
    finally:
        target.close()
        origin.close()


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) the database in WAL mode, with every migration applied."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    MIGRATIONS.apply(db)
    return db


class Store:
    """The operations the crawl and the CLI need, over one database connection."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = open_database(self.path)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction that takes the write lock at once (BEGIN IMMEDIATE), waiting up to
        the busy timeout for it. A deferred one would read, then fail at its first write if
        Datasette (an editor's decision) had committed in between: WAL cannot upgrade it."""
        if self.db.conn.in_transaction:  # nested: a savepoint inside the outer transaction
            with self.db.atomic():
                yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")  # may fail too (a deferred foreign key, a full disk)
        except BaseException:
            if self.db.conn.in_transaction:  # never leave the write lock held by a dead transaction
                self.db.execute("ROLLBACK")
            raise

    # Sources -----------------------------------------------------------------------------

    def save_sources(self, sources: Iterable[Source]) -> None:
        """Record the configured sources (upsert: unchanged sources are left as they are)."""
        rows = [_source_row(source) for source in sources]
        with self.transaction():
            self.db["sources"].upsert_all(rows, pk="id")

    # Articles ----------------------------------------------------------------------------

    def save_article(self, record: dict[str, Any]) -> str:
        """Insert or update one article; returns "new", "updated" or "unchanged".

        `record["url_id"]`, the id of the URL the article was found at, finds a row stored before
        its page told its canonical URL; that row takes the canonical id instead of staying a twin.
        """
        tags = record.get("tags") or []
        row = self._article_row(record)
        with self.transaction():
            existing = self._article(row["id"]) or self._rekeyed(record.get("url_id"), row["id"])
            found = row
            if existing:
                row = self._merged(existing, row)
            if existing and row["date_note"] and row["date_note"] == existing["date_note"]:
                # The same future date, clamped again to a later fetch: keep the first clamp.
                row["published"] = existing["published"]
            if existing is None:
                now = utc_now_iso()
                self.db["articles"].insert({**row, "fetched": record.get("fetched") or now,
                                            "changed": now,
                                            # set once: a re-crawl never queues a backfill
                                            "archived": int(bool(record.get("archived")))})
                outcome = "new"
            elif all(existing[c] == row[c] for c in CRAWLED_COLUMNS):
                return "unchanged"
            else:
                self.db["articles"].update(row["id"], {**row, "changed": utc_now_iso()})
                outcome = "updated"
            old_hash = existing["text_hash"] if existing else None
            if row["text_hash"] != old_hash:
                if existing and existing["duplicate_of"]:
                    self.db.execute("update articles set duplicate_of = null, similarity = null"
                                    " where id = ?", [row["id"]])
                for text_hash in {old_hash, row["text_hash"]} - {None}:
                    self._fold_copies(text_hash)
            if record.get("near_copy_of"):
                self._fold_near(row["id"], record["near_copy_of"], record.get("similarity"))
            if (row["text"], row["tags"]) == (found["text"], found["tags"]):
                self._save_tags(row["id"], tags)  # the tags of the text kept, not of a poorer one
        return outcome

    def _article_row(self, record: dict[str, Any]) -> dict[str, Any]:
        """The crawled columns of a record, as stored: lists as JSON, the URL without tracking."""
        row = {column: _column_value(record.get(column)) for column in CRAWLED_COLUMNS}
        row["tags"] = json.dumps([tag["id"] for tag in record.get("tags") or []],
                                 ensure_ascii=False)
        row["kept_aside"] = int(bool(record.get("kept_aside")))
        row["id"] = record["id"]
        row["country"] = self._source_country(row["source_id"])
        # The URL as found is shown as a copy's "also at": never with utm_ and the like.
        row["url"] = canonical_url(row["url"]) if row["url"] else row["url"]
        declared = record.get("canonical")
        row["canonical_declared"] = int(bool(
            declared and row["canonical_url"] and canonical_url(declared) == row["canonical_url"]))
        return row

    def _merged(self, existing: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
        """A story found again (another spelling of its URL, another source, a teaser): the richer
        version's fields, and its first or member source, or the row would flip between them."""
        kinds = self._source_kinds({existing["source_id"], row["source_id"]})
        homes = dict(self.db.execute("select id, homepage from sources where id in (?, ?)",
                                     [existing["source_id"], row["source_id"]]).fetchall())
        story = existing["canonical_url"] or existing["url"] or ""
        identity = takes_identity(existing, row, kinds.get(existing["source_id"], "member"),
                                  kinds.get(row["source_id"], "member"),
                                  owns_site(homes.get(existing["source_id"]), story),
                                  owns_site(homes.get(row["source_id"]), story))
        merged = merge_versions(existing, row, identity)
        merged["canonical_declared"] = max(existing["canonical_declared"] or 0,
                                           row["canonical_declared"])
        return merged

    def _source_country(self, source_id: str | None) -> str | None:
        found = self.db.execute("select country from sources where id = ?", [source_id]).fetchone()
        return found[0] if found else None

    def _source_kinds(self, source_ids: set[str | None]) -> dict[str, str]:
        """Each known source's kind (member, media...)."""
        ids = sorted(i for i in source_ids if i)
        marks = ", ".join("?" for _ in ids)
        return dict(self.db.execute(
            f"select id, kind from sources where id in ({marks})", ids).fetchall())  # noqa: S608

    # Editorial decisions -------------------------------------------------------------------

    def decide(self, article_id: str, status: str, editor: str, note: str | None = None) -> None:
        """Record an editor's decision (the same insert the review page's canned query makes)."""
        with self.transaction():
            self.db.execute("insert into editorial_decisions (article_id, status, editor, note)"
                            " values (?, ?, ?, ?)", [article_id, status, editor, note])

    def digest_rows(self, day: str, language: str | None = None) -> list[dict[str, Any]]:
        """The articles published (approved or featured) on a UTC day, with their source's name,
        their best topic and their copies, for `probono digest`."""
        marks = ", ".join("?" for _ in PUBLISHED_STATUSES)
        rows = list(self.db.query(
            "select a.id, a.title, a.url, a.summary, a.text, a.published, a.language, a.status,"
            " a.status_at, a.duplicate_of, coalesce(s.name, a.source_id) as source,"
            " (select t.tag from article_tags t where t.article_id = a.id and t.kind = 'topic'"
            "   order by t.score desc, t.tag limit 1) as topic,"
            " (select json_group_array(json_object('source', coalesce(cs.name, c.source_id),"
            "   'url', c.url)) from articles c left join sources cs on cs.id = c.source_id"
            "   where c.duplicate_of = a.id and c.id != a.id) as copies"
            " from articles a left join sources s on s.id = a.source_id"
            f" where a.status in ({marks}) and substr(a.status_at, 1, 10) = ?"  # noqa: S608
            " and (? is null or a.language = ?)"
            # A copy whose original is published too appears as the original's "also at".
            " and not exists (select 1 from articles o where o.id = a.duplicate_of"
            f"   and o.status in ({marks}))"
            " order by a.status = 'featured' desc, a.published desc, a.id",
            [*PUBLISHED_STATUSES, day, language, language, *PUBLISHED_STATUSES]))
        for row in rows:
            row["copies"] = json.loads(row["copies"] or "[]")
        return rows

    def _save_tags(self, article_id: str, tags: list[dict[str, Any]]) -> None:
        self.db.execute("delete from article_tags where article_id = ?", [article_id])
        self.db["article_tags"].insert_all(
            [{"article_id": article_id, "tag": t["id"], "kind": t["kind"], "score": t["score"],
              "evidence": json.dumps(t["evidence"], ensure_ascii=False)} for t in tags], pk=("article_id", "tag"))

    def _rekeyed(self, old_id: str | None, new_id: str) -> dict[str, Any] | None:
        """Move a row stored under old_id to new_id (and the copies pointing at it); None if none."""
        if not old_id or old_id == new_id or self._article(old_id) is None:
            return None
        self.db.execute("pragma defer_foreign_keys = on")  # children and parent move together
        self.db.execute("update articles set duplicate_of = ? where duplicate_of = ?", [new_id, old_id])
        self.db.execute("update article_tags set article_id = ? where article_id = ?", [new_id, old_id])
        self.db.execute("update pages set article_id = ? where article_id = ?", [new_id, old_id])
        self.db.execute("update editorial_decisions set article_id = ? where article_id = ?",
                        [new_id, old_id])
        self.db.execute("update articles set id = ? where id = ?", [new_id, old_id])
        return self._article(new_id)

    def signatures(self) -> list[tuple[str, bytes | None, bytes | None]]:
        """Every article's near-duplicate signatures, to build the index at the start of a crawl."""
        return list(self.db.execute("select id, minhash, lead_minhash from articles"
                                    " where minhash is not null or lead_minhash is not null"))

    def article_text(self, article_id: str) -> str:
        """An article's stored text ("" when absent)."""
        row = self.db.execute("select text from articles where id = ?", [article_id]).fetchone()
        return (row[0] or "") if row else ""

    def is_copy(self, article_id: str) -> bool:
        """True when the article is stored as a copy of another one."""
        row = self.db.execute("select duplicate_of from articles where id = ?", [article_id]).fetchone()
        return bool(row and row[0])

    def _article(self, article_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from articles where id = ?", [article_id]))
        return rows[0] if rows else None

    def _fold_copies(self, text_hash: str) -> None:
        """Point every copy of the same text at one original (which points at none)."""
        ids = [r[0] for r in self.db.execute("select id from articles where text_hash = ?", [text_hash])]
        if len(ids) < 2:  # alone (its twin's text changed, and that twin was unlinked): nothing to fold
            return
        self._fold(self._cluster_of(set(ids)), {article_id: 1.0 for article_id in ids})

    def _fold_near(self, article_id: str, match: str, similarity: float | None) -> None:
        """Join an article to the cluster of the stored article it is a near copy of."""
        if self._article(match) is None:  # the match was re-keyed or is gone: nothing to join
            return
        self._fold(self._cluster_of({article_id, match}), {article_id: similarity, match: similarity})

    def _cluster_of(self, ids: set[str]) -> set[str]:
        """The ids, their originals, and every copy of those originals: one cluster."""
        marks = ", ".join("?" for _ in ids)
        roots = {r[0] or r[1] for r in self.db.execute(
            f"select duplicate_of, id from articles where id in ({marks})", sorted(ids))}  # noqa: S608
        marks = ", ".join("?" for _ in roots)
        children = {r[0] for r in self.db.execute(
            f"select id from articles where duplicate_of in ({marks})", sorted(roots))}  # noqa: S608
        return ids | roots | children

    def _fold(self, ids: set[str], similarities: dict[str, float | None]) -> None:
        """Point every member of a cluster at its original; rows already right are not written."""
        rows = list(self.db.query(
            "select a.id, a.published, a.duplicate_of, a.similarity, s.kind, s.homepage,"
            " length(a.text) as length, a.url, a.canonical_url, a.canonical_declared from articles a"
            f" join sources s on s.id = a.source_id where a.id in ({', '.join('?' for _ in ids)})",  # noqa: S608
            sorted(ids)))
        original = choose_original([
            Copy(r["id"], r["published"], r["kind"] == "media", r["length"] or 0,
                 r["canonical_url"] or r["url"] or "", bool(r["canonical_declared"]),
                 owns_site(r["homepage"], r["canonical_url"] or r["url"] or ""))
            for r in rows]).id
        for row in rows:
            target = None if row["id"] == original else original
            if row["duplicate_of"] != target:
                similarity = None if target is None else similarities.get(row["id"], row["similarity"])
                self.db.execute("update articles set duplicate_of = ?, similarity = ? where id = ?",
                                [target, similarity, row["id"]])

    def save_page(self, url: str, article_id: str, source_id: str, fetched: str, html: str) -> None:
        """Keep an article page's HTML (compressed) for reprocessing; the latest fetch wins."""
        body = gzip.compress(html.encode("utf-8"), mtime=0)
        with self.transaction():
            self.db["pages"].upsert({"url": url, "article_id": article_id, "source_id": source_id,
                                     "fetched": fetched, "body": body}, pk="url")

    def articles_with_pages(self, source_ids: Iterable[str] = ()) -> Iterator[dict[str, Any]]:
        """Every stored article row with its latest archived page's HTML (`html`, or None)."""
        ids = list(source_ids)
        where = f"where a.source_id in ({', '.join('?' for _ in ids)})" if ids else ""
        rows = list(self.db.query(
            "select a.*, (select kind from sources s where s.id = a.source_id) as source_kind,"
            " (select p.body from pages p where p.article_id = a.id"
            f" order by p.fetched desc limit 1) as page_body from articles a {where} order by a.id",  # noqa: S608
            ids))
        for row in rows:
            body = row.pop("page_body")
            row["html"] = gzip.decompress(body).decode("utf-8") if body else None
            yield row

    def seen_urls(self, kind: str = "media", page_evidence: bool = True) -> set[str]:
        """The URLs a spider of a source of `kind` does not fetch: the stories stored (see
        stored_urls) and the pages dropped lately as no article (see not_article_urls)."""
        return self.stored_urls(kind) | self.not_article_urls(page_evidence)

    def stored_urls(self, kind: str = "media") -> set[str]:
        """The identity URLs (see pipeline/urls.py) of the articles already stored, by any source,
        as found and as canonical: a page reached at another spelling (www., AMP...) or linked
        from another source's feed is known too, and never fetched again. For a source of `kind`,
        a story a lesser kind holds (a member's page a medium stored) is not seen: read once
        more, it goes back to the member; unless it is on its holder's own site (a medium's own
        article), which the holder keeps (dedup.takes_identity)."""
        rank = KIND_RANK.get(kind, 0)
        seen: set[str] = set()
        for url, canonical, holder_kind, homepage in self.db.execute(
            "select a.url, a.canonical_url, s.kind, s.homepage from articles a"
            " join sources s on s.id = a.source_id"
            # A teaser kept because its page failed is not "seen": its page is tried again; nor
            # is a row without text (a summary-only item of another source): its page has it.
            " where a.via != 'feed-teaser' and coalesce(a.text, '') != ''"):
            if KIND_RANK.get(holder_kind, 0) >= rank or owns_site(homepage, canonical or url or ""):
                seen.update(identity_url(u) for u in (url, canonical) if u)
        return seen

    def urls_known_before(self, moment: str) -> set[str]:
        """The identity URLs of the articles and no-article pages stored before `moment` (a run's
        start): a found listing whose page shows only these is not followed further."""
        known: set[str] = set()
        for url, canonical in self.db.execute(
                "select url, canonical_url from articles where fetched < ?", [moment]):
            known.update(identity_url(u) for u in (url, canonical) if u)
        known.update(url for (url,) in self.db.execute(
            "select url from not_articles where seen < ?", [moment]))
        return known

    def not_article_urls(self, page_evidence: bool = True) -> set[str]:
        """The identity URLs of the pages dropped as no article in the last NOT_ARTICLE_DAYS;
        without `page_evidence`, only those their URL condemns (for a feed, which names its
        items on purpose, a page's listing links or JSON-LD do not count)."""
        since = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=NOT_ARTICLE_DAYS)
        evidence = ("url", "page") if page_evidence else ("url",)
        return {url for (url,) in self.db.execute(
            "select url from not_articles where seen >= ? and evidence in"
            f" ({', '.join('?' for _ in evidence)})", [since.isoformat(), *evidence])}  # noqa: S608

    def remember_not_article(self, url: str, source_id: str, reason: str) -> None:
        """Remember a fetched page dropped as no article, with what said so (its URL or its page),
        so that no spider the evidence counts for fetches it again soon."""
        with self.transaction():
            self.db["not_articles"].upsert({"url": identity_url(url), "source_id": source_id,
                                            "reason": reason, "evidence": evidence_of(reason),
                                            "seen": utc_now_iso()}, pk="url")

    # Feeds -------------------------------------------------------------------------------

    def feed_states(self, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What the last crawl kept of each feed URL: validators and the hash of its bytes."""
        urls = list(urls)
        if not urls:
            return {}
        marks = ", ".join("?" for _ in urls)
        return {row["url"]: row for row in self.db.query(
            f"select * from feed_state where url in ({marks})", urls)}  # noqa: S608 - placeholders only

    def save_feed_states(self, rows: Iterable[dict[str, Any]]) -> None:
        """Record feeds' validators and hashes once their items are stored."""
        with self.transaction():
            self.db["feed_state"].upsert_all(list(rows), pk="url")

    # Ways in found by the crawler (pipeline/ways.py) -------------------------------------------

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
                          "full_content": None if way.full_content is None else int(way.full_content),
                          "failures": 0, "empty_runs": 0, "broken_at": None, "broken_reason": None}
                if row is None or row["status"] != "active":
                    self._way_change(discovery.source_id, now, "found " + described(way) + ": "
                                     + way.url + (" again" if row else ""))
                self.db["ways_in"].upsert({"source_id": discovery.source_id, "url": way.url,
                                           "found": (row or {}).get("found") or now, **fields},
                                          pk=("source_id", "url"))
            if not discovery.ways:
                self._way_change(discovery.source_id, now, "no way in found: "
                                 + "; ".join(discovery.problems or ["nothing answered"]))

    def record_way_outcomes(self, source_id: str, outcomes: dict[str, Outcome], now: str) -> list[str]:
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
                self.db["ways_in"].upsert(updated, pk=("source_id", "url"))
        return broken

    def ways_broken_since(self, source_id: str, since: str) -> bool:
        return bool(self.db.execute("select 1 from ways_in where source_id = ? and"
                                    " status = 'broken' and broken_at >= ?",
                                    [source_id, since]).fetchone())

    def way_changes(self, source_id: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """The latest changes of ways in, newest first (all sources, or one)."""
        where, params = ("where source_id = ?", [source_id]) if source_id else ("", [])
        return list(self.db.query(f"select source_id, at, change from way_changes {where}"  # noqa: S608
                                  " order by id desc limit ?", [*params, limit]))

    def _way_change(self, source_id: str, at: str, change: str) -> None:
        self.db["way_changes"].insert({"source_id": source_id, "at": at, "change": change})

    def had_articles_before(self, source_id: str, moment: str) -> bool:
        """True when the source had a story stored before `moment`: its first crawl is over."""
        return bool(self.db.execute("select 1 from articles where source_id = ? and fetched < ?"
                                    " limit 1", [source_id, moment]).fetchone())

    def run_started(self, run_id: int) -> str | None:
        row = self.db.execute("select started from crawl_runs where id = ?", [run_id]).fetchone()
        return row[0] if row else None

    # Health and backups ------------------------------------------------------------------

    def source_health_rows(self) -> list[dict[str, Any]]:
        """Per source: its kind, last success, last new article, recent runs, articles lately."""
        rows = list(self.db.query(
            "select s.id, s.name, s.kind, s.enabled,"
            " (select max(finished) from crawl_run_sources r where r.source_id = s.id"
            "   and r.errors = 0 and r.responses > 0) as last_success,"
            " (select max(fetched) from articles a where a.source_id = s.id) as last_new_article,"
            " (select count(*) from articles a where a.source_id = s.id"
            "   and coalesce(a.published, a.fetched) >= datetime('now', '-28 days')) as articles_28_days,"
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
            # The ways in found by the crawler, and the latest change of them (pipeline/ways.py).
            " (select json_group_array(json_object('kind', kind, 'how', how, 'url', url,"
            "   'full_content', full_content, 'last_worked', last_worked)) from ways_in w"
            "   where w.source_id = s.id and w.status = 'active') as ways_in,"
            " (select at || ' ' || change from way_changes c where c.source_id = s.id"
            "   order by c.id desc limit 1) as last_way_change"
            " from sources s order by s.id"))
        return rows

    # Crawl runs --------------------------------------------------------------------------

    def start_run(self, source_count: int) -> int:
        """Open a crawl_runs row and return its id."""
        with self.transaction():
            table = self.db["crawl_runs"].insert(
                {"started": utc_now_iso(), "status": "running", "sources": source_count})
        return int(table.last_pk)

    def close_interrupted_runs(self) -> list[int]:
        """Close the runs left "running" by a crawl that died, with the totals it recorded; only
        called under the crawl lock, when no other crawl can be running."""
        ids = [row[0] for row in self.db.execute("select id from crawl_runs where status = 'running'")]
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
            self.db["crawl_run_sources"].upsert(row, pk=("run_id", "source_id", "spider"))

    def finish_run(self, run_id: int, status: str, exit_code: int | None) -> dict[str, int]:
        """Close a run with its totals, summed from its sources; returns the totals."""
        totals = next(self.db.query(
            "select coalesce(sum(new), 0) as new, coalesce(sum(updated), 0) as updated,"
            " coalesce(sum(unchanged), 0) as unchanged, coalesce(sum(dropped), 0) as dropped,"
            " coalesce(sum(errors), 0) as errors from crawl_run_sources where run_id = ?", [run_id]))
        with self.transaction():
            self.db["crawl_runs"].update(run_id, {**totals, "finished": utc_now_iso(),
                                                  "status": status, "exit_code": exit_code})
        return totals

    def run_sources(self, run_id: int) -> list[dict[str, Any]]:
        return list(self.db.query(
            "select * from crawl_run_sources where run_id = ? order by source_id, spider", [run_id]))

    # Summaries for the CLI -----------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Counts the demo and the crawl print: articles, by language, by source, copies folded."""
        articles, duplicates = self.db.execute(
            "select count(*), count(duplicate_of) from articles").fetchone()
        return {
            "articles": articles,
            "stories": articles - duplicates,
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
                self.db["fetch_backoff"].upsert_all(failed, pk="url")
            for url in succeeded:
                self.db.execute("delete from fetch_backoff where url = ?", [url])


def _added_json(first: str | None, second: str | None) -> str | None:
    """Two JSON objects of figures, added key by key (None when both are empty)."""
    total: dict[str, Any] = {}
    for text in (first, second):
        for key, value in (json.loads(text) if text else {}).items():
            total[key] = round(total.get(key, 0) + value, 4)
    return json.dumps(total) if total else None


def _column_value(value: Any) -> Any:
    """Lists are stored as JSON text, so that the row compares equal on a re-crawl."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return value


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
