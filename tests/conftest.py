"""Shared fixtures: the demo network served on 127.0.0.1, and a demo database built by the real
CLI."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.demo_network import DemoNetwork
from tests.processes import BIN, MARK, ROOT, leftover_processes, stop_processes

SHARED = ROOT.parent / "shared"
# Crawls started by the tests log here, not into the project's data/logs.
LOG_FILE = Path(tempfile.gettempdir()) / f"probono-tests-{os.getpid()}" / "crawl.log"
# Every process the session starts inherits this mark, so that one left running is found even
# after its parent died (see tests/processes.py and pytest_sessionfinish below).
os.environ.setdefault(MARK, str(os.getpid()))
# The session's cache (pipeline/cache_dir.py), never the user's: in the outermost session's
# folder (a pytest run by a test shares it), removed with it; processes started inherit it.
os.environ["PROBONO_CACHE_DIR"] = str(Path(tempfile.gettempdir())
                                      / f"probono-tests-{os.environ[MARK]}" / "cache")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a project command in a subprocess from the project root, capturing its output."""
    extra = kwargs.pop("env_extra", {})
    if "PROBONO_LOOPBACK_PROXY" in extra:
        # The crawler reaches only the public web and the origins allowed: a test's own proxy is
        # one.
        extra = {"PROBONO_ALLOW_ORIGINS": extra["PROBONO_LOOPBACK_PROXY"], **extra}
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PROBONO_LOG_FILE": str(LOG_FILE), **extra}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=kwargs.pop("timeout", 300), **kwargs)


@pytest.fixture(scope="session")
def demo_network():
    """The bundled demo sites, each on its own loopback port, for the whole test session."""
    with DemoNetwork() as network:
        yield network


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database built by `probono demo --no-serve` in a subprocess, as a user would."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run([str(BIN / "probono"), "demo", "--no-serve", "--db", str(db)])
    assert result.returncode == 0, result.stdout + result.stderr
    return db


@pytest.fixture
def store(tmp_path):
    """A database with the sources of tests/test_sources.py's VALID file."""
    from pipeline.sources import parse_sources
    from pipeline.store import Store
    from tests.test_sources import VALID

    store = Store(tmp_path / "t.db")
    store.save_sources(parse_sources(VALID))
    yield store
    store.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session when a process it started is still running at its end; stop them."""
    if os.environ.get(MARK) != str(os.getpid()):
        return  # a pytest run by a test of this suite: the outer session checks
    if exitstatus == pytest.ExitCode.OK:
        # The crawl log is for reading a failure: a green session leaves no folder behind.
        shutil.rmtree(LOG_FILE.parent, ignore_errors=True)
    left = leftover_processes(os.getpid(), os.environ[MARK])
    if not left:
        return
    stop_processes(list(left))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for pid, command in sorted(left.items()):
        message = f"process left running by the tests (now stopped): {pid} {command}"
        if reporter is not None:
            reporter.write_line(message, red=True)
        else:
            print(message, file=sys.stderr)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@contextlib.contextmanager
def datasette_with_editors(db: Path, passwords: dict[str, str]) -> Iterator:
    """An in-process Datasette configured as `probono serve` configures its own, with these
    editors (name -> password); the login plugin's environment set for its life, then put back."""
    from datasette_auth_passwords.utils import hash_password

    from pipeline.publishing.editors import auth_plugin_config
    from pipeline.publishing.serve import datasette_instance

    config, environment = auth_plugin_config(
        {name: hash_password(password) for name, password in passwords.items()})
    saved = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    try:
        yield datasette_instance(db, config)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
