"""`probono reprocess`: the archive extracted and enriched again, without the network."""

from __future__ import annotations

import json
import shutil
import sqlite3

from pipeline.article import Article
from pipeline.enrich import default_language, enrich, with_page
from pipeline.reprocess import reprocess
from tests.conftest import BIN, run


def test_reprocess_restores_what_a_worse_extractor_stored_and_keeps_editors_decisions(
        demo_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    original = {r["id"]: dict(r) for r in connection.execute("select * from articles")}
    pages = connection.execute("select count(*) from pages").fetchone()[0]
    assert pages == 21  # 8 Atom teasers' pages, 8 listed pages, 5 pages from sitemaps
    # What an older, worse extractor and language detector would have left.
    connection.execute("update articles set text = 'Accueil Menu', language = null,"
                       " status = 'featured'"
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
        for column in ("text", "title", "language", "published", "author", "text_hash",
                       "duplicate_of"):
            assert row[column] == before[column], (row["id"], column)
        assert row["status"] == ("featured" if row["via"] != "feed" else before["status"])
    again = run([str(BIN / "probono"), "reprocess", "--db", str(db)])
    assert "updated 0, unchanged 40" in again.stdout


PAGE = """<!doctype html><html><head><title>Permanence juridique</title></head><body><article>
<h1>Une permanence juridique pour les associations</h1>
<p>Le samedi 14 octobre, une quarantaine d'avocates, d'avocats et de juristes ont tenu une
permanence juridique gratuite pour les associations du quartier, sans rendez-vous.</p>
<p>Les questions portaient sur les statuts, les contrats de travail et la location des locaux ;
chaque association est repartie avec une réponse écrite et un contact pour la suite.</p>
<p>Le collectif prévoit de renouveler l'opération chaque trimestre et d'ouvrir une permanence en
ligne pour les associations rurales du département.</p>
</article></body></html>"""


def test_reprocess_reads_a_page_with_its_sources_language_as_the_crawl_does(store):
    # "red" publishes in Spanish only; the page declares no language (no lang attribute).
    source = next(s for s in store.db["sources"].rows if s["id"] == "red")
    languages = tuple(json.loads(source["languages"]))
    crawled = Article(url="https://red.example/permanence", source="red", via="page",
                      fetched="2024-05-02T00:00:00+00:00")
    crawled = enrich(with_page(crawled, PAGE, default_language(languages)),
                     republisher=source["kind"] == "media")
    assert crawled.declared_language == "es"
    store.save_article(crawled)
    store.save_page(crawled.url, crawled.id, crawled.source, crawled.fetched, PAGE)
    db = store.db.conn.execute("pragma database_list").fetchone()[2]
    store.close()

    assert reprocess(db) == {"unchanged": 1}  # read again the same way: nothing to rewrite
    connection = sqlite3.connect(db)
    assert connection.execute("select declared_language from articles").fetchall() == [("es",)]
