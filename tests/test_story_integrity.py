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

from pipeline.article import Article
from pipeline.copies.original import Copy, choose_original
from pipeline.copies.versions import is_poorer, merge_versions, takes_identity
from pipeline.demo_network import DemoNetwork
from pipeline.normalize import _trusted_canonical
from pipeline.pagekind import page_reason, url_reason
from pipeline.sources import parse_sources
from pipeline.store import MIGRATIONS, Store
from pipeline.urls import identity_url
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


def as_article(record: dict) -> Article:
    """A test record shaped like a row (source_id, country) as the Article the store takes."""
    fields = {("source" if name == "source_id" else name): value
              for name, value in record.items() if name != "country"}
    return Article(**fields)


@pytest.mark.parametrize(("old", "new", "poorer"), [
    (FULL, TEASER, True),  # a teaser over the full text
    (FULL, PAGE, True),  # a bare page over the feed's version
    (FULL, NO_TEXT, True),  # no text over a text
    (TEASER, FULL, False),  # the full text over a teaser
    (PAGE, FULL, False),
    (FULL, {**FULL, "title": "Le bilan, corrigé"}, False),  # an edit of the same version
    (NO_TEXT, PAGE, False),  # a text over none, whatever the way in
    (NO_TEXT | {"via": "feed+page"}, TEASER | {"via": "feed-teaser"}, False),
    (PAGE, NO_TEXT, True),
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
    # Another member's summary-only item (no text) never takes a story with a text.
    ("member", "member", PAGE, NO_TEXT | {"source_id": "other"}, False),
])
def test_takes_identity(old_kind, new_kind, old, new, takes):
    assert takes_identity(old, new, old_kind, new_kind) is takes


@pytest.mark.parametrize(("old", "new", "old_owns", "new_owns", "takes"), [
    # The member whose site the story is on keeps it, whatever the other's way in ...
    (PAGE, FULL | {"source_id": "other"}, True, False, False),
    # ... and takes it back from another member, even reading it worse.
    (FULL | {"source_id": "other"}, PAGE, False, True, True),
    (NO_TEXT | {"source_id": "other"}, PAGE, False, True, True),
    (PAGE, PAGE | {"source_id": "other"}, True, True, False),  # both on it: the first keeps it
])
def test_takes_identity_prefers_the_source_whose_site_the_story_is_on(old, new, old_owns,
                                                                      new_owns, takes):
    assert takes_identity(old, new, "member", "member", old_owns, new_owns) is takes


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
    # The member's feed item (no canonical) before a medium's page that names itself canonical.
    ([Copy("0", "2025-03-05", True, 900, "https://media.example/2025/03/05/a", True),
      Copy("f", "2025-03-04", False, 900, "https://m.example/news/a")], "f"),
    # Self-canonical counts only against copies on its own site, not against another site's.
    ([Copy("0", None, False, 900, "https://other.example/2024/05/news/a", True),
      Copy("f", None, False, 900, "https://m.example/news/a")], "f"),
    ([Copy("0", None, False, 900, "https://m.example/news/a"),
      Copy("1", None, False, 900, "https://other.example/news/a"),
      Copy("f", None, False, 900, "https://m.example/2024/05/news/a", True)], "1"),
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
MENU_TEXT = "La clinique juridique a reçu quarante familles. " * 34  # 1,650 characters
MENU_ARTICLE = (
    '<html><head><meta property="og:type" content="article"></head><body><div id="header">'
    + "".join(f'<div class="item"><a href="/rubrique-{i}">Rubrique {i}</a></div>'
              for i in range(40))
    + f"</div><article><h1>Clinique</h1><p>{MENU_TEXT}</p></article>"
    '<div class="site-footer"><a href="/mentions">Mentions</a></div></body></html>')
