"""The README stays true: its two set-up commands exist, every command is documented, CI runs the tests."""

from __future__ import annotations

import re

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_setup_commands_are_make_targets_and_ci_runs_the_test_one():
    block = re.search(r"## Set up and run: two commands.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
    assert ci[-1].strip() == "make test"


def test_every_cli_command_is_documented():
    def walk(group, prefix):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, f"{prefix} {name}")
            else:
                yield f"{prefix} {name}"
    for command in walk(main, "probono"):
        assert f"`{command}" in README, command
        assert "Example:" in CliRunner().invoke(main, command.split()[1:] + ["--help"]).output, command
