"""A network with the traps of real ones (tests/trap_network.py), crawled twice by `probono crawl`:
both crawls exit 0, the second fetches no article page, robots.txt is read once per origin by the
first crawl and kept for the second (not asked again), and what is stored is the expected
stories, once each, under their plain URLs."""

from __future__ import annotations

import sqlite3
from collections import Counter
from urllib.parse import urlsplit

import pytest

from pipeline.demo_network import DemoNetwork
from tests import trap_network
from tests.conftest import BIN, run

ORIGINS = ("http://trap-member.test", "http://trap-media.test")


@pytest.fixture
def traps(tmp_path):
    sites = tmp_path / "sites"
    stories = trap_network.write_network(sites, seed=11)
    with DemoNetwork(sites) as network:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(trap_network.feeds_yaml(network.bases), encoding="utf-8")
        yield network, feeds, trap_network.expected(stories, network.bases)


def crawl(network: DemoNetwork, feeds, db):
    """One `probono crawl`: its exit code, the request targets the sites saw, and its output."""
    before = len(network.requests)
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy,
                            "PROBONO_ALLOW_ORIGINS": network.proxy,
                            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "0"})
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, [url for url, _ in network.requests[before:]], result


def test_trap_network_crawls_clean_twice(traps, tmp_path):
    network, feeds, expected = traps
    db = tmp_path / "traps.db"
    code, first, result = crawl(network, feeds, db)
    assert code == 0, result.stdout + result.stderr[-3000:]
    robots = Counter(url for url in first if urlsplit(url).path == "/robots.txt")
    assert robots == Counter({f"{origin}/robots.txt": 1 for origin in ORIGINS})
    assert not [url for url in first if "/private/" in url]  # disallowed: never fetched
    # The homepage and a tag page named by the sitemap and the feed are known by their shape.
    assert not [url for url in first if urlsplit(url).path in ("/", "/tag/volunteering/")]

    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    articles = connection.execute("select * from articles").fetchall()
    originals = {row["url"]: row for row in articles if row["duplicate_of"] is None}
    # The feed's own teaser of a page robots.txt keeps us from is what the site published: kept
    # as a teaser, its page never asked for.
    teasers = {url for url, row in originals.items() if "/private/" in url}
    assert {originals[url]["via"] for url in teasers} <= {"feed-teaser"}
    assert set(originals) - teasers == set(expected)  # the stories, and nothing else
    for url, story in expected.items():
        row = originals[url]
        assert row["title"] == story["title"] and row["author"] == story["author"]
        assert row["source_id"].startswith(trap_network.MEMBER)  # never the medium's
    # The mirror path, if stored at all, is a copy of the plain one.
    for row in articles:
        assert "utm_" not in row["url"]
        if "/mirror/" in row["url"]:
            assert originals[next(u for u in expected if u.endswith(urlsplit(row["url"]).path[
                len("/mirror/2024"):]))]["id"] == row["duplicate_of"]
    stored_first = [tuple(r) for r in connection.execute("select * from articles order by id")]
    connection.close()

    code, second, result = crawl(network, feeds, db)
    assert code == 0, result.stdout + result.stderr[-3000:]
    pages = [url for url in second if "/news/story" in url or "/mirror/" in url]
    assert pages == [], pages  # a re-crawl fetches no article page
    robots = Counter(url for url in second if urlsplit(url).path == "/robots.txt")
    assert robots == Counter(), robots  # kept by the first crawl (table robots_files)
    connection = sqlite3.connect(db)
    stored = [tuple(r) for r in connection.execute("select * from articles order by id")]
    assert stored == stored_first
    connection.close()


def test_demo_network_crawled_twice_by_probono_crawl(demo_network, tmp_path):
    """The demo network through `probono crawl`: exit 0 twice, robots.txt once per origin by the
    first crawl (kept for the second), and the second crawl asks only for feeds, sitemaps and
    listing pages."""
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    db = tmp_path / "demo.db"
    for crawl_number in (1, 2):
        code, asked, result = crawl(demo_network, feeds, db)
        assert code == 0, result.stdout + result.stderr[-3000:]
        robots = Counter(url for url in asked if urlsplit(url).path == "/robots.txt")
        if crawl_number == 1:
            assert robots and set(robots.values()) == {1}, robots
        else:  # kept by the first crawl (table robots_files): not asked again
            assert not robots, robots
    article_pages = [url for url in asked if not urlsplit(url).path.endswith(
        ("/robots.txt", ".xml", ".xml.gz", ".json")) and urlsplit(url).path != "/noticias/"
        and "/noticias/page/" not in url]
    assert article_pages == []