SITE_GRAPH = json.dumps({"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "name": "X"}, {"@type": "Organization", "name": "X"},
    {"@type": "BreadcrumbList", "itemListElement": []}]})


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
    # og:type website on every page of a small site: an article by its query, or a slug.
    (_page(og="website"), "https://x.test/news.php?id=42", ARTICLE_TEXT, None),
    (_page(og="website"), "https://x.test/?p=123", ARTICLE_TEXT, None),
    (_page(og="website"), "https://x.test/Semaine_ProBono", ARTICLE_TEXT, None),
    (_page(og="website"), "https://x.test/news", "", "og-website-root"),
    # A menu of <div>s in the header is the page's furniture, not a listing.
    (MENU_ARTICLE, "https://x.test/clinique-juridique", MENU_TEXT, None),
    (MENU_ARTICLE.replace("<article>", "<div>").replace("</article>", "</div>"),
     "https://x.test/clinique-juridique", MENU_TEXT, None),
    # A site-wide JSON-LD snippet (WebSite, Organization, breadcrumbs) on an article.
    (_page(og="website", ld=SITE_GRAPH), "https://x.test/n/clinique", ARTICLE_TEXT, None),
    (_page(ld=SITE_GRAPH, links=12, text="Nos actualités."), "http://m.test/x/y/",
     "Nos actualités.", "json-ld-WebSite"),
])
def test_page_reason(html, url, text, reason):
    assert page_reason(html, url, text) == reason


@pytest.mark.parametrize(("canonical", "url", "trusted"), [
    ("https://b.example/fr/actualites/clinique-2025",
     "https://b.example/fr/actualites/clinique-2025",
     "https://b.example/fr/actualites/clinique-2025"),
    ("https://b.example/news/clinique", "https://b.example/news/clinique?ref=x",
     "https://b.example/news/clinique"),
    # A template-wide canonical to the home, a language home or an archive: a mistake.
    ("https://b.example/", "https://b.example/news/clinique", "https://b.example/news/clinique"),
    ("https://b.example/fr/", "https://b.example/fr/actualites/clinique-2025",
     "https://b.example/fr/actualites/clinique-2025"),
    ("https://b.example/category/news/", "https://b.example/2025/clinique",
     "https://b.example/2025/clinique"),
    # A language home naming the homepage is no article either way: the canonical stands.
    ("https://b.example/", "https://b.example/fr/", "https://b.example/"),
    ("https://other.example/a", "https://b.example/a", "https://b.example/a"),  # another site
])
def test_trusted_canonical(canonical, url, trusted):
    assert _trusted_canonical(canonical, url) == trusted


def test_the_member_keeps_its_story_in_the_store_whatever_the_order(tmp_path):
    store = Store(tmp_path / "s.db")
    store.save_sources(parse_sources(FEEDS))
    try:
        common = {"id": "w", "url": WEEK, "canonical_url": WEEK, "published": None}
        store.save_article(as_article({**FULL, **common, "via": "page", "source_id": "member"}))
        teaser = as_article({**TEASER, **common, "via": "feed+page", "text": "Autre. " * 99,
                             "source_id": "media"})
        assert store.save_article(teaser) == "updated"  # fills the image only
        row = next(store.db.query("select * from articles"))
        assert (row["source_id"], row["title"], row["author"], row["text"], row["country"]) == (
            "member", FULL["title"], "Marie", FULL["text"], "FR")
        store.db.execute("delete from articles")
        store.save_article(as_article({**FULL, **common, "source_id": "media",
                                       "url": WEEK + "?utm_medium=x"}))
        # Held by the medium: known to the medium, read once more by the member, who takes it.
        assert store.seen_urls("media") == {"//member.test/news/pro-bono-week"}
        assert store.seen_urls("member") == set()
        store.save_article(as_article({**PAGE, **common, "source_id": "member"}))
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


# Another member, a medium's copy, a dropped page: real crawls of sites served on loopback ------

PARAS = "".join(f"<p>Paragraph {i}: the bar association's clinic helped {i + 3} families keep"
                f" their homes this winter, with volunteer lawyers from firm number {i}.</p>"
                for i in range(12))
