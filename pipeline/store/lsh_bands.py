"""The near-copy LSH index kept in the database: one row per (band key, article) in `lsh_bands`,
written in the transaction that writes the article row (articles.py), so a crawl never loads the
archive and a crash never leaves an article stored but unindexed.

- write_bands / delete_bands: an article's keys, from the signatures in its row;
- fill_bands: every stored signature's keys, in bulk (the migration, a changed threshold, the
  scale benchmark's synthetic archive);
- StoredIndex: a SignatureIndex (pipeline/copies/index.py) read per new article: the articles
  sharing a band key with a signature, with their stored signatures.

`lsh_band_shapes` records the LSH threshold each kind's keys were cut for: a store opened with
other thresholds (THRESHOLDS changed, or the threshold benchmark) cuts them again first.
"""

from __future__ import annotations

import numpy as np
from sqlite_utils import Database

from pipeline.copies.bands import KINDS, band_key_matrix, band_keys, signature_matrix
from pipeline.copies.thresholds import THRESHOLDS, Thresholds
from pipeline.store.connection import Connection

FILL_CHUNK = 50_000  # articles read and keyed at once when filling: about 100 MB of keys and ids
FILL_CACHE_KIB = 262_144  # SQLite page cache while filling: the key index's pages stay in memory


def kind_thresholds(thresholds: Thresholds) -> dict[str, float]:
    """The LSH threshold of each kind of index: whole texts and openings."""
    return {"whole": thresholds.lsh, "lead": thresholds.lead_lsh}


def create_band_tables(db: Database) -> None:
    # Keyed on (key, article): a lookup by key reads one range of the table itself, no second
    # index. An article's rows are found again from the signatures in its row.
    db.execute("create table if not exists lsh_bands (key integer not null,"
               " article_id text not null, primary key (key, article_id)) without rowid")
    db.execute("create table if not exists lsh_band_shapes (kind text primary key,"
               " threshold real not null)")


def article_band_rows(article_id: str, signatures: dict[str, bytes | None],
                      thresholds: Thresholds) -> list[tuple[int, str]]:
    """(key, article id) rows of one article's signatures, by kind ("whole", "lead")."""
    limits = kind_thresholds(thresholds)
    return [(key, article_id) for kind, sig in signatures.items() if sig
            for key in band_keys(sig, kind, limits[kind])]


def write_bands(db: Database, article_id: str, signatures: dict[str, bytes | None],
                thresholds: Thresholds) -> None:
    db.conn.executemany("insert or ignore into lsh_bands (key, article_id) values (?, ?)",
                        article_band_rows(article_id, signatures, thresholds))


def delete_bands(db: Database, article_id: str, signatures: dict[str, bytes | None],
                 thresholds: Thresholds) -> None:
    db.conn.executemany("delete from lsh_bands where key = ? and article_id = ?",
                        article_band_rows(article_id, signatures, thresholds))


def stored_signatures(db: Database, article_id: str) -> dict[str, bytes | None]:
    """An article row's signatures by kind; none when there is no such row."""
    row = db.execute("select minhash, lead_minhash from articles where id = ?",
                     [article_id]).fetchone()
    return dict(zip(KINDS, row)) if row else {}


