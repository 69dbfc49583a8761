"""One story, one row, never degraded; only articles stored (issue 12, findings 7, 8 and 13).

Real crawls (`probono crawl` in a subprocess) of tests/fixtures/story_sites served on 127.0.0.1: a
member with a full-text feed and a sitemap full of traps, a medium whose feed names the member's
story. Then the pure functions behind it, with tables.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.dedup import Copy, choose_original, is_poorer, merge_versions, takes_identity
from pipeline.demo_network import DemoNetwork
from pipeline.pagekind import page_reason, url_reason
from pipeline.sources import parse_sources
from pipeline.store import MIGRATIONS, Store
from tests.conftest import BIN, run

SITES = Path(__file__).parent / "fixtures" / "story_sites"
FEEDS = """\
sources:
  - id: member
    name: Atelier de test
    organisation: Atelier
    country: FR
    homepage: http://member.test/
    languages: [fr]
    feeds: [http://member.test/feed.xml]
    sitemaps: [http://member.test/sitemap.xml]
  - id: media
    name: Média de test
    organisation: Média
    country: FR
    homepage: http://media.test/
    languages: [fr]
    kind: media
    feeds: [http://media.test/feed.xml]
"""
WEEK = "http://member.test/news/pro-bono-week/"


@pytest.fixture(scope="module")
def network():
    with DemoNetwork(SITES) as served:
        yield served


@pytest.fixture(scope="module")
def crawled(network, tmp_path_factory):
    """The member crawled, then the medium: the database and the paths the server was asked for."""
    folder = tmp_path_factory.mktemp("story")
    feeds = folder / "feeds.yaml"
    feeds.write_text(FEEDS, encoding="utf-8")
    db = folder / "story.db"
    for source in ("member", "media"):
        result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds),
                      "--source", source],
                     env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy,
                                "PROBONO_ALLOW_ORIGINS": network.proxy,
                                "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_TIMES": "0",
                                "PROBONO_LOG_LEVEL": "WARNING"})
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    yield connection, [path for path, _ in network.requests]
    connection.close()


def articles(db: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    return {row["url"]: row for row in db.execute("select * from articles")}


def dropped(db: sqlite3.Connection, spider: str) -> dict[str, int]:
    """The member's dropped items by reason, for one spider."""
    return json.loads(db.execute("select dropped_reasons from crawl_run_sources where"
                                 " source_id = 'member' and spider = ?", [spider]).fetchone()[0])


def test_a_mediums_teaser_never_degrades_the_members_story_nor_fetches_its_page(crawled):
    db, asked = crawled
    week = articles(db)[WEEK]
    assert (week["source_id"], week["via"], week["title"]) == (
        "member", "feed", "Semaine du pro bono : le bilan")
    assert week["author"] == "Marie Lefèvre" and week["content_html"].count("<p>") == 4
    assert "quatre-vingts associations" in week["text"] and week["duplicate_of"] is None
    # The member's feed gave the full text; the medium's link to it is a page stored already.
    assert not [path for path in asked if path.endswith("/news/pro-bono-week/")]
    media = db.execute("select * from crawl_run_sources where source_id = 'media'").fetchone()
    assert (media["pages_fetched"], media["pages_skipped"]) == (0, 1)


def test_homepage_section_tag_and_listing_pages_are_never_stored(crawled):
    db, asked = crawled
    stored = set(articles(db))
    for url in ("http://member.test/", "http://member.test/fr/", "http://member.test/tag/x/",
                "http://member.test/actualites/", "http://member.test/dossiers/"):
        assert url not in stored, url
    # The homepage, /fr/ and /tag/x/ are not even asked for; the two listings are, and dropped.
    assert dropped(db, "pages") == {"not-article-json-ld-CollectionPage": 1,
                                    "not-article-listing-links": 1}
    never = ("http://member.test/fr", "http://member.test/tag/x")
    assert not [path for path in asked if path.rstrip("/") in never]


def test_a_feed_item_linking_to_the_site_root_is_dropped_with_its_reason(crawled):
    db, _ = crawled
    assert "Bienvenue sur notre site" not in {row["title"] for row in articles(db).values()}
    assert dropped(db, "feeds") == {"not-article-site-root": 1}


def test_the_plain_page_is_the_original_and_also_at_links_have_no_tracking(crawled):
    db, _ = crawled
    rows = articles(db)
    plain = rows["http://member.test/news/a/"]
    mirror = rows["http://member.test/mirror/2024/news/a/?ref=x"]
    assert plain["duplicate_of"] is None and plain["text_hash"] == mirror["text_hash"]
    assert mirror["duplicate_of"] == plain["id"]
    assert rows["http://media.test/reprise/juristes/"]["duplicate_of"] == plain["id"]
    also_at = [r[0] for r in db.execute("select url from articles where duplicate_of = ?",
                                        [plain["id"]])]
    assert sorted(also_at) == ["http://media.test/reprise/juristes/",
                               "http://member.test/mirror/2024/news/a/?ref=x"]
    assert not db.execute("select count(*) from articles where url like '%utm_%'").fetchone()[0]


# The pure functions ---------------------------------------------------------------------------

FULL = {"via": "feed", "source_id": "member", "url": "https://m.example/a", "title": "Le bilan",
        "summary": "Trois cents bénévoles.", "text": "Un texte complet. " * 40,
        "content_html": "<p>Un texte complet.</p>", "author": "Marie", "text_hash": "h1",
        "image": None, "published": "2025-03-04T08:00:00+00:00", "date_note": None,
        "categories": "[]", "entry_id": "g1", "canonical_url": "https://m.example/a",
        "country": "FR", "updated": None, "origin": ""}
TEASER = {**FULL, "via": "feed-teaser", "source_id": "media", "title": "Repris : le bilan",
          "summary": "Court.", "text": "Court.", "content_html": "", "author": "",
          "text_hash": None, "image": "https://media.example/i.jpg", "entry_id": "g9",
          "country": "BE"}
PAGE = {**FULL, "via": "page", "content_html": "", "author": "", "title": "Le bilan (page)"}
NO_TEXT = {**FULL, "text": "", "via": "feed"}


@pytest.mark.parametrize(("old", "new", "poorer"), [
    (FULL, TEASER, True),  # a teaser over the full text
    (FULL, PAGE, True),  # a bare page over the feed's version
    (FULL, NO_TEXT, True),  # no text over a text
    (TEASER, FULL, False),  # the full text over a teaser
    (PAGE, FULL, False),
    (FULL, {**FULL, "title": "Le bilan, corrigé"}, False),  # an edit of the same version
])
def test_is_poorer(old, new, poorer):
    assert is_poorer(old, new) is poorer


@pytest.mark.parametrize(("old_kind", "new_kind", "old", "new", "takes"), [
    ("member", "media", FULL, TEASER, False),  # a medium never takes a member's story
    ("member", "media", TEASER, FULL | {"source_id": "media"}, False),  # ... even reading it better
    ("media", "member", FULL | {"source_id": "media"}, PAGE, True),  # a member takes it back
    ("member", "member", FULL, FULL | {"source_id": "other"}, False),  # first found keeps it
    ("member", "member", PAGE, FULL, True),  # the same source reading it better
    ("member", "member", PAGE, FULL | {"source_id": "other"}, True),  # ... or another member
    ("member", "member", FULL | {"source_id": "other"}, PAGE, False),  # whichever came first
    ("member", "related", FULL, FULL | {"source_id": "rel"}, False),
])
def test_takes_identity(old_kind, new_kind, old, new, takes):
    assert takes_identity(old, new, old_kind, new_kind) is takes


def test_merge_keeps_the_richer_fields_and_fills_only_blanks():
    merged = merge_versions(FULL, TEASER, identity=False)
    for column in ("title", "summary", "text", "content_html", "author", "text_hash", "via",
                   "source_id", "url", "entry_id", "country"):
        assert merged[column] == FULL[column], column
    assert merged["image"] == TEASER["image"]  # what the stored version lacked
    edited = merge_versions(FULL, {**FULL, "title": "Le bilan, corrigé", "author": "",
                                   "content_html": ""}, identity=False)
    assert (edited["title"], edited["author"], edited["content_html"]) == (
        "Le bilan, corrigé", "Marie", FULL["content_html"])
    rewritten = merge_versions(FULL, {**FULL, "text": "Autre. " * 60, "text_hash": "h2",
                                      "content_html": ""}, identity=False)
    assert rewritten["content_html"] == ""  # a new text: the old text's HTML does not follow it


@pytest.mark.parametrize(("copies", "original"), [
    # Identical pages, nothing else differs: the plainest URL, whatever the ids.
    ([Copy("0", None, False, 900, "https://m.example/mirror/2024/news/a?ref=x"),
      Copy("f", None, False, 900, "https://m.example/news/a")], "f"),
    ([Copy("0", None, False, 900, "https://m.example/news/a?ref=x"),
      Copy("f", None, False, 900, "https://m.example/news/a")], "f"),  # no query first
    ([Copy("0", None, False, 900, "https://m.example/news/a-longer-alias"),
      Copy("f", None, False, 900, "https://m.example/news/a")], "f"),  # then the shorter
    # The page that names itself canonical, even at a longer URL.
    ([Copy("0", None, False, 900, "https://m.example/news/a"),
      Copy("f", None, False, 900, "https://m.example/2024/05/news/a", True)], "f"),
    # A member's copy before a medium's plainer one.
    ([Copy("0", None, True, 900, "https://media.example/a"),
      Copy("f", None, False, 900, "https://m.example/news/2024/a")], "f"),
    # Same shape of URL: the earliest date, then the fullest text, then the id.
    ([Copy("0", "2024-05-02", False, 900, "https://m.example/news/b"),
      Copy("f", "2024-05-01", False, 900, "https://m.example/news/a")], "f"),
    ([Copy("0", None, False, 800, "https://m.example/news/b"),
      Copy("f", None, False, 900, "https://m.example/news/a")], "f"),
    ([Copy("f", None, False, 900, "https://m.example/news/b"),
      Copy("0", None, False, 900, "https://m.example/news/a")], "0"),
])
def test_choose_original(copies, original):
    assert choose_original(copies).id == original
    assert choose_original(list(reversed(copies))).id == original


SOURCE = parse_sources(FEEDS)[0]


@pytest.mark.parametrize(("url", "reason"), [
    ("http://member.test/", "site-root"),
    ("http://member.test/?utm_source=x", "site-root"),
    ("http://member.test/feed.xml", "source-page"),
    ("http://member.test/fr/", "archive-url"),
    ("http://member.test/index.html", "archive-url"),
    ("http://member.test/tag/x/", "archive-url"),
    ("http://member.test/search/?q=pro+bono", "archive-url"),
    ("http://member.test/news/page/3/", "archive-url"),
    ("http://member.test/news/a/", None),
    ("http://member.test/?p=123", None),  # a WordPress article by its query
    ("http://member.test/the-author-speaks/", None),
])
def test_url_reason(url, reason):
    assert url_reason(url, SOURCE) == reason


def _page(og: str = "article", ld: str = "", links: int = 0, text: str = "") -> str:
    anchors = "".join(f'<a href="/news/n-{i}/">n {i}</a>' for i in range(links))
    script = f'<script type="application/ld+json">{ld}</script>' if ld else ""
    return (f'<html><head><meta property="og:type" content="{og}">{script}</head>'
            f"<body><nav>{anchors}</nav><main><p>{text}</p>{anchors}</main></body></html>")


ARTICLE_TEXT = "Un vrai article. " * 80


@pytest.mark.parametrize(("html", "url", "text", "reason"), [
    (_page(), "http://m.test/news/a/", ARTICLE_TEXT, None),
    (_page(og="website"), "http://m.test/actualites/", "", "og-website-root"),
    (_page(og="website"), "http://m.test/news-du-jour-2024/", ARTICLE_TEXT, None),  # a slug
    (_page(ld='{"@type": "CollectionPage"}'), "http://m.test/x/y/", "", "json-ld-CollectionPage"),
    (_page(ld='{"@graph": [{"@type": "ProfilePage"}]}'), "http://m.test/p/q/", "",
     "json-ld-ProfilePage"),
    # Yoast's graph on an article names the WebSite too: the Article decides.
    (_page(ld='{"@graph": [{"@type": "NewsArticle"}, {"@type": "WebPage"}, {"@type": "WebSite"}]}'),
     "http://m.test/news/a/", ARTICLE_TEXT, None),
    (_page(ld='{"@graph": [{"@type": "WebPage"}, {"@type": "WebSite"}]}'), "http://m.test/n/a/",
     ARTICLE_TEXT, None),
    (_page(links=12, text="Nos actualités."), "http://m.test/dossiers/x/", "Nos actualités.",
     "listing-links"),
    (_page(links=12), "http://m.test/news/a/", ARTICLE_TEXT, None),  # a long article with links
])
def test_page_reason(html, url, text, reason):
    assert page_reason(html, url, text) == reason


def test_the_member_keeps_its_story_in_the_store_whatever_the_order(tmp_path):
    store = Store(tmp_path / "s.db")
    store.save_sources(parse_sources(FEEDS))
    try:
        common = {"id": "w", "url": WEEK, "canonical_url": WEEK, "published": None}
        store.save_article({**FULL, **common, "via": "page", "source_id": "member"})
        assert store.save_article({**TEASER, **common, "via": "feed+page", "text": "Autre. " * 99,
                                   "source_id": "media"}) == "updated"  # fills the image only
        row = next(store.db.query("select * from articles"))
        assert (row["source_id"], row["title"], row["author"], row["text"], row["country"]) == (
            "member", FULL["title"], "Marie", FULL["text"], "FR")
        store.db.execute("delete from articles")
        store.save_article({**FULL, **common, "source_id": "media", "url": WEEK + "?utm_medium=x"})
        # Held by the medium: known to the medium, read once more by the member, who takes it.
        assert store.seen_urls("media") == {"//member.test/news/pro-bono-week"}
        assert store.seen_urls("member") == set()
        store.save_article({**PAGE, **common, "source_id": "member"})
        assert store.seen_urls("member") == {"//member.test/news/pro-bono-week"}
        row = next(store.db.query("select * from articles"))
        assert (row["source_id"], row["url"], row["author"]) == ("member", WEEK, "Marie")
    finally:
        store.close()


def test_the_migration_cleans_stored_urls_of_tracking(tmp_path):
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0012_story_integrity")
    db["sources"].insert({"id": "media", "name": "Média", "kind": "media"})
    db["articles"].insert({"id": "a1", "source_id": "media", "title": "Repris", "status": "new",
                           "url": "http://media.test/r/?id=4&utm_source=rss&fbclid=z"})
    db.close()
    store = Store(tmp_path / "old.db")
    try:
        row = next(store.db.query("select url, canonical_declared from articles"))
        assert row == {"url": "http://media.test/r/?id=4", "canonical_declared": 0}
    finally:
        store.close()
