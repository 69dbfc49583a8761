"""What happened to a request, in plain words: one line an operator reads in `last_error`.

Scrapy and Twisted name failures by exception class ("DownloadCancelledError:", "DNSLookupError:
...: Address family for hostname not supported"); `describe_failure` turns the common ones into
"download exceeded the 10 MB cap at 12.3 MB", "timed out after 30 s", "connection refused",
"DNS lookup failed", "HTTP 404". Anything else keeps its class name and message, on one line.
"""

from __future__ import annotations

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.internet.defer import CancelledError
from twisted.web.client import ResponseFailed

ROBOTS_REFUSAL = "Forbidden by robots.txt"  # the message of Scrapy's RobotsTxtMiddleware
# Requests not made on purpose, per source and spider in crawl_run_sources: none is a failure.
# A found way in that is gone (404/410) is reported and looked for again, not a failure either.
SKIPPED_FIGURES = ("robots_disallowed", "backed_off", "feeds_not_due", "ways_broken")
# "Expected to receive N bytes which is larger than download max size (M) in request ..."
_EXPECTED_SIZE = re.compile(r"(\d+) bytes which is larger than download max size \((\d+)\)")
_TIMEOUT = re.compile(r"took longer than ([\d.]+) seconds")

# Exception classes -> plain words, most specific first.
_PLAIN: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadConnectionRefusedError, tx.ConnectionRefusedError), "connection refused"),
    ((CannotResolveHostError, tx.DNSLookupError), "DNS lookup failed"),
    ((ResponseDataLossError,), "the connection closed before the whole response arrived"),
    ((tx.ConnectionLost, tx.ConnectionDone, DownloadFailedError, ResponseFailed),
     "the connection was lost during the response"),
    ((tx.NoRouteError,), "no route to the host"),
    ((tx.ConnectError,), "could not connect"),
)


def is_robots_refusal(error: BaseException) -> bool:
    """True for the request robots.txt disallows: skipped on purpose, not a failure."""
    return isinstance(error, IgnoreRequest) and ROBOTS_REFUSAL.lower() in str(error).lower()


def sizes(cap: int, *amounts: int) -> list[str]:
    """The cap and the amounts in the cap's unit: 10485760 -> "10 MB", 102400 -> "100 KB"."""
    unit, name = (1024 * 1024, "MB") if cap >= 1024 * 1024 else (1024, "KB")
    shown = [f"{cap // unit} {name}" if cap % unit == 0 else f"{cap / unit:.1f} {name}"]
    return shown + [f"{amount / unit:.1f} {name}" for amount in amounts]


def describe_failure(error: BaseException, *, maxsize: int = 0, timeout: float = 0,
                     received: int | None = None, retry_after: float | None = None) -> str:
    """One line saying what happened to a request that failed (no URL: the caller adds it).

    `maxsize` and `timeout` are the limits in force, `received` the bytes read before a download
    was cancelled, `retry_after` the seconds a 429/503 asked us to wait.
    """
    if isinstance(error, HttpError):
        status = error.response.status
        return f"HTTP {status}" + (f" (retry after {retry_after:g} s)" if retry_after else "")
    if isinstance(error, (DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError)):
        found = _TIMEOUT.search(str(error))
        seconds = float(found.group(1)) if found else timeout
        return f"timed out after {seconds:g} s" if seconds else "timed out"
    if isinstance(error, (DownloadCancelledError, CancelledError)):
        return _cancelled(str(error), maxsize, received)
    if is_robots_refusal(error):
        return "disallowed by robots.txt"
    for classes, words in _PLAIN:
        if isinstance(error, classes):
            return words
    message = " ".join(str(error).split())  # one line, whatever the exception held
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _cancelled(message: str, maxsize: int, received: int | None) -> str:
    """A cancelled download: over the size cap (announced or while reading), or stopped."""
    found = _EXPECTED_SIZE.search(message)
    if found:  # the Content-Length announced more than the cap: nothing was read
        cap, size = sizes(int(found.group(2)), int(found.group(1)))
        return f"download exceeded the {cap} cap: the server announced {size}"
    if maxsize and received and received > maxsize:
        cap, size = sizes(maxsize, received)
        return f"download exceeded the {cap} cap at {size}"
    if maxsize and not message:  # Scrapy cancels without a word only when the cap is passed
        return f"download exceeded the {sizes(maxsize)[0]} cap"
    return "download cancelled" + (f": {message}" if message else "")
