"""Every fault a member's site can have, served on 127.0.0.1 (tests/faultserver.py), in one crawl:
each source ends with the right outcome and the others are not affected."""

from __future__ import annotations

import sqlite3
import time

import pytest

from tests.conftest import BIN, run
from tests.faultserver import FaultServer

FEEDS = {
    "flaky": "http://faults.test/flaky.xml",  # 500, 500, 500, then 200
    "slow": "http://faults.test/slow.xml",  # answers after the timeout
    "refused": "http://127.0.0.1:1/feed.xml",  # nothing listens there
    "gone404": "http://faults.test/gone404.xml",
    "gone410": "http://faults.test/gone410.xml",
    "loop": "http://faults.test/loop1",  # redirects forever
    "moved": "http://faults.test/moved.xml",  # 301 to another domain
    "big": "http://faults.test/big.xml",  # over the size limit
    "bomb": "http://faults.test/bomb.xml",  # 60 KB of gzip that inflates to 60 MB
    "laughs": "http://faults.test/laughs.xml",  # billion laughs
    "latin1": "http://faults.test/latin1.xml",  # latin-1 bytes declared UTF-8
    "private": "http://faults.test/private/feed.xml",  # robots.txt disallows it
    "ok": "http://faults.test/ok.xml",
}


def feeds_yaml() -> str:
    entries = "".join(
        f"  - id: fault-{name}\n    name: {name}\n    organisation: Test\n    country: FR\n"
        f"    homepage: http://faults.test/\n    languages: [fr]\n    feeds: ['{url}']\n"
        for name, url in FEEDS.items())
    return "sources:\n" + entries


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    (folder / "feeds.yaml").write_text(feeds_yaml(), encoding="utf-8")
    db = folder / "faults.db"
    with FaultServer() as server:
        started = time.monotonic()
        result = run([str(BIN / "probono"), "crawl", "--db", str(db),
                      "--feeds", str(folder / "feeds.yaml")],
                     env_extra={"PROBONO_LOOPBACK_PROXY": server.proxy,
                                "PROBONO_DOWNLOAD_DELAY": "0",
                                # our server, and the port where nothing listens ("refused")
                                "PROBONO_ALLOW_ORIGINS": f"{server.proxy},http://127.0.0.1:1",
                                "PROBONO_DOWNLOAD_TIMEOUT": "2",
                                "PROBONO_DOWNLOAD_MAXSIZE": "100000",
                                "PROBONO_RETRY_TIMES": "3", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
                                "PROBONO_RETRY_BACKOFF_BASE": "0.2"},
                     timeout=300)
        elapsed = time.monotonic() - started
        hits = dict(server.hits)
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    figures = {r["source_id"].removeprefix("fault-"): dict(r) for r in connection.execute(
        "select * from crawl_run_sources")}
    articles = [dict(r) for r in connection.execute("select * from articles")]
    moved = connection.execute(
        "select moved_to from feed_state where url like '%moved%'").fetchone()
    connection.close()
    return result, figures, articles, moved, hits, elapsed


def by_source(articles, name):
    return [a for a in articles if a["source_id"] == f"fault-{name}"]


def test_the_run_says_some_sources_failed(outcome):
    result, figures, *_ = outcome
    assert result.returncode == 1, result.stderr[-2000:]
    assert set(figures) == set(FEEDS)


def test_500_three_times_then_200_gets_through(outcome):
    _, figures, articles, _, hits, _ = outcome
    assert hits["faults.test/flaky.xml"] == 4
    assert figures["flaky"]["errors"] == 0 and len(by_source(articles, "flaky")) == 2
    # With backoff: 0.2 + 0.4 + 0.8 s between the four requests.
    assert figures["flaky"]["duration_s"] >= 1.4


@pytest.mark.parametrize("name, reason", [
    ("slow", "timed out after 2 s"), ("refused", "connection refused"), ("gone404", "HTTP 404"),
    ("gone410", "HTTP 410"), ("loop", "redirect loop"),
    ("big", "download exceeded the 97.7 KB cap: the server announced"),
    ("bomb", "during decompression"),
])
def test_each_fault_fails_its_source_alone_with_its_reason(outcome, name, reason):
    _, figures, articles, *_ = outcome
    source = figures[name]
    assert source["errors"] >= 1 and reason in (source["last_error"] or ""), source
    assert by_source(articles, name) == []


def test_a_feed_robots_txt_disallows_is_skipped_and_counted_not_failed(outcome):
    _, figures, articles, *_ = outcome
    private = figures["private"]
    assert (private["errors"], private["robots_disallowed"]) == (0, 1)
    assert by_source(articles, "private") == []


def test_a_cross_domain_permanent_redirect_is_followed_and_noted(outcome):
    _, figures, articles, moved, *_ = outcome
    assert figures["moved"]["errors"] == 0 and len(by_source(articles, "moved")) == 2
    assert moved["moved_to"] == "http://elsewhere.test/feed.xml"


def test_billion_laughs_neither_hangs_nor_expands(outcome):
    _, _, articles, _, _, elapsed = outcome
    assert elapsed < 120
    assert all(len(a["title"]) < 300 and len(a["text"]) < 100_000 for a in articles)


def test_wrongly_declared_encoding_is_still_read(outcome):
    _, _, articles, *_ = outcome
    (article,) = by_source(articles, "latin1")
    assert "volat" in article["title"] and "\ufffd" not in article["title"]


def test_healthy_source_is_unaffected(outcome):
    _, figures, articles, *_ = outcome
    assert figures["ok"]["errors"] == 0 and len(by_source(articles, "ok")) == 2
