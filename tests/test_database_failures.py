"""A corrupt database, a read-only file system or a full disk: one line and exit 5, never a
traceback nor exit 1; the run is closed as failed when a write still passes.

The read-only file system and the full disk are real: a small tmpfs mounted for the test (the
tests run as root, which file modes do not stop); skipped where mounting is not permitted.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from pipeline.store import Store
from tests.conftest import BIN, run
from tests.feedserver import FeedServer

FEEDS = """\
sources:
  - id: big
    name: Big
    organisation: Test
    country: FR
    homepage: http://big.test/
    languages: [fr]
    feeds: [http://big.test/feed.xml]
"""


def big_feed(entries: int = 150) -> bytes:
    """An Atom feed of full-text entries, each with its own ~12 KB of text."""
    def text(n: int) -> str:
        return "".join(f"<p>Paragraphe {n}-{k}: le bénévolat de compétences, numéro {n * 97 + k}, "
                       + f"mot{n * k} " * 12 + "</p>" for k in range(20))
    body = "".join(
        f"<entry><title>Article {n}</title><link href='http://big.test/a/{n}'/><id>urn:big:{n}</id>"
        f"<updated>2025-03-01T10:00:00Z</updated><content type='html'><![CDATA[{text(n)}]]>"
        f"</content></entry>" for n in range(entries))
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Big</title><id>urn:big</id><updated>2025-03-01T10:00:00Z</updated>{body}"
            f"</feed>").encode()


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs, unmounted afterwards; skips the test where mounting is not permitted. (At 1
    MB, whether the small write closing the run still fitted turned on a few KB of schema.)"""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def big_site():
    with FeedServer({"/feed.xml": big_feed()}) as server:
        yield server.origin


def crawl(db: Path, feeds_dir: Path, origin: str = "http://127.0.0.1:9"
          ) -> subprocess.CompletedProcess:
    """`probono crawl` of the one-source FEEDS, its .test host served by `origin`."""
    feeds = feeds_dir / "feeds.yaml"
    feeds.write_text(FEEDS, encoding="utf-8")
    return run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
               env_extra={"PROBONO_LOOPBACK_PROXY": origin, "PROBONO_ALLOW_ORIGINS": origin,
                          "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_TIMES": "0"}, timeout=120)


def one_line(result: subprocess.CompletedProcess) -> str:
    """The one line the failure printed (and nothing else on either stream)."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and not result.stdout.strip(), output[-3000:]
    return lines[0]


def test_a_corrupt_database_exits_5_with_one_line(tmp_path):
    db = tmp_path / "corrupt.db"
    db.write_bytes(bytes(range(256)) * 64)
    result = crawl(db, tmp_path)
    assert result.returncode == 5, result.stdout + result.stderr[-3000:]
    assert one_line(result) == (f"Error: {db}: database unusable: the file is not an SQLite "
                                "database (corrupt?) (file is not a database)")


def test_a_corrupt_database_makes_other_commands_exit_5_too(tmp_path):
    db = tmp_path / "corrupt.db"
    db.write_bytes(bytes(range(256)) * 64)
    result = run([str(BIN / "probono"), "sources", "--db", str(db)])
    assert result.returncode == 5
    assert one_line(result).startswith("Error: database unusable: the file is not an SQLite")


def test_a_read_only_file_system_exits_5_with_one_line(small_disk, tmp_path):
    db = small_disk / "probono.db"
    Store(db).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = crawl(db, tmp_path)
    assert result.returncode == 5, result.stdout + result.stderr[-3000:]
    assert one_line(result) == (f"Error: {db}.lock: the file system is read-only "
                                "(Read-only file system)")


def test_a_full_disk_stops_the_crawl_with_one_line_and_closes_the_run(small_disk, big_site,
                                                                      tmp_path):
    db = small_disk / "probono.db"
    result = crawl(db, tmp_path, big_site)
    assert result.returncode == 5, result.stdout + result.stderr[-3000:]
    assert one_line(result) == (f"Error: {db}: database unusable: the disk is full (database or "
                                "disk is full); the crawl stopped")
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        runs = connection.execute("select status, exit_code from crawl_runs").fetchall()
        stored = connection.execute("select count(*) from articles").fetchone()[0]
    finally:
        connection.close()
    assert runs == [("failed", 5)]  # not left "running"
    assert 0 < stored < 150  # what fitted was kept


def test_an_unexpected_failure_is_one_line_exit_70_and_its_traceback_goes_to_the_log(tmp_path):
    db = tmp_path / "other-application.db"  # SQLite, but another program's: no migration fits it
    connection = sqlite3.connect(db)
    connection.execute("create table _sqlite_migrations (x)")
    connection.commit()
    connection.close()
    log = tmp_path / "probono.log"
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS, encoding="utf-8")
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOG_FILE": str(log)})
    assert result.returncode == 70, result.stdout + result.stderr[-3000:]
    assert one_line(result) == ("Error: unexpected OperationalError: no such column: migration_set "
                                f"(traceback in {log})")
    assert "Traceback (most recent call last)" in log.read_text()
