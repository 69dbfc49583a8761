"""The database: migrations, idempotent upserts, editors' columns untouched, copies folded, FTS."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from pipeline.article import Article
from pipeline.sources import parse_sources
from pipeline.store import MIGRATIONS, Store
from tests.test_sources import WITH_SITEMAPS

TEXT = "Le bénévolat de compétences permet aux salariés d'aider des associations. " * 4


def record(article_id: str, source: str = "atelier", **fields) -> Article:
    base = {"id": article_id, "url": f"https://x.example/{article_id}", "source": source,
            "canonical_url": f"https://x.example/{article_id}", "title": "Bénévolat : un bilan",
            "text": TEXT, "published": "2024-05-01T08:00:00+00:00", "language": "fr",
            "categories": ["Actualités"], "text_hash": None}
    return Article(**{**base, **fields})


def test_schema_is_migrated_once_and_in_wal_mode(tmp_path, store):
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    with Store(store.path) as again:  # reopening applies nothing twice
        names = [r["name"] for r in again.db.query("select name from _sqlite_migrations")]
        registered = [m.name for m in MIGRATIONS.pending(Database(memory=True))]
        assert names == registered and registered[0] == "0001_initial"
        assert len(set(names)) == len(names)
        assert MIGRATIONS.pending(again.db) == []
        assert {"sources", "articles", "crawl_runs", "crawl_run_sources", "articles_fts"} <= set(
            again.db.table_names())


def test_an_older_database_is_upgraded_without_losing_rows(tmp_path):
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0002_feed_state")
    db["sources"].insert({"id": "atelier", "name": "Atelier"})
    db["articles"].insert({"id": "a1", "source_id": "atelier", "title": "Bénévolat",
                           "status": "approved"})
    db.close()
    with Store(tmp_path / "old.db") as store:
        row = next(store.db.query("select title, status, date_note from articles"))
        assert row == {"title": "Bénévolat", "status": "approved", "date_note": None}
        assert "feed_state" in store.db.table_names()


def test_a_source_read_through_sitemaps_is_saved_with_its_patterns_as_written(tmp_path):
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0003_sitemaps")
    db.close()
    with Store(tmp_path / "old.db") as store:
        store.save_sources(parse_sources(WITH_SITEMAPS))
        row = next(store.db.query("select * from sources where id = 'rede'"))
        assert (row["sitemaps"], row["sitemap_from_robots"], row["max_age_days"]) == (
            '["https://rede.example/sitemap_index.xml"]', 1, 3650)
        assert (row["include"], row["exclude"]) == (
            '["/noticias/"]', '["/sobre/", "/noticias/eventos/"]')
        assert "urls_excluded" in store.db["crawl_run_sources"].columns_dict


def test_same_article_twice_changes_nothing(store):
    assert store.save_article(record("a1")) == "new"
    before = store.db.execute("select * from articles").fetchall()
    assert store.save_article(record("a1")) == "unchanged"
    assert store.db.execute("select * from articles").fetchall() == before


def test_changed_content_updates_but_never_the_editors_status(store):
    store.save_article(record("a1"))
    store.db.execute("update articles set status = 'featured' where id = 'a1'")
    assert store.save_article(record("a1", title="Bénévolat : un nouveau bilan")) == "updated"
    row = next(store.db.query("select title, status, fetched, changed from articles"))
    assert row["title"] == "Bénévolat : un nouveau bilan" and row["status"] == "featured"
    assert row["fetched"] and row["changed"] >= row["fetched"]



def test_an_update_of_a_row_that_is_gone_fails_and_stores_nothing(store, monkeypatch):
    # The update is a statement of its own (articles._update_article): a row deleted between
    # the read and the write must fail the whole article's transaction, not update nothing.
    store.save_article(record("a1"))
    monkeypatch.setattr(type(store), "_article", lambda self, article_id: dict(
        next(store.db.query("select * from articles where id = 'a1'")), id=article_id))
    with pytest.raises(LookupError, match="no row 'a2'"):
        store.save_article(record("a2", title="Un autre titre"))
    assert [r[0] for r in store.db.execute("select id from articles")] == ["a1"]
    assert not store.db.conn.in_transaction


def test_an_archived_page_is_replaced_by_its_latest_fetch(store):
    store.save_article(record("a1"))
    store.save_article(record("a2"))
    store.save_page("https://x.example/p", "a1", "atelier", "2024-05-01T08:00:00+00:00", "<p>1</p>")
    store.save_page("https://x.example/p", "a2", "atelier", "2024-05-02T08:00:00+00:00", "<p>2</p>")
    rows = store.db.execute("select url, article_id, fetched from pages").fetchall()
    assert rows == [("https://x.example/p", "a2", "2024-05-02T08:00:00+00:00")]
    assert next(store.articles_with_pages())["html"] is None  # a1's page moved to a2
    assert [row["html"] for row in store.articles_with_pages() if row["id"] == "a2"] == ["<p>2</p>"]


def test_copies_point_at_the_members_original_whatever_the_order(store):
    store.save_article(record("copy", source="red", text_hash="h1",
                              published="2024-05-04T00:00:00+00:00"))
    store.save_article(record("orig", source="atelier", text_hash="h1"))
    rows = dict(store.db.execute("select id, duplicate_of from articles").fetchall())
    assert rows == {"copy": "orig", "orig": None}
    assert store.summary()["duplicates"] == 1 and store.summary()["stories"] == 1


def test_full_text_search_matches_with_or_without_accents(store):
    store.save_article(record("a1"))
    store.save_article(record("a2", title="Pro bono week", text="Skills-based volunteering " * 20))
    for query in ("benevolat", "bénévolat", "BENEVOLAT", "competences"):
        hits = [r[0] for r in store.db.execute(
            "select a.id from articles_fts f join articles a on a.rowid = f.rowid"
            " where articles_fts match ?", [query])]
        assert hits == ["a1"], query


def test_unknown_source_is_refused_by_the_foreign_key(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.save_article(record("a9", source="nobody"))


def test_run_totals_are_summed_from_sources(store):
    run = store.start_run(2)
    for source, new in (("atelier", 3), ("red", 2)):
        store.record_source_run({"run_id": run, "source_id": source, "spider": "feeds", "new": new,
                                 "updated": 0, "unchanged": 1, "dropped": 0, "errors": 0})
    totals = store.finish_run(run, "ok", 0)
    assert totals == {"new": 5, "updated": 0, "unchanged": 2, "dropped": 0, "errors": 0}
    assert next(store.db.query("select status, exit_code from crawl_runs"))["status"] == "ok"


def test_a_copy_whose_text_changes_is_an_original_again(store):
    store.save_article(record("orig", text_hash="h1"))
    store.save_article(record("copy", source="red", text_hash="h1",
                              published="2024-06-01T00:00:00+00:00"))
    store.save_article(record("copy", source="red", text_hash="h2",
                              published="2024-06-01T00:00:00+00:00",
                              text="Un autre texte. " * 30))
    assert dict(store.db.execute("select id, duplicate_of from articles").fetchall()) == {
        "orig": None, "copy": None}


def test_a_row_stored_under_its_found_url_takes_the_canonical_id(store):
    store.save_article(record("found", via="feed-teaser", text="Court."))
    store.save_article(record("orig", source="red", text_hash="h1"))
    store.save_article(record("dup", text_hash="h1", published="2025-01-01T00:00:00+00:00"))
    outcome = store.save_article(record("canon", url_id="found", via="feed+page"))
    assert outcome == "updated"
    ids = [r[0] for r in store.db.execute("select id from articles order by id")]
    assert ids == ["canon", "dup", "orig"]
    assert store.db.execute("pragma foreign_key_check").fetchall() == []


def test_the_feeds_version_wins_over_the_bare_pages(store):
    assert store.save_article(record("a1", via="feed", title="Titre du flux")) == "new"
    assert store.save_article(record("a1", via="page", title="Titre de la page")) == "unchanged"
    assert store.save_article(record("a1", via="feed", title="Titre du flux")) == "unchanged"
    assert next(store.db.query("select title from articles"))["title"] == "Titre du flux"
