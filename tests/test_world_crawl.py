"""A generated network (tests/world: every site style, every language) described by homepages
alone, crawled by real `probono crawl` processes on 127.0.0.1: the articles are found and nothing
else is stored, discovery stays within its request budget and is not repeated, a re-crawl fetches
no article page, and sites that move their news section or drop their feed are read again.
The same figures on 36 sites, side by side with the explicit configuration, are printed by
benchmarks/discovery_benchmark.py."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pipeline.urls import identity_url
from tests.conftest import BIN, run
from tests.world.generator import STYLES, make_world
from tests.world.score import score
from tests.world.server import WorldServer

FAST = {"PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
        "PROBONO_RETRY_TIMES": "0"}


def crawl(server: WorldServer, db: Path, feeds: Path) -> None:
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": server.proxy, **FAST}, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def test_a_generated_network_from_its_homepages_alone(tmp_path):
    world = make_world(seed=5, count=12, now=datetime.now(UTC))
    assert {site.style for site in world.sites} == set(STYLES)
    assert len({site.language for site in world.sites}) == 12
    db = tmp_path / "world.db"
    with WorldServer(world) as server:
        feeds = server.write_feeds("homepage", tmp_path / "feeds.yaml")
        crawl(server, db, feeds)
        first = score(db, world)
        before = {site: len(requests) for site, requests in server.site_requests.items()}
        crawl(server, db, feeds)
        recrawl = [url for site, requests in server.site_requests.items()
                   for url, _ in requests[before.get(site, 0):]]
        changed = [site for site in world.sites if site.variant.feed][:2] + [
            site for site in world.sites if site.style != "onepage-cards"][-2:]
        for site in changed[:2]:
            site.drop_feed()
        for site in changed[2:]:
            site.move_news_section()
        crawl(server, db, feeds)
        after = score(db, world)
    assert first.recall >= 0.98 and first.precision >= 0.99, first.table()
    connection = sqlite3.connect(db)
    discovery = connection.execute("select run_id, source_id, requests from crawl_run_sources"
                                   " where spider = 'ways' order by run_id").fetchall()
    first_run = [requests for run_id, _, requests in discovery if run_id == 1]
    assert len(first_run) == 12 and max(first_run) <= 15, discovery
    assert not [row for row in discovery if row[0] == 2]  # the ways in work: not looked for again
    articles = {identity_url(f"http://{site.id}.test{expected.path}")
                for site in world.sites for expected in site.expected}
    assert recrawl and not [url for url in recrawl if identity_url(url) in articles]
    # After the changes, each changed site was looked for again and read through its new way in.
    again = {source for run_id, source, _ in discovery if run_id == 3}
    assert again == {site.id for site in changed}
    for site in changed:
        assert after.sites[site.id].recall >= 0.98, (site.id, after.sites[site.id].missing)
    assert after.precision >= 0.99
