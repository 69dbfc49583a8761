"""robots.txt kept between crawls (RFC 9309 §2.4; pipeline/store/robots_files.py and
spiders/netguard.py): a re-crawl reads each origin's from the database while it is young instead of
asking the site, and still never fetches what it disallows; an expired one (PROBONO_ROBOTS_MAX_AGE,
or the answer's shorter Cache-Control max-age) is fetched again and obeyed as it now is; a 5xx
answer is never kept, a 404 is; the pages spider reads the Sitemap: lines of a kept one. Real
`probono crawl` runs (run_crawl) against a server on 127.0.0.1, as the proxy of *.test hosts,
counting the requests it gets."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy.http import Response

from pipeline.crawl_report import RobotsFile
from pipeline.store import Store
from spiders.netguard import worth_keeping
from tests.conftest import BIN, run
from tests.faultserver import ARTICLE
from tests.proxyserver import LoopbackProxy

FAST = {"PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
        "PROBONO_RETRY_TIMES": "0"}
NO_PRIVATE = b"User-agent: *\nDisallow: /private/\n"


def teasers(host: str, *paths: str) -> bytes:
    """An RSS feed of teaser-only items, so that the crawler asks for their pages."""
    items = "".join(f"<item><title>Teaser {path}</title><link>http://{host}{path}</link>"
                    "<description>Un court résumé.</description>"
                    "<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>" for path in paths)
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>T</title>"
            f"<link>http://{host}/</link>{items}</channel></rss>").encode()


class Sites(LoopbackProxy):
    """Hosts served through one loopback proxy: each host's robots.txt (status, body, headers),
    other paths from `bodies` ("host/path": bytes, HTML pages under /news/ and /private/), and the
    requests counted by "host/path". Tests change them between crawls."""

    def __init__(self) -> None:
        self.robots: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.bodies: dict[str, bytes] = {}
        self.hits: Counter = Counter()
        super().__init__()

    def answer(self, host: str, path: str,
               headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        self.hits[f"{host}{path}"] += 1
        if path == "/robots.txt":
            return self.robots.get(host, (404, b"not here", {}))
        if path.startswith(("/news/", "/private/")):
            return 200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"}
        body = self.bodies.get(f"{host}{path}")
        if body is None:
            return 404, b"not here", {}
        return 200, body, {"Content-Type": "application/xml"}


def source(host: str, feed: bool = True, sitemap_from_robots: bool = False) -> str:
    return (f"  - id: site-{host.split('.')[0]}\n    name: {host}\n    organisation: Test\n"
            f"    country: FR\n    homepage: http://{host}/\n    languages: [fr]\n"
            + (f"    feeds: ['http://{host}/feed.xml']\n" if feed else "")
            + ("    sitemap_from_robots: true\n" if sitemap_from_robots else ""))


def crawl(sites: Sites, folder: Path, *sources: str, **env: str) -> Path:
    """One `probono crawl` of these sources into folder/crawl.db (the same each time)."""
    feeds, db = folder / "feeds.yaml", folder / "crawl.db"
    feeds.write_text("sources:\n" + "".join(sources), encoding="utf-8")
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": sites.proxy, **FAST, **env}, timeout=120)
    assert result.returncode in (0, 1), result.stdout + result.stderr[-3000:]
    return db


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        with connection:
            return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def age_robots_files(db: Path, seconds: int) -> None:
    """As if the kept files had been fetched `seconds` earlier."""
    query(db, "update robots_files set fetched = strftime('%Y-%m-%dT%H:%M:%S+00:00', fetched,"
              " ?)", f"-{seconds} seconds")


def test_a_recrawl_reads_robots_txt_from_the_database_and_still_obeys_it(tmp_path):
    with Sites() as sites:
        for host in ("a.test", "b.test"):
            sites.robots[host] = (200, NO_PRIVATE, {})
            sites.bodies[f"{host}/feed.xml"] = teasers(host, "/news/1", "/private/1")
        db = crawl(sites, tmp_path, source("a.test"), source("b.test"))
        assert [sites.hits[f"{host}/robots.txt"] for host in ("a.test", "b.test")] == [1, 1]
        assert sites.hits["a.test/news/1"] == 1 and sites.hits["a.test/private/1"] == 0
        kept = query(db, "select origin, status, body from robots_files order by origin")
        assert kept == [("http://a.test", 200, NO_PRIVATE), ("http://b.test", 200, NO_PRIVATE)]

        for host in ("a.test", "b.test"):  # new items: their pages are asked for
            sites.bodies[f"{host}/feed.xml"] = teasers(host, "/news/2", "/private/2")
        crawl(sites, tmp_path, source("a.test"), source("b.test"))
        hits = dict(sites.hits)
    assert [hits[f"{host}/robots.txt"] for host in ("a.test", "b.test")] == [1, 1], hits
    assert hits["a.test/news/2"] == 1 and hits["b.test/news/2"] == 1, hits
    assert "a.test/private/2" not in hits and "b.test/private/2" not in hits, hits
    [(second,)] = query(db, "select max(id) from crawl_runs")
    disallowed = query(db, "select sum(robots_disallowed) from crawl_run_sources where run_id = ?",
                       second)
    assert disallowed == [(2,)]


def test_an_expired_robots_txt_is_fetched_again_and_obeyed_as_it_now_is(tmp_path):
    with Sites() as sites:
        sites.robots["a.test"] = (200, NO_PRIVATE, {})
        sites.bodies["a.test/feed.xml"] = teasers("a.test", "/news/1")
        db = crawl(sites, tmp_path, source("a.test"))
        # A day later the site disallows its news: the kept file is too old to be read.
        age_robots_files(db, 86400)
        sites.robots["a.test"] = (200, b"User-agent: *\nDisallow: /news/\n", {})
        sites.bodies["a.test/feed.xml"] = teasers("a.test", "/news/2")
        crawl(sites, tmp_path, source("a.test"))
        assert sites.hits["a.test/robots.txt"] == 2
        assert sites.hits["a.test/news/2"] == 0
        # PROBONO_ROBOTS_MAX_AGE=0: fetched at every crawl, a fresh file or not.
        sites.robots["a.test"] = (200, NO_PRIVATE, {})
        sites.bodies["a.test/feed.xml"] = teasers("a.test", "/news/3")
        crawl(sites, tmp_path, source("a.test"), PROBONO_ROBOTS_MAX_AGE="0")
        hits = dict(sites.hits)
    assert hits["a.test/robots.txt"] == 3 and hits["a.test/news/3"] == 1, hits
    assert query(db, "select body from robots_files") == [(NO_PRIVATE,)]


def test_a_5xx_robots_txt_is_not_kept_a_404_is_and_obeyed_as_when_fetched(tmp_path):
    with Sites() as sites:
        sites.robots["a.test"] = (500, b"oops", {})
        sites.robots["b.test"] = (404, b"<html>no such page</html>", {"Content-Type": "text/html"})
        # A 404 whose body holds rules: Scrapy obeys them when it fetches it; kept, they are
        # obeyed just the same.
        sites.robots["c.test"] = (404, NO_PRIVATE, {})
        hosts = ("a.test", "b.test", "c.test")
        for host in hosts:
            sites.bodies[f"{host}/feed.xml"] = teasers(host, "/news/1", "/private/1")
        db = crawl(sites, tmp_path, *map(source, hosts))
        assert query(db, "select origin, status, body from robots_files order by origin") == [
            ("http://b.test", 404, b"<html>no such page</html>"),
            ("http://c.test", 404, NO_PRIVATE)]
        for host in hosts:
            sites.bodies[f"{host}/feed.xml"] = teasers(host, "/news/2", "/private/2")
        crawl(sites, tmp_path, *map(source, hosts))
        hits = dict(sites.hits)
    assert hits["a.test/robots.txt"] == 2, hits
    assert hits["b.test/robots.txt"] == 1 and hits["c.test/robots.txt"] == 1, hits
    for host in hosts:
        assert hits[f"{host}/news/2"] == 1, (host, hits)
    # a.test's 500 and b.test's page allow everything; c.test's rules hold in both crawls.
    assert hits["a.test/private/2"] == hits["b.test/private/2"] == 1, hits
    assert "c.test/private/1" not in hits and "c.test/private/2" not in hits, hits


def test_a_shorter_cache_control_max_age_is_honoured(tmp_path):
    with Sites() as sites:
        sites.robots["a.test"] = (200, NO_PRIVATE, {"Cache-Control": "public, max-age=60"})
        sites.robots["b.test"] = (200, NO_PRIVATE, {})
        sites.robots["c.test"] = (200, NO_PRIVATE, {"Cache-Control": "no-store"})
        hosts = ("a.test", "b.test", "c.test")
        for host in hosts:
            sites.bodies[f"{host}/feed.xml"] = teasers(host, "/news/1")
        db = crawl(sites, tmp_path, *(source(host) for host in hosts))
        assert query(db, "select origin, max_age from robots_files order by origin") == [
            ("http://a.test", 60), ("http://b.test", None)]
        age_robots_files(db, 120)  # past a.test's minute, well within the setting's day
        crawl(sites, tmp_path, *(source(host) for host in hosts))
        hits = dict(sites.hits)
    assert [hits[f"{host}/robots.txt"] for host in hosts] == [2, 1, 2], hits


def test_the_pages_spider_reads_the_sitemap_lines_of_a_kept_robots_txt(tmp_path):
    sitemap = (b"<?xml version='1.0' encoding='utf-8'?>"
               b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               b"<url><loc>http://s.test/news/1</loc></url></urlset>")
    with Sites() as sites:
        sites.robots["s.test"] = (200, NO_PRIVATE + b"Sitemap: http://s.test/sitemap.xml\n", {})
        sites.bodies["s.test/sitemap.xml"] = sitemap
        db = crawl(sites, tmp_path, source("s.test", feed=False, sitemap_from_robots=True))
        crawl(sites, tmp_path, source("s.test", feed=False, sitemap_from_robots=True))
        hits = dict(sites.hits)
    assert hits["s.test/robots.txt"] == 1 and hits["s.test/sitemap.xml"] == 2, hits
    figures = query(db, "select run_id, sitemaps_read, errors, last_error from crawl_run_sources"
                        " where spider = 'pages' order by run_id")
    assert [row[1:] for row in figures] == [(1, 0, None), (1, 0, None)], figures


def test_only_whole_2xx_and_4xx_answers_but_429_are_worth_keeping():
    def answer(status: int, body: bytes = b"Disallow: /x\n", flags: list[str] | None = None):
        return Response("http://a.test/robots.txt", status=status, body=body, flags=flags)

    assert worth_keeping(answer(200), 1000, None) and worth_keeping(answer(404), 1000, 60)
    assert worth_keeping(answer(410), 0, None)  # DOWNLOAD_MAXSIZE 0: no limit
    for status in (429, 500, 503, 301):
        assert not worth_keeping(answer(status), 1000, None), status
    assert not worth_keeping(answer(200, b"x" * 1001), 1000, None)
    assert not worth_keeping(answer(200, flags=["dataloss"]), 1000, None)
    assert not worth_keeping(answer(200), 1000, 0)  # Cache-Control: no-store, max-age=0


def test_the_store_reads_young_files_and_drops_old_ones(tmp_path):
    now = datetime.now(UTC).replace(microsecond=0)

    def fetched(seconds_ago: int, origin: str, max_age: int | None = None) -> RobotsFile:
        moment = (now - timedelta(seconds=seconds_ago)).isoformat()
        return RobotsFile(origin, moment, 200, b"Disallow: /x\n", max_age)

    with Store(tmp_path / "probono.db") as store:
        store.keep_robots_files([fetched(10, "http://young.test"),
                                 fetched(7200, "http://old.test"),
                                 fetched(120, "http://short.test", max_age=60),
                                 fetched(10, "http://long.test", max_age=600)], max_age_s=0)
        assert sorted(store.young_robots_files(3600, now)) == ["http://long.test",
                                                               "http://young.test"]
        assert store.young_robots_files(0, now) == {}  # 0: always fetch
        # A crawl keeps what it fetched, and drops the files too old to be read again.
        store.keep_robots_files([fetched(0, "http://young.test")], max_age_s=3600)
        origins = [row[0] for row in store.db.execute("select origin from robots_files")]
    assert sorted(origins) == ["http://long.test", "http://short.test", "http://young.test"]


def test_robots_txt_that_cannot_be_kept_is_a_warning_not_a_failed_crawl(tmp_path, monkeypatch,
                                                                       caplog):
    """Keeping them is a saving only: a database that cannot take them (here a folder where the
    file should be) is told in the log, and the crawl's result stands (the run was closed
    before)."""
    from pipeline.commands import crawl as crawl_command

    fetched = [RobotsFile("http://a.test", "2025-03-04T10:00:00+00:00", 200, NO_PRIVATE)]
    monkeypatch.setattr(crawl_command, "take_fetched_robots", lambda run_id: fetched)
    with caplog.at_level("WARNING", logger="pipeline.commands.crawl"):
        crawl_command._keep_robots_files(tmp_path, 1, 86400)  # a folder: SQLite cannot open it
    assert "the robots.txt files fetched were not kept" in caplog.text
    assert str(tmp_path) in caplog.text
