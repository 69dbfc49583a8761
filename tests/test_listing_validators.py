"""A listing's first page asked for conditionally (spiders/pages.py, pipeline/crawl_report.py
final_listing_states): a re-crawl sends the validators the last complete crawl kept, and a 304
ends the listing there, its links not read again; a listing that changed is read in full; a
crawl that left something of the source to do (a page that failed, a link backed off) keeps no
validators, so the next one reads every listing and meets those links again; a server that
ignores validators, or sends none, is read as before. Servers of several kinds (ETag, weak ETag,
Last-Modified, both, none, validators ignored), listings with a selector and without; real
`probono crawl` runs against a server on 127.0.0.1, as the proxy of *.test hosts."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import BIN, run
from tests.faultserver import ARTICLE
from tests.proxyserver import LoopbackProxy

FAST = {"PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
        "PROBONO_RETRY_TIMES": "0"}
LAST_MODIFIED = "Tue, 04 Mar 2025 10:00:00 GMT"

# How a server validates: (sends an ETag, weak, sends Last-Modified, answers 304 when they match)
KINDS = {
    "etag": (True, False, False, True),
    "weak etag": (True, True, False, True),
    "last-modified": (False, False, True, True),
    "both": (True, False, True, True),
    "validators ignored": (True, False, True, False),
    "no validators": (False, False, False, False),
}


class Site(LoopbackProxy):
    """One host's listing at /actualites/ linking to /news/<n>/ pages; `failing` pages answer
    500. Requests counted by path, with the conditional headers they carried."""

    def __init__(self, kind: str) -> None:
        self.etag, self.weak, self.last_modified, self.honours = KINDS[kind]
        self.articles = [1, 2, 3]
        self.failing: set[int] = set()
        self.listing_down = False
        self.always_304 = False  # a broken cache in front of the site
        self.hits: Counter = Counter()
        self.conditional: Counter = Counter()
        super().__init__()

    def listing(self) -> bytes:
        links = "".join(f'<li class="post"><a href="/news/{n}/">Article numéro {n} du réseau</a>'
                        "</li>" for n in self.articles)
        return (f"<html><head><title>Actualités</title></head><body><main><h1>Actualités</h1>"
                f"<ul>{links}</ul></main></body></html>").encode()

    def answer(self, host: str, path: str,
               headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        self.hits[path] += 1
        if headers.get("If-None-Match") or headers.get("If-Modified-Since"):
            self.conditional[path] += 1
        if path == "/actualites/" and self.listing_down:
            return 500, b"broken", {}
        if path == "/actualites/":
            body = self.listing()
            tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            tag = f"W/{tag}" if self.weak else tag
            sent = {"Content-Type": "text/html; charset=utf-8"}
            if self.etag:
                sent["ETag"] = tag
            if self.last_modified:  # the listing's newest article says when it changed
                sent["Last-Modified"] = LAST_MODIFIED.replace("10:", f"{10 + len(self.articles)}:")
            matches = (self.etag and headers.get("If-None-Match") == tag) or (
                self.last_modified and not self.etag
                and headers.get("If-Modified-Since") == sent["Last-Modified"])
            if (self.honours and matches) or self.always_304:
                return 304, b"", sent
            return 200, body, sent
        if path.startswith("/news/"):
            number = int(path.strip("/").split("/")[-1])
            if number in self.failing:
                return 500, b"broken", {}
            return 200, ARTICLE.replace(b"Un article", f"Article {number}".encode()), {
                "Content-Type": "text/html; charset=utf-8"}
        return 404, b"not here", {}


def source(selector: bool | str, name: str = "a", extra: str = "") -> str:
    """A source reading http://a.test/actualites/ (a selector, or none: a found listing)."""
    links = ("        links: li.post a\n" if selector is True else
             f"        links: '{selector}'\n" if selector else "")
    return (f"  - id: site-{name}\n    name: {name}.test\n    organisation: Test\n    country: FR\n"
            f"    homepage: http://a.test/\n    languages: [fr]\n{extra}    listings:\n"
            f"      - url: 'http://a.test/actualites/'\n{links}")


def sources(selector: bool | str) -> str:
    return "sources:\n" + source(selector)


def crawl(site: Site, folder: Path, selector: bool | str, exits: tuple[int, ...] = (0, 1),
          text: str | None = None, **env: str) -> Path:
    feeds, db = folder / "feeds.yaml", folder / "crawl.db"
    feeds.write_text(text or sources(selector), encoding="utf-8")
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": site.proxy, **FAST, **env}, timeout=120)
    assert result.returncode in exits, result.stdout + result.stderr[-3000:]
    return db


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def last_run(db: Path, source: str = "site-a") -> dict[str, int]:
    [row] = query(db, "select requests, listings_not_modified, pages_fetched, pages_skipped, new,"
                      " errors from crawl_run_sources where run_id = (select max(id) from"
                      " crawl_runs) and source_id = ?", source)
    return dict(zip(("requests", "not_modified", "fetched", "skipped", "new", "errors"), row))