CLINIC = "/news/clinic-helps-families"


def _source(source_id: str, origin: str, country: str, extra: str) -> str:
    return (f"  - id: {source_id}\n    name: {source_id}\n    organisation: {source_id}\n"
            f"    country: {country}\n    homepage: {origin}/\n    languages: [en]\n{extra}")


def _crawl(folder: Path, sources: list[str], origins: list[str], only: str | None = None) -> None:
    """One `probono crawl` of the sources (or of one of them) into folder/c.db."""
    feeds = folder / "feeds.yaml"
    feeds.write_text("sources:\n" + "".join(sources), encoding="utf-8")
    command = [str(BIN / "probono"), "crawl", "--db", str(folder / "c.db"), "--feeds", str(feeds)]
    result = run(command + (["--source", only] if only else []),
                 env_extra={"PROBONO_ALLOW_ORIGINS": ",".join(origins),
                            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_TIMES": "0",
                            "PROBONO_LOG_LEVEL": "WARNING"})
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def _rows(folder: Path) -> list[sqlite3.Row]:
    connection = sqlite3.connect(folder / "c.db")
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute("select * from articles order by id").fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize("order", [("member-a", "member-b"), ("member-b", "member-a")])
def test_another_members_summary_item_neither_takes_nor_hides_a_members_own_story(tmp_path, order):
    from tests.security.test_ssrf import Server
    with Server() as a, Server() as b:
        story = a.origin + CLINIC
        a.routes[CLINIC] = (200, {"Content-Type": "text/html"}, (
            f'<html lang="en"><head><title>Clinic helps families</title><link rel="canonical"'
            f' href="{story}"><meta name="author" content="Ann Writer"><meta property="og:type"'
            f' content="article"></head><body><article><h1>Clinic helps families</h1>{PARAS}'
            "</article></body></html>").encode())
        a.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{story}</loc><lastmod>2025-03-04</lastmod></url></urlset>").encode())
        b.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>B</title>'
            f"<link>{b.origin}/</link><item><title>Clinic helps families</title><link>{story}"
            f"</link><guid>{story}</guid><description>Our partner's clinic helped families."
            "</description><pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>"
            "</channel></rss>").encode())
        sources = [_source("member-a", a.origin, "FR", f"    sitemaps: [{a.origin}/sitemap.xml]\n"),
                   _source("member-b", b.origin, "BE",
                           f"    full_text: never\n    feeds: [{b.origin}/feed.xml]\n")]
        for only in order:
            _crawl(tmp_path, sources, [a.origin, b.origin], only)
        [row] = _rows(tmp_path)
        assert (row["source_id"], row["country"], row["author"]) == ("member-a", "FR", "Ann Writer")
        assert "helped 3 families" in row["text"] and "firm number 11" in row["text"]
        assert a.hits[CLINIC] == 1


def test_the_members_feed_story_is_the_original_over_a_mediums_self_canonical_copy(tmp_path):
    from tests.security.test_ssrf import Server
    copy_path = "/2025/03/05/clinic-helps-families"
    with Server() as member, Server() as media:
        story, copy = member.origin + CLINIC, media.origin + copy_path
        member.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content='
            '"http://purl.org/rss/1.0/modules/content/"><channel><title>M</title>'
            f"<link>{member.origin}/</link><item><title>Clinic helps families</title>"
            f"<link>{story}</link><guid>{story}</guid><description>A clinic helped families."
            f"</description><content:encoded><![CDATA[{PARAS}]]></content:encoded>"
            "<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item></channel></rss>").encode())
        media.routes[copy_path] = (200, {"Content-Type": "text/html"}, (
            f'<html lang="en"><head><title>Clinic helps families</title><link rel="canonical"'
            f' href="{copy}"><meta property="og:type" content="article"><meta property='
            '"article:published_time" content="2025-03-05T09:00:00Z"></head><body><article>'
            f"<h1>Clinic helps families</h1>{PARAS}</article></body></html>").encode())
        media.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{copy}</loc><lastmod>2025-03-05</lastmod></url></urlset>").encode())
        _crawl(tmp_path, [
            _source("member-m", member.origin, "FR", f"    feeds: [{member.origin}/feed.xml]\n"),
            _source("press", media.origin, "FR",
                    f"    kind: media\n    sitemaps: [{media.origin}/sitemap.xml]\n")],
            [member.origin, media.origin])
        rows = {row["source_id"]: row for row in _rows(tmp_path)}
        assert rows["member-m"]["duplicate_of"] is None
        assert rows["press"]["duplicate_of"] == rows["member-m"]["id"]


