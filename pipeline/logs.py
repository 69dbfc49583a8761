"""The crawl's log file: everything at INFO, rotated, whatever the console shows."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_BYTES = 5 * 1024 * 1024  # per file
LOG_BACKUPS = 5  # files kept besides the current one: 30 MB at most
FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def add_log_file(path: str | Path, level: int = logging.INFO) -> RotatingFileHandler:
    """Attach a rotating log file to the root logger (Scrapy's and ours both go there)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, level))
    return handler
