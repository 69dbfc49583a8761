"""The project's exceptions.

    ProbonoError
    ├── ConfigError      feeds.yaml or another config file is wrong: names file, line, source, field
    ├── FetchError       a source could not be fetched
    ├── ParseError       fetched bytes could not be turned into articles
    ├── LockedError      another crawl of the same database is running
    └── DatabaseUnusable the database cannot be read or written: corrupt, read-only, disk full
"""

from __future__ import annotations

import errno
import sqlite3

# What SQLite or the OS says, and what we tell the operator: the database is unusable as it is.
_DATABASE_PROBLEMS = {
    "database or disk is full": "the disk is full",
    "readonly database": "the database or its folder is read-only",
    "file is not a database": "the file is not an SQLite database (corrupt?)",
    "database disk image is malformed": "the database is corrupt",
    "disk i/o error": "a disk I/O error",
    "unable to open database file": "the database file cannot be opened",
}
_OS_PROBLEMS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
                errno.EDQUOT: "the disk quota is exceeded", errno.EIO: "a disk I/O error",
                errno.EACCES: "permission denied", errno.EPERM: "operation not permitted"}


class ProbonoError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(ProbonoError):
    """A configuration file is invalid; the message names where."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        source_id: str | None = None,
        field: str | None = None,
    ):
        self.path, self.line, self.source_id, self.field = path, line, source_id, field
        self.reason = message
        super().__init__(self._format(message))

    def _format(self, message: str) -> str:
        where = self.path or "config"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.source_id:
            parts.append(f"source '{self.source_id}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, message])


class FetchError(ProbonoError):
    """A source's URL could not be fetched."""


class ParseError(ProbonoError):
    """Fetched bytes were not a feed or page we could read."""


class LockedError(ProbonoError):
    """Another crawl holds the database's lock."""


class DatabaseUnusable(ProbonoError):
    """The database (or its folder) cannot be used: the crawl stops, nothing more can be stored."""


def database_problem(error: BaseException) -> str | None:
    """What makes the database unusable, in a few words, when this error says so; else None."""
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
        text = str(error).lower()
        return next((said for key, said in _DATABASE_PROBLEMS.items() if key in text), None)
    if isinstance(error, OSError):
        return _OS_PROBLEMS.get(error.errno) if error.errno is not None else None
    return None