def test_a_page_dropped_as_no_article_is_not_fetched_again(tmp_path):
    from tests.security.test_ssrf import Server
    teasers = "".join(f'<li><a href="/actualites/story-{i}">Story {i}</a></li>' for i in range(12))
    with Server() as a:
        a.routes.update({
            "/actualites/": (200, {"Content-Type": "text/html"}, (
                '<html><head><title>News</title><meta property="og:type" content="website">'
                f"</head><body><h1>News</h1><ul>{teasers}</ul></body></html>").encode()),
            # Not /equipe: a team page's URL alone now keeps it from being fetched.
            "/engagements": (200, {"Content-Type": "text/html"}, (
                '<html><head><title>Team</title><meta property="og:type" content="website">'
                "</head><body><h1>Our team</h1><p>" + "Our lawyers volunteer. " * 30
                + "</p></body></html>").encode()),
            "/sitemap.xml": (200, {"Content-Type": "application/xml"}, (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{a.origin}/actualites/</loc></url>"
                f"<url><loc>{a.origin}/engagements</loc></url></urlset>").encode()),
        })
        sources = [_source("member-a", a.origin, "FR", f"    sitemaps: [{a.origin}/sitemap.xml]\n")]
        for _ in range(2):
            _crawl(tmp_path, sources, [a.origin])
        assert (a.hits["/actualites/"], a.hits["/engagements"]) == (1, 1)
        assert _rows(tmp_path) == []
        connection = sqlite3.connect(tmp_path / "c.db")
        try:
            reasons = dict(connection.execute("select url, reason from not_articles"))
        finally:
            connection.close()
        assert sorted(reasons.values()) == ["og-website-root", "og-website-root"]


def test_seen_urls_leave_out_empty_rows_and_old_dropped_pages(tmp_path):
    store = Store(tmp_path / "s.db")
    store.save_sources(parse_sources(FEEDS))
    try:
        common = {"id": "w", "url": WEEK, "canonical_url": WEEK, "published": None}
        store.save_article(as_article({**NO_TEXT, **common, "source_id": "member"}))
        assert store.seen_urls("member") == set()  # nothing read yet: its page is fetched
        store.remember_not_article("http://member.test/equipe", "member", "og-website-root")
        store.remember_not_article("http://member.test/old", "member", "listing-links")
        store.db.execute("update not_articles set seen = '2000-01-01T00:00:00+00:00'"
                         " where url like '%old'")
        assert store.seen_urls("media") == {"//member.test/equipe"}
    finally:
        store.close()


# Second review: a medium's own article, a member's own page, page evidence and feeds ----------

PRESS = "http://media.test/2025/03/le-bilan-de-l-atelier/"


def test_a_mediums_own_article_is_seen_by_a_member_which_never_takes_it(tmp_path):
    store = Store(tmp_path / "s.db")
    store.save_sources(parse_sources(FEEDS))
    try:
        common = {"id": "p", "url": PRESS, "canonical_url": PRESS, "published": None}
        store.save_article(as_article({**FULL, **common, "source_id": "media"}))
        assert identity_url(PRESS) in store.seen_urls("member")  # the member would not take it
        store.save_article(as_article({**FULL, **common, "via": "feed+page",
                                       "source_id": "member"}))
        assert next(store.db.query("select source_id from articles"))["source_id"] == "media"
    finally:
        store.close()


