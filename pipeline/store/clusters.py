"""Copies folded into clusters: each copy of a story points at one original (duplicate_of), the
original at none; the original is chosen by pipeline/copies/original.py's rules."""

from __future__ import annotations

from typing import Any

from pipeline.copies.original import Copy, choose_original, owns_site
from pipeline.store.connection import Connection


class Clusters(Connection):
    """Folding of exact copies (same text hash) and near copies into one cluster per story."""

    def _article(self, article_id: str) -> dict[str, Any] | None:
        # On the connection, not sqlite-utils' query(), which wraps each read in a savepoint.
        cursor = self.db.conn.execute("select * from articles where id = ?", [article_id])
        row = cursor.fetchone()
        return dict(zip([column[0] for column in cursor.description], row)) if row else None

    def _fold_copies(self, text_hash: str) -> None:
        """Point every copy of the same text at one original (which points at none)."""
        ids = [r[0] for r in self.db.execute("select id from articles where text_hash = ?",
                                             [text_hash])]
        if len(ids) < 2:  # alone (its twin's text changed, and that twin was unlinked)
            return
        self._fold(self._cluster_of(set(ids)), dict.fromkeys(ids, 1.0))

    def _fold_near(self, article_id: str, match: str, similarity: float | None) -> None:
        """Join an article to the cluster of the stored article it is a near copy of."""
        if self._article(match) is None:  # the match was re-keyed or is gone: nothing to join
            return
        self._fold(self._cluster_of({article_id, match}),
                   {article_id: similarity, match: similarity})

    def _cluster_of(self, ids: set[str]) -> set[str]:
        """The ids, their originals, and every copy of those originals: one cluster."""
        marks = ", ".join("?" for _ in ids)
        roots = {r[0] or r[1] for r in self.db.execute(
            f"select duplicate_of, id from articles where id in ({marks})", sorted(ids))}
        marks = ", ".join("?" for _ in roots)
        children = {r[0] for r in self.db.execute(
            f"select id from articles where duplicate_of in ({marks})", sorted(roots))}
        return ids | roots | children

    def _fold(self, ids: set[str], similarities: dict[str, float | None]) -> None:
        """Point every member of a cluster at its original; rows already right are not written."""
        rows = list(self.db.query(
            "select a.id, a.published, a.duplicate_of, a.similarity, s.kind, s.homepage,"
            " length(a.text) as length, a.url, a.canonical_url, a.canonical_declared"
            " from articles a"
            f" join sources s on s.id = a.source_id where a.id in ({', '.join('?' for _ in ids)})",
            sorted(ids)))
        original = choose_original([
            Copy(r["id"], r["published"], r["kind"] == "media", r["length"] or 0,
                 r["canonical_url"] or r["url"] or "", bool(r["canonical_declared"]),
                 owns_site(r["homepage"], r["canonical_url"] or r["url"] or ""))
            for r in rows]).id
        for row in rows:
            target = None if row["id"] == original else original
            if row["duplicate_of"] != target:
                similarity = (None if target is None
                              else similarities.get(row["id"], row["similarity"]))
                self.db.execute("update articles set duplicate_of = ?, similarity = ? where id = ?",
                                [target, similarity, row["id"]])