def fill_bands(db: Database, thresholds: Thresholds = THRESHOLDS) -> int:
    """Cut every stored signature's keys again, for these thresholds; returns the rows written.
    Run inside the caller's transaction (a migration's, or Store.transaction)."""
    limits = kind_thresholds(thresholds)
    db.execute("delete from lsh_bands")
    db.execute(f"pragma cache_size = -{FILL_CACHE_KIB}")
    written, after = 0, ""
    while True:  # in chunks of rows by id: memory stays flat whatever the archive's size
        rows = db.execute("select id, minhash, lead_minhash from articles where id > ?"
                          " order by id limit ?", [after, FILL_CHUNK]).fetchall()
        if not rows:
            break
        after = rows[-1][0]
        for position, kind in enumerate(KINDS, start=1):  # columns 1, 2: whole, lead
            signed = [(row[0], row[position]) for row in rows if row[position]]
            if not signed:
                continue
            keys = band_key_matrix(signature_matrix([sig for _, sig in signed]), kind,
                                   limits[kind])
            flat = keys.ravel()
            order = np.argsort(flat, kind="stable")  # in key order: appended, not scattered
            names = [signed[i][0] for i in (order // keys.shape[1]).tolist()]
            db.conn.executemany("insert or ignore into lsh_bands (key, article_id) values (?, ?)",
                                zip(flat[order].tolist(), names))
            written += len(names)
    db.execute("pragma cache_size = -2000")  # SQLite's default again
    db.execute("delete from lsh_band_shapes")
    db.conn.executemany("insert into lsh_band_shapes (kind, threshold) values (?, ?)",
                        sorted(limits.items()))
    return written


def band_shapes(db: Database) -> dict[str, float]:
    """The threshold each kind's stored keys were cut for."""
    return dict(db.execute("select kind, threshold from lsh_band_shapes").fetchall())


class StoredIndex:
    """A SignatureIndex over `lsh_bands`: read per signature, never loaded. Its keys are written
    by the store with each article row (SignatureBands): storing an article indexes it."""

    def __init__(self, store: SignatureBands, kind: str) -> None:
        self.store = store
        self.kind = kind
        self.column = KINDS[kind]

    @property
    def threshold(self) -> float:
        return kind_thresholds(self.store.thresholds)[self.kind]

    def __contains__(self, article_id: object) -> bool:
        sig = stored_signatures(self.store.db, str(article_id)).get(self.kind)
        if not sig:
            return False
        first = band_keys(sig, self.kind, self.threshold)[0]
        return self.store.db.execute("select 1 from lsh_bands where key = ? and article_id = ?",
                                     [first, article_id]).fetchone() is not None

    def add(self, article_id: str, sig: bytes) -> None:
        """Nothing: the store writes an article's keys with its row, in one transaction."""

    def remove(self, article_id: str) -> None:
        """Nothing: the keys go or move with the article's row (SignatureBands)."""

    def candidates(self, sig: bytes) -> list[tuple[str, bytes]]:
        keys = band_keys(sig, self.kind, self.threshold)
        marks = ", ".join("?" for _ in keys)
        return [(article_id, bytes(stored)) for article_id, stored in self.store.db.execute(
            f"select distinct a.id, a.{self.column} from lsh_bands b"
            f" join articles a on a.id = b.article_id where b.key in ({marks})"
            f" and a.{self.column} is not null order by a.id", keys)]


class SignatureBands(Connection):
    """The store's side of the stored index: keys written with the article row, and the index
    a CopyFinder reads. `thresholds` sets the banding (the threshold benchmark tries others)."""

    thresholds: Thresholds = THRESHOLDS

    def signature_index(self, kind: str) -> StoredIndex:
        """The stored index of one kind ("whole" or "lead"), its keys cut for `thresholds`."""
        if band_shapes(self.db) != kind_thresholds(self.thresholds):
            with self.transaction() as db:
                fill_bands(db, self.thresholds)
        return StoredIndex(self, kind)

    def _index_article(self, article_id: str, old: dict[str, bytes | None],
                       new: dict[str, bytes | None]) -> None:
        """Replace an article's keys (inside save_article's transaction): old ones gone, new in."""
        changed = {kind for kind in KINDS if old.get(kind) != new.get(kind)}
        delete_bands(self.db, article_id, {k: old.get(k) for k in changed}, self.thresholds)
        write_bands(self.db, article_id, {k: new.get(k) for k in changed}, self.thresholds)

    def _move_bands(self, old_id: str, new_id: str) -> None:
        """An article re-keyed to its canonical id: its keys follow it."""
        signatures = stored_signatures(self.db, new_id)
        delete_bands(self.db, old_id, signatures, self.thresholds)
        write_bands(self.db, new_id, signatures, self.thresholds)


def signatures_of(row: dict[str, object]) -> dict[str, bytes | None]:
    """An article row's signatures by kind."""
    found: dict[str, bytes | None] = {}
    for kind, column in KINDS.items():
        value = row.get(column)
        found[kind] = bytes(value) if isinstance(value, (bytes, bytearray, memoryview)) else None
    return found

