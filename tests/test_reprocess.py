"""`probono reprocess`: the archive extracted and enriched again, without the network."""

from __future__ import annotations

import shutil
import sqlite3

from tests.conftest import BIN, run


def test_reprocess_restores_what_a_worse_extractor_stored_and_keeps_editors_decisions(demo_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    original = {r["id"]: dict(r) for r in connection.execute("select * from articles")}
    pages = connection.execute("select count(*) from pages").fetchone()[0]
    assert pages == 21  # 8 Atom teasers' pages, 8 listed pages, 5 pages from sitemaps
    # What an older, worse extractor and language detector would have left.
    connection.execute("update articles set text = 'Accueil Menu', language = null, status = 'featured'"
                       " where via in ('page', 'feed+page')")
    connection.execute("update articles set language = 'xx' where via = 'feed'")
    connection.commit()
    connection.close()

    result = run([str(BIN / "probono"), "reprocess", "--db", str(db)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Reprocessed 40 articles: updated 40" in result.stdout
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    for row in connection.execute("select * from articles"):
        before = original[row["id"]]
        for column in ("text", "title", "language", "published", "author", "text_hash", "duplicate_of"):
            assert row[column] == before[column], (row["id"], column)
        assert row["status"] == ("featured" if row["via"] != "feed" else before["status"])
    again = run([str(BIN / "probono"), "reprocess", "--db", str(db)])
    assert "updated 0, unchanged 40" in again.stdout
