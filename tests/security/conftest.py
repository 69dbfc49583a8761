"""Shared by the security tests: a crawled database with a 9 MB article, a copy of the demo
database with two editors (`site`), and `probono serve` started as a subprocess on a free loopback
port and always stopped, children included."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from datasette_auth_passwords.utils import hash_password

from pipeline.demo_network import DemoNetwork
from pipeline.publishing.editors import auth_plugin_config
from pipeline.publishing.serve import datasette_instance
from tests.conftest import BIN, run
from tests.processes import probono_serve

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
PASSWORD, ALICE = "bob's long password", "alice's long password"  # the editors bob and alice
SECRET = "a-fixed-secret-for-the-sessions-tests"


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


def db_name() -> str:
    return "site"


@pytest.fixture
def site(demo_db, tmp_path) -> tuple[Path, dict[str, str]]:
    """A copy of the demo database, and the environment of a server with editors bob and alice."""
    db = tmp_path / f"{db_name()}.db"
    shutil.copy(demo_db, db)
    env = {"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json"), "DATASETTE_SECRET": SECRET}
    for name, password in (("bob", PASSWORD), ("alice", ALICE)):
        added = run([str(BIN / "probono"), "editors", "add", name, "--password-stdin"],
                    input=password + "\n", env_extra=env)
        assert added.returncode == 0, added.stderr
    return db, env


@contextlib.contextmanager
def served(db: Path, folder: Path, *args: str, env: dict[str, str] | None = None
           ) -> Iterator[tuple[subprocess.Popen, str]]:
    """`probono serve` on a free loopback port with the editors file and temporary folder of
    `folder`; stopped afterwards, Datasette included (tests/processes.py)."""
    environment = {"PROBONO_EDITORS_FILE": str(folder / "editors.json"), "TMPDIR": str(folder),
                   **(env or {})}
    with probono_serve(db, folder / "serve.log", *args, env=environment) as served_process:
        yield served_process


@pytest.fixture
def in_process(demo_db, tmp_path, monkeypatch):
    """An in-process Datasette with editor bob, configured as `probono serve` configures its own,
    on a copy of the demo database: the session's demo database is crawled again in place by
    tests/test_end_to_end.py, and a connection this process keeps open on it must not meet that."""
    config, environment = auth_plugin_config({"bob": hash_password(PASSWORD)})
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    db = tmp_path / f"{db_name()}.db"
    shutil.copy(demo_db, db)
    return datasette_instance(db, config)
