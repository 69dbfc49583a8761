"""Where probono keeps files it can make again (the language model, restricted to the network):
$PROBONO_CACHE_DIR, else $XDG_CACHE_HOME/probono, else ~/.cache/probono. Anything in it may be
deleted at any time; it is only a saving of time."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_VARIABLE = "PROBONO_CACHE_DIR"


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
