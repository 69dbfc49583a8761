"""One connection to the database: opened migrated and in WAL mode, closed by `with`, written to
in immediate transactions; and the online backup, which opens nothing for writing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlite_utils import Database

from pipeline.store.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) the database in WAL mode, with every migration applied."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    MIGRATIONS.apply(db)
    return db


def backup_database(source: str | Path, destination: str | Path) -> None:
    """A consistent copy, taken with SQLite's online backup while others read and write; the source
    is opened as it is (no migration runs on a database being backed up)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        origin.backup(target)
    finally:
        target.close()
        origin.close()


class Connection:
    """The database, open from construction to close(); `with Store(path) as store:` closes it
    whatever happens inside."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = open_database(self.path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction that takes the write lock at once (BEGIN IMMEDIATE), waiting up to
        the busy timeout for it. A deferred one would read, then fail at its first write if
        Datasette (an editor's decision) had committed in between: WAL cannot upgrade it."""
        if self.db.conn.in_transaction:  # nested: a savepoint inside the outer transaction
            with self.db.atomic():
                yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")  # may fail too (a deferred foreign key, a full disk)
        except BaseException:
            if self.db.conn.in_transaction:  # never leave the write lock held by a dead transaction
                self.db.execute("ROLLBACK")
            raise
