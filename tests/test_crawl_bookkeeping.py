"""The crawl bookkeeping extension (pipeline/crawl_bookkeeping.py): a real crawl of a loopback site
records its run and the source's figures, feed states and failed pages; a spider given no
database crawls all the same (nothing of it opens one)."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from pipeline.crawl_bookkeeping import load_memory, no_usable_response
from pipeline.crawl_report import CrawlReport, final_feed_states
from pipeline.sources import parse_sources
from pipeline.store import Store
from tests.conftest import BIN, run
from tests.feedserver import FeedServer
from tests.test_hostile_dates import TEXT

FEEDS = """\
sources:
  - id: rec
    name: Records
    organisation: Test
    country: FR
    homepage: http://rec.test/
    languages: [fr]
    feeds: [http://rec.test/feed.xml]
"""


def feed() -> bytes:
    """Two full-text entries and a teaser whose page is missing (404)."""
    def entry(slug: str, content: str) -> str:
        return (f"<entry><title>Article {slug}</title><link href='http://rec.test/a/{slug}'/>"
                f"<id>urn:rec:{slug}</id><updated>2025-03-01T10:00:00Z</updated>{content}</entry>")
    full = "<content type='html'><![CDATA[{}<p>{}</p><p>2</p><p>3</p>]]></content>"
    entries = (entry("one", full.format(TEXT, "one")) + entry("two", full.format(TEXT, "two"))
               + entry("gone", "<summary>A teaser only.</summary>"))
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>Records</title><id>urn:rec</id><updated>2025-03-04T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


@pytest.fixture
def site():
    with FeedServer({"/feed.xml": feed()}) as server:
        yield server.origin


def env_for(origin: str) -> dict[str, str]:
    return {"PROBONO_LOOPBACK_PROXY": origin, "PROBONO_DOWNLOAD_DELAY": "0",
            "PROBONO_RETRY_TIMES": "0"}


def rows(db: Path, sql: str) -> list[dict]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql)]
    finally:
        connection.close()


def test_a_crawl_records_its_run_figures_feed_state_and_failed_pages(site, tmp_path):
    feeds, db = tmp_path / "feeds.yaml", tmp_path / "probono.db"
    feeds.write_text(FEEDS, encoding="utf-8")
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra=env_for(site), timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]  # the 404 page

    [crawl] = rows(db, "select * from crawl_runs")
    assert crawl["status"] == "some-failed" and crawl["exit_code"] == 1
    [figures] = rows(db, "select * from crawl_run_sources")
    assert (figures["run_id"], figures["source_id"], figures["spider"]) == (crawl["id"], "rec",
                                                                            "feeds")
    assert figures["finish_reason"] == "finished"
    # The feed and the teaser's page (robots.txt is Scrapy's own request, counted too).
    assert figures["requests"] == 3 and figures["responses"] == 1
    assert (figures["new"], figures["errors"], figures["pages_fetched"]) == (3, 1, 1)
    assert figures["last_error"].startswith("http://rec.test/a/gone: HTTP 404")
    assert {"normalize", "store"} <= set(json.loads(figures["stage_cpu"]))
    # A page failed: the feed's validators are forgotten, so the next crawl reads it in full.
    [state] = rows(db, "select * from feed_state")
    assert (state["url"], state["source_id"], state["entries"]) == (
        "http://rec.test/feed.xml", "rec", 3)
    assert state["body_hash"] is None and state["checked"]
    [backoff] = rows(db, "select * from fetch_backoff")
    assert (backoff["url"], backoff["failures"]) == ("http://rec.test/a/gone", 1)
    assert rows(db, "select count(*) as n from articles")[0]["n"] == 3  # the teaser kept


SPIDER_WITHOUT_DATABASE = """
import json, sys
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from pipeline.commands.crawl import crawl_settings

db, feeds = sys.argv[1], sys.argv[2]
process = CrawlerProcess(crawl_settings(db, feeds, {
    "ITEM_PIPELINES": {}, "EXTENSIONS": {"pipeline.crawl_bookkeeping.CrawlBookkeeping": None},
    "LOG_LEVEL": "WARNING"}))
crawler = process.create_crawler("feeds")
items = []
crawler.signals.connect(lambda item: items.append(item.url), signal=signals.item_scraped,
                        weak=False)
process.crawl(crawler, source="rec")
process.start()
report = crawler.spider.report
print(json.dumps({"items": sorted(items), "errors": report.errors,
                  "states": sorted(report.feed_states), "failed": sorted(report.failed)}))
"""


def test_a_spider_given_no_database_crawls_and_reports(site, tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(FEEDS, encoding="utf-8")
    db = tmp_path / "no-such-folder" / "probono.db"  # opening it would fail: no folder
    script = tmp_path / "crawl_without_database.py"
    script.write_text(SPIDER_WITHOUT_DATABASE, encoding="utf-8")
    result = run([sys.executable, str(script), str(db), str(feeds)], env_extra=env_for(site),
                 timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # The two full texts, and the teaser kept when its page failed: as a first crawl ever.
    assert seen["items"] == ["http://rec.test/a/gone", "http://rec.test/a/one",
                             "http://rec.test/a/two"]
    assert len(seen["errors"]) == 1 and seen["errors"][0].startswith("http://rec.test/a/gone")
    assert seen["states"] == ["http://rec.test/feed.xml"]
    assert seen["failed"] == ["http://rec.test/a/gone"]
    assert not db.parent.exists()


def test_memory_holds_the_parts_asked_for_and_the_ways_found(tmp_path):
    [source] = parse_sources(FEEDS.replace("    feeds: [http://rec.test/feed.xml]\n", ""))
    with Store(tmp_path / "t.db") as store:
        store.save_sources([source])
        store.save_feed_states([{"url": "http://rec.test/feed.xml", "source_id": "rec",
                                 "etag": '"e1"', "checked": "2025-03-01T10:00:00+00:00"}])
        store.save_fetch_outcomes([{"url": "http://rec.test/a/x", "source_id": "rec",
                                    "reason": "HTTP 500", "failures": 1,
                                    "last_failed": "2025-03-01T10:00:00+00:00",
                                    "next_try": "2999-01-01T00:00:00+00:00"}], set())
        bare = load_memory(store, source, ("backoffs",), "2025-03-01T10:00:00+00:00")
        with pytest.raises(ValueError, match="no such part of a crawl's memory: seen"):
            load_memory(store, source, ("seen",), "2025-03-01T10:00:00+00:00")
    assert list(bare.backoffs) == ["http://rec.test/a/x"]
    assert bare.feed_states == {} and bare.seen_urls == set()  # not asked for: not read
    assert bare.source is not None and bare.source.id == "rec"


def test_validators_are_forgotten_after_a_failure():
    state = {"url": "f", "etag": '"e"', "last_modified": "x", "body_hash": "h", "entries": 3}
    other = {**state, "url": "g"}
    report = CrawlReport(feed_states={"f": state, "g": other}, feeds_with_failed_pages={"f"})
    kept = {row["url"]: row for row in final_feed_states(report)}
    assert kept["f"]["etag"] is None and kept["f"]["body_hash"] is None
    assert kept["g"] == other
    report.errors.append("g: HTTP 500")  # the source failed: every feed is read in full
    assert all(row["etag"] is None for row in final_feed_states(report))


def test_no_usable_response_only_when_nothing_answered_nor_failed_nor_was_skipped():
    assert no_usable_response(CrawlReport(), {"downloader/request_count": 2})
    assert not no_usable_response(CrawlReport(), {"probono/responses_ok": 1})
    assert not no_usable_response(CrawlReport(errors=["x"]), {})
    assert not no_usable_response(CrawlReport(), {"probono/feeds_not_due": 1})
