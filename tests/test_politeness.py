"""Politeness across sources: `probono crawl` runs one Scrapy crawler per source and spider, but a
site sharing its origin between sources sees one robots.txt request per crawl, and no more requests
at a time than CONCURRENT_REQUESTS_PER_DOMAIN, whichever sources send them. Real crawls of the fault
server (tests/faultserver.py) on 127.0.0.1."""

from __future__ import annotations

import sqlite3

from tests.conftest import BIN, run
from tests.faultserver import FaultServer


def feeds_yaml(feeds: dict[str, str], sitemap: str | None = None) -> str:
    """Sources on faults.test, one feed each (and the same sitemap, when given: a pages spider)."""
    extra = f"    sitemaps: ['{sitemap}']\n" if sitemap else ""
    return "sources:\n" + "".join(
        f"  - id: {name}\n    name: {name}\n    organisation: Test\n    country: FR\n"
        f"    homepage: http://faults.test/\n    languages: [fr]\n    feeds: ['{url}']\n{extra}"
        for name, url in feeds.items())


def crawl(tmp_path, server: FaultServer, text: str, **env: str):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(text, encoding="utf-8")
    db = tmp_path / "crawl.db"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": server.proxy,
                            "PROBONO_ALLOW_ORIGINS": server.proxy, "PROBONO_DOWNLOAD_DELAY": "0",
                            "PROBONO_AUTOTHROTTLE_ENABLED": "false", **env})
    return db, result


def test_robots_txt_is_fetched_once_per_origin_for_all_sources(tmp_path):
    sources = {"first": "http://faults.test/ok.xml", "second": "http://faults.test/paced/2.xml",
               "third": "http://faults.test/paced/3.xml"}
    with FaultServer() as server:
        # Three sources on one origin, each with a feeds and a pages spider: six crawlers.
        db, result = crawl(tmp_path, server, feeds_yaml(sources, "http://faults.test/none.xml"))
        hits = dict(server.hits)
    assert hits["faults.test/robots.txt"] == 1, hits
    assert all(hits[url.removeprefix("http://")] == 1 for url in sources.values()), hits
    connection = sqlite3.connect(db)
    stored = connection.execute("select count(distinct source_id) from articles").fetchone()[0]
    connection.close()
    assert stored == 3, result.stderr[-2000:]


def test_requests_to_one_host_are_limited_across_sources(tmp_path):
    # Each feed takes half a second to answer: sent together, they would overlap.
    sources = {f"paced-{n}": f"http://faults.test/paced/{n}.xml" for n in range(4)}
    with FaultServer() as server:
        _, result = crawl(tmp_path, server, feeds_yaml(sources),
                          PROBONO_CONCURRENT_REQUESTS_PER_DOMAIN="1")
        most = server.max_in_flight
        hits = dict(server.hits)
    assert result.returncode == 0, result.stderr[-2000:]
    assert all(hits[f"faults.test/paced/{n}.xml"] == 1 for n in range(4)), hits
    assert most == 1, f"{most} requests to faults.test at once"
