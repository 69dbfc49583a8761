"""Homepage-only sources on a generated network (tests/world): what discovery finds and costs.

    .venv/bin/python benchmarks/discovery_benchmark.py [--sites 36] [--seed 13]

Generates `--sites` member sites (11 site styles x 12+ languages, tests/world/generator.py), serves
them on 127.0.0.1 and runs real `probono crawl` processes:

1. the explicit configuration (feeds, listings with CSS selectors, sitemaps, as a careful operator
   would write them) into one database;
2. the same sites described by their homepage alone into another, then a re-crawl of it;
3. after a quarter of the sites moved their news section or dropped their feed, a third crawl.

Prints article recall and precision (and title, date, author, language exact rates) per style and
overall, side by side; discovery requests per site (first crawl, re-crawl); the requests of the
re-crawl and the article pages it fetched; whether every changed site was found again.
Figures, not assertions: tests/test_homepage_only.py and tests/test_world_crawl.py assert.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.urls import identity_url
from tests.world.generator import make_world
from tests.world.score import score
from tests.world.server import WorldServer
from tests.world.strange import StrangeServer, make_strange_world

WORLDS = {"generated": (make_world, WorldServer), "strange": (make_strange_world, StrangeServer)}

PROBONO = ROOT / ".venv" / "bin" / "probono"


def crawl(server: WorldServer, db: Path, feeds: Path) -> tuple[int, float]:
    """One `probono crawl`; its exit code and wall time."""
    env = {**os.environ, "PROBONO_LOOPBACK_PROXY": server.proxy,
           "PROBONO_ALLOW_ORIGINS": server.proxy, "PROBONO_DOWNLOAD_DELAY": "0",
           "PROBONO_AUTOTHROTTLE_ENABLED": "false", "PROBONO_RETRY_TIMES": "0",
           "PROBONO_LOG_FILE": str(db.with_suffix(".log"))}
    started = time.monotonic()
    result = subprocess.run([str(PROBONO), "crawl", "--db", str(db), "--feeds", str(feeds)],
                            env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode not in (0, 1):
        sys.exit(f"crawl of {feeds.name} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.returncode, time.monotonic() - started


def discovery_requests(db: Path, run: str = "max") -> dict[str, int]:
    """Requests of the ways spider per source in the first (min) or last (max) run."""
    connection = sqlite3.connect(db)
    try:
        return dict(connection.execute(
            "select source_id, sum(requests) from crawl_run_sources where spider = 'ways' and"
            f" run_id = (select {run}(id) from crawl_runs) group by source_id"))
    finally:
        connection.close()


def side_by_side(found, explicit) -> str:
    rows = [f"{'style':16} | {'homepage only':^41} | {'explicit configuration':^41}",
            f"{'':16} | {'recall':>6} {'prec':>6} {'title':>6} {'date':>6} {'author':>6} "
            f"{'lang':>6} | {'recall':>6} {'prec':>6} {'title':>6} {'date':>6} {'author':>6} "
            f"{'lang':>6}"]
    for name in [*sorted(found.styles), "ALL"]:
        cells = []
        for result in (found, explicit):
            f = result if name == "ALL" else result.styles[name]
            cells.append(f"{f.recall:6.3f} {f.precision:6.3f} {f.title_rate:6.3f} "
                         f"{f.date_rate:6.3f} {f.author_rate:6.3f} {f.language_rate:6.3f}")
        rows.append(f"{name:16} | {cells[0]} | {cells[1]}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=36)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--world", choices=sorted(WORLDS), default="generated",
                        help="generated (tests/world/generator.py) or strange "
                             "(tests/world/strange.py)")
    args = parser.parse_args()
    make, serve = WORLDS[args.world]
    world = make(args.seed, args.sites, datetime.now(UTC))
    styles = sorted({site.style for site in world.sites})
    languages = sorted({site.language for site in world.sites})
    print(f"world: seed {args.seed}, {len(world.sites)} sites, {len(styles)} styles, "
          f"{len(languages)} languages ({', '.join(languages)}), "
          f"{sum(len(site.expected) for site in world.sites)} articles expected")
    with tempfile.TemporaryDirectory() as folder, serve(world) as server:
        work = Path(folder)
        explicit_db, found_db = work / "explicit.db", work / "found.db"
        code_e, time_e = crawl(server, explicit_db, server.write_feeds("explicit", work / "e.yaml"))
        explicit = score(explicit_db, world)
        homepages = server.write_feeds("homepage", work / "h.yaml")
        before = len(server.requests)
        code_f, time_f = crawl(server, found_db, homepages)
        first_requests = len(server.requests) - before
        found = score(found_db, world)
        first_discovery = discovery_requests(found_db, "min")

        before = {site: len(requests) for site, requests in server.site_requests.items()}
        code_r, time_r = crawl(server, found_db, homepages)
        recrawl = {site: server.site_requests[site][before.get(site, 0):]
                   for site in server.site_requests}
        articles = {identity_url(f"http://{site.id}.test{e.path}")
                    for site in world.sites for e in site.expected}
        article_fetches = sum(1 for requests in recrawl.values() for url, _ in requests
                              if identity_url(url) in articles)
        recrawl_requests = sum(len(requests) for requests in recrawl.values())
        recrawl_discovery = discovery_requests(found_db, "max")

        changed = world.sites[::4]
        for number, site in enumerate(changed):
            if number % 2 and site.variant.feed:
                site.drop_feed()
            else:
                site.move_news_section()
        code_m, _ = crawl(server, found_db, homepages)
        after = score(found_db, world)

    print(f"\ncrawl exit codes: explicit {code_e}, homepage-only {code_f}, re-crawl {code_r}, "
          f"after changes {code_m}")
    print(f"wall time: explicit {time_e:.1f} s, homepage-only {time_f:.1f} s, "
          f"re-crawl {time_r:.1f} s ({time_r / time_f:.0%} of the first)\n")
    print(side_by_side(found, explicit))
    counts = sorted(first_discovery.values())
    print(f"\ndiscovery requests per site, first crawl: median {statistics.median(counts):g}, "
          f"max {max(counts)}, {len(counts)} sites (limit 15)")
    print(f"discovery requests on the re-crawl: {sum(recrawl_discovery.values())}")
    print(f"re-crawl: {recrawl_requests} requests ({recrawl_requests / first_requests:.1%} of the "
          f"first crawl's {first_requests}), article pages fetched: {article_fetches}")
    again = [site for site in changed if after.sites[site.id].recall >= 0.98]
    print(f"after changes: {len(changed)} sites changed (news section moved or feed dropped), "
          f"{len(again)} read again with recall >= 0.98; overall recall {after.recall:.3f}, "
          f"precision {after.precision:.3f}")
    weakest = sorted(found.sites.items(), key=lambda item: (item[1].recall, item[1].precision))[:5]
    print("\nweakest sites (homepage only): " + "; ".join(
        f"{site} recall {f.recall:.2f} precision {f.precision:.2f}" for site, f in weakest))
    for site, f in weakest:
        if f.recall < 1 or f.precision < 1:
            print(f"  {site}: missing {f.missing[:3]}, extra {f.extra[:3]}")


if __name__ == "__main__":
    main()
