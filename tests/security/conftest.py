"""Shared by the security tests: a crawled database with a 9 MB article, and `probono serve`
started as a subprocess on a free loopback port and always stopped, children included."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.demo_network import DemoNetwork
from tests.conftest import BIN, ROOT, run

EDITOR = "zelda.editor"  # an editor name found nowhere else in the pages
COMMON_WORD = "bénévolat"
BIG_PARAGRAPH = ("<p>" + f"Le {COMMON_WORD} de compétences aide les associations du monde. " * 12
                 + "</p>\n")
BIG_CHARS = 9_000_000  # under the crawler's 10 MB download cap
FEEDS = """\
sources:
  - id: big
    name: Big site
    organisation: Test
    country: FR
    homepage: http://big.test/
    languages: [fr]
    feeds: [http://big.test/feed.xml]
"""
RAW_ID = "00000000000000ff"


def free_port() -> int:
    """A port nobody listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def big_feed() -> str:
    """An RSS feed: one 9 MB article and one ordinary one, both with the common word."""
    huge = BIG_PARAGRAPH * (BIG_CHARS // len(BIG_PARAGRAPH))
    small = BIG_PARAGRAPH * 3
    items = "".join(
        f"<item><title>{title}</title><link>http://big.test/a/{slug}</link>"
        f"<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for title, slug, body in (("Huge report", "huge", huge), ("Short piece", "short", small)))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title>'
            f"<link>http://big.test/</link>{items}</channel></rss>")


@pytest.fixture(scope="session")
def big_db(tmp_path_factory) -> Path:
    """A database crawled by `probono crawl` from a site with a 9 MB article, plus a 9 MB article
    written raw behind the pipeline's back (no cap), approved by EDITOR, and one more decision."""
    folder = tmp_path_factory.mktemp("big")
    (folder / "sites" / "big").mkdir(parents=True)
    (folder / "sites" / "big" / "feed.xml").write_text(big_feed(), encoding="utf-8")
    (folder / "feeds.yaml").write_text(FEEDS, encoding="utf-8")
    db = folder / "big.db"
    with DemoNetwork(folder / "sites") as network:
        result = run([str(BIN / "probono"), "crawl", "--db", str(db),
                      "--feeds", str(folder / "feeds.yaml")],
                     env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy,
                                "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_LOG_LEVEL": "WARNING"})
    assert result.returncode == 0, result.stdout + result.stderr
    raw = BIG_PARAGRAPH * (BIG_CHARS // len(BIG_PARAGRAPH))
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(
            "insert into articles (id, url, canonical_url, source_id, title, summary, text,"
            " content_html, published, fetched, language, kept_aside)"
            " values (?, ?, ?, 'big', 'Raw giant', 'raw',"
            " ?, ?, '2025-03-05T10:00:00+00:00', '2025-03-05T10:00:00+00:00', 'fr', 0)",
            [RAW_ID, "http://big.test/a/raw", "http://big.test/a/raw", raw.replace("<p>", "")
             .replace("</p>\n", "\n\n"), raw])
        connection.execute("insert into editorial_decisions (article_id, status, editor)"
                           " values (?, 'approved', ?)", [RAW_ID, EDITOR])
        short = connection.execute(
            "select id from articles where title = 'Short piece'").fetchone()[0]
        connection.execute("insert into editorial_decisions (article_id, status, editor)"
                           " values (?, 'featured', ?)", [short, EDITOR])
    return db


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                status = (entry / "status").read_text()
                ppid = next(line.split()[1] for line in status.splitlines()
                            if line.startswith("PPid:"))
                if int(ppid) == pid:
                    found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_serving(base: str, process: subprocess.Popen, log: Path,
                       timeout: float = 60) -> None:
    """Wait until Datasette answers on base; fail with its output if it died."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                return
        except (OSError, urllib.error.URLError):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "Datasette did not start within 60 s"
            time.sleep(0.3)


@contextlib.contextmanager
def served(db: Path, folder: Path, *args: str, env: dict[str, str] | None = None
           ) -> Iterator[tuple[subprocess.Popen, str]]:
    """`probono serve` on a free loopback port, answering; stopped afterwards, and any Datasette
    child it left killed too (so a failing test leaves nothing running)."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    environment = {**os.environ, "PROBONO_EDITORS_FILE": str(folder / "editors.json"),
                   "TMPDIR": str(folder), **(env or {})}
    with log.open("wb") as output:
        command = [str(BIN / "probono"), "serve", "--db", str(db), "--port", str(port), *args]
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env=environment)
    left = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process, log)
        left = children(process.pid)
        yield process, base
    finally:
        left += children(process.pid) if process.poll() is None else []
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        for pid in [process.pid, *left]:
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)
