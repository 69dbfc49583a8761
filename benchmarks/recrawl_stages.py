#!/usr/bin/env python3
"""Where a crawl with nothing new spends its time: one command, a table printed, nothing asserted.

    .venv/bin/python benchmarks/recrawl_stages.py [--sites 50] [--articles 20] [--runs 2]
        [--folder DIR] [--archive 100000] [--bytecode-cache]

Generates the synthetic network of crawl_benchmark.py (or reuses the one in --folder), crawls it
once with the real `probono crawl` in a child process, then re-crawls a copy of that database
`--runs` times in this process, with a wall clock around each fixed cost: imports, feeds.yaml,
opening the run, each crawler's set-up (Scrapy's engine, middlewares, the crawl's memory read from
the database), the network (robots.txt, feeds answered 304, listings), the bookkeeping written as
each spider closes, and the run's end. The process start itself is measured apart (`python -c
pass`), as is the whole `probono crawl` command in a child process.

`--archive N` adds N stored articles of another source to the first crawl's database (in bulk,
once, kept in --folder as archive-N.db) before the re-crawls: what a re-crawl pays for the size
of the archive (the pages it skips are looked up in it).

The whole `probono crawl` prints its CPU time and peak memory (the child's own ru_maxrss) too.
`--bytecode-cache`: when the environment sets PYTHONDONTWRITEBYTECODE, each crawl compiles the
project's modules from source again (0.1-0.3 s here); with it, the project is compiled
beforehand, next to its modules, and the crawls use that bytecode, as an installed probono does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SPENT: defaultdict[str, float] = defaultdict(float)


def timed(owner: Any, name: str, stage: str) -> None:
    """Wrap owner.name so that its wall time adds to SPENT[stage] (outermost call only)."""
    original = getattr(owner, name)
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                SPENT[stage] += time.perf_counter() - started

    setattr(owner, name, wrapper)


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        SPENT[name] += time.perf_counter() - started


def environment(proxy: str, folder: Path) -> dict[str, str]:
    return {"PROBONO_LOOPBACK_PROXY": proxy, "PROBONO_ALLOW_ORIGINS": proxy,
            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
            "PROBONO_CONCURRENT_REQUESTS_PER_DOMAIN": "8",
            "PROBONO_LOG_FILE": str(folder / "crawl.log")}


def child_crawl(feeds: Path, db: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB: the child's VmHWM, ru_maxrss) of one
    `probono crawl` in a child process."""
    started = time.perf_counter()
    child = subprocess.Popen([str(ROOT / ".venv" / "bin" / "probono"), "crawl", "--db", str(db),
                              "--feeds", str(feeds)], env={**os.environ, **env},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own figures, not all children's
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def in_process_recrawl(feeds: Path, db: Path) -> dict[str, float]:
    """One re-crawl in this process, its time by stage (the imports only count the first time)."""
    SPENT.clear()
    with stage("imports (pipeline, Scrapy, spiders)"):
        import scrapy.core.engine
        import scrapy.crawler

        import pipeline.crawl_bookkeeping as bookkeeping
        import pipeline.pipelines
        import spiders.base
        import spiders.feeds
        import spiders.pages
        from pipeline.commands import crawl as command
    if not getattr(command, "_timed", False):
        command._timed = True  # type: ignore[attr-defined]
        timed(command, "load_sources", "feeds.yaml read and checked")
        timed(spiders.base, "load_sources", "spider's feeds.yaml")
        timed(command, "_open_run", "run opened (store, migrations check, sources)")
        timed(command._SourceCrawl, "_ways", "ways in read (store)")  # apart, before the cut
        timed(scrapy.crawler.Crawler, "__init__", "Scrapy crawler set-up")
        timed(scrapy.crawler.Crawler, "_apply_settings", "Scrapy crawler set-up")
        timed(scrapy.crawler.Crawler, "_create_spider", "Scrapy crawler set-up")
        timed(scrapy.crawler.Crawler, "_create_engine", "Scrapy crawler set-up")
        timed(bookkeeping.CrawlBookkeeping, "open", "memory read (store: URLs, states)")
        closed = bookkeeping.CrawlBookkeeping.spider_closed

        # Its own signature: Scrapy's signals pass a receiver only the arguments it names.
        def spider_closed(self: Any, reason: str) -> None:
            with stage("bookkeeping written"):
                closed(self, reason)

        bookkeeping.CrawlBookkeeping.spider_closed = spider_closed  # type: ignore[method-assign]
        opened = pipeline.pipelines.StorePipeline.open_spider

        def open_spider(self: Any) -> None:
            with stage("store stage opened"):
                opened(self)

        pipeline.pipelines.StorePipeline.open_spider = open_spider  # type: ignore[method-assign]
        timed(scrapy.crawler.CrawlerProcess, "start", "reactor (network, engine start/stop)")
        timed(command, "_finish", "run closed")
    started = time.perf_counter()
    result = command.run_crawl(db, feeds)
    SPENT["total (run_crawl)"] = time.perf_counter() - started
    spent = dict(SPENT)
    # Nested stages are shown apart: the memory is read and feeds.yaml by each spider during
    # Scrapy's set-up; the bookkeeping and the store stage run inside the reactor.
    setup, reactor = "Scrapy crawler set-up", "reactor (network, engine start/stop)"
    for inner in ("memory read (store: URLs, states)", "spider's feeds.yaml"):
        spent[setup] = spent.get(setup, 0.0) - spent.get(inner, 0.0)
    for inner in ("bookkeeping written", "store stage opened"):
        spent[reactor] = spent.get(reactor, 0.0) - spent.get(inner, 0.0)
    spent["status"] = float(result.exit_code)
    return spent


def add_archive(first: Path, db: Path, size: int) -> float:
    """A copy of the first crawl's database with `size` more stored articles (another source's),
    written in bulk; seconds it took. The URL index is filled as the migration fills it, when
    the code has one."""
    from pipeline.sources import parse_sources
    from pipeline.store import Store

    started = time.perf_counter()
    shutil.copy(first, db)
    with Store(db) as store:  # migrated here, not in the timed re-crawls
        store.save_sources(parse_sources(
            "sources:\n  - id: archive\n    name: Archive\n    organisation: Archive\n"
            "    country: FR\n    homepage: https://archive.example/\n    languages: [fr]\n"
            "    feeds: [https://archive.example/feed]\n    enabled: false\n"))
        last = store.db.execute("select coalesce(max(rowid), 0) from articles").fetchone()[0]
        with store.transaction() as conn:
            for first_row in range(0, size, 20_000):
                conn.conn.executemany(
                    "insert into articles (id, url, canonical_url, source_id, title, text, via,"
                    " fetched, changed, published) values (?, ?, ?, 'archive', ?, ?, 'page',"
                    " '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00',"
                    " '2025-01-01T00:00:00+00:00')",
                    [(f"arch{n:012x}", f"https://archive.example/{n}/",
                      f"https://archive.example/{n}/", f"Article {n}", f"Texte {n}")
                     for n in range(first_row, min(size, first_row + 20_000))])
            try:
                from pipeline.store.seen import fill_url_keys
            except ImportError:  # the code before the URL index: nothing to fill
                pass
            else:
                fill_url_keys(conn, after_rowid=last)
    return time.perf_counter() - started


def main() -> None:
    from crawl_benchmark import generate, keep_bytecode

    from pipeline.demo_network import DemoNetwork, substitute

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--articles", type=int, default=20, help="articles per site")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--folder", type=Path, help="keep (or reuse) the network and first crawl")
    parser.add_argument("--archive", type=int, default=0,
                        help="stored articles added to the first crawl's database")
    parser.add_argument("--bytecode-cache", action="store_true",
                        help="crawl processes keep their compiled bytecode (see keep_bytecode)")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)  # DB FEEDS
    args = parser.parse_args()
    if args.one:
        print(json.dumps(in_process_recrawl(args.one[1], args.one[0])))
        return
    folder = args.folder or Path(tempfile.mkdtemp(prefix="probono-recrawl-"))
    if args.bytecode_cache:
        keep_bytecode()
    compiled_again = os.environ.get("PYTHONDONTWRITEBYTECODE")
    print("bytecode: " + ("compiled again by each crawl (PYTHONDONTWRITEBYTECODE)"
                          if compiled_again else "kept"), flush=True)
    if not (folder / "feeds.yaml").exists():
        generate(folder, args.sites, args.articles)
    with DemoNetwork(folder / "sites") as network:
        assert network.proxy is not None
        feeds = folder / "feeds.resolved.yaml"
        feeds.write_text(substitute((folder / "feeds.yaml").read_text(encoding="utf-8"),
                                    network.bases), encoding="utf-8")
        first_db = folder / "first.db"
        env = environment(network.proxy, folder)
        os.environ.update(env)
        if not first_db.exists():
            wall, cpu, peak = child_crawl(feeds, first_db, env)
            print(f"first crawl: {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MB", flush=True)
        from pipeline.store import Store

        with Store(first_db):  # migrated by this code once, not in the timed re-crawls
            pass
        if args.archive:
            archived = folder / f"archive-{args.archive}.db"
            if not archived.exists():
                print(f"archive of {args.archive:,} more articles built in"
                      f" {add_archive(first_db, archived, args.archive):.1f} s", flush=True)
            first_db = archived
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        print(f"python start (no imports): {time.perf_counter() - started:.2f} s")
        for run in range(args.runs):
            db = folder / f"recrawl-{run}.db"
            shutil.copy(first_db, db)
            os.sync()  # the copy written out now, not while the crawl is timed
            wall, cpu, peak = child_crawl(feeds, db, env)
            print(f"probono crawl, nothing new, child process: {wall:.2f} s, CPU {cpu:.2f} s,"
                  f" peak RSS {peak:.0f} MB")
        for run in range(args.runs):
            db = folder / f"recrawl-in-{run}.db"
            shutil.copy(first_db, db)
            os.sync()  # the copy written out now, not while the crawl is timed
            # A child each: Twisted's reactor runs once per process.
            answer = subprocess.run([sys.executable, __file__, "--one", str(db), str(feeds)],
                                    check=True, capture_output=True, text=True)
            spent = json.loads(answer.stdout.strip().splitlines()[-1])
            print(f"\nre-crawl {run + 1} in process (exit code {spent.pop('status'):.0f}):")
            for name, seconds in sorted(spent.items(), key=lambda pair: -pair[1]):
                print(f"  {name:<48} {seconds:6.2f} s")
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
