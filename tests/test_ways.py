"""The rules of found ways in (pipeline/ways_in.py) and of the first crawl's backfill, one function
at a time; the crawls that use them are in tests/test_homepage_only.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.backfill import is_backfill
from pipeline.sources import parse_sources
from pipeline.urls import identity_url
from pipeline.ways_in import (
    BROKEN_AFTER_EMPTY,
    BROKEN_AFTER_FAILURES,
    FOUND_LISTING_MAX_PAGES,
    Outcome,
    WayIn,
    after_crawl,
    choose_ways,
    common_section,
    described,
    effective_source,
    missing_from,
    needs_discovery,
    url_shape,
)

SOURCES = parse_sources("""\
sources:
  - id: bare
    name: Bare
    organisation: Bare
    country: FR
    homepage: https://bare.example/
    languages: [fr]
  - id: explicit
    name: Explicit
    organisation: Explicit
    country: FR
    homepage: https://explicit.example/
    languages: [fr]
    feeds: [https://explicit.example/feed/]
""")
BARE, EXPLICIT = SOURCES


@pytest.mark.parametrize("url, shape", [
    ("https://a.example/2024/03/some-slug/", "/N/N/S"),
    ("https://a.example/news.php?id=4", "/news.php?id"),
    ("https://a.example/SitePages/Article.aspx?ID=12", "/SitePages/Article.aspx?ID"),
    ("https://a.example/post/a-b", "/post/S"),
    ("https://a.example/news/hello", "/news/S"),
    ("https://a.example/news/2024", "/news/N"),
    ("https://a.example/node/42", "/node/N"),
    ("https://a.example/", "/"),
])
def test_url_shapes(url, shape):
    assert url_shape(url) == shape


def test_missing_from_counts_only_articles_of_the_feeds_shape():
    items = ["https://a.example/2024/03/one/", "https://a.example/2024/02/two-x/"]
    others = ["https://a.example/2023/01/old-one/", "https://a.example/about-us/x",
              "https://a.example/2024/03/one/?utm_source=x", "https://a.example/contact/"]
    assert missing_from(items, others) == {identity_url("https://a.example/2023/01/old-one/")}


FEED = WayIn("feed", "https://a.example/feed/", "linked", full_content=True, entries=2)
TEASERS = WayIn("feed", "https://a.example/atom/", "linked", full_content=False, entries=9)
SITEMAP = WayIn("sitemap", "https://a.example/sitemap.xml", "robots", entries=3)
LISTING = WayIn("listing", "https://a.example/news/", "navigation", entries=3)
ITEMS = {FEED.url: ["https://a.example/news/one-a/", "https://a.example/news/two-b/"],
         TEASERS.url: ["https://a.example/news/one-a/"]}
ALL_THREE = ["https://a.example/news/one-a/", "https://a.example/news/two-b/",
             "https://a.example/news/three-c/"]


def test_a_feed_that_carries_everything_is_kept_alone_full_content_first():
    listed = {LISTING.url: ITEMS[FEED.url]}
    assert choose_ways([TEASERS, FEED], ITEMS, [], {}, [LISTING], listed) == [FEED]


def test_a_feed_missing_articles_gets_the_sitemap_else_the_listing():
    assert choose_ways([FEED], ITEMS, [SITEMAP], {SITEMAP.url: ALL_THREE}, [LISTING],
                       {LISTING.url: ALL_THREE}) == [FEED, SITEMAP]
    assert choose_ways([FEED], ITEMS, [], {}, [LISTING],
                       {LISTING.url: ALL_THREE}) == [FEED, LISTING]


def test_without_feed_the_sitemap_then_a_listing_it_misses():
    assert choose_ways([], {}, [SITEMAP], {SITEMAP.url: ALL_THREE}, [LISTING],
                       {LISTING.url: ALL_THREE[:2]}) == [SITEMAP]
    assert choose_ways([], {}, [SITEMAP], {SITEMAP.url: ALL_THREE[:1]}, [LISTING],
                       {LISTING.url: ALL_THREE}) == [SITEMAP, LISTING]
    assert choose_ways([], {}, [], {}, [LISTING], {LISTING.url: ALL_THREE}) == [LISTING]
    assert choose_ways([], {}, [], {}, [], {}) == []


def test_found_ways_are_read_for_a_homepage_only_source_and_explicit_ones_win():
    ways = [{"kind": "feed", "url": "https://bare.example/feed/", "how": "linked",
             "status": "active"},
            {"kind": "listing", "url": "https://bare.example/news/", "how": "navigation",
             "status": "active"},
            {"kind": "sitemap", "url": "https://bare.example/sitemap.xml", "how": "robots",
             "status": "broken"}]
    crawled = effective_source(BARE, ways)
    assert crawled.feeds == ("https://bare.example/feed/",)
    assert [(listing.url, listing.links, listing.max_pages) for listing in crawled.listings] == [
        ("https://bare.example/news/", None, FOUND_LISTING_MAX_PAGES)]
    assert crawled.sitemaps == ()  # broken: not read
    # A source that names its ways in is crawled as configured, whatever was found before.
    assert effective_source(EXPLICIT, ways) == EXPLICIT


def test_only_a_homepage_only_source_without_a_working_way_is_discovered():
    assert needs_discovery(BARE, [])
    assert needs_discovery(BARE, [{"status": "broken"}])
    assert not needs_discovery(BARE, [{"status": "broken"}, {"status": "active"}])
    assert not needs_discovery(EXPLICIT, [])


NOW = "2026-12-06T06:00:00+00:00"


def test_a_way_that_is_gone_breaks_at_once_one_that_fails_after_several_crawls():
    way = {"url": "u", "status": "active", "failures": 0, "empty_runs": 0}
    gone = after_crawl(way, Outcome(failed=True, status=410, reason="HTTP 410"), NOW)
    assert gone["status"] == "broken" and gone["broken_reason"] == "HTTP 410"
    for _ in range(BROKEN_AFTER_FAILURES - 1):
        way = after_crawl(way, Outcome(failed=True, status=500, reason="HTTP 500"), NOW)
        assert way["status"] == "active"
    assert after_crawl(way, Outcome(failed=True, status=503), NOW)["status"] == "broken"


def test_a_way_that_finds_nothing_breaks_after_several_crawls_unchanged_is_fine():
    way = {"url": "u", "status": "active", "failures": 0, "empty_runs": 0}
    for _ in range(5):
        way = after_crawl(way, Outcome(unchanged=True), NOW)
    assert way["status"] == "active" and way["last_worked"] == NOW
    for _ in range(BROKEN_AFTER_EMPTY - 1):
        way = after_crawl(way, Outcome(entries=0), NOW)
        assert way["status"] == "active"
    way = after_crawl(way, Outcome(entries=0), NOW)
    assert way["status"] == "broken" and "found nothing" in way["broken_reason"]
    assert after_crawl({**way, "status": "active"}, Outcome(entries=4), NOW)["empty_runs"] == 0


def test_described():
    assert described(FEED) == "feed (linked, full text)"
    assert described({"kind": "listing", "how": "navigation", "full_content": None}) == \
        "listing (navigation)"


MOMENT = datetime(2026, 12, 6, tzinfo=UTC)


@pytest.mark.parametrize("published, days, first, archived", [
    ("2026-12-01T10:00:00+00:00", 30, True, False),  # recent: queued
    ("2026-10-01T10:00:00+00:00", 30, True, True),  # older than backfill_days: archive
    ("2026-10-01T10:00:00+00:00", 30, False, True),  # ... on any crawl
    ("2026-10-01T10:00:00+00:00", 3650, True, False),
    ("2026-12-05T10:00:00Z", 0, True, True),
    (None, 30, True, True),  # undated on a first crawl: nothing says it is new
    (None, 30, False, False),  # undated later: just found, so new
    ("not a date", 30, False, False),
    ("2026-11-30", 30, True, False),  # naive: read in the moment's zone
])
def test_backfill(published, days, first, archived):
    assert is_backfill(published, MOMENT, days, first) is archived


def test_a_feed_beside_an_archive_listing_keeps_the_listing_unless_a_sitemap_tells():
    """A feed is a window on the latest items: a paginated section with more pages than were
    read may hold older ones, so it is kept beside the feed; a sitemap that shows nothing
    missing settles it the other way."""
    archive = WayIn("listing", LISTING.url, "navigation", entries=2, more=True)
    listed = {LISTING.url: ITEMS[FEED.url]}
    assert choose_ways([FEED], ITEMS, [], {}, [archive], listed) == [FEED, archive]
    assert choose_ways([FEED], ITEMS, [SITEMAP], {SITEMAP.url: ITEMS[FEED.url]}, [archive],
                       listed) == [FEED]


def test_a_found_listing_is_read_to_its_end_the_first_time_only():
    way = {"kind": "listing", "url": "https://bare.example/news/", "how": "navigation",
           "status": "active", "last_worked": None}
    assert effective_source(BARE, [way]).listings[0].read_all
    assert not effective_source(BARE, [{**way, "last_worked": NOW}]).listings[0].read_all


def test_a_sitemap_of_no_article_is_never_chosen():
    """A sitemap whose entries are no articles (pages only) would read nothing crawl after crawl:
    the listing is kept instead, and with nothing else nothing is."""
    pages_only = WayIn("sitemap", "https://a.example/sitemap.xml", "robots", entries=0)
    assert choose_ways([], {}, [pages_only], {pages_only.url: []}, [LISTING],
                       {LISTING.url: ALL_THREE}) == [LISTING]
    assert choose_ways([], {}, [pages_only], {pages_only.url: []}, [], {}) == []
    assert choose_ways([FEED], ITEMS, [pages_only], {pages_only.url: []}, [], {}) == [FEED]
    assert choose_ways([], {}, [pages_only, SITEMAP], {SITEMAP.url: ALL_THREE}, [], {}) == [SITEMAP]


@pytest.mark.parametrize("paths, section", [
    (["/ressources/publications/2025/a.html", "/ressources/publications/2024/b.html"],
     "https://a.example/ressources/publications/"),
    (["/impact/one-story/", "/impact/two-story/", "/impact/three/"], "https://a.example/impact/"),
    (["/fr/nos-actus/un/", "/fr/nos-actus/deux/"], "https://a.example/fr/nos-actus/"),
    (["/news/2025/11/a/", "/news/2024/03/b/"], "https://a.example/news/"),
    (["/p/12-a", "/p/19-b"], "https://a.example/p/"),
])
def test_the_section_articles_sit_in_is_their_common_folder_before_any_date(paths, section):
    home = "https://a.example/"
    assert common_section([f"https://www.a.example{path}" for path in paths], home) == section


@pytest.mark.parametrize("urls", [
    ["https://a.example/2025/11/a/", "https://a.example/2024/03/b/"],  # dates only: the root
    ["https://a.example/news/a/", "https://a.example/blog/b/"],  # no folder in common
    ["https://a.example/news/a/"],  # one article tells no section
    ["https://b.example/news/a/", "https://b.example/news/b/"],  # another site's
    ["https://a.example/a", "https://a.example/b"],  # pages at the root
    [],
])
def test_no_section_is_guessed_from_urls_that_share_none_or_are_elsewhere(urls):
    assert common_section(urls, "https://a.example/") is None
