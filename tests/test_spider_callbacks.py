"""No spider generator returns a value: the check Scrapy would make at every crawl, made here.

A generator callback's `return value` is lost (Scrapy iterates the generator and never sees the
value): Scrapy warns of it by parsing each callback's source on every crawl
(WARN_ON_GENERATOR_RETURN_VALUE, turned off in pipeline/settings.py for its cost); ruff's rule for
it (B901) is preview-only, and mypy sees it only in annotated functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

SPIDERS = Path(__file__).resolve().parent.parent / "spiders"


def _own_nodes(function: ast.FunctionDef) -> list[ast.AST]:
    """The function's own statements and expressions, not those of functions defined inside."""
    found: list[ast.AST] = []
    waiting: list[ast.AST] = list(function.body)
    while waiting:
        node = waiting.pop()
        found.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            waiting.extend(ast.iter_child_nodes(node))
    return found


def generators_returning_values(source: str, filename: str) -> list[str]:
    """`file:line name` of each generator function with a `return <value>` other than None."""
    slips = []
    for function in ast.walk(ast.parse(source, filename)):
        if not isinstance(function, ast.FunctionDef):  # an async generator cannot return a value
            continue
        nodes = _own_nodes(function)
        if not any(isinstance(node, ast.Yield | ast.YieldFrom) for node in nodes):
            continue
        slips += [f"{filename}:{node.lineno} {function.name}" for node in nodes
                  if isinstance(node, ast.Return) and node.value is not None
                  and not (isinstance(node.value, ast.Constant) and node.value.value is None)]
    return slips


def test_the_scan_finds_a_generator_returning_a_value():
    source = (
        "def parse(response):\n"
        "    yield 1\n"
        "    if response:\n"
        "        return []\n"
        "def fine(response):\n"
        "    yield 1\n"
        "    return None\n"
        "def plain(response):\n"
        "    return 2\n"
        "def outer(response):\n"
        "    def inner():\n"
        "        yield 1\n"
        "    return inner\n")
    assert generators_returning_values(source, "x.py") == ["x.py:4 parse"]


def test_no_spider_generator_returns_a_value():
    files = sorted(SPIDERS.rglob("*.py"))
    assert len(files) >= 5  # the spiders are where this looks
    slips = [slip for path in files
             for slip in generators_returning_values(path.read_text(encoding="utf-8"), path.name)]
    assert slips == []
