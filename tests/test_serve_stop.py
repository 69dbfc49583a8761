"""Finding 17 (serve): `probono serve` stopped by SIGTERM or Ctrl-C stops within 5 s, its Datasette
child and temporary folder included, and exits with Datasette's status; a corrupt database or a
port in use end with a one-line message and a non-zero status."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
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
