"""Chinese, Japanese and Korean words found inside their sentences through the bigram index, in
every article whatever its detected language: the store keeps the index on upsert, a migration
builds it for an older database, and the search canned query reads it (real SQLite, Datasette
in process)."""

from __future__ import annotations

import sqlite3
import urllib.parse

import pytest
from sqlite_utils import Database

from pipeline.cjk_words import cjk_grams, cjk_match, other_words
from pipeline.publishing.serve import datasette_instance
from pipeline.sources import parse_sources
from pipeline.store import MIGRATIONS, Store
from tests.test_publishing import Client
from tests.test_sources import VALID
from tests.test_store import record

# Written for these tests.
ZH = "我们的专业志愿者为公益组织提供法律咨询服务。"
EN_WITH_ZH = ("Lawyers volunteered for a charity in Shanghai, whose motto reads"
              " 社区发展能力建设 today.")
JA = "東京の弁護士がプロボノで非営利団体を支援しました。"
KO = "서울의 변호사들이 비영리단체를 위해 무료로 법률 자문을 제공했습니다."
FR = "Le bénévolat de compétences aide les associations du quartier."


def test_grams_are_overlapping_bigrams_of_each_run_and_its_last_character():
    assert cjk_grams("公益组织 and 法律") == "公益 益组 组织 织 法律 律"
    assert cjk_grams("No CJK here, é") == ""
    assert cjk_grams(None, "一") == "一"


def test_queries_become_bigram_phrases_and_other_words_stay_for_the_main_index():
    assert cjk_match("公益组织") == '"公益 益组 组织"'
    assert cjk_match("公 法律 pro") == '"公"* "法律"'
    assert cjk_match("bono") == '""'
    assert other_words('公益 pro "bono') == '"pro" """bono"'
    assert other_words("公益") == ""


@pytest.fixture
def client(tmp_path) -> Client:
    store = Store(tmp_path / "cjk.db")
    store.save_sources(parse_sources(VALID))
    texts = {"zh1": ("zh", ZH), "en1": ("en", EN_WITH_ZH), "ja1": ("ja", JA), "ko1": ("ko", KO),
             "fr1": ("fr", FR)}
    for article_id, (language, text) in texts.items():
        store.save_article(record(article_id, title=f"Article {article_id}", text=text,
                                  language=language))
    store.close()
    return Client(datasette_instance(tmp_path / "cjk.db"))


def found(client: Client, query: str) -> set[str]:
    rows = client.rows("/cjk/search.json?q=" + urllib.parse.quote(query))
    return {row["id"] for row in rows}


def test_cjk_words_are_found_in_every_article_whatever_its_language(client):
    assert found(client, "发展") == {"en1"}  # inside a Chinese phrase of an English article
    assert found(client, "能力建设") == {"en1"}
    assert found(client, "公益") == {"zh1"}
    assert found(client, "公益组织") == {"zh1"}
    assert found(client, "公益法律") == set()  # both characters pairs, but not as one word
    rows = client.rows("/cjk/search.json?q=" + urllib.parse.quote("发展"))
    assert "\ue000发展\ue001" in rows[0]["snippet"]


def test_japanese_kana_and_kanji_and_korean_words(client):
    assert found(client, "弁護士") == {"ja1"}
    assert found(client, "プロボノ") == {"ja1"}  # katakana
    assert found(client, "支援") == {"ja1"}
    assert found(client, "변호사") == {"ko1"}  # inside 변호사들이: a word with its particle
    assert found(client, "비영리") == {"ko1"}
    assert found(client, "京") == {"ja1"}  # one character: a prefix of the bigrams
    assert found(client, "다") == {"ko1"}  # one character at a run's end


def test_a_mixed_script_query_needs_every_word(client):
    assert found(client, "社区 Shanghai") == {"en1"}
    assert found(client, "社区 bénévolat") == set()
    assert found(client, "Lawyers 社区 motto") == {"en1"}
    assert found(client, "benevolat") == {"fr1"}  # accents still folded in the main index


def test_a_changed_text_is_indexed_again(tmp_path):
    with Store(tmp_path / "t.db") as store:
        store.save_sources(parse_sources(VALID))
        store.save_article(record("a1", text=ZH, language="zh"))
        store.save_article(record("a1", text=JA, language="ja"))
        match = "select rowid from articles_cjk where articles_cjk match ?"
        assert store.db.execute(match, [cjk_match("公益")]).fetchall() == []
        assert len(store.db.execute(match, [cjk_match("弁護士")]).fetchall()) == 1


def test_the_migration_indexes_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0021_cjk_index")
    db.close()
    with sqlite3.connect(path) as connection:  # rows written before the index existed
        connection.executemany(
            "insert into articles (id, url, title, text, language) values (?, ?, ?, ?, ?)",
            [(f"old{i}", f"https://x.example/{i}", f"Old {i}", text, language)
             for i, (language, text) in enumerate([("zh", ZH), ("en", EN_WITH_ZH), ("fr", FR)]
                                                  * 1500)])
    connection.close()
    with Store(path) as store:
        indexed = store.db.execute("select count(*) from articles_cjk").fetchone()[0]
        assert indexed == 3000  # more than one batch; the French ones have no CJK row
        indexes = {index.name for index in store.db.table("articles").indexes}
        assert "idx_articles_review" in indexes  # the review queue read in its order
    rows = Client(datasette_instance(path)).rows("/old/search.json?q=" + urllib.parse.quote("发展"))
    assert len(rows) == 100 and {row["language"] for row in rows} == {"en"}  # the page's limit


def test_the_search_reads_indexes_never_a_scan_of_the_articles(client):
    from pipeline.publishing.plugin import prepare_connection

    path = client.ds.databases["cjk"].path
    metadata = client.get("/-/metadata.json").json()
    sql = next(d["queries"]["search"]["sql"] for d in metadata["databases"].values()
               if "queries" in d)
    with sqlite3.connect(path) as connection:
        prepare_connection(connection)
        plan = [row[3] for row in connection.execute("explain query plan " + sql,
                                                     {"q": "公益 Shanghai", "language": "",
                                                      "topic": "", "source": "", "year": ""})]
    connection.close()
    assert any("SCAN c VIRTUAL TABLE" in step for step in plan)  # the CJK bigram index
    assert any("SCAN f VIRTUAL TABLE" in step for step in plan)  # the main index
    scans = [step for step in plan if step.startswith("SCAN") and "VIRTUAL" not in step
             and "subquery" not in step and step != "SCAN best"]
    assert scans == []  # articles only ever looked up by rowid or through an index
