"""The suite fails when a process it started is still running at its end, and stops it."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.processes import MARK, processes_running, stop_processes

# A test that starts a process in its own session and forgets it, as a `probono serve` stopped
# with SIGTERM used to forget its `datasette serve` child.
LEAKY_TEST = '''
import subprocess, sys

def test_forgets_a_process(tmp_path):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)  # TOKEN"],
                     start_new_session=True)
'''


def test_a_session_that_leaves_a_process_running_fails_and_stops_it(tmp_path):
    test_file = ROOT / "tests" / f"test_zz_leaky_{os.getpid()}.py"  # under tests/: conftest applies
    token = f"leaked-by-test-{os.getpid()}"
    test_file.write_text(LEAKY_TEST.replace("TOKEN", token), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != MARK}  # a session of its own
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", str(test_file), "-q",
                                 "-p", "no:cacheprovider"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        test_file.unlink()
        leaked = processes_running(token)
        stop_processes(leaked)
    assert "1 passed" in result.stdout
    assert result.returncode == 1, result.stdout + result.stderr
    assert "process left running by the tests (now stopped): " in result.stdout
    assert token in result.stdout
    assert leaked == []  # the inner session stopped it itself


def test_a_clean_session_passes(tmp_path):
    test_file = ROOT / "tests" / f"test_zz_clean_{os.getpid()}.py"
    test_file.write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != MARK}
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", str(test_file), "-q",
                                 "-p", "no:cacheprovider"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        test_file.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left running" not in result.stdout
