"""The project's exceptions.

    ProbonoError
    ├── ConfigError      feeds.yaml (or another config file) is wrong: names file, line, source, field
    ├── FetchError       a source could not be fetched
    ├── ParseError       fetched bytes could not be turned into articles
    └── LockedError      another crawl of the same database is running
"""

from __future__ import annotations


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
        return ": ".join(parts + [message])


class FetchError(ProbonoError):
    """A source's URL could not be fetched."""


class ParseError(ProbonoError):
    """Fetched bytes were not a feed or page we could read."""


class LockedError(ProbonoError):
    """Another crawl holds the database's lock."""
