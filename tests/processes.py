"""Processes the tests start and stop: `probono serve` on a free loopback port, and those the
test session started and left running, found through /proc.

A process is the session's when it descends from the pytest process, or when its environment
carries the session's mark (MARK): that also finds one whose parent died, re-parented to init,
such as the `datasette serve` child of a `probono serve` stopped with SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

MARK = "PROBONO_TEST_SESSION"
PROC = Path("/proc")
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A port nobody listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(base: str, process: subprocess.Popen, log: Path,
                       timeout: float = 60) -> None:
    """Wait until Datasette answers on base; fail with its output if it died."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                return
        except OSError:  # URLError is one
            assert process.poll() is None, Path(log).read_text()
            assert time.monotonic() < deadline, f"Datasette did not start within {timeout} s"
            time.sleep(0.3)


@contextlib.contextmanager
def probono_serve(db: Path, log: Path, *args: str, env: dict[str, str] | None = None
                  ) -> Iterator[tuple[subprocess.Popen, str]]:
    """`probono serve` on a free loopback port, answering, as (process, base URL); its whole
    process group (Datasette included) is stopped when the block ends, whatever happened."""
    port = free_port()
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [str(BIN / "probono"), "serve", "--db", str(db), "--port", str(port), *args],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process, log)
        yield process, base
    finally:
        stop_group(process)


def children(pid: int) -> list[int]:
    """The live processes whose parent is pid."""
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()
            and (stat := _stat(int(entry.name))) and stat[1] == pid and stat[0] != "Z"]


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    return _alive(pid)


def _stat(pid: int) -> tuple[str, int] | None:
    """The state letter and parent pid of a process, or None when it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    state, ppid = text[text.rindex(")") + 2:].split()[:2]  # the name may hold spaces and ")"
    return state, int(ppid)


def _marked(pid: int, mark: bytes) -> bool:
    try:
        return mark in (PROC / str(pid) / "environ").read_bytes().split(b"\0")
    except OSError:
        return False


def leftover_processes(session_pid: int, mark_value: str) -> dict[int, str]:
    """{pid: command line} of the live processes the session started (zombies are not live)."""
    mark = f"{MARK}={mark_value}".encode()
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] != "Z":
            parents[int(entry.name)] = stat[1]
    found: dict[int, str] = {}
    for pid in parents:
        ancestor = parents.get(pid)
        while ancestor not in (None, 0, 1, session_pid):
            ancestor = parents.get(ancestor)
        if pid != session_pid and (ancestor == session_pid or _marked(pid, mark)):
            found[pid] = _command_line(pid)
    return found


def processes_running(token: str) -> list[int]:
    """The live processes whose command line holds `token`."""
    return [int(entry.name) for entry in PROC.iterdir()
            if entry.name.isdigit() and _alive(int(entry.name))
            and token in _command_line(int(entry.name))]


def _command_line(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return " ".join(raw.decode(errors="replace").split("\0")).strip()[:200] or "?"


def stop_processes(pids: list[int], grace_s: float = 5) -> None:
    """SIGTERM, then SIGKILL for those still running after `grace_s` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def stop_group(process: subprocess.Popen, grace_s: float = 10) -> None:
    """Stop a process started with start_new_session=True and every process of its group (a
    `probono serve` and its `datasette serve`), whatever the parent does with SIGTERM."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            continue
        if not _group_alive(process.pid):
            break
        time.sleep(min(grace_s, 1))  # children may outlive their parent by a moment


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
