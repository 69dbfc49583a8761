#!/usr/bin/env python3
"""Extraction speed: probono's extraction beside trafilatura alone, on the same pages, in one run.

Pages: ../shared/eval/extraction (real pages, when present) else the demo network's article pages.
Prints pages per second and CPU time per page for each, and our cost as a ratio of trafilatura's:
the aim (issue 14) is no more than 1.3 times. Also times the `probono extract` command itself on the
same files (one process for all of them), which adds start-up and JSON output.

    .venv/bin/python benchmarks/extraction_speed.py [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import decode_html, extract_article

SHARED = ROOT.parent / "shared" / "eval" / "extraction"


def page_files(limit: int) -> list[Path]:
    files = sorted(SHARED.glob("*/pages/*.html*")) if SHARED.is_dir() else []
    if not files:
        files = sorted((ROOT / "pipeline" / "demo_network" / "sites").rglob("index.html"))
    return files[:limit]


def read(path: Path) -> str:
    data = path.read_bytes()
    return decode_html(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def cpu_per_page(functions: dict[str, Callable[[str], object]], pages: list[str],
                 repeat: int) -> dict[str, float]:
    """Best of `repeat` runs of CPU seconds per page for each function (the least disturbed by the
    other core's load), the runs of the functions interleaved so that both meet the same machine,
    after a warm-up pass (models, caches and compiled patterns loaded once per process)."""
    for function in functions.values():
        for html in pages[:20]:
            function(html)
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.process_time()
            for html in pages:
                function(html)
            best[name] = min(best[name], (time.process_time() - start) / len(pages))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="pages at most (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
    args = parser.parse_args()
    files = page_files(args.limit)
    pages = [read(path) for path in files]
    origin = files[0].parent.parent if SHARED.is_dir() else "the demo network"
    print(f"{len(pages)} pages from {origin}")
    best = cpu_per_page(
        {"ours": extract_article,
         "theirs": lambda html: trafilatura.bare_extraction(html, with_metadata=True)},
        pages, args.repeat)
    ours, theirs = best["ours"], best["theirs"]
    print(f"trafilatura alone (bare_extraction, with metadata): {theirs * 1000:6.1f} ms/page, "
          f"{1 / theirs:6.1f} pages/s")
    print(f"probono extraction (extract_article):               {ours * 1000:6.1f} ms/page, "
          f"{1 / ours:6.1f} pages/s")
    print(f"ratio ours / trafilatura: {ours / theirs:.2f} (aim: at most 1.3)")
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "probono"), "extract", *map(str, files)],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    print(f"probono extract, one process for {len(files)} files: {wall:.1f} s wall, "
          f"{len(files) / wall:.1f} pages/s (start-up included)")


if __name__ == "__main__":
    main()
