"""Editors' decisions as the review page makes them: one story with a check that nobody decided
it meanwhile, or a backlog in bulk; each story one row of editorial_decisions, whose trigger
(migrations 0010, 0026) applies it to the article.

Plain functions over a sqlite3 connection: Datasette's write connection (pipeline/publishing/
decisions.py runs them in its write thread) or the store's (`store.db.conn`). Every write holds
the write lock from its first read (BEGIN IMMEDIATE): the check and the write cannot be split by
another editor's decision or by a crawl.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pipeline.store.migrations import PUBLISHED_STATUSES

PREVIEW_TITLES = 5
# The review queue's stories (the review_queue canned query of data/metadata.yaml): waiting
# (new), not archive, and not decided under one of their copies. `a` is the stories view.
QUEUE_CONDITIONS = (
    "a.status = 'new' and a.archived = 0"
    " and not exists (select 1 from copies c where c.story_id = a.id and c.status != 'new')")
# Published stories their source changed after the editor's decision: crawled content (changed),
# or the source's value of a field an editor corrected (which the article keeps).
CHANGED_SINCE_DECIDED = (
    f"a.status in ({', '.join(repr(s) for s in PUBLISHED_STATUSES)})"
    " and (a.changed > a.status_at or exists (select 1 from corrections k"
    " where k.article_id = a.id and k.source_changed > a.status_at))")


class NoSuchArticle(LookupError):
    """An id no article has."""


@dataclass(frozen=True)
class Decided:
    id: str
    status: str
    previous_status: str
    decision_id: int
    editor: str


@dataclass(frozen=True)
class Conflict:
    """The story's status is no longer the one the editor saw: who changed it, and when."""

    id: str
    status: str
    decided_by: str | None
    decided_at: str | None


@dataclass(frozen=True)
class Backlog:
    """Queue stories published (else fetched) before a day, from a source, in a language."""

    before: str | None = None
    source: str | None = None
    language: str | None = None

    def conditions(self) -> tuple[str, list[str]]:
        where, params = [QUEUE_CONDITIONS], []
        if self.before:
            where.append("coalesce(a.published, a.fetched) < ?")
            params.append(self.before)
        if self.source:
            where.append("a.source_id = ?")
            params.append(self.source)
        if self.language:
            where.append("a.language = ?")
            params.append(self.language)
        return " and ".join(where), params


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction holding the write lock from its start; rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def decide(conn: sqlite3.Connection, article_id: str, status: str, editor: str,
           note: str | None = None, seen_status: str | None = None) -> Decided | Conflict:
    """Record one decision, unless the story's status is no longer `seen_status` (None: no
    check): then nothing is written and the Conflict says who decided it and when."""
    with immediate(conn):
        current = _status(conn, article_id)
        if seen_status is not None and current != seen_status:
            last = last_decision(conn, article_id) or {}
            return Conflict(article_id, current, last.get("editor"), last.get("decided"))
        decision_id = _insert(conn, article_id, status, editor, note, None)
        return Decided(article_id, status, current, decision_id, editor)


def backlog_ids(conn: sqlite3.Connection, backlog: Backlog) -> list[str]:
    """The queue's stories the backlog selects, newest fetched first."""
    where, params = backlog.conditions()
    return [row[0] for row in conn.execute(
        f"select a.id from stories a where {where} order by a.fetched desc, a.id", params)]


def known_ids(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    """The ids, in their order, without repeats and without those no article has."""
    unique = list(dict.fromkeys(ids))
    marks = ", ".join("?" for _ in unique)
    found = {row[0] for row in conn.execute(
        f"select id from articles where id in ({marks})", unique)} if unique else set()
    return [i for i in unique if i in found]


def selected_ids(conn: sqlite3.Connection, selection: Backlog | list[str]) -> list[str]:
    """The stories a bulk decision is about: the backlog's, or the ids that name an article."""
    if isinstance(selection, Backlog):
        return backlog_ids(conn, selection)
    return known_ids(conn, selection)


def preview(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    """The first stories' titles, to show before a bulk decision is confirmed."""
    shown = ids[:PREVIEW_TITLES]
    marks = ", ".join("?" for _ in shown)
    titles = dict(conn.execute(f"select id, title from articles where id in ({marks})",
                               shown).fetchall()) if shown else {}
    return [titles.get(i) or "" for i in shown]


def decide_many(conn: sqlite3.Connection, selection: Backlog | list[str], expected: int,
                status: str | None, editor: str, note: str | None = None) -> int | None:
    """Decide every selected story (status None: archive each, keeping its status), one audit
    row each, in one transaction; None and nothing written when the selection no longer holds
    `expected` stories (the count the editor confirmed)."""
    with immediate(conn):
        ids = selected_ids(conn, selection)
        if len(ids) != expected:
            return None
        for article_id in ids:
            if status is None:
                _insert(conn, article_id, _status(conn, article_id), editor, note, 1)
            else:
                _insert(conn, article_id, status, editor, note, None)
        return len(ids)


def unarchive(conn: sqlite3.Connection, article_id: str, editor: str,
              note: str | None = None) -> int:
    """Take one story out of the archive (the undo of a bulk archive), audited."""
    with immediate(conn):
        return _insert(conn, article_id, _status(conn, article_id), editor, note, 0)


def last_decision(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The story's latest decision: editor, decided (UTC), status, previous_status, note,
    archived."""
    row = conn.execute(
        "select editor, decided, status, previous_status, note, archived"
        " from editorial_decisions where article_id = ? order by id desc limit 1",
        [article_id]).fetchone()
    keys = ("editor", "decided", "status", "previous_status", "note", "archived")
    return dict(zip(keys, row, strict=True)) if row else None


def last_decisions(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each story's latest decision (as last_decision), for a page of cards: who and when
    (articles.status_by reads as NULL in Datasette; the audit has the name)."""
    marks = ", ".join("?" for _ in ids)
    found = conn.execute(
        "select article_id, editor, decided, status, previous_status, note, archived"
        " from editorial_decisions where id in (select max(id) from editorial_decisions"
        f" where article_id in ({marks}) group by article_id)", ids).fetchall() if ids else []
    keys = ("editor", "decided", "status", "previous_status", "note", "archived")
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in found}


def _status(conn: sqlite3.Connection, article_id: str) -> str:
    row = conn.execute("select status from articles where id = ?", [article_id]).fetchone()
    if row is None:
        raise NoSuchArticle(article_id)
    return str(row[0])


def _insert(conn: sqlite3.Connection, article_id: str, status: str, editor: str,
            note: str | None, archived: int | None) -> int:
    cursor = conn.execute(
        "insert into editorial_decisions (article_id, status, editor, note, archived)"
        " values (?, ?, ?, nullif(trim(?), ''), ?)", [article_id, status, editor, note, archived])
    return int(cursor.lastrowid or 0)
