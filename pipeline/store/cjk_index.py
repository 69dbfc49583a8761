"""The shadow full-text index of Chinese, Japanese and Korean words (pipeline/cjk_words.py): one
row per article that has CJK characters in its title or text, keyed on the article's rowid (which
the search query joins on, as it joins the main index), holding those runs as bigrams.

Written by the upsert code in the transaction that stores the article rather than by triggers:
a trigger would need a Python function on every connection that writes an article, and a plain
sqlite3 connection (an import, a repair) would fail. An article written outside the store is
indexed by `fill_cjk_index` (the migration that built the index calls it).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from pipeline.cjk_words import cjk_grams

CJK_TABLE = "articles_cjk"
FILL_BATCH = 2_000  # articles read per statement when the index is built for a whole archive


def create_cjk_table(db: Database) -> None:
    # Positions kept (detail=full): a word of three characters is the phrase of its two bigrams.
    db.execute(f"create virtual table if not exists {CJK_TABLE} using fts5(grams,"
               " tokenize = 'unicode61 remove_diacritics 0')")


def fill_cjk_index(db: Database, after_rowid: int = 0) -> int:
    """Index every article past `after_rowid`, in batches (each a statement, so memory stays that
    of one batch at any archive size); returns how many articles had CJK text."""
    indexed = 0
    while True:
        rows = db.execute("select rowid, title, text from articles where rowid > ?"
                          " order by rowid limit ?", [after_rowid, FILL_BATCH]).fetchall()
        if not rows:
            return indexed
        grams = [(rowid, cjk_grams(title, text)) for rowid, title, text in rows]
        grams = [(rowid, g) for rowid, g in grams if g]
        db.conn.executemany(f"delete from {CJK_TABLE} where rowid = ?", [(r,) for r, _ in grams])
        db.conn.executemany(f"insert into {CJK_TABLE} (rowid, grams) values (?, ?)", grams)
        indexed += len(grams)
        after_rowid = rows[-1][0]


class CjkIndex:
    """Keeps an article's row of the CJK index in step with its title and text."""

    db: Database

    def _index_cjk(self, article_id: str) -> None:
        """(Re)index the stored article; called in its write transaction."""
        index_cjk(self.db.conn, article_id)


def index_cjk(conn: sqlite3.Connection, article_id: str) -> None:
    """(Re)index one stored article (a crawl's upsert, an editor's correction of its title)."""
    row = conn.execute("select rowid, title, text from articles where id = ?",
                       [article_id]).fetchone()
    if row is None:
        return
    rowid, title, text = row
    conn.execute(f"delete from {CJK_TABLE} where rowid = ?", [rowid])
    grams = cjk_grams(title, text)
    if grams:
        conn.execute(f"insert into {CJK_TABLE} (rowid, grams) values (?, ?)", [rowid, grams])