def test_a_member_does_not_fetch_a_mediums_own_article_on_every_crawl(tmp_path):
    from tests.security.test_ssrf import Server
    press_path = "/2025/03/le-bilan-de-l-atelier"
    with Server() as member, Server() as media:
        press = media.origin + press_path
        media.routes[press_path] = (200, {"Content-Type": "text/html"}, (
            f'<html lang="en"><head><title>The workshop, reviewed</title><link rel="canonical"'
            f' href="{press}"><meta property="og:type" content="article"></head><body><article>'
            f"<h1>The workshop, reviewed</h1>{PARAS}</article></body></html>").encode())
        media.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{press}</loc><lastmod>2025-03-05</lastmod></url></urlset>").encode())
        member.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>M</title>'
            f"<link>{member.origin}/</link><item><title>The press on our workshop</title>"
            f"<link>{press}</link><guid>{press}</guid><description>Read the review."
            "</description><pubDate>Wed, 05 Mar 2025 10:00:00 +0000</pubDate></item>"
            "</channel></rss>").encode())
        sources = [_source("member-m", member.origin, "FR",
                           f"    feeds: [{member.origin}/feed.xml]\n"),
                   _source("press", media.origin, "FR",
                           f"    kind: media\n    sitemaps: [{media.origin}/sitemap.xml]\n")]
        for only in ("press", "member-m", "member-m"):
            _crawl(tmp_path, sources, [member.origin, media.origin], only)
        [row] = _rows(tmp_path)
        assert row["source_id"] == "press" and media.hits[press_path] == 1


@pytest.mark.parametrize(("copies", "original"), [
    # The review's case: a member's own self-canonical page, a network's plainer copy a day later
    # on the network's own site: across sites the earlier one, plainness only within a site.
    ([Copy("own", "2025-03-04T08:00:00+00:00", False, 5000,
           "https://member.org/2025/03/04/journee-pro-bono/", True, True),
      Copy("net", "2025-03-05T08:00:00+00:00", False, 5000,
           "https://network.org/journee-pro-bono", False, True)], "own"),
    ([Copy("own", "2025-03-04T08:00:00+00:00", False, 5000,
           "https://member.org/2025/03/04/journee-pro-bono/", True, True),
      Copy("net", "2025-03-05T08:00:00+00:00", False, 5000,
           "https://network.org/journee-pro-bono", False, False)], "own"),
    # The copy on its source's own site before a plainer one on a site not its source's ...
    ([Copy("0", None, False, 900, "https://agg.example/a"),
      Copy("f", None, False, 900, "https://m.example/news/2024/a", False, True)], "f"),
    ([Copy("0", "2024-01-01", False, 900, "https://agg.example/a"),
      Copy("f", "2024-05-01", False, 900, "https://m.example/news/2024/a", False, True)], "f"),
    # ... but a medium on its own site never before a member.
    ([Copy("0", "2024-01-01", True, 900, "https://media.example/a", True, True),
      Copy("f", "2024-05-01", False, 900, "https://agg.example/news/2024/a")], "f"),
    # Within one site, the plainest path before the earliest date (a mirror dated first).
    ([Copy("0", "2024-05-01", False, 900, "https://m.example/mirror/2024/news/a", False, True),
      Copy("f", "2024-05-02", False, 900, "https://m.example/news/a", False, True)], "f"),
])
def test_choose_original_prefers_the_copy_on_its_sources_own_site(copies, original):
    assert choose_original(copies).id == original
    assert choose_original(list(reversed(copies))).id == original


NETWORK = FEEDS + """\
  - id: net
    name: Réseau de test
    organisation: Réseau
    country: FR
    homepage: http://network.test/
    languages: [fr]
    kind: network
    feeds: [http://network.test/feed.xml]
"""
OWN = "http://member.test/2025/03/04/journee-pro-bono/"


