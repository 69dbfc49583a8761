"""The commands: the `probono` command line and the crawl runner, above the spiders and the
pipeline."""

from __future__ import annotations

import gc


def main() -> None:
    """`probono` (pyproject.toml's entry point): the command line of cli.py, its modules loaded
    with the garbage collector off, then frozen. Loading them (Scrapy, Twisted, sqlite-utils,
    numpy, ours: some 900 modules) made the collector run 176 passes, 0.04-0.05 s of a re-crawl
    of 0.9 s, over objects that live as long as the process (modules, classes, functions): none
    was garbage. Frozen, they are left out of every later pass, as a crawl does with its own
    (pipeline/commands/crawl.py)."""
    gc.disable()
    try:
        from pipeline.commands.cli import main as command_line
    finally:
        gc.freeze()
        gc.enable()
    command_line()
