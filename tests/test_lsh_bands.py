"""The near-copy LSH index kept in the database (pipeline/store/lsh_bands.py): the same candidates
as datasketch's in-memory index, written with the article row or not at all, kept right when a
text changes or a row is re-keyed, and filled for a database that had signatures before it."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from sqlite_utils import Database

from pipeline.article import Article
from pipeline.copies.bands import band_keys, lsh_shape
from pipeline.copies.finder import CopyFinder, add_signatures
from pipeline.copies.index import LshIndex
from pipeline.copies.thresholds import THRESHOLDS, Thresholds
from pipeline.sources import parse_sources
from pipeline.store import MIGRATIONS, Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = yaml.safe_load((ROOT / "tests/fixtures/neardup/pairs.yaml")
                          .read_text(encoding="utf-8"))["articles"]
SOURCE = ("sources:\n  - id: labelled\n    name: L\n    organisation: L\n    country: FR\n"
          "    homepage: https://x.example/\n    languages: [fr]\n    feeds: [https://x.example/f]\n")
KINDS = {"whole": ("minhash", THRESHOLDS.lsh), "lead": ("lead_minhash", THRESHOLDS.lead_lsh)}


def article(aid: str, text: str, language: str = "fr") -> Article:
    return add_signatures(Article(url=f"https://x.example/{aid}", source="labelled", id=aid,
                                  text=text, language=language))


def labelled() -> list[Article]:
    return [article(aid, a["text"], a["language"]) for aid, a in ARTICLES.items()]


def generated(count: int, seed: int = 7) -> list[Article]:
    """Texts from the fixture's French and English words, and edited copies of a third of them:
    a header added, words changed, the opening kept as a teaser; so buckets are shared."""
    rng = random.Random(seed)
    words = [w for a in ARTICLES.values() if a["language"] in ("fr", "en")
             for w in a["text"].split()]
    texts = [" ".join(rng.choices(words, k=rng.randint(60, 400))) for _ in range(count * 2 // 3)]
    for i in range(count - len(texts)):
        base = texts[i].split()
        how = i % 3
        if how == 0:
            copy = ["Publié", "le", "3", "mars", *base]
        elif how == 1:
            copy = [rng.choice(words) if rng.random() < 0.1 else w for w in base]
        else:
            copy = base[:70]
        texts.append(" ".join(copy))
    return [article(f"gen-{i:05d}", text) for i, text in enumerate(texts)]


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "bands.db")
    store.save_sources(parse_sources(SOURCE))
    yield store
    store.close()


def band_rows(store: Store, article_id: str) -> int:
    return store.db.execute("select count(*) from lsh_bands where article_id = ?",
                            [article_id]).fetchone()[0]


def test_the_banding_is_datasketchs():
    for threshold in (0.3, THRESHOLDS.lsh, 0.5, 0.8):
        assert lsh_shape(threshold) == (LshIndex(threshold)._lsh.b, LshIndex(threshold)._lsh.r)
    sig = labelled()[0].minhash
    whole, lead = band_keys(sig, "whole", 0.35), band_keys(sig, "lead", 0.35)
    assert len(whole) == lsh_shape(0.35)[0] == len(set(whole))
    assert not set(whole) & set(lead)  # the two indexes never share a key


@pytest.mark.parametrize("texts", ["labelled", "generated"])
def test_the_stored_index_proposes_what_the_memory_index_does(store, texts):
    items = labelled() if texts == "labelled" else generated(3000)
    with store.transaction():  # one commit: the crawl's own write path, 3,000 times
        for item in items:
            store.save_article(item)
    finder = CopyFinder.from_store(store)
    shared = 0
    for kind, (column, threshold) in KINDS.items():
        memory = LshIndex(threshold)
        for item in items:
            if getattr(item, column):
                memory.add(item.id, getattr(item, column))
        on_disk = finder.whole if kind == "whole" else finder.leads
        for item in items:
            sig = getattr(item, column)
            if sig:
                found = on_disk.candidates(sig)
                assert found == memory.candidates(sig), (kind, item.id)
                shared += len(found) > 1
    assert shared > len(items) // 10  # buckets are shared: the comparison says something


def test_an_article_is_indexed_in_the_transaction_that_stores_it(store, monkeypatch):
    copy = article("copy", ARTICLES["fr-lyon-carenews"]["text"])

    def crash(*args: object) -> None:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(store, "_save_tags", crash)
    with pytest.raises(RuntimeError):
        store.save_article(article("lyon", ARTICLES["fr-lyon"]["text"]))
    assert store.db.execute("select count(*) from lsh_bands").fetchone()[0] == 0
    monkeypatch.undo()
    assert CopyFinder.from_store(store).mark(copy).near_copy_of is None  # nothing half-stored
    store.save_article(article("lyon", ARTICLES["fr-lyon"]["text"]))
    assert band_rows(store, "lyon") == lsh_shape(THRESHOLDS.lsh)[0] * 2
    assert CopyFinder.from_store(store).mark(copy).near_copy_of == "lyon"


def test_a_changed_text_changes_the_keys_and_a_rekeyed_row_takes_them(store):
    finder = CopyFinder.from_store(store)
    lyon, nantes = ARTICLES["fr-lyon"]["text"], ARTICLES["fr-nantes"]["text"]
    store.save_article(article("story", lyon))
    store.save_article(replace(article("story", nantes)))  # the page was rewritten
    assert band_rows(store, "story") == lsh_shape(THRESHOLDS.lsh)[0] * 2  # old keys gone
    assert finder.mark(article("copy", ARTICLES["fr-lyon-carenews"]["text"])).near_copy_of is None
    moved = article("canonical", nantes)
    moved.url_id = "story"  # its page named its canonical URL: the row takes the new id
    store.save_article(moved)
    assert band_rows(store, "story") == 0
    assert band_rows(store, "canonical") == lsh_shape(THRESHOLDS.lsh)[0] * 2
    assert finder.mark(article("again", nantes)).near_copy_of == "canonical"


def test_the_migration_indexes_the_signatures_already_stored(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0020_lsh_bands")  # a database from before the index
    assert "lsh_bands" not in db.table_names()
    for item in labelled()[:10]:
        db["articles"].insert({"id": item.id, "url": item.url, "text": item.text,
                               "minhash": item.minhash, "lead_minhash": item.lead_minhash})
    db.close()
    with Store(path) as store:
        assert store.db.execute("select count(distinct article_id) from lsh_bands").fetchone()[0]\
            == 10
        first = labelled()[0]
        found = CopyFinder.from_store(store).matches(first.text, first.language, first.minhash,
                                                     first.lead_minhash)
        assert first.id in {m.article_id for m in found}


def test_other_thresholds_cut_the_keys_again(store):
    for item in labelled()[:5]:
        store.save_article(item)
    store.thresholds = Thresholds(lsh=0.6, floor=0.6, lead_lsh=0.7, lead_floor=0.4,
                                  containment=0.85)
    finder = CopyFinder.from_store(store)
    bands = lsh_shape(0.6)[0] + lsh_shape(0.7)[0]
    assert band_rows(store, labelled()[0].id) == bands != lsh_shape(THRESHOLDS.lsh)[0] * 2
    first = labelled()[0]
    assert [i for i, _ in finder.whole.candidates(first.minhash)][:1] == [first.id]
