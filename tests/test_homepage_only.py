"""Homepage-only sources on 127.0.0.1: the demo network described by homepages alone is crawled
by a real `probono crawl` into the same stories as its explicit configuration; discovery is cheap
and remembered, a re-crawl fetches no article page, and a site that drops its feed or moves its
news section is found again on the next crawl."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from pipeline.demo_network import SITES_DIR, DemoNetwork
from pipeline.urls import identity_url
from tests.conftest import BIN, run

SIX_KEYS = ("id", "name", "organisation", "country", "homepage", "languages")
FAST = {"PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
        "PROBONO_RETRY_TIMES": "0"}


def homepage_only(explicit: Path, destination: Path, keep: tuple[str, ...] = ()) -> Path:
    """The same sources with their six required keys only (and `keep`): no way in named."""
    sources = yaml.safe_load(explicit.read_text(encoding="utf-8"))["sources"]
    bare = [{key: source[key] for key in (*SIX_KEYS, *keep) if key in source} for source in sources]
    destination.write_text(yaml.safe_dump({"sources": bare}, allow_unicode=True), encoding="utf-8")
    return destination


def crawl(network: DemoNetwork, db: Path, feeds: Path) -> sqlite3.Connection:
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy, **FAST})
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    return connection


def stories(connection: sqlite3.Connection) -> dict[str, str]:
    """identity URL -> title of every stored article (copies included)."""
    return {identity_url(row["canonical_url"] or row["url"]): row["title"]
            for row in connection.execute("select url, canonical_url, title from articles")}


@pytest.fixture
def sites(tmp_path) -> Path:
    """A copy of the demo sites, which a test may change between crawls."""
    return Path(shutil.copytree(SITES_DIR, tmp_path / "sites"))


def test_homepages_alone_give_the_stories_of_the_explicit_configuration(sites, tmp_path):
    with DemoNetwork(sites) as network:
        explicit = network.write_feeds(tmp_path / "explicit.yaml")
        bare = homepage_only(explicit, tmp_path / "bare.yaml", keep=("kind", "backfill_days", "max_age_days"))
        wanted = stories(crawl(network, tmp_path / "explicit.db", explicit))
        first = len(network.requests)
        found_db = crawl(network, tmp_path / "found.db", bare)
        found = stories(found_db)
        discovery = {row["source_id"]: row["requests"] for row in found_db.execute(
            "select source_id, requests from crawl_run_sources where spider = 'ways'")}
        ways = found_db.execute("select source_id, kind, how, url from ways_in"
                                " where status = 'active'").fetchall()
        second_crawl = network.requests[first:]
        before = len(network.requests)
        again = crawl(network, tmp_path / "found.db", bare)
        recrawl = network.requests[before:]
    assert set(found) == set(wanted), (set(found) ^ set(wanted))
    assert found == wanted  # the same titles too
    assert set(discovery) == {path.name for path in sites.iterdir() if path.is_dir()}
    assert max(discovery.values()) <= 15, discovery
    kinds = {row["source_id"]: row["kind"] for row in ways}
    assert kinds["demo-fr-rss"] == "feed" and kinds["demo-es-html"] == "listing"
    assert kinds["demo-pt-sitemap"] == "sitemap"
    # The re-crawl looks for nothing (the ways in work) and fetches no article page.
    assert not again.execute("select 1 from crawl_run_sources r join crawl_runs c"
                             " on c.id = r.run_id where r.spider = 'ways' and c.id ="
                             " (select max(id) from crawl_runs)").fetchall()
    fetched_again = [target for target, _ in recrawl if identity_url(target) in found]
    assert not fetched_again, fetched_again
    assert len(recrawl) < len(second_crawl) / 3, (len(recrawl), len(second_crawl))


def rewrite(site: Path, old: str, new: str) -> None:
    """Replace a text in every file of a site (its pages link the moved section)."""
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8")
            if old in text:
                path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_dropped_feed_and_a_moved_section_are_found_again_on_the_next_crawl(sites, tmp_path):
    with DemoNetwork(sites) as network:
        bare = homepage_only(network.write_feeds(tmp_path / "explicit.yaml"), tmp_path / "bare.yaml",
                             keep=("kind", "backfill_days", "max_age_days"))
        db = tmp_path / "found.db"
        crawl(network, db, bare).close()
        # Between two crawls: one member drops its feed, another moves its news section.
        (sites / "demo-fr-rss" / "feed.xml").unlink()
        rewrite(sites / "demo-fr-rss", '<link rel="alternate" type="application/rss+xml"', "<link")
        (sites / "demo-es-html" / "noticias").rename(sites / "demo-es-html" / "novedades")
        rewrite(sites / "demo-es-html", "/noticias/", "/novedades/")
        connection = crawl(network, db, bare)  # exit 0: ways in that changed are not failures
        sources = run([str(BIN / "probono"), "sources", "--db", str(db)])
    ways = {(row["source_id"], row["kind"], row["status"]) for row in connection.execute(
        "select source_id, kind, status from ways_in")}
    assert {("demo-fr-rss", "feed", "broken"), ("demo-fr-rss", "listing", "active")} <= ways
    es = connection.execute("select url, status from ways_in where source_id = 'demo-es-html'"
                            " order by status").fetchall()
    assert [(Path(url).name, status) for url, status in es] == [("novedades", "active"),
                                                               ("noticias", "broken")]
    moved = connection.execute("select count(*) from articles where url like '%/novedades/%'")
    assert moved.fetchone()[0] >= 5  # read through the section where it is now
    assert sources.returncode == 0, sources.stderr
    assert "way in: listing (navigation): http://demo-es-html.test/novedades/" in sources.stdout
    assert "way in: listing (navigation): http://demo-fr-rss.test/actualites/" in sources.stdout
    changes = [row[0] for row in connection.execute(
        "select change from way_changes where source_id = 'demo-fr-rss' order by id")]
    assert changes[0].startswith("found feed (linked, full text)")
    assert any(change.startswith("broken: feed (linked, full text)") and "HTTP 404" in change
               for change in changes)
    assert changes[-1].startswith("found listing (navigation)")


def test_a_site_with_no_way_in_fails_alone_and_says_why(sites, tmp_path):
    (sites / "demo-bare").mkdir()
    (sites / "demo-bare" / "index.html").write_text(
        "<html lang='fr'><body><h1>Bientôt</h1><p>Notre site arrive.</p></body></html>",
        encoding="utf-8")
    with DemoNetwork(sites) as network:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"""sources:
  - id: demo-bare
    name: Bare
    organisation: Bare
    country: FR
    homepage: {network.bases['demo-bare']}/
    languages: [fr]
  - id: demo-fr-rss
    name: Atelier
    organisation: Atelier
    country: FR
    homepage: {network.bases['demo-fr-rss']}/
    languages: [fr]
