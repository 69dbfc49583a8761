"""Editorial decisions in the database: the audit applies them, a re-crawl never undoes them, and
the digest's selection; the editors file that holds the logins."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from pipeline.errors import ConfigError
from pipeline.publishing.editors import add_editor, auth_plugin_config, load_editors, remove_editor
from tests.conftest import BIN, ROOT, run
from tests.test_store import record


def test_a_decision_sets_status_who_and_when_and_is_audited(store):
    store.save_article(record("a1"))
    store.decide("a1", "approved", "marie", "solid piece")
    store.decide("a1", "featured", "paul")
    row = next(store.db.query("select status, status_by, status_at from articles"))
    assert row["status"] == "featured" and row["status_by"] == "paul"
    assert row["status_at"].endswith("+00:00")
    audit = list(store.db.query("select article_id, status, previous_status, editor, note"
                                " from editorial_decisions order by id"))
    assert audit == [
        {"article_id": "a1", "status": "approved", "previous_status": "new", "editor": "marie",
         "note": "solid piece"},
        {"article_id": "a1", "status": "featured", "previous_status": "approved", "editor": "paul",
         "note": None},
    ]


def test_a_recrawl_with_new_content_keeps_the_decision(store):
    store.save_article(record("a1"))
    store.decide("a1", "rejected", "marie")
    before = next(store.db.query("select status, status_by, status_at from articles"))
    assert store.save_article(record("a1")) == "unchanged"
    changed = record("a1", title="Un autre titre", text="Tout autre texte. " * 20)
    assert store.save_article(changed) == "updated"
    assert next(store.db.query("select status, status_by, status_at from articles")) == before


@pytest.mark.parametrize("article_id, status, editor, reason", [
    ("a1", "published", "marie", "CHECK constraint"),
    ("nope", "approved", "marie", "no such article"),
    ("a1", "approved", None, "NOT NULL"),
    ("a1", "approved", "", "CHECK constraint"),
])
def test_a_bad_decision_is_refused_and_changes_nothing(store, article_id, status, editor, reason):
    store.save_article(record("a1"))
    with pytest.raises(sqlite3.IntegrityError, match=reason):
        store.decide(article_id, status, editor)
    assert store.db.execute("select status from articles").fetchone()[0] == "new"
    assert store.db.execute("select count(*) from editorial_decisions").fetchone()[0] == 0


def test_a_rekeyed_article_keeps_its_decisions(store):
    store.save_article(record("old-id"))
    store.decide("old-id", "approved", "marie")
    store.save_article(record("new-id", url_id="old-id"))
    articles = store.db.execute("select id, status from articles").fetchall()
    assert articles == [("new-id", "approved")]
    decisions = store.db.execute("select article_id from editorial_decisions").fetchall()
    assert decisions == [("new-id",)]


def test_digest_rows_are_the_days_published_stories_with_their_copies(store):
    store.save_article(record("orig", source="atelier", text_hash="h1"))
    store.save_article(record("copy", source="red", text_hash="h1",
                              published="2024-05-04T00:00:00+00:00"))
    store.save_article(record("other", text="Autre sujet. " * 30, language="en"))
    store.save_article(record("refused", text="Encore un autre. " * 30))
    for article_id, status in [("orig", "approved"), ("copy", "approved"), ("other", "featured"),
                               ("refused", "rejected")]:
        store.decide(article_id, status, "marie")
    day = store.db.execute(
        "select substr(max(decided), 1, 10) from editorial_decisions").fetchone()[0]
    rows = store.digest_rows(day)
    assert [r["id"] for r in rows] == ["other", "orig"]  # featured first; the copy folded in
    assert rows[1]["copies"] == [{"source": "Red", "url": "https://x.example/copy"}]
    assert [r["id"] for r in store.digest_rows(day, "en")] == ["other"]
    assert store.digest_rows("2000-01-01") == []


# The editors file ------------------------------------------------------------------------------

def test_editors_are_added_hashed_owner_only_and_removed(tmp_path):
    path = tmp_path / "conf" / "editors.json"
    add_editor("marie", "correct horse battery", path)
    add_editor("paul.d", "another long secret", path)
    editors = load_editors(path)
    assert sorted(editors) == ["marie", "paul.d"]
    assert editors["marie"].startswith("pbkdf2_sha256$480000$")
    assert "correct horse" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert remove_editor("marie", path) and not remove_editor("marie", path)
    assert sorted(load_editors(path)) == ["paul.d"]


@pytest.mark.parametrize("name, password, message", [
    ("Marie", "long enough pw", "editor name 'Marie'"),
    ("marie_x", "long enough pw", "editor name 'marie_x'"),
    ("marie", "short", "at least 10 characters"),
])
def test_a_bad_editor_is_refused_with_the_reason(tmp_path, name, password, message):
    with pytest.raises(ConfigError, match=message):
        add_editor(name, password, tmp_path / "editors.json")
    assert not (tmp_path / "editors.json").exists()


def test_the_editors_file_may_not_live_in_the_repository():
    with pytest.raises(ConfigError, match="outside the repository"):
        add_editor("marie", "long enough pw", ROOT / "data" / "editors.json")
    assert not (ROOT / "data" / "editors.json").exists()


def test_a_damaged_editors_file_is_named(tmp_path):
    path = tmp_path / "editors.json"
    path.write_text('{"marie": {"password_hash": "plain"}}')
    with pytest.raises(ConfigError, match=f"{path}: editor 'marie'"):
        load_editors(path)


def test_the_datasette_configuration_names_variables_and_never_holds_a_hash():
    config, environment = auth_plugin_config({"marie": "pbkdf2_sha256$1$s$h",
                                              "ana": "pbkdf2_sha256$1$t$i"})
    assert config["marie_password_hash"] == {"$env": "PROBONO_EDITOR_HASH_1"}
    assert config["actors"]["ana"] == {"id": "ana", "role": "editor"}
    assert environment == {"PROBONO_EDITOR_HASH_0": "pbkdf2_sha256$1$t$i",
                           "PROBONO_EDITOR_HASH_1": "pbkdf2_sha256$1$s$h"}
    assert "pbkdf2" not in repr(config)


def test_editors_commands(tmp_path):
    env = {"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}
    added = run([str(BIN / "probono"), "editors", "add", "marie", "--password-stdin"],
                input="correct horse battery\n", env_extra=env)
    assert added.returncode == 0, added.stderr
    listed = run([str(BIN / "probono"), "editors", "list"], env_extra=env)
    assert listed.stdout.split() == ["marie"]
    short = run([str(BIN / "probono"), "editors", "add", "paul", "--password-stdin"],
                input="short\n", env_extra=env)
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    removed = run([str(BIN / "probono"), "editors", "remove", "nobody"], env_extra=env)
    assert removed.returncode == 1 and "no editor named 'nobody'" in removed.stderr


def test_a_store_write_holds_the_lock_so_a_decision_cannot_break_it(store):
    """A decision committed by Datasette between a crawl's read and its write used to make that
    write fail at once (a deferred transaction cannot be upgraded in WAL); now the crawl's
    transaction takes the write lock first, and the decision waits."""
    store.save_article(record("a1"))
    editor = sqlite3.connect(store.path, timeout=0.2)
    with store.transaction():
        store.db.execute("select count(*) from articles").fetchone()  # the crawl reads...
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # ...the editor waits...
            editor.execute("insert into editorial_decisions (article_id, status, editor)"
                           " values ('a1', 'approved', 'marie')")
        # ...and the crawl writes
        store.db.execute("update articles set title = 'T' where id = 'a1'")
    editor.execute("insert into editorial_decisions (article_id, status, editor)"
                   " values ('a1', 'approved', 'marie')")
    editor.commit()
    assert store.db.execute("select title, status from articles").fetchone() == ("T", "approved")


def test_runs_left_running_by_a_dead_crawl_are_closed_as_interrupted(store):
    dead = store.start_run(1)
    store.record_source_run({"run_id": dead, "source_id": "atelier", "spider": "feeds", "new": 3})
    assert store.close_interrupted_runs() == [dead]
    row = next(store.db.query("select status, new, finished from crawl_runs where id = ?", [dead]))
    assert row["status"] == "interrupted" and row["new"] == 3 and row["finished"]
    assert store.close_interrupted_runs() == []


def test_a_transaction_whose_commit_fails_is_rolled_back_and_lets_go_of_the_lock(store):
    store.save_article(record("old-id", via="page"))  # the feed's version below wins, source too
    # A row re-keyed to an unknown source: the deferred foreign keys fail only at COMMIT.
    with pytest.raises(sqlite3.IntegrityError):
        store.save_article(record("new-id", source="gone", via="feed", url_id="old-id"))
    assert not store.db.conn.in_transaction
    assert store.db.execute("select id from articles").fetchall() == [("old-id",)]
    other = sqlite3.connect(store.path, timeout=0.5)  # the write lock is free again
    other.execute("update articles set title = 'x' where id = 'old-id'")
    other.commit()


def test_a_copy_approved_today_of_a_story_published_on_an_earlier_day_is_in_todays_digest(
        store):
    store.save_article(record("orig", source="atelier", text_hash="h1"))
    store.save_article(record("copy", source="red", text_hash="h1",
                              published="2024-05-04T00:00:00+00:00"))
    store.decide("orig", "approved", "marie")
    store.db.execute("update articles set status_at = '2024-05-02T09:00:00+00:00'"
                     " where id = 'orig'")  # yesterday's digest had the original
    store.decide("copy", "approved", "paul")
    today = store.db.execute("select substr(status_at, 1, 10) from articles where id = 'copy'"
                             ).fetchone()[0]
    rows = store.digest_rows(today)
    assert [r["id"] for r in rows] == ["copy"]
    assert rows[0]["copies"] and rows[0]["copies"][0]["url"] == "https://x.example/orig"
    assert [r["id"] for r in store.digest_rows("2024-05-02")] == ["orig"]
    # The same day for both: the copy stays folded under its original, shown once.
    store.db.execute("update articles set status_at = ? where id = 'orig'",
                     [today + "T08:00:00+00:00"])
    assert [r["id"] for r in store.digest_rows(today)] == ["orig"]
