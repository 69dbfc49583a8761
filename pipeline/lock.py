"""One crawl at a time per database: an advisory lock on `<db>.lock`, next to the real file.

The lock is keyed on the database's identity, not on the path as typed: `<db>` is its real path
(symlinks resolved, or those of its folder when the file does not exist yet), so a crawl through
a symlink or a relative path meets the lock of a crawl through the plain path.
flock is released by the kernel when the holder dies, even by SIGKILL, so a crashed crawl never
leaves a stale lock behind; the file only says who held it last, for the message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import TextIO

from pipeline.dates import utc_now_iso
from pipeline.errors import LockedError


def lock_path(db: str | Path) -> Path:
    """The lock file of a database: its real path (symlinks and `..` resolved) plus ".lock"."""
    real = Path(os.path.realpath(db))  # a missing file: its folder's real path, then its name
    return real.with_name(real.name + ".lock")


class CrawlLock:
    """Held for the duration of a `with` block; entering raises LockedError when already held."""

    def __init__(self, db: str | Path):
        self.path = lock_path(db)
        self._file: TextIO | None = None

    def __enter__(self) -> CrawlLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise LockedError(f"{self.path}: another crawl is running ({holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {utc_now_iso()}")
        handle.flush()
        self._file = handle
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