@pytest.mark.parametrize("order", ["member first", "network first"])
def test_the_store_keeps_a_members_own_page_the_original_over_a_networks_copy(tmp_path, order):
    store = Store(tmp_path / "s.db")
    store.save_sources(parse_sources(NETWORK))
    try:
        own = {**FULL, "id": "own", "url": OWN, "canonical_url": OWN, "canonical": OWN,
               "published": "2025-03-04T08:00:00+00:00", "source_id": "member", "via": "page"}
        net = {**FULL, "id": "net", "url": "http://network.test/journee-pro-bono",
               "canonical_url": "http://network.test/journee-pro-bono", "entry_id": "g2",
               "published": "2025-03-05T08:00:00+00:00", "source_id": "net"}
        for record in ((own, net) if order == "member first" else (net, own)):
            store.save_article(as_article(record))
        rows = {r["id"]: r["duplicate_of"] for r in store.db.query("select * from articles")}
        assert rows == {"own": None, "net": "own"}
    finally:
        store.close()


LISTING_LIKE = "/news/journee-pro-bono"


def _listing_like_page() -> bytes:
    links = "".join(f'<li><a href="/news/n-{i}/">Story {i}</a></li>' for i in range(12))
    return ('<html lang="en"><head><title>Pro bono day</title><meta property="og:type"'
            ' content="article"></head><body><main><h1>Pro bono day</h1><p>Forty lawyers came.'
            f"</p><ul>{links}</ul></main></body></html>").encode()


def test_a_feed_stores_an_item_the_pages_spider_dropped_by_page_evidence(tmp_path):
    from tests.security.test_ssrf import Server
    with Server() as a:
        story, remembered = a.origin + LISTING_LIKE, a.origin + "/news/remembered-by-url"
        a.routes[LISTING_LIKE] = (200, {"Content-Type": "text/html"}, _listing_like_page())
        a.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{story}</loc></url></urlset>").encode())
        a.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>A</title>'
            f"<link>{a.origin}/</link>" + "".join(
                f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                f"<description>{title}: forty lawyers came.</description>"
                "<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>"
                for title, link in (("Pro bono day", story), ("Remembered", remembered)))
            + "</channel></rss>").encode())
        sitemap = f"    sitemaps: [{a.origin}/sitemap.xml]\n"
        _crawl(tmp_path, [_source("member-a", a.origin, "FR", sitemap)], [a.origin])
        assert _rows(tmp_path) == [] and a.hits[LISTING_LIKE] == 1  # dropped: listing-links
        store = Store(tmp_path / "c.db")
        try:  # a URL remembered by its URL's evidence: never fetched, its teaser still stored
            store.remember_not_article(remembered, "member-a", "archive-url")
        finally:
            store.close()
        both = sitemap + f"    feeds: [{a.origin}/feed.xml]\n"
        _crawl(tmp_path, [_source("member-a", a.origin, "FR", both)], [a.origin])
        rows = {row["url"]: row for row in _rows(tmp_path)}
        assert rows[story]["via"] == "feed+page" and "Forty lawyers" in rows[story]["text"]
        assert rows[remembered]["via"] == "feed-teaser" and not a.hits["/news/remembered-by-url"]


def test_the_migration_tells_the_evidence_of_pages_remembered_before(tmp_path):
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0016_not_article_evidence")
    db["sources"].insert({"id": "member", "name": "Atelier", "kind": "member"})
    db["not_articles"].insert_all([
        {"url": "//member.test/news/a", "source_id": "member", "reason": "listing-links",
         "seen": "2099-01-01T00:00:00+00:00"},
        {"url": "//member.test/fr", "source_id": "member", "reason": "archive-url",
         "seen": "2099-01-01T00:00:00+00:00"}], pk="url")
    db.close()
    store = Store(tmp_path / "old.db")
    try:
        assert store.not_article_urls(page_evidence=False) == {"//member.test/fr"}
        assert store.not_article_urls() == {"//member.test/fr", "//member.test/news/a"}
    finally:
        store.close()
