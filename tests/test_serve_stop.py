"""Finding 17 (serve): `probono serve` stopped by SIGTERM or Ctrl-C stops within 5 s, its Datasette
child and temporary folder included, and exits with Datasette's status; a corrupt database or a
port in use end with a one-line message and a non-zero status."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.store import Store
from tests.conftest import BIN, ROOT, run
from tests.processes import alive, children, free_port, wait_until_serving

STOP_S = 5


@pytest.fixture
def small_db(tmp_path) -> Path:
    db = tmp_path / "small.db"
    Store(db).close()
    return db


def temp_folders(folder: Path) -> list[Path]:
    return list(folder.glob("probono-datasette-*"))


def test_serve_stops_within_5_s_with_its_child_and_temp_folder(small_db, tmp_path):
    # SIGTERM (systemd, docker, kill) left Datasette running; Ctrl-C must keep working.
    for how in ("sigterm", "ctrl-c"):
        stop_and_check(small_db, tmp_path / how, how)


def stop_and_check(small_db: Path, tmp_path: Path, how: str) -> None:
    """Start `probono serve`, stop it the given way, check that nothing is left."""
    temp = tmp_path / "tmp"
    temp.mkdir(parents=True)
    port, log = free_port(), tmp_path / "serve.log"
    env = {**os.environ, "TMPDIR": str(temp),
           "PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}
    with log.open("wb") as output:
        # Its own session, so that Ctrl-C (SIGINT to the whole foreground group) can be imitated.
        command = [str(BIN / "probono"), "serve", "--db", str(small_db), "--port", str(port)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)
    datasette: list[int] = []
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process, log)
        datasette = children(process.pid)
        assert datasette and temp_folders(temp)
        stopped_at = time.monotonic()
        if how == "sigterm":
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)
        status = process.wait(timeout=STOP_S)
        took = time.monotonic() - stopped_at
        print(f"{how}: stopped in {took:.2f} s, status {status}")
        assert not [pid for pid in datasette if alive(pid)], "Datasette left running"
        assert not temp_folders(temp), "temporary folder left behind"
        assert status == 0, log.read_text()
        assert "Traceback" not in log.read_text(), log.read_text()  # a stop is no failure
    finally:
        for pid in [process.pid, *datasette]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_a_corrupt_database_is_one_line_and_non_zero(tmp_path):
    db = tmp_path / "corrupt.db"
    db.write_bytes(os.urandom(20_000))
    result = run([str(BIN / "probono"), "serve", "--db", str(db), "--port", str(free_port())],
                 env_extra={"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}, timeout=60)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "corrupt.db" in result.stderr and "not a database" in result.stderr


def test_datasette_failing_makes_serve_fail(small_db, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run([str(BIN / "probono"), "serve", "--db", str(small_db), "--port",
                      str(taken.getsockname()[1])],
                     env_extra={"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json"),
                                "TMPDIR": str(tmp_path)}, timeout=60)
    # Datasette's own status (uvicorn says 3 for a port it cannot bind), not 0.
    assert result.returncode != 0, result.stdout + result.stderr
    assert not temp_folders(tmp_path)


def older_database(tmp_path: Path) -> Path:
    """A database as an earlier version left it: migration 0029 (what's new's indexes) not
    applied."""
    db = tmp_path / "older.db"
    Store(db).close()
    with sqlite3.connect(db) as connection:
        connection.execute("drop index idx_articles_stories_published")
        connection.execute("drop index idx_articles_stories_fetched")
        connection.execute("delete from _sqlite_migrations where name = '0029_whats_new_indexes'")
    connection.close()
    return db


def test_serve_brings_an_older_database_up_to_date_before_its_pages_need_it(tmp_path):
    """What's new names migration 0029's index: served as an earlier version left it, the page
    would fail until the next crawl."""
    db = older_database(tmp_path)
    port, log = free_port(), tmp_path / "serve.log"
    env = {**os.environ, "PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}
    with log.open("wb") as output:
        process = subprocess.Popen([str(BIN / "probono"), "serve", "--db", str(db), "--port",
                                    str(port)], cwd=ROOT, stdout=output,
                                   stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/older/new_today.json"
                                    "?_shape=array", timeout=10) as response:
            assert response.status == 200 and json.load(response) == []
        assert "brought up to date for this version (0029_whats_new_indexes)" in log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def test_a_sqlite_file_of_another_tool_is_served_as_it_is(tmp_path):
    from pipeline.commands.cli import _bring_up_to_date

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("create table notes (body text)")
    connection.close()
    assert _bring_up_to_date(str(other)) == []
    with sqlite3.connect(other) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
    connection.close()
    assert tables == {"notes"}
    assert _bring_up_to_date(str(older_database(tmp_path))) == ["0029_whats_new_indexes"]
