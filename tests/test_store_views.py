"""The views the canned queries, the digest and `probono sources` share (pipeline/store/views.py):
what each holds, on a real SQLite file, and the migration that brings them to an older database."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from pipeline.health import source_health
from pipeline.store import MIGRATIONS, PUBLISHED_STATUSES, Store
from pipeline.store.views import create_views, view_sql
from tests.test_store import record

VIEWS = set(view_sql(PUBLISHED_STATUSES))


def ids(store: Store, view: str) -> list[str]:
    return [row[0] for row in store.db.execute(f"select id from {view} order by id")]


def fill(store: Store) -> None:
    """An original with a copy elsewhere, an article kept aside, and a lone story."""
    store.save_article(record("orig", text_hash="h1"))
    store.save_article(record("copy", source="red", text_hash="h1", url="https://red.example/copy",
                              published="2024-06-01T00:00:00+00:00"))
    store.save_article(record("aside", kept_aside=True, text="Rien à voir. " * 30))
    store.save_article(record("lone", text="Un autre sujet. " * 30))


def test_stories_are_the_articles_neither_folded_nor_kept_aside(store):
    fill(store)
    assert ids(store, "stories") == ["lone", "orig"]
    rowids = dict(store.db.execute("select id, rowid from articles").fetchall())
    assert dict(store.db.execute("select id, rowid from stories").fetchall()) == {
        "lone": rowids["lone"], "orig": rowids["orig"]}


def test_a_storys_also_at_lists_its_copies_with_their_sources_names(store):
    fill(store)
    red_name = store.db.execute("select name from sources where id = 'red'").fetchone()[0]
    for view in ("stories", "published_stories"):
        store.decide("orig", "approved", "marie")
        row = next(store.db.query(f"select * from {view} where id = 'orig'"))
        assert json.loads(row["also_at"]) == ["https://red.example/copy"], view
        assert json.loads(row["also_at_links"]) == [
            {"source": red_name, "url": "https://red.example/copy"}], view
    lone = next(store.db.query("select also_at, also_at_links from stories where id = 'lone'"))
    assert (lone["also_at"], lone["also_at_links"]) == ("[]", "[]")
    assert [(r["story_id"], r["id"]) for r in store.db.query("select * from copies")] == [
        ("orig", "copy")]


def test_published_stories_leave_out_a_copy_whose_original_is_published(store):
    fill(store)
    store.decide("copy", "approved", "marie")
    assert ids(store, "published_stories") == ["copy"]  # its original is not published: it is
    store.decide("orig", "featured", "marie")
    store.decide("lone", "rejected", "marie")
    assert ids(store, "published_stories") == ["orig"]
    assert set(PUBLISHED_STATUSES) == {"approved", "featured"}


def test_the_digest_reads_the_published_stories(store):
    fill(store)
    for article_id in ("orig", "copy"):
        store.decide(article_id, "approved", "marie")
    day = store.db.execute("select substr(status_at, 1, 10) from articles"
                           " where id = 'orig'").fetchone()[0]
    rows = store.digest_rows(day)
    assert [row["id"] for row in rows] == ids(store, "published_stories") == ["orig"]
    assert [copy["url"] for copy in rows[0]["copies"]] == ["https://red.example/copy"]


def run(store: Store, source: str, **figures) -> None:
    run_id = store.start_run(1)
    store.record_source_run({"run_id": run_id, "source_id": source, "spider": "feeds",
                             "responses": 0, "errors": 0, **figures})


def states(store: Store) -> dict[str, str]:
    return dict(store.db.execute("select source_id, state from source_state").fetchall())


def test_a_sources_state_from_its_last_run_that_said_something(store):
    store.db.execute("update sources set enabled = 1")
    store.db.execute("insert into sources (id, name, kind, enabled) values"
                     " ('old', 'Old', 'archive', 1), ('off', 'Off', 'member', 0)")
    assert states(store) == {"atelier": "never-crawled", "red": "never-crawled",
                             "old": "archive", "off": "disabled"}
    run(store, "atelier", responses=3)
    run(store, "red", errors=1, last_error="HTTP 410")
    run(store, "atelier", errors=1, last_error="timeout")
    run(store, "atelier")  # skipped (not due): says nothing
    assert states(store)["atelier"] == "failing" and states(store)["red"] == "failing"
    row = next(store.db.query("select * from source_state where source_id = 'atelier'"))
    assert (row["last_run_errors"], row["last_run_error"]) == (1, "timeout")
    run(store, "atelier", responses=2)
    assert states(store)["atelier"] == "ok"
    # `probono sources` tells the same state, from the same view.
    health = {row["id"]: source_health(row).state for row in store.source_health_rows()}
    assert health == states(store)


def test_an_older_database_gets_the_views_and_keeps_its_rows(tmp_path):
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0019_views")
    assert not set(db.view_names())
    db["sources"].insert({"id": "atelier", "name": "Atelier", "kind": "member", "enabled": 1})
    db["articles"].insert_all([
        {"id": "a1", "source_id": "atelier", "title": "Un", "status": "approved"},
        {"id": "a2", "source_id": "atelier", "title": "Deux", "status": "new",
         "duplicate_of": "a1"}])
    db.close()
    for _ in range(2):  # opened twice: the migration runs once
        with Store(tmp_path / "old.db") as store:
            assert set(store.db.view_names()) == VIEWS
            assert ids(store, "stories") == ["a1"] and ids(store, "published_stories") == ["a1"]
            assert states(store) == {"atelier": "never-crawled"}
            applied = [row[0] for row in store.db.execute(
                "select name from _sqlite_migrations where name = '0019_views'")]
            assert applied == ["0019_views"]


def test_the_views_can_be_made_again(store):
    fill(store)
    create_views(store.db, PUBLISHED_STATUSES)
    create_views(store.db, PUBLISHED_STATUSES)
    assert set(store.db.view_names()) == VIEWS and ids(store, "stories") == ["lone", "orig"]


def test_the_store_closes_when_its_with_block_ends_even_on_error(tmp_path):
    with pytest.raises(KeyError), Store(tmp_path / "s.db") as store:
        raise KeyError("boom")
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        store.db.execute("select 1")


def test_the_feeds_read_the_published_stories_in_order_from_their_own_index(store):
    # The Atom feed's 100 entries must cost the same at any archive size: read in order from an
    # index of the published stories alone, never every published story sorted.
    for number in range(6):
        store.save_article(record(f"s{number}", text=f"Sujet numéro {number}. " * 30))
    for number, status in [(0, "approved"), (3, "featured"), (1, "rejected"), (5, "approved")]:
        store.decide(f"s{number}", status, "marie")
    feed = ("select id from published_stories where (:language = '' or language = :language)"
            " order by status_at desc, id limit 100")
    plan = " ".join(row[3] for row in store.db.execute(f"explain query plan {feed}",
                                                       {"language": ""}))
    assert "idx_articles_published_order" in plan and "TEMP B-TREE" not in plan, plan
    newest_first = [row[0] for row in store.db.execute(
        "select id from articles where status in ('approved', 'featured')"
        " order by status_at desc, id")]
    assert [row[0] for row in store.db.execute(feed, {"language": ""})] == newest_first
    assert sorted(newest_first) == ["s0", "s3", "s5"]


def test_the_review_queue_is_read_from_the_index_of_its_stories_alone(store):
    # The queue's page, counts and topics read an index of the stories (no copy, nothing kept
    # aside) holding the columns they group by, never each row after its text (migration 0028).
    from pipeline.publishing import review_queries as queries

    fill(store)
    held = store.db.execute("select id from articles indexed by idx_articles_queue"
                            " where duplicate_of is null and kept_aside = 0 order by id")
    assert [row[0] for row in held] == ["lone", "orig"]
    for selection in (queries.Selection(), queries.Selection(language="fr", page=2),
                      queries.Selection(topic="seniors")):
        for sql in (queries.cards_sql, queries.breakdown_sql, queries.topics_sql):
            plan = " ".join(row[3] for row in store.db.execute(
                "explain query plan " + sql(selection), queries.parameters(selection)))
            assert "SEARCH a USING INDEX idx_articles_queue (status=? AND archived=?)" in plan, \
                plan
            if sql is not queries.topics_sql:
                # Read in the index's order, never sorted: a crawl's stories share one fetched
                # moment, and sorting their ties cost 93 ms a page at 1M.
                assert "ORDER BY" not in plan, plan


def test_the_published_index_is_made_again_with_the_views(tmp_path):
    # A table rebuilt by a later migration may bring an index back without its WHERE clause:
    # creating the views makes it again, partial, holding the published statuses only.
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db)
    db.execute("drop index idx_articles_published_order")
    db.execute("create index idx_articles_published_order on articles (status_at)")
    create_views(db, PUBLISHED_STATUSES)
    sql = db.execute("select sql from sqlite_master"
                     " where name = 'idx_articles_published_order'").fetchone()[0]
    assert "where status in ('approved', 'featured')" in sql.lower()
