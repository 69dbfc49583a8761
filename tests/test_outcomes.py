"""Honest outcomes (issue 12, findings 9, 11, 16): what a crawl says and skips, on a real server.

A robots.txt disallow is a skip, not a failure; an error is one line saying what happened; a URL
that failed is left alone until its back-off runs out; a feed is not asked for before its ttl,
max-age or Retry-After; a dead site is one line on the console, its traceback in the log file.
"""

from __future__ import annotations

import json
import re
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx

from pipeline.backoff import (
    backoff_delay,
    cache_max_age,
    failed_again,
    feed_refresh_seconds,
    is_waiting,
    next_due,
    retry_after_seconds,
)
from pipeline.outcomes import describe_failure
from tests.conftest import BIN, run
from tests.faultserver import FaultServer

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MB = 1024 * 1024


def source(name: str, *feeds: str, homepage: str = "http://faults.test/") -> str:
    urls = ", ".join(f"'{url}'" for url in feeds)
    return (f"  - id: {name}\n    name: {name}\n    organisation: Test\n    country: FR\n"
            f"    homepage: {homepage}\n    languages: [fr]\n    feeds: [{urls}]\n")


def crawl(tmp_path: Path, proxy: str, *sources: str, env: dict[str, str] | None = None):
    """`probono crawl` of these sources through the proxy, in a subprocess, as cron would run it."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("sources:\n" + "".join(sources), encoding="utf-8")
    db = tmp_path / "outcomes.db"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": proxy, "PROBONO_ALLOW_ORIGINS": proxy,
                            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
                            "PROBONO_RETRY_TIMES": "2", "PROBONO_RETRY_BACKOFF_BASE": "0.1",
                            "PROBONO_DOWNLOAD_MAXSIZE": str(MB),
                            "PROBONO_LOG_FILE": str(tmp_path / "crawl.log"), **(env or {})})
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    return result, connection


def last_run(db: sqlite3.Connection) -> dict:
    return dict(db.execute(
        "select * from crawl_run_sources order by run_id desc limit 1").fetchone())


@pytest.fixture
def server():
    with FaultServer() as faults:
        yield faults


# Finding 9 --------------------------------------------------------------------------------------

def test_robots_disallowed_pages_are_skipped_and_counted_not_failed(server, tmp_path):
    polite = source("polite", "http://faults.test/outcomes/robots.xml")
    result, db = crawl(tmp_path, server.proxy, polite)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = last_run(db)
    assert (figures["errors"], figures["robots_disallowed"]) == (0, 2)
    assert server.hits["faults.test/private/story-1"] == 0  # never asked
    teasers = db.execute("select via from articles").fetchall()
    assert [row["via"] for row in teasers] == ["feed-teaser", "feed-teaser"]
    assert db.execute("select status, exit_code from crawl_runs").fetchone()[:] == ("ok", 0)


# Finding 11 and the back-off --------------------------------------------------------------------

def test_an_oversized_page_says_so_in_one_line_and_is_not_fetched_again(server, tmp_path):
    big = source("big", "http://faults.test/outcomes/big.xml")
    result, db = crawl(tmp_path, server.proxy, big)
    assert result.returncode == 1, result.stdout + result.stderr
    reasons = dict(db.execute("select url, reason from fetch_backoff").fetchall())
    assert reasons == {
        "http://faults.test/outcomes/big-page":
            "download exceeded the 1 MB cap: the server announced 1.5 MB",
        "http://faults.test/outcomes/big-stream": reasons["http://faults.test/outcomes/big-stream"]}
    # No Content-Length: the cap is found while reading, and the line says how far it got.
    assert re.fullmatch(r"download exceeded the 1 MB cap at 1\.\d MB",
                        reasons["http://faults.test/outcomes/big-stream"])
    assert last_run(db)["last_error"] in {f"{url}: {reason}" for url, reason in reasons.items()}
    pages = ("faults.test/outcomes/big-page", "faults.test/outcomes/big-stream")
    hits = [server.hits[page] for page in pages]

    # The feed is read again in full (a page failed), but the pages are left alone: 1 h first.
    result, db = crawl(tmp_path, server.proxy, big)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [server.hits[page] for page in pages] == hits
    assert (last_run(db)["backed_off"], last_run(db)["errors"]) == (2, 0)
    assert result.stdout + result.stderr == ""  # under cron, a run with nothing wrong is silent


def test_a_page_that_failed_is_retried_when_due_and_forgotten_once_it_answers(server, tmp_path):
    once = source("once", "http://faults.test/outcomes/once-missing.xml")
    result, db = crawl(tmp_path, server.proxy, once)
    assert result.returncode == 1 and "/outcomes/once-missing: HTTP 404" in result.stderr
    row = db.execute("select failures, next_try from fetch_backoff").fetchone()
    assert row["failures"] == 1
    assert row["next_try"] > (datetime.now(UTC) + timedelta(minutes=55)).isoformat()
    crawl(tmp_path, server.proxy, once)
    assert server.hits["faults.test/outcomes/once-missing"] == 1  # not yet due
    # An hour later (the back-off's due time moved back), the page is asked again and answers.
    db.execute("update fetch_backoff set next_try = '2000-01-01T00:00:00+00:00'")
    db.commit()
    result, db = crawl(tmp_path, server.proxy, once)
    assert result.returncode == 0, result.stdout + result.stderr
    assert server.hits["faults.test/outcomes/once-missing"] == 2
    assert db.execute("select count(*) from fetch_backoff").fetchone()[0] == 0
    assert db.execute("select via from articles").fetchone()[0] == "feed+page"


# Due times: ttl, Cache-Control, Retry-After ------------------------------------------------------

def test_a_feed_with_ttl_or_max_age_is_not_asked_again_before_it_is_due(server, tmp_path):
    sources = (source("ttl", "http://faults.test/outcomes/ttl.xml"),
               source("max-age", "http://faults.test/outcomes/max-age.xml"))
    result, db = crawl(tmp_path, server.proxy, *sources)
    assert result.returncode == 0, result.stdout + result.stderr
    due = dict(db.execute("select url, next_due from feed_state").fetchall())
    checked = datetime.now(UTC)
    ttl_due = datetime.fromisoformat(due["http://faults.test/outcomes/ttl.xml"])
    assert timedelta(minutes=58) < ttl_due - checked <= timedelta(minutes=60)
    age_due = datetime.fromisoformat(due["http://faults.test/outcomes/max-age.xml"])
    assert timedelta(minutes=28) < age_due - checked <= timedelta(minutes=30)

    result, db = crawl(tmp_path, server.proxy, *sources)
    assert result.returncode == 0, result.stdout + result.stderr
    assert server.hits["faults.test/outcomes/ttl.xml"] == 1
    assert server.hits["faults.test/outcomes/max-age.xml"] == 1
    figures = {row["source_id"]: row
               for row in db.execute("select * from crawl_run_sources where run_id = 2")}
    assert figures["ttl"]["feeds_not_due"] == figures["max-age"]["feeds_not_due"] == 1


def test_a_503_with_retry_after_is_not_retried_and_not_asked_again_before_then(server, tmp_path):
    busy = source("busy", "http://faults.test/outcomes/busy.xml")
    result, db = crawl(tmp_path, server.proxy, busy)
    assert result.returncode == 4, result.stdout + result.stderr
    assert server.hits["faults.test/outcomes/busy.xml"] == 1  # RETRY_TIMES 2, yet asked once
    assert last_run(db)["last_error"] == ("http://faults.test/outcomes/busy.xml: "
                                          "HTTP 503 (retry after 3600 s)")
    due = datetime.fromisoformat(db.execute("select next_due from feed_state").fetchone()[0])
    assert timedelta(minutes=58) < due - datetime.now(UTC) <= timedelta(hours=1)

    result, db = crawl(tmp_path, server.proxy, busy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert server.hits["faults.test/outcomes/busy.xml"] == 1
    assert last_run(db)["feeds_not_due"] == 1


# Finding 16, per source -------------------------------------------------------------------------

def test_a_dead_site_is_one_line_per_source_and_its_traceback_only_in_the_log(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result, db = crawl(tmp_path, dead, source("dead-a", "http://dead-a.test/feed.xml"),
                       source("dead-b", "http://dead-b.test/feed.xml"))
    assert result.returncode == 4, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert [line.split()[:2] for line in lines] == [["dead-a", "feeds"], ["dead-b", "feeds"]]
    assert all("dead-" in line and ".test/feed.xml: connection refused" in line for line in lines)
    assert "Traceback" not in result.stdout + result.stderr
    assert "Traceback" in (tmp_path / "crawl.log").read_text(encoding="utf-8")  # details kept there

    # The dead feeds are left alone for an hour: the next crawl asks nothing and says nothing...
    result, db = crawl(tmp_path, dead, source("dead-a", "http://dead-a.test/feed.xml"),
                       source("dead-b", "http://dead-b.test/feed.xml"))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
    skipped = db.execute("select backed_off from crawl_run_sources where run_id = 2").fetchall()
    assert [row["backed_off"] for row in skipped] == [1, 1]
    # ... and, skipped, they still show as failing in the sources' health.
    health = run([str(BIN / "probono"), "sources", "--db", str(tmp_path / "outcomes.db"), "--json"])
    report = [json.loads(line) for line in health.stdout.splitlines()]
    assert [(r["state"], r["consecutive_failures"]) for r in report] == [("failing", 1)] * 2, report


def test_log_lines_asked_for_on_the_console_come_without_their_tracebacks(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result, _ = crawl(tmp_path, dead, source("dead-a", "http://dead-a.test/feed.xml"),
                      env={"PROBONO_LOG_LEVEL": "WARNING"})
    assert result.returncode == 4, result.stdout + result.stderr
    line = "[feeds] ERROR: source dead-a: http://dead-a.test/feed.xml: connection refused"
    assert line in result.stderr
    assert "Traceback" not in result.stderr and "Traceback" in (tmp_path / "crawl.log").read_text()


# The pure parts ---------------------------------------------------------------------------------

def _http(status: int) -> HttpError:
    return HttpError(Response("http://x/", status=status), "ignored")


@pytest.mark.parametrize("error, options, words", [
    (_http(404), {}, "HTTP 404"),
    (_http(503), {"retry_after": 120}, "HTTP 503 (retry after 120 s)"),
    (DownloadTimeoutError("Getting http://x/ took longer than 30.0 seconds."), {},
     "timed out after 30 s"),
    (tx.TimeoutError(), {"timeout": 12}, "timed out after 12 s"),
    (DownloadConnectionRefusedError("Connection was refused by other side: 111"), {},
     "connection refused"),
    (CannotResolveHostError("DNS lookup failed: no results for hostname lookup: x."), {},
     "DNS lookup failed"),
    (tx.DNSLookupError("x"), {}, "DNS lookup failed"),
    (DownloadCancelledError("Expected to receive 12582912 bytes which is larger than download "
                            "max size (10485760) in request <GET http://x/>."), {},
     "download exceeded the 10 MB cap: the server announced 12.0 MB"),
    (DownloadCancelledError(""), {"maxsize": 10 * MB, "received": 10 * MB + 65536},
     "download exceeded the 10 MB cap at 10.1 MB"),
    (DownloadCancelledError(""), {"maxsize": 10 * MB}, "download exceeded the 10 MB cap"),
    (IgnoreRequest("Forbidden by robots.txt"), {}, "disallowed by robots.txt"),
    (tx.ConnectionLost("Connection to the other side was lost."), {},
     "the connection was lost during the response"),
    (ValueError("two\nlines"), {}, "ValueError: two lines"),
    (KeyError(), {}, "KeyError"),
])
def test_describe_failure_in_plain_words(error, options, words):
    assert describe_failure(error, **options) == words


def test_retry_after_cache_control_and_feed_intervals():
    assert retry_after_seconds("120", NOW) == 120
    assert retry_after_seconds("Sun, 01 Mar 2026 13:00:00 GMT", NOW) == 3600
    assert retry_after_seconds("soon", NOW) is None and retry_after_seconds(None, NOW) is None
    assert cache_max_age("public, max-age=1800") == 1800
    assert cache_max_age("max-age=60, s-maxage=600") == 600
    assert cache_max_age("no-cache") == 0 and cache_max_age(None) is None
    assert feed_refresh_seconds({"ttl": "60"}) == 3600
    assert feed_refresh_seconds({"sy_updateperiod": "daily", "sy_updatefrequency": "4"}) == 21600
    assert feed_refresh_seconds({"sy_updateperiod": "hourly"}) == 3600
    assert feed_refresh_seconds({"ttl": "soon"}) is None and feed_refresh_seconds({}) is None


def test_due_times_are_capped_and_backoff_doubles_up_to_30_days():
    assert next_due(NOW, 3600, None, 1800) == "2026-03-01T13:00:00+00:00"  # the longest
    assert next_due(NOW, 10**9) == "2026-03-02T12:00:00+00:00"  # a hostile ttl: one day at most
    assert next_due(NOW, None, 0) is None
    assert [backoff_delay(n) for n in (1, 2, 3)] == [timedelta(hours=h) for h in (1, 2, 4)]
    assert backoff_delay(50) == timedelta(days=30)
    row = failed_again({"failures": 2}, "http://x/", "s", "HTTP 500", NOW)
    assert (row["failures"], row["next_try"]) == (3, "2026-03-01T16:00:00+00:00")
    assert failed_again(None, "http://x/", "s", "HTTP 503", NOW, 10**9)["next_try"] == \
        "2026-03-02T12:00:00+00:00"  # Retry-After is the server's word, capped too
    assert is_waiting("2026-03-01T12:30:00+00:00", NOW) and not is_waiting(None, NOW)
    assert not is_waiting("2026-03-01T12:00:30+00:00", NOW)  # within the grace of a minute


# Hostile numbers and shared URLs (review of this issue) ----------------------------------------

@pytest.mark.parametrize("ttl", ["99999999999999", "²", "-5", "1e9"])
def test_a_hostile_ttl_or_max_age_never_costs_the_feed(server, tmp_path, ttl):
    feed = source("numbers", f"http://faults.test/outcomes/huge-ttl-{ttl}.xml")
    result, db = crawl(tmp_path, server.proxy, feed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert db.execute("select count(*) from articles").fetchone()[0] == 2
    due = db.execute("select next_due from feed_state").fetchone()[0]
    assert due is None or due <= (datetime.now(UTC) + timedelta(days=1, minutes=1)
                                  ).isoformat()


def test_a_hostile_retry_after_keeps_the_teaser_and_backs_off(server, tmp_path):
    feed = source("slow", "http://faults.test/outcomes/huge-retry.xml")
    _, db = crawl(tmp_path, server.proxy, feed)
    assert db.execute("select via from articles").fetchone()[0] == "feed-teaser"
    assert db.execute("select count(*) from fetch_backoff").fetchone()[0] == 1
    crawl(tmp_path, server.proxy, feed)
    assert server.hits["faults.test/outcomes/huge-retry"] == 1  # backed off, for a day at most


@pytest.mark.parametrize("text", ["99999999999999", "²", "9" * 400, "max-age=²",
                                  "Wed, 21 Oct 9999"])
def test_hostile_numbers_are_clamped_never_raised(text):
    ages = [feed_refresh_seconds({"ttl": text}), cache_max_age(text),
            cache_max_age(f"max-age={text}"), retry_after_seconds(text, NOW),
            feed_refresh_seconds({"sy_updateperiod": "hourly", "sy_updatefrequency": text})]
    due = next_due(NOW, *ages)
    assert due is None or due <= (NOW + timedelta(days=1)).isoformat()
    row = failed_again(None, "http://x/", "s", "r", NOW, retry_after_seconds(text, NOW))
    assert row["next_try"] <= (NOW + timedelta(days=1)).isoformat()


def test_a_failing_page_two_sources_name_backs_off_once_for_both(server, tmp_path):
    sources = (source("first", "http://faults.test/outcomes/shared-a.xml"),
               source("second", "http://faults.test/outcomes/shared-b.xml"))
    crawl(tmp_path, server.proxy, *sources)
    asked = server.hits["faults.test/outcomes/big-page"]
    assert 1 <= asked <= 2  # both feeds may ask in the first crawl, before either failed
    for _ in range(2):
        crawl(tmp_path, server.proxy, *sources)
    assert server.hits["faults.test/outcomes/big-page"] == asked  # backed off for both sources
