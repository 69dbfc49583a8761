"""What's new (data/metadata.yaml's new_today) at any archive size (issue 16): read from two
indexes of its stories (migration 0029) and stopped at its page, with the rows, in the order, of
the query it replaced, which read every story's row and sorted them all. On real SQLite files
built through the store; the work is counted in SQLite's own steps, not timed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import yaml
from sqlite_utils import Database

from pipeline.article import Article
from pipeline.publishing.serve import METADATA
from pipeline.store import MIGRATIONS, Store
from pipeline.store.migrations import WHATS_NEW_STORY
from tests.test_store import record

# The query before issue 16, word for word: the reference the new one must agree with. Its order
# among stories of the same date is the one its plan gives (read by rowid, then sorted: the first
# stored first), which the new query writes out.
OLD_SQL = """
select a.id, a.title, a.url, coalesce(s.name, a.source_id) as source, a.language,
  substr(a.published, 1, 10) as published, a.tags, a.status, a.also_at
from stories a left join sources s on s.id = a.source_id
where a.archived = 0
  and a.fetched >= coalesce((select max(started) from crawl_runs
                             where finished is not null and new > 0), '')
order by a.published desc
limit 500"""
PAGE = 500
INDEXES = ("idx_articles_stories_published", "idx_articles_stories_fetched")


def new_sql() -> str:
    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["probono"]
    return str(queries["queries"]["new_today"]["sql"])


def from_the_index_by_date(store: Store) -> int:
    """How many stories the newest-first index gave (PAGE: the page came from it alone)."""
    ctes = new_sql().split("\nselect a.id,")[0]
    return int(store.db.execute(f"{ctes} select count(*) from recent").fetchone()[0])


def both(store: Store) -> tuple[list[tuple], list[tuple]]:
    return (store.db.execute(OLD_SQL).fetchall(), store.db.execute(new_sql()).fetchall())


def crawl(store: Store, started: str, articles: Iterable[Article],
          archived: frozenset[str] = frozenset()) -> None:
    """A finished crawl that started at `started` and stored these articles (those named in
    `archived` as a backfill, out of the review queue and of what's new)."""
    run_id = store.start_run(1)
    store.db.execute("update crawl_runs set started = ? where id = ?", [started, run_id])
    stored = 0
    with store.transaction():
        for article in articles:
            stored += store.save_article(article, archived=article.id in archived) == "new"
    store.record_source_run({"run_id": run_id, "source_id": "atelier", "spider": "feeds",
                             "responses": stored, "errors": 0, "new": stored})
    store.finish_run(run_id, "ok", 0)


def add_bulk(store: Store, first: int, count: int, fetched: str) -> None:
    """`count` stories of an earlier crawl, over 300 days of 2025 (those of a day share their
    date: ties the order must keep), in one statement: through save_article 10,000 take 16 s."""
    with store.transaction():
        store.db.execute(
            "with recursive n(i) as (select ? union all select i + 1 from n where i < ?)"
            " insert into articles (id, url, canonical_url, source_id, title, text, language,"
            "  published, fetched)"
            " select printf('bulk%06d', i), printf('https://x.example/bulk/%d', i),"
            "  printf('https://x.example/bulk/%d', i), 'atelier', printf('Sujet %d', i),"
            "  'Un texte court.', 'fr',"
            "  date('2025-01-01', printf('+%d days', i % 300)) || 'T08:00:00+00:00', ?"
            " from n", [first, first + count - 1, fetched])


def story(article_id: str, day: str, hour: int, **fields) -> Article:
    fetched = fields.pop("fetched")
    return record(article_id, published=f"{day}T{hour:02d}:00:00+00:00", fetched=fetched,
                  text=f"Un article du {day}, numéro {article_id}. " * 8, **fields)


def test_the_new_query_shows_the_old_querys_rows_in_its_order(store):
    # An archive of 10,205 stories, five of them originals of copies found later.
    add_bulk(store, 0, 10_200, "2026-01-01T05:00:00+00:00")
    crawl(store, "2026-01-01T04:00:00+00:00", (
        story(f"old{i}", "2025-06-01", 8, text_hash=f"old-{i}", fetched="2026-01-01T06:00:00+00:00")
        for i in range(5)))
    # Today's crawl: 700 articles over five days, ~47 to an hour (ties); 40 copies of today's
    # stories and 5 of old ones, folded; 20 kept aside; 20 archived (a backfill); 3 undated.
    fetched = "2026-11-20T05:30:00+00:00"
    today = [story(f"new{i:03d}", f"2026-11-{15 + i % 5}", 6 + i % 3, fetched=fetched,
                   text_hash=f"new-{i}" if i < 40 else None, kept_aside=600 <= i < 620)
             for i in range(700)]
    today += [story(f"copy{i:02d}", "2026-11-19", 12, source="red", fetched=fetched,
                    url=f"https://red.example/copy{i}", text_hash=f"new-{i}") for i in range(40)]
    today += [story(f"oldcopy{i}", "2026-11-19", 9, source="red", fetched=fetched,
                    url=f"https://red.example/oldcopy{i}", text_hash=f"old-{i}") for i in range(5)]
    today += [record(f"undated{i}", published=None, fetched=fetched, text=f"Sans date {i}. " * 9)
              for i in range(3)]
    crawl(store, "2026-11-20T05:00:00+00:00", today,
          archived=frozenset(f"new{i:03d}" for i in range(620, 640)))
    # Decided stories stay in what's new, whatever the decision; one copy is decided too.
    for number, status in [(4, "approved"), (14, "featured"), (9, "rejected"), (44, "approved")]:
        store.decide(f"new{number:03d}", status, "marie")
    store.decide("copy03", "approved", "marie")
    folded = store.db.execute("select count(*) from articles where duplicate_of is not null"
                              " and fetched >= '2026-11-20'").fetchone()[0]
    assert folded == 45
    old, new = both(store)
    assert new == old and len(new) == PAGE
    assert from_the_index_by_date(store) == PAGE  # read newest first, stopped at the page
    ids = [row[0] for row in new]
    assert not {"copy03", "oldcopy0", "new600", "new620", "bulk000001"} & set(ids)
    assert {"new004", "new014", "new009", "new044"} <= set(ids)

    # A crawl finding 30 old articles (2024): too few among the newest stories, so the page
    # comes from the crawl's own stories, sorted. Then 520 more from 2024, with ties.
    crawl(store, "2026-11-21T05:00:00+00:00", (
        story(f"late{i:02d}", f"2024-03-{1 + i % 3:02d}", 8, fetched="2026-11-21T05:10:00+00:00")
        for i in range(30)))
    old, new = both(store)
    assert new == old and len(new) == 30 and from_the_index_by_date(store) == 0
    crawl(store, "2026-11-22T05:00:00+00:00", (
        story(f"more{i:03d}", f"2024-0{1 + i % 4}-10", 8, fetched="2026-11-22T05:10:00+00:00")
        for i in range(520)))
    old, new = both(store)
    assert new == old and len(new) == PAGE and from_the_index_by_date(store) == 0
    # A crawl that found nothing leaves what's new as it was.
    crawl(store, "2026-11-23T05:00:00+00:00", [])
    assert both(store) == (old, new)


def steps(connection: sqlite3.Connection, sql: str) -> tuple[list[tuple], int]:
    """A query's rows and the work SQLite did for them, in hundreds of its VM instructions."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    connection.set_progress_handler(tick, 100)
    try:
        rows = connection.execute(sql).fetchall()
    finally:
        connection.set_progress_handler(None, 0)
    return rows, count


def test_its_work_does_not_grow_with_the_archive_when_every_story_is_new(store):
    # Issue 16's worst case: every archived article new (no crawl found any before), 500 shown.
    # Doubling the archive doubles the old query's work; the new one's stays put.
    add_bulk(store, 0, 12_000, "2026-01-01T05:00:00+00:00")
    old_rows, old_small = steps(store.db.conn, OLD_SQL)
    new_rows, new_small = steps(store.db.conn, new_sql())
    assert new_rows == old_rows and len(new_rows) == PAGE
    add_bulk(store, 12_000, 12_000, "2026-01-01T05:00:00+00:00")
    old_rows, old_large = steps(store.db.conn, OLD_SQL)
    new_rows, new_large = steps(store.db.conn, new_sql())
    assert new_rows == old_rows and len(new_rows) == PAGE
    assert old_large > 1.6 * old_small, (old_small, old_large)
    assert new_large < 1.1 * new_small, (new_small, new_large)
    assert new_small < old_small / 2, (new_small, old_small)


def test_the_query_names_its_indexes_and_keeps_the_stories_rule(store):
    sql = new_sql()
    # Each of its three reads of `articles` keeps the rule its indexes were made with
    # (migration 0029: the `stories` view's condition, out of the archive), word for word.
    assert sql.count(WHATS_NEW_STORY) == 3
    plan = [row[3] for row in store.db.execute(f"explain query plan {sql}")]
    assert "SEARCH a USING INDEX idx_articles_stories_published (published>?)" in plan, plan
    assert "SEARCH a USING INDEX idx_articles_stories_fetched (fetched>?)" in plan, plan
    assert "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan  # the page's rows only
    assert not [line for line in plan if line in ("SCAN a", "SCAN articles")], plan


def test_an_older_database_gets_the_indexes_once(tmp_path):
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0029_whats_new_indexes")
    db["sources"].insert({"id": "atelier", "name": "Atelier", "kind": "member", "enabled": 1})
    for number, (copy_of, archived, kept_aside) in enumerate(
            [(None, 0, 0), ("a1", 0, 0), (None, 1, 0), (None, 0, 1)], start=1):
        db["articles"].insert({"id": f"a{number}", "source_id": "atelier", "title": "Un sujet",
                               "fetched": "2026-11-20", "duplicate_of": copy_of,
                               "archived": archived, "kept_aside": kept_aside})
    # As if a first attempt had stopped after the first index.
    db.execute("create index idx_articles_stories_published on articles (published, fetched)"
               f" where {WHATS_NEW_STORY.replace('a.', '')}")
    db.close()
    for _ in range(2):  # opened twice: the migration runs once
        with Store(tmp_path / "old.db") as store:
            applied = [row[0] for row in store.db.execute(
                "select name from _sqlite_migrations where name like '0029%'")]
            assert applied == ["0029_whats_new_indexes"]
            for index in INDEXES:
                sql = store.db.execute("select sql from sqlite_master where name = ?",
                                       [index]).fetchone()[0]
                assert sql.endswith(f"where {WHATS_NEW_STORY.replace('a.', '')}"), sql
                held = store.db.execute(f"select id from articles a indexed by {index}"
                                        f" where {WHATS_NEW_STORY}")
                assert [row[0] for row in held] == ["a1"], index
            assert [row[0] for row in store.db.execute(new_sql())] == ["a1"]