def stored(db: Path) -> list[str]:
    return [url for (url,) in query(db, "select url from articles order by url")]


@pytest.mark.parametrize("selector", [True, False], ids=["selector", "found listing"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_unchanged_listing_answers_304_and_a_changed_one_is_read(kind, selector, tmp_path):
    with Site(kind) as site:
        db = crawl(site, tmp_path, selector)
        assert len(stored(db)) == 3 and last_run(db)["new"] == 3
        validates = site.honours and (site.etag or site.last_modified)

        crawl(site, tmp_path, selector)  # nothing new
        second = last_run(db)
        assert site.conditional["/actualites/"] == (1 if site.etag or site.last_modified else 0)
        if validates:
            assert (second["not_modified"], second["skipped"], second["requests"]) == (1, 0, 1)
        else:  # read in full, its three links known
            assert (second["not_modified"], second["skipped"]) == (0, 3)
        assert second["fetched"] == 0 and site.hits["/news/1/"] == 1

        site.articles.append(4)  # a new article listed: the listing changed
        crawl(site, tmp_path, selector)
        third = last_run(db)
    assert (third["not_modified"], third["new"], third["fetched"]) == (0, 1, 1)
    assert len(stored(db)) == 4 and site.hits["/news/4/"] == 1


@pytest.mark.parametrize("kind", ["etag", "last-modified"])
def test_a_failed_page_keeps_no_validators_and_is_met_again_when_it_is_due(kind, tmp_path):
    with Site(kind) as site:
        site.failing = {2}
        db = crawl(site, tmp_path, selector=True)
        assert len(stored(db)) == 2 and site.hits["/news/2/"] == 1
        assert query(db, "select etag, last_modified from listing_state") == [(None, None)]

        # The next crawl reads the listing in full; the failed page is backed off, not asked:
        # left for later, so the validators are not kept this time either.
        crawl(site, tmp_path, selector=True)
        assert site.conditional["/actualites/"] == 0 and last_run(db)["not_modified"] == 0
        assert site.hits["/news/2/"] == 1
        assert query(db, "select etag, last_modified from listing_state") == [(None, None)]

        # Its next try is due, and it answers: stored, and now the listing's validators kept.
        site.failing = set()
        query_write(db, "update fetch_backoff set next_try = '2000-01-01T00:00:00+00:00'")
        crawl(site, tmp_path, selector=True)
        assert site.hits["/news/2/"] == 2 and len(stored(db)) == 3
        [(etag, modified)] = query(db, "select etag, last_modified from listing_state")
        assert (etag if kind == "etag" else modified)

        crawl(site, tmp_path, selector=True)
    assert last_run(db)["not_modified"] == 1 and site.hits["/news/2/"] == 2


def test_a_listing_that_failed_keeps_the_validators_of_the_complete_crawl_before(tmp_path):
    with Site("etag") as site:
        db = crawl(site, tmp_path, selector=True)
        [(kept,)] = query(db, "select etag from listing_state")
        site.listing_down = True  # a 500: nothing read, the crawl before stays the last complete
        crawl(site, tmp_path, selector=True, exits=(4,))  # nothing fetched
        assert query(db, "select etag from listing_state") == [(kept,)]
        site.listing_down = False  # unchanged since the complete crawl: 304
        crawl(site, tmp_path, selector=True)
        assert last_run(db)["not_modified"] == 1
        site.articles = [1, 2]  # a page taken off the listing: read again, its state replaced
        crawl(site, tmp_path, selector=True)
        [(now,)] = query(db, "select etag from listing_state")
    assert now and now != kept and last_run(db)["not_modified"] == 0


def query_write(db: Path, sql: str) -> None:
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.execute(sql)
    finally:
        connection.close()


def kept(db: Path) -> list[tuple]:
    """(source, whether validators are kept) of each listing state."""
    return [(source, bool(etag or modified)) for source, etag, modified in query(
        db, "select source_id, etag, last_modified from listing_state order by source_id")]


def test_a_changed_source_setting_reads_the_listing_whole(tmp_path):
    with Site("etag") as site:
        excluding = "sources:\n" + source(True, extra="    exclude: ['/news/2/']\n")
        db = crawl(site, tmp_path, True, text=excluding)
        assert len(stored(db)) == 2 and kept(db) == [("site-a", True)]
        crawl(site, tmp_path, True, text=excluding)
        assert last_run(db)["not_modified"] == 1
        crawl(site, tmp_path, True)  # the exclude pattern removed: the listing read again
    assert last_run(db)["not_modified"] == 0 and len(stored(db)) == 3


def test_a_selector_that_found_nothing_keeps_no_validators_and_its_fix_is_read(tmp_path):
    with Site("etag") as site:
        db = crawl(site, tmp_path, "li.nothing a")
        assert stored(db) == [] and kept(db) == [("site-a", False)]
        crawl(site, tmp_path, "li.nothing a")  # read again, still empty: no 304
        assert site.conditional["/actualites/"] == 0
        crawl(site, tmp_path, True)  # the selector fixed
    assert last_run(db)["not_modified"] == 0 and len(stored(db)) == 3


def test_two_sources_reading_one_listing_keep_validators_of_their_own(tmp_path):
    with Site("etag") as site:
        first = source(True, "a", "    include: ['/news/[13]/']\n")
        second = source(True, "b", "    include: ['/news/[24]/']\n")
        db = crawl(site, tmp_path, True, text="sources:\n" + first)
        assert len(stored(db)) == 2
        crawl(site, tmp_path, True, text="sources:\n" + first + second)
    # b had never read the listing: read whole, its pages stored; a's answered 304
    assert last_run(db, "site-b")["not_modified"] == 0 and last_run(db)["not_modified"] == 1
    assert query(db, "select source_id, url from articles order by url") == [
        ("site-a", "http://a.test/news/1/"), ("site-b", "http://a.test/news/2/"),
        ("site-a", "http://a.test/news/3/")]
    assert kept(db) == [("site-a", True), ("site-b", True)]


def test_a_304_to_a_request_without_validators_is_an_error_and_keeps_nothing(tmp_path):
    with Site("no validators") as site:
        site.always_304 = True
        db = crawl(site, tmp_path, True, exits=(1, 4))
    assert last_run(db)["errors"] == 1 and stored(db) == []
    assert query(db, "select count(*) from listing_state") == [(0,)]


def test_a_listing_is_read_whole_again_once_its_validators_are_older_than_the_max_age(tmp_path):
    with Site("etag") as site:
        db = crawl(site, tmp_path, True)
        crawl(site, tmp_path, True)
        assert last_run(db)["not_modified"] == 1
        crawl(site, tmp_path, True, PROBONO_LISTING_MAX_AGE="0")  # 0: always read whole
        assert last_run(db)["not_modified"] == 0 and last_run(db)["skipped"] == 3
        query_write(db, "update listing_state set read = '2020-01-01T00:00:00+00:00'")
        crawl(site, tmp_path, True)  # read a week ago and more: read whole
    assert last_run(db)["not_modified"] == 0 and site.hits["/actualites/"] == 4


@pytest.mark.parametrize("env", [{"PROBONO_FOUND_PAGES_MAX": "1"},
                                 {"PROBONO_LISTING_LINKS_MAX": "2"}],
                         ids=["found pages budget", "links per listing page"])
def test_links_left_over_a_cap_keep_no_validators(env, tmp_path):
    with Site("etag") as site:
        db = crawl(site, tmp_path, False, **env)
        assert len(stored(db)) < 3 and kept(db) == [("site-a", False)]
        crawl(site, tmp_path, False, **env)
    assert site.conditional["/actualites/"] == 0 and last_run(db)["not_modified"] == 0


def test_a_304_when_no_validators_were_kept_is_an_error(tmp_path):
    with Site("no validators") as site:  # read whole once: a state without validators kept
        db = crawl(site, tmp_path, True)
        assert kept(db) == [("site-a", False)]
        site.always_304 = True
        crawl(site, tmp_path, True, exits=(1, 4))
    assert (last_run(db)["errors"], last_run(db)["not_modified"]) == (1, 0)


def test_a_database_of_the_first_listing_state_table_is_migrated(tmp_path):
    from sqlite_utils import Database

    from pipeline.store import Store
    from pipeline.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0032_listing_state_per_source")
    old.execute("insert into listing_state (url, source_id, etag) values ('http://a.test/', 'a',"
                " '\"x\"')")
    old.conn.commit()
    old.close()
    with Store(path) as store:
        columns = set(store.db.table("listing_state").columns_dict)
        rows = store.db.execute("select count(*) from listing_state").fetchone()
    assert {"source_id", "url", "fingerprint", "read"} <= columns and rows == (0,)
    with Site("etag") as site:  # crawled as any database: validators kept, then a 304
        (tmp_path / "crawl.db").write_bytes(path.read_bytes())
        db = crawl(site, tmp_path, True)
        crawl(site, tmp_path, True)
    assert last_run(db)["not_modified"] == 1 and len(stored(db)) == 3
