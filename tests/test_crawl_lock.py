"""One crawl per database, keyed on the file's identity: a symlinked path meets the same lock, and
a bare `scrapy crawl` takes it too."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.lock import CrawlLock
from tests.conftest import BIN, LOG_FILE, ROOT, run
from tests.feedserver import FeedServer
from tests.test_hostile_dates import atom

FEEDS = """\
sources:
  - id: slow
    name: Slow
    organisation: Test
    country: FR
    homepage: http://slow.test/
    languages: [fr]
    feeds: [http://slow.test/feed.xml]
"""
SLOW_S = 6


@pytest.fixture
def slow_site():
    """A feed that takes SLOW_S seconds to come, so that a crawl of it is still running."""
    feed = atom([("one", "2025-03-01T10:00:00Z")])
    with FeedServer({"/feed.xml": feed}, delay_s=SLOW_S) as server:
        yield server.origin


def env_for(origin: str) -> dict[str, str]:
    return {"PROBONO_LOOPBACK_PROXY": origin, "PROBONO_ALLOW_ORIGINS": origin,
            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_TIMES": "0"}


def start_crawl(db: Path, feeds: Path, origin: str) -> subprocess.Popen:
    """`probono crawl` in the background, returned once it holds the lock."""
    process = subprocess.Popen(
        [str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)], cwd=ROOT,
        env={**os.environ, "PROBONO_LOG_FILE": str(LOG_FILE), **env_for(origin)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = CrawlLock(db).path
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text().startswith(f"pid {process.pid},")):
        assert process.poll() is None and time.monotonic() < deadline, "the crawl did not start"
        time.sleep(0.1)
    return process


def test_the_lock_is_keyed_on_the_real_path(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "a.db").write_bytes(b"")
    (tmp_path / "alias.db").symlink_to(tmp_path / "real" / "a.db")
    expected = (tmp_path / "real" / "a.db.lock").resolve()
    assert CrawlLock(tmp_path / "alias.db").path == expected
    assert CrawlLock(tmp_path / "via" / "a.db").path == expected
    assert CrawlLock(tmp_path / "via" / ".." / "real" / "a.db").path == expected
    new = (tmp_path / "real" / "new.db.lock").resolve()  # not created yet: its folder's real path
    assert CrawlLock(tmp_path / "via" / "new.db").path == new


def test_a_symlinked_path_and_a_bare_scrapy_crawl_meet_the_running_crawls_lock(slow_site, tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS, encoding="utf-8")
    db, alias = tmp_path / "probono.db", tmp_path / "alias.db"
    alias.symlink_to(db)
    first = start_crawl(db, feeds, slow_site)
    try:
        second = run([str(BIN / "probono"), "crawl", "--db", str(alias), "--feeds", str(feeds)],
                     env_extra=env_for(slow_site), timeout=60)
        scrapy = run([str(BIN / "scrapy"), "crawl", "feeds", "-a", "source=slow",
                      "-s", f"PROBONO_DB={alias}", "-s", f"PROBONO_FEEDS={feeds}"],
                     env_extra=env_for(slow_site), timeout=60)
        out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    holder = f"{CrawlLock(db).path}: another crawl is running (pid {first.pid}, since "
    assert second.returncode == 3, second.stdout + second.stderr[-3000:]
    assert second.stderr.startswith(f"Error: {holder}")
    assert scrapy.returncode == 3, scrapy.stdout + scrapy.stderr[-3000:]
    errors = [line for line in scrapy.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {holder}"), scrapy.stderr[-3000:]
    assert "Traceback" not in scrapy.stderr
    assert first.returncode == 0, out + err[-3000:]
    connection = sqlite3.connect(db)
    try:
        runs = connection.execute("select status from crawl_runs order by id").fetchall()
    finally:
        connection.close()
    assert runs == [("ok",)]  # one run, never marked "interrupted" by a second crawl


def test_a_bare_scrapy_crawl_records_its_run_and_lets_go_of_the_lock(tmp_path):
    with FeedServer({"/feed.xml": atom([("one", "2025-03-01T10:00:00Z")])}) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(FEEDS, encoding="utf-8")
        db = tmp_path / "probono.db"
        args = [str(BIN / "scrapy"), "crawl", "feeds", "-a", "source=slow",
                "-s", f"PROBONO_DB={db}", "-s", f"PROBONO_FEEDS={feeds}"]
        for _ in range(2):  # the second finds the lock free again
            result = run(args, env_extra=env_for(site.origin), timeout=120)
            assert result.returncode == 0, result.stderr[-3000:]
    connection = sqlite3.connect(db)
    try:
        runs = connection.execute("select status from crawl_runs order by id").fetchall()
    finally:
        connection.close()
    assert runs == [("ok",), ("ok",)]
