"""Near-copy lookup at 10k, 100k and 1M archived articles: what a crawl pays before its first
request and per article, now that the LSH index lives in the database (pipeline/store/lsh_bands.py).

For each size, a synthetic archive is built in bulk once (one transaction, executemany; random
signatures, a twentieth of them near copies of earlier ones so LSH buckets are shared), then its
band keys are cut by fill_bands, the code of the migration that indexes an existing archive. Each
run is then a fresh process that opens the store as a crawl does, builds the production finder
(CopyFinder.from_store), and marks and saves 200 new articles (real texts, a quarter of them near
copies of others among the 200), printing:
- start-up: opening the store (migrations checked) and building the finder, in seconds (the
  imports, the same at any size, apart);
- peak RSS of that process (VmHWM), in MB;
- insert + dedup per article: finder.mark + Store.save_article, wall and CPU milliseconds.
`--in-memory` also times the old start-up (every signature loaded into datasketch's LSH).
The database file is read once before the runs (the OS page cache, as in daily use); `--cold`
leaves it as it is.

Run: .venv/bin/python benchmarks/scale_benchmark.py [--sizes 10000 100000 1000000] [--runs 2]
     [--folder /tmp/probono-scale] [--in-memory]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.copies.signatures import NUM_PERM

NEW_ARTICLES = 200
NEAR_SHARE = 20  # one archived signature in NEAR_SHARE is a near copy of an earlier one
BULK_ROWS = 20_000  # articles inserted per executemany
SOURCE_YAML = ("sources:\n  - id: archive\n    name: Archive\n    organisation: Archive\n"
               "    country: FR\n    homepage: https://archive.example/\n    languages: [fr]\n"
               "    feeds: [https://archive.example/feed]\n")
WORDS = ["avocat", "association", "bénévole", "droit", "accès", "justice", "clinique", "juridique",
         "mécénat", "compétences", "solidarité", "barreau", "cabinet", "réseau", "semaine",
         "programme", "formation", "conseil", "gratuit", "citoyens", "quartier", "permanence",
         "entreprise", "engagement", "fondation", "projet", "rapport"]


def synthetic_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(words))


def near(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """A signature with `share` of its values redrawn: an edited copy."""
    copy = values.copy()
    redrawn = rng.random(NUM_PERM) < share
    copy[redrawn] = rng.integers(0, 2**32, int(redrawn.sum()), dtype=np.uint64)
    return copy


def build_archive(db: Path, size: int) -> dict[str, float]:
    """`size` articles inserted in bulk, then indexed by fill_bands; seconds each step took."""
    from pipeline.sources import parse_sources
    from pipeline.store import Store
    from pipeline.store.lsh_bands import fill_bands

    rng = np.random.default_rng(size)
    words = random.Random(size)
    texts = [synthetic_text(words, 60) for _ in range(997)]  # drawn once: the build stays fast
    started = time.perf_counter()
    with Store(db) as store:
        store.save_sources(parse_sources(SOURCE_YAML))
        with store.transaction() as conn:
            for first in range(0, size, BULK_ROWS):
                count = min(BULK_ROWS, size - first)
                sigs = rng.integers(0, 2**32, (count, 2, NUM_PERM), dtype=np.uint64)
                for i in range(0, count, NEAR_SHARE):
                    if first + i:  # a near copy of the previous article, at about 0.7
                        sigs[i] = [near(sigs[i - 1 if i else 0][k], rng, 0.3) for k in (0, 1)]
                rows = []
                for i in range(count):
                    n = first + i
                    url = f"https://archive.example/{n}"
                    rows.append((f"{n:016x}", url, url, "archive", f"Article {n}",
                                 texts[n % len(texts)], "2025-01-01T00:00:00+00:00", "fr",
                                 sigs[i, 0].astype("<u4").tobytes(),
                                 sigs[i, 1].astype("<u4").tobytes(), "2025-01-01T00:00:00+00:00",
                                 "2025-01-01T00:00:00+00:00"))
                conn.conn.executemany(
                    "insert into articles (id, url, canonical_url, source_id, title, text,"
                    " published, language, minhash, lead_minhash, fetched, changed)"
                    " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        inserted = time.perf_counter()
        with store.transaction() as conn:
            fill_bands(conn)
        indexed = time.perf_counter()
    return {"insert_s": inserted - started, "index_s": indexed - inserted,
            "db_mb": db.stat().st_size / 1e6}


def new_articles(run: str) -> list[tuple[str, str]]:
    """(id, text): 150 texts of their own, 50 near copies of them (a header and a line added)."""
    rng = random.Random(run)
    texts = [synthetic_text(rng, 400) for _ in range(NEW_ARTICLES * 3 // 4)]
    copies = [f"Publié le 3 mars\n{texts[i]}\nSource : réseau"
              for i in range(NEW_ARTICLES - len(texts))]
    return [(f"run{run}-{i:04d}", text) for i, text in enumerate(texts + copies)]


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries that across exec, so a
    child would report the benchmark parent's peak once it had built a large archive."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure(db: Path, run: str, in_memory: bool) -> dict[str, float]:
    """One crawl-like process: open, build the finder, mark and save NEW_ARTICLES articles."""
    started = time.perf_counter()
    from pipeline.article import Article
    from pipeline.copies.finder import CopyFinder
    from pipeline.store import Store

    imported = time.perf_counter()
    store = Store(db)
    finder = (CopyFinder.in_memory(store.signatures(), store.article_text) if in_memory
              else CopyFinder.from_store(store))
    ready = time.perf_counter()
    articles = [Article(url=f"https://archive.example/new/{aid}", source="archive", id=aid,
                        title=aid, text=text, language="fr") for aid, text in new_articles(run)]
    wall, cpu, copies = time.perf_counter(), time.process_time(), 0
    for article in articles:
        marked = finder.mark(article)
        copies += marked.near_copy_of is not None
        store.save_article(marked)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close()
    return {"imports_s": imported - started, "startup_s": ready - imported,
            "peak_rss_mb": peak_rss_mb(),
            "per_article_ms": wall / len(articles) * 1000,
            "per_article_cpu_ms": cpu / len(articles) * 1000, "copies_found": copies}


def warm(db: Path) -> None:
    """Read the database file once: a database in daily use sits in the OS page cache, a freshly
    built one may not (at 1M, half of it had been evicted: 10 ms an article instead of 7.4)."""
    with db.open("rb") as data:
        while data.read(1 << 24):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/probono-scale"))
    parser.add_argument("--cold", action="store_true",
                        help="do not read the database file into the OS page cache first")
    parser.add_argument("--in-memory", action="store_true",
                        help="also time the old finder, every signature loaded (not at 1M)")
    parser.add_argument("--measure", nargs=3, metavar=("DB", "RUN", "IN_MEMORY"),
                        help=argparse.SUPPRESS)  # the child process of one run
    args = parser.parse_args()
    if args.measure:
        db, run, in_memory = args.measure
        print(json.dumps(measure(Path(db), run, in_memory == "1")))
        return
    args.folder.mkdir(parents=True, exist_ok=True)
    print("size       finder  run imports_s startup_s peak_rss_MB insert+dedup_ms (cpu) copies")
    for size in args.sizes:
        db = args.folder / f"archive-{size}.db"
        if not db.exists():  # built once per size; each run adds its own 200 articles
            built = build_archive(db, size)
            print(f"# {size}: inserted in {built['insert_s']:.1f} s, bands in"
                  f" {built['index_s']:.1f} s, {built['db_mb']:.0f} MB", flush=True)
        if not args.cold:
            warm(db)
        kinds = ["stored"] + (["memory"] if args.in_memory and size <= 100_000 else [])
        for kind in kinds:
            for run in range(1, args.runs + 1):
                # Articles of their own each run: earlier runs' stay in the archive.
                tag = f"{kind}-{os.getpid()}-{time.time_ns()}"
                out = subprocess.run([sys.executable, __file__, "--measure", str(db), tag,
                                      "1" if kind == "memory" else "0"], check=True,
                                     capture_output=True, text=True).stdout
                m = json.loads(out.strip().splitlines()[-1])
                print(f"{size:<10} {kind:<6} {run:4d} {m['imports_s']:9.3f} {m['startup_s']:9.3f}"
                      f" {m['peak_rss_mb']:11.0f} {m['per_article_ms']:10.2f}"
                      f" ({m['per_article_cpu_ms']:.2f}) {m['copies_found']:6d}", flush=True)


if __name__ == "__main__":
    main()
