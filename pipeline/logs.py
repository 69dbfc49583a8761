"""The crawl's log file: everything at INFO, rotated, whatever the console shows; and a console
that shows one line per record, never a traceback (those go to the log file)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_BYTES = 5 * 1024 * 1024  # per file
LOG_BACKUPS = 5  # files kept besides the current one: 30 MB at most
FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
# Scrapy's loggers that describe each crawler as it is set up: its overridden settings, add-ons,
# middlewares, extensions and item pipelines, alike for every crawler of a crawl (one per source
# and spider), some twenty lines each.
SETUP_LOGGERS = ("scrapy.crawler", "scrapy.addons", "scrapy.middleware")


def add_log_file(path: str | Path, level: int = logging.INFO) -> RotatingFileHandler:
    """Attach a rotating log file to the root logger (Scrapy's and ours both go there)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                  encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, level))
    return handler


class OneLineFormatter(logging.Formatter):
    """A record's own line, formatted as before, without its traceback: a dead site is one line,
    not sixty."""

    def __init__(self, inner: logging.Formatter):
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        # Hidden from this formatter only: the log file's handler sees the record whole.
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def add_console(level: str | int, fmt: str = FORMAT, datefmt: str | None = None) -> logging.Handler:
    """Attach the console handler (stderr, one line per record) in place of Scrapy's own, which
    the crawl turns off (LOG_INSTALL_ROOT_HANDLER = False): Scrapy's prints tracebacks, and each
    new crawler would install it again."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(OneLineFormatter(logging.Formatter(fmt, datefmt)))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, handler.level))
    return handler


def remove_handler(handler: logging.Handler) -> None:
    """Detach a handler: a second crawl in the same process must not log every line twice."""
    logging.getLogger().removeHandler(handler)
    handler.close()


class FirstTimeOnly(logging.Filter):
    """Lets a message through the first time it is logged, not again."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


@contextmanager
def set_up_logged_once(names: tuple[str, ...] = SETUP_LOGGERS) -> Iterator[None]:
    """While it lasts, what the loggers `names` say is logged the first time only: a crawl of 50
    sources logged the same set-up 50 times (1,000 lines of its log, 0.02-0.03 s), now once."""
    once = FirstTimeOnly()
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addFilter(once)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(once)