""", encoding="utf-8")
        result = run([str(BIN / "probono"), "crawl", "--db", str(tmp_path / "x.db"), "--feeds",
                      str(feeds)], env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy, **FAST})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "demo-bare" in result.stderr and "no way in found" in result.stderr
    connection = sqlite3.connect(tmp_path / "x.db")
    assert connection.execute("select count(*) from articles where source_id = 'demo-fr-rss'"
                              ).fetchone()[0] == 10


def test_a_hostile_homepage_cannot_make_discovery_fetch_private_addresses_or_run_long(tmp_path):
    """A homepage that links 60 feeds, 40 "news" sections, a victim on a private address and
    another site: discovery stays within 15 requests of the site, fetches nothing off it, and
    the victim and the other site get no request."""
    from tests.security.test_ssrf import Server, victim_links

    with Server() as site, Server() as victim, Server() as other:
        feeds = "".join(f'<link rel="alternate" type="application/rss+xml" href="/feed-{i}.xml">'
                        for i in range(60))
        hostile = "".join(f'<link rel="alternate" type="application/rss+xml" href="{url}">'
                          for url in victim_links(victim.port))
        news = "".join(f'<li><a href="/news-{i}/">News {i}</a></li>' for i in range(40))
        page = (f"<html><head>{hostile}{feeds}</head><body><nav><ul>"
                f'<li><a href="{victim.origin}/news/">News</a></li>'
                f'<li><a href="{other.origin}/actualites/">Actualités</a></li>{news}'
                "</ul></nav><p>Welcome.</p></body></html>")
        site.routes["/"] = (200, {"Content-Type": "text/html"}, page.encode())
        victim.routes["/secret"] = (200, {"Content-Type": "application/rss+xml"}, b"<rss/>")
        feeds_file = tmp_path / "feeds.yaml"
        feeds_file.write_text(f"""sources:
  - id: hostile
    name: Hostile
    organisation: Hostile
    country: FR
    homepage: {site.origin}/
    languages: [en]
""", encoding="utf-8")
        # The site itself is allowed (it is on loopback here); the victim and the other are not.
        result = run([str(BIN / "probono"), "crawl", "--db", str(tmp_path / "h.db"), "--feeds",
                      str(feeds_file)], env_extra={"PROBONO_ALLOW_ORIGINS": site.origin, **FAST})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no way in found" in result.stderr
    assert sum(site.hits.values()) <= 15, site.hits
    assert not victim.hits and not other.hits


def review_queue(connection: sqlite3.Connection) -> list[tuple]:
    """The editors' review queue, by the canned query Datasette serves (data/metadata.yaml)."""
    metadata = yaml.safe_load((Path(__file__).parents[1] / "data" / "metadata.yaml").read_text())
    sql = metadata["databases"]["probono"]["queries"]["review_queue"]["sql"]
    return connection.execute(sql, {"language": ""}).fetchall()


def test_a_first_crawl_archives_what_is_older_than_backfill_days(sites, tmp_path):
    """The demo network added with the default backfill_days (30): its stories of 2015-2026 are
    stored and searchable, none waits for review; with backfill_days: 3650 they do."""
    with DemoNetwork(sites) as network:
        explicit = network.write_feeds(tmp_path / "explicit.yaml")
        bare = homepage_only(explicit, tmp_path / "bare.yaml")
        archived = crawl(network, tmp_path / "archived.db", bare)
        queued = crawl(network, tmp_path / "queued.db", explicit)
    newest = archived.execute("select max(published) from articles").fetchone()[0]
    assert newest < "2026-11-06"  # every demo story is older than 30 days today
    count, archived_count = archived.execute("select count(*), sum(archived) from articles").fetchone()
    assert count >= 40 and archived_count == count
    assert review_queue(archived) == []
    assert archived.execute("select count(*) from articles_fts where articles_fts match 'pro'"
                            ).fetchone()[0] > 0  # still searchable
    assert queued.execute("select sum(archived) from articles").fetchone()[0] == 0
    assert len(review_queue(queued)) > 20
