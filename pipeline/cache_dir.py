"""Where probono keeps files it can make again (the language model restricted to the network,
tables derived from CLDR): $PROBONO_CACHE_DIR, else $XDG_CACHE_HOME/probono, else
~/.cache/probono. Anything in it may be deleted at any time; it is only a saving of time.

Every cache file is named by a prefix (what it holds) and a hash of its key (what it was made
from): a change of any input is another file, and writing one removes the files of the prefix's
other keys. A file is written under a temporary name and renamed, so a reader sees the old file
or the whole new one. Used by pipeline/language_model.py and pipeline/json_cache.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

CACHE_DIR_VARIABLE = "PROBONO_CACHE_DIR"
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a writer that died


def cache_dir() -> Path:
    """The cache directory (not created here); RuntimeError when no home directory is known."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    # The XDG spec: a relative XDG_CACHE_HOME is invalid and is to be ignored.
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "probono"
    return Path.home() / ".cache" / "probono"


def keyed_file(directory: Path, prefix: str, key: str, suffix: str) -> Path:
    """The cache file of a key: prefix, the key's hash, suffix ("langid-<hash>.npz")."""
    return directory / f"{prefix}{hashlib.sha256(key.encode()).hexdigest()[:24]}{suffix}"


def write_atomically(path: Path, prefix: str, write: Callable[[BinaryIO], object]) -> None:
    """Call write with a file under a temporary name beside path, then rename it to path. No
    fsync: a file lost to a crash is only made again. Raises OSError (a full disk...), leaving no
    temporary file behind."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{prefix}", suffix=".tmp")
    renamed = False
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
        renamed = True
    finally:
        if not renamed:  # a full disk, or an error: no half-written file left behind
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def remove_other_keys(kept: Path, prefix: str, suffix: str) -> None:
    """Delete the prefix's files of other keys, and its temporary files left by writers that
    died. Raises OSError when the directory cannot be listed or a file removed."""
    stale = time.time() - STALE_TEMP_SECONDS
    for other in kept.parent.glob(f"{prefix}*{suffix}"):
        if other.name != kept.name and _own(other.name, prefix, suffix, _HASH):
            other.unlink(missing_ok=True)
    for temporary in kept.parent.glob(f".{prefix}*.tmp"):
        with contextlib.suppress(FileNotFoundError):  # another writer renamed it meanwhile
            if _own(temporary.name, f".{prefix}", ".tmp", _TEMPORARY) \
                    and temporary.stat().st_mtime < stale:
                temporary.unlink()


_HASH = re.compile(r"[0-9a-f]+")
_TEMPORARY = re.compile(r"[a-z0-9_]+")  # tempfile's random part


def _own(name: str, prefix: str, suffix: str, middle: re.Pattern[str]) -> bool:
    """Whether a file the glob found is the prefix's own: "date-" globs "date-words-…" too."""
    return middle.fullmatch(name[len(prefix):len(name) - len(suffix)]) is not None
