"""End to end on 127.0.0.1: the demo network crawled by real `scrapy crawl` and `probono`
processes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import BIN, run

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


def rows(db: Path, sql: str, *params) -> list[sqlite3.Row]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


@pytest.fixture
def crawl(demo_network, tmp_path):
    """Run `scrapy crawl SPIDER -a source=ID` in a subprocess against the demo network."""
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    db = tmp_path / "crawl.db"

    def crawl_one(spider: str, source: str):
        result = run([str(BIN / "scrapy"), "crawl", spider, "-a", f"source={source}",
                      "-s", f"PROBONO_DB={db}", "-s", f"PROBONO_FEEDS={feeds}",
                      "-s", f"PROBONO_LOOPBACK_PROXY={demo_network.proxy}",
                      "-s", f"PROBONO_ALLOW_ORIGINS={demo_network.proxy}", *FAST])
        assert result.returncode == 0, result.stderr[-3000:]
        return db, result
    return crawl_one


def test_rss_feed_with_full_content(crawl):
    db, result = crawl("feeds", "demo-fr-rss")
    articles = rows(db, "select * from articles order by published")
    assert len(articles) == 10
    assert {a["source_id"] for a in articles} == {"demo-fr-rss"}
    assert {a["via"] for a in articles} == {"feed"}
    assert all(len(a["text"]) > 800 and a["title"] and a["published"] and a["author"]
               for a in articles)
    languages = [a["language"] for a in articles]
    # An English interview in a French feed.
    assert languages.count("fr") == 9 and languages.count("en") == 1
    benevolat = [a for a in articles if "bénévolat" in a["title"]]
    assert benevolat and benevolat[0]["published"] == "2024-06-11T07:30:00+00:00"
    # The run's figures are kept in crawl_run_sources, not dumped into the log (STATS_DUMP off).
    assert "Dumping Scrapy stats" not in result.stderr
    run_row = rows(db, "select * from crawl_run_sources")[0]
    assert (run_row["source_id"], run_row["new"], run_row["errors"]) == ("demo-fr-rss", 10, 0)


def test_atom_teasers_get_their_pages_fetched_and_tracking_is_dropped(crawl):
    db, _ = crawl("feeds", "demo-en-atom")
    articles = rows(db, "select * from articles")
    assert len(articles) == 8 and {a["via"] for a in articles} == {"feed+page"}
    assert all(len(a["text"]) > 800 for a in articles)
    assert not any("cookies" in a["text"] or "Subscribe" in a["text"] for a in articles)
    # The feed's link with utm_ parameters is stored (and shown as "also at") without them.
    assert not any("utm_" in a["url"] or "utm_" in a["canonical_url"] for a in articles)


def test_html_only_site_through_paginated_listings(crawl):
    db, _ = crawl("pages", "demo-es-html")
    articles = rows(db, "select * from articles")
    # 5 on page 1, 3 on page 2, and the featured link with tracking parameters is the same article.
    assert len(articles) == 8 and {a["language"] for a in articles} == {"es"}
    assert all(a["published"] and a["title"] and len(a["text"]) > 800 for a in articles)
    assert not any("utm_" in a["canonical_url"] or "fbclid" in a["url"] for a in articles)


def test_sitemap_only_site_through_robots_txt_a_gzip_sitemap_and_url_patterns(crawl, demo_network):
    site = "http://demo-pt-sitemap.test"
    before = len(demo_network.requests)
    db, _ = crawl("pages", "demo-pt-sitemap")
    asked = [url for url, _ in demo_network.requests[before:] if url.startswith(site)]
    articles = rows(db, "select * from articles order by published")
    assert len(articles) == 5
    assert {(a["source_id"], a["via"]) for a in articles} == {("demo-pt-sitemap", "page")}
    assert all(a["title"] and len(a["text"]) > 800 and a["published"] and a["author"]
               and a["language"] == "pt" for a in articles)
    assert (articles[0]["published"], articles[0]["author"]) == (
        "2024-04-16T13:00:00+00:00", "Maria Fernandes")
    assert not any("cookies" in a["text"] or "Compartilhar" in a["text"] for a in articles)
    # The homepage, the about page (the source's exclude), the author and page-2 archives (default
    # patterns) and the 2015 entry (max_age_days) are listed in the sitemaps but never even
    # asked for.
    assert all(a["url"].startswith(f"{site}/noticias/") and "/page/" not in a["url"]
               for a in articles)
    assert not [url for url in asked if url == f"{site}/" or any(part in url for part in (
        "/sobre/", "/autor/", "/page/2/", "/lancamento-programa-voluntariado-profissional/"))]
    first = rows(db, "select * from crawl_run_sources")[0]
    # robots.txt once (obeyed, and its Sitemap: line read from the same download), 3 sitemaps,
    # 5 pages
    assert (first["requests"], first["pages_fetched"], first["new"],
            first["errors"]) == (9, 5, 5, 0)
    assert (first["sitemaps_read"], first["sitemap_entries"], first["sitemap_skipped_old"],
            first["urls_excluded"]) == (3, 10, 1, 4)

    before = len(demo_network.requests)
    db, _ = crawl("pages", "demo-pt-sitemap")
    asked = [url for url, _ in demo_network.requests[before:] if url.startswith(site)]
    second = rows(db, "select * from crawl_run_sources where run_id = 2")[0]
    assert (second["pages_fetched"], second["pages_skipped"], second["new"],
            second["errors"]) == (0, 5, 0, 0)
    # robots.txt once (the robots middleware obeys it, and the spider reads its Sitemap: line from
    # the same download), then the three sitemaps; no article page again.
    assert second["requests"] == 4 and sorted(asked) == [f"{site}/{path}" for path in (
        "robots.txt", "sitemap-pages.xml", "sitemap-posts.xml.gz", "sitemap_index.xml")]


def test_republished_copy_is_folded_into_the_members_original(crawl):
    db, _ = crawl("feeds", "demo-media")
    db, _ = crawl("feeds", "demo-fr-rss")  # the original arrives after its copy
    copies = rows(db, "select a.source_id, o.source_id as original_source,"
                      " a.title = o.title as same_title"
                      " from articles a join articles o on o.id = a.duplicate_of")
    assert [tuple(c) for c in copies] == [("demo-media", "demo-fr-rss", 1)]


def test_chinese_feed_with_the_article_in_its_description(crawl):
    db, _ = crawl("feeds", "demo-zh-rss")
    articles = rows(db, "select * from articles")
    assert len(articles) == 6 and {a["language"] for a in articles} == {"zh"}
    assert all(len(a["text"]) > 250 and "<" not in a["text"] for a in articles)
    assert not any("@" in a["author"] for a in articles)


def test_demo_builds_40_articles_in_5_languages_and_a_rerun_adds_nothing(demo_db):
    articles = rows(demo_db, "select * from articles order by id")
    languages = {a["language"] for a in articles}
    assert len(articles) == 40 and languages == {"fr", "en", "es", "zh", "pt"}
    assert len([a for a in articles if a["duplicate_of"]]) == 1
    again = run([str(BIN / "probono"), "demo", "--no-serve", "--db", str(demo_db)])
    assert again.returncode == 0, again.stderr[-3000:]
    assert "new 0, updated 0" in again.stdout
    assert [tuple(a) for a in rows(demo_db, "select * from articles order by id")] == [
        tuple(a) for a in articles]
    runs = rows(demo_db, "select new, updated, status, exit_code from crawl_runs order by id")
    assert [tuple(r) for r in runs] == [(40, 0, "ok", 0), (0, 0, "ok", 0)]


def test_second_demo_run_asks_feeds_conditionally_and_fetches_no_article_page(demo_db):
    # demo_db has been crawled twice by the test above or is crawled twice here.
    if len(rows(demo_db, "select id from crawl_runs")) < 2:
        demo = run([str(BIN / "probono"), "demo", "--no-serve", "--db", str(demo_db)])
        assert demo.returncode == 0
    first, second = (
        {r["source_id"]: r
         for r in rows(demo_db, "select * from crawl_run_sources where run_id = ?", n)}
        for n in (1, 2))
    assert first["demo-en-atom"]["pages_fetched"] == 8
    # 8 listed articles; the featured link's www. and tracking spelling of one of them is not
    # fetched.
    es = first["demo-es-html"]
    assert es["pages_fetched"] == 8 and es["pages_skipped"] == 1
    assert first["demo-pt-sitemap"]["pages_fetched"] == 5
    for source, row in second.items():
        assert row["pages_fetched"] == 0, source
        # robots.txt is not asked again: the first run kept it (table robots_files).
        if row["spider"] == "feeds":  # the feed, answered 304 Not Modified
            assert (row["requests"], row["feeds_not_modified"]) == (1, 1), source
    # the listing's first page, answered 304 Not Modified: its links are not read again
    es = second["demo-es-html"]
    assert (es["requests"], es["listings_not_modified"], es["pages_skipped"]) == (1, 1, 0)
    # the three sitemaps; robots.txt (obeyed, and read for its Sitemap: line) as kept
    pt = second["demo-pt-sitemap"]
    assert (pt["requests"], pt["pages_skipped"]) == (3, 5)
    states = rows(demo_db, "select url, etag, body_hash, entries from feed_state order by url")
    assert len(states) == 4 and all(s["etag"] and s["body_hash"] and s["entries"] for s in states)
    listings = rows(demo_db, "select url, source_id, etag, last_modified from listing_state")
    assert [(row["source_id"], bool(row["etag"]), bool(row["last_modified"])) for row in listings
            ] == [("demo-es-html", True, True)]


def test_a_failing_source_is_reported_and_the_others_go_on(demo_network, tmp_path):
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    text = feeds.read_text(encoding="utf-8").replace(
        "http://demo-media.test/feed.xml", "http://demo-media.test/gone.xml")
    feeds.write_text(text, encoding="utf-8")
    db = tmp_path / "partial.db"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds),
                  "--source", "demo-media", "--source", "demo-zh-rss", "--log-level", "WARNING"],
                 env_extra={"PROBONO_LOOPBACK_PROXY": demo_network.proxy,
                            "PROBONO_DOWNLOAD_DELAY": "0"})
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    failed = rows(db, "select * from crawl_run_sources where source_id = 'demo-media'")[0]
    assert failed["errors"] == 1
    assert "404" in failed["last_error"] and "gone.xml" in failed["last_error"]
    assert rows(db, "select count(*) from articles where source_id = 'demo-zh-rss'")[0][0] == 6
    assert rows(db, "select status, exit_code from crawl_runs")[0]["status"] == "some-failed"
