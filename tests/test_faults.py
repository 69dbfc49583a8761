"""A site with every fault served on 127.0.0.1: each ends with the right outcome, and the crawl
says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.demo_network import DemoNetwork
from tests.conftest import BIN, run

SITES = Path(__file__).parent / "fixtures" / "sites"
FEEDS = """\
sources:
  - id: faulty-feed
    name: Faulty feed
    organisation: Test
    country: FR
    homepage: http://faulty.test/
    languages: [fr]
    feeds: [http://faulty.test/feed.xml]
  - id: faulty-list
    name: Faulty listing
    organisation: Test
    country: FR
    homepage: http://faulty.test/
    languages: [fr]
    listings:
      - url: http://faulty.test/listing/
        links: a.item
  - id: faulty-sitemap
    name: Faulty sitemaps
    organisation: Test
    country: FR
    homepage: http://faulty.test/
    languages: [fr]
    sitemaps: [http://faulty.test/listing/, http://faulty.test/sitemap-big.xml.gz]
  - id: gone
    name: Gone
    organisation: Test
    country: FR
    homepage: http://faulty.test/
    languages: [fr]
    feeds: [http://faulty.test/gone.xml]
"""


@pytest.fixture(scope="module")
def faulty():
    with DemoNetwork(SITES) as network:
        yield network


def crawl(network: DemoNetwork, tmp_path: Path, *sources: str, env: dict[str, str] | None = None):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS, encoding="utf-8")
    db = tmp_path / "faults.db"
    args = [str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)]
    for source in sources:
        args += ["--source", source]
    result = run(args, env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy,
                                  "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_TIMES": "0",
                                  "PROBONO_LOG_LEVEL": "WARNING",
                                  **(env or {})})
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    return result, connection


def test_faults_end_with_the_right_outcome_and_a_second_run_retries(faulty, tmp_path):
    result, db = crawl(faulty, tmp_path, "faulty-feed", "faulty-list")
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]  # some sources failed
    articles = {a["title"]: a for a in db.execute("select * from articles")}
    # The missing page: the teaser is kept, as plain text, and marked to be fetched again.
    missing = articles["Page manquante"]
    assert (missing["via"], missing["text"]) == ("feed-teaser", "Un résumé dont la page a disparu.")
    # The file: link is never followed, whether it comes from a feed or a listing.
    assert "Lien local" not in articles
    assert not any("root:" in a["text"] or a["url"].startswith("file:") for a in articles.values())
    # No charset in the page, odd JSON-LD: the HTTP header's UTF-8 is used and nothing breaks.
    # Found by its URL: the feed and the listing run at once and both reach this page; whichever
    # stores it first gives its title (the feed's item title or the page's own), and the other
    # then finds it stored (spiders look stored URLs up as they go).
    page = next(a for a in articles.values() if a["url"].endswith("/articles/broken-json-ld/"))
    assert page["via"].endswith("page") and "Le bénévolat d'été rassemble" in page["text"]
    # The listing's bad links are refused one by one; the good link after them is still fetched.
    figures = {r["source_id"]: r for r in db.execute("select * from crawl_run_sources")}
    assert figures["faulty-list"]["pages_fetched"] == 1 and figures["faulty-list"]["errors"] == 0
    listing = figures["faulty-list"]
    # Its page is the feed's article page (one URL, one row): stored once, by whichever came first.
    assert listing["new"] + listing["updated"] + listing["unchanged"] == 1
    broken = db.execute("select count(*) from articles where url like '%broken-json-ld%'")
    assert broken.fetchone()[0] == 1
    feed = figures["faulty-feed"]
    assert feed["errors"] == 1 and feed["last_error"].endswith("/articles/missing/: HTTP 404")

    # After a failure the feed's validators are forgotten: read in full again; the failed page is
    # left alone until its back-off runs out (pipeline/backoff.py), its teaser kept meanwhile.
    result, db = crawl(faulty, tmp_path, "faulty-feed")
    second = db.execute("select * from crawl_run_sources where run_id = 2").fetchone()
    assert (second["feeds_not_modified"], second["pages_fetched"], second["pages_skipped"],
            second["backed_off"]) == (0, 0, 1, 1)
    # The missing page's teaser and the JSON-LD page (under whichever source stored it first).
    stored = db.execute("select count(*) from articles"
                        " where source_id in ('faulty-feed', 'faulty-list')")
    assert stored.fetchone()[0] == 2


def test_nothing_fetched_exits_4(faulty, tmp_path):
    result, db = crawl(faulty, tmp_path, "gone")
    assert result.returncode == 4, result.stdout + result.stderr[-2000:]
    run_row = db.execute("select status, exit_code from crawl_runs").fetchone()
    assert tuple(run_row) == ("nothing-fetched", 4)
    assert "HTTP 404" in db.execute("select last_error from crawl_run_sources").fetchone()[0]


def test_unreadable_sitemaps_fail_their_source_and_the_others_go_on(faulty, tmp_path):
    # The cap on inflated gzip lowered so that a 446-byte file holding 8,600 bytes stands for a
    # bomb.
    result, db = crawl(faulty, tmp_path, "faulty-sitemap", "faulty-list",
                       env={"PROBONO_SITEMAP_MAXSIZE": "4096"})
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    figures = {r["source_id"]: r for r in db.execute("select * from crawl_run_sources")}
    sitemap = figures["faulty-sitemap"]
    assert (sitemap["errors"], sitemap["sitemaps_read"], sitemap["pages_fetched"]) == (2, 0, 0)
    assert ("http://faulty.test/listing/: not a readable sitemap (not XML: line 1: StartTag: "
            "invalid element name)") in result.stderr  # an HTML page
    assert sitemap["last_error"] == (
        "http://faulty.test/sitemap-big.xml.gz: not a readable sitemap (gzip "
        "content larger than 4,096 bytes: refused (a gzip bomb?))")
    assert figures["faulty-list"]["errors"] == 0 and figures["faulty-list"]["pages_fetched"] == 1
