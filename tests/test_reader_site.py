"""The reader site (pipeline/publishing/reader.py), in process over the demo's real database:
every page answers with headlines as links and no database concept in sight, articles at
readable addresses, listings and their feeds, French and English, and hostile rows harmless.

The database is the demo's (built by `probono demo`), plus a story with a hostile title and
body, a copy of it at a `javascript:` address, a rejected story and a featured one.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from datasette_auth_passwords.utils import hash_password
from lxml import html

from pipeline.errors import ConfigError
from pipeline.publishing import plugin
from pipeline.publishing import reader_queries as queries
from pipeline.publishing.editors import auth_plugin_config
from pipeline.publishing.feed_links import atom_path
from pipeline.publishing.interface import choose_language, load_labels
from pipeline.publishing.reader_pages import slugify
from pipeline.publishing.serve import datasette_instance
from tests.test_publishing import PASSWORD, Client

SENIORS_ORIGINAL, SENIORS_COPY = "43334f4b6fe04ed7", "dc92b50927ee5868"
HOSTILE, HOSTILE_COPY = "00000000000000aa", "00000000000000ab"
REJECTED, FEATURED = "5b4b301987825788", "bc3c45632abf8a36"
HOSTILE_TITLE = '<script>alert("title")</script> Pro bono & "friends"'
# What a reader must never see: an article id, a score, SQL, a row count, a blob.
DATABASE_WORDS = re.compile(r"\b[0-9a-f]{16}\b|bm25|\bselect |\brows\b|<Binary", re.IGNORECASE)
READER_PAGES = ["/", "/?page=2", "/search?q=benevolat", "/search?q=", "/search?q=zzzzqqq",
                "/topic/skills-based-volunteering", "/topic/legal-pro-bono", "/language/fr",
                "/language/zh", "/country/FR", "/source/demo-fr-rss", "/topics", "/languages",
                "/countries", "/sources", f"/article/{SENIORS_ORIGINAL}"]


@pytest.fixture(scope="module")
def reader_db(demo_db, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reader") / "demo.db"
    shutil.copy(demo_db, db)
    with sqlite3.connect(db) as connection:
        columns = ("id, url, canonical_url, source_id, title, summary, text, content_html,"
                   " language, published, duplicate_of, tags, country")
        connection.execute(
            f"insert into articles ({columns}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [HOSTILE, "javascript:alert(1)", "javascript:alert(1)", "demo-en-atom",
             HOSTILE_TITLE, "<b>teaser</b>", "Hostile text about pro bono",
             '<p onclick="alert(2)">Body</p><script>alert(3)</script>'
             '<a href="javascript:alert(4)">x</a>', "en", "2026-12-01T00:00:00+00:00", None,
             '["legal-pro-bono"]', "US"])
        connection.execute(
            f"insert into articles ({columns}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [HOSTILE_COPY, "javascript:alert(5)", "javascript:alert(5)", "demo-media",
             "copy", "", "Hostile text about pro bono", "", "en",
             "2026-12-01T00:00:00+00:00", HOSTILE, "[]", "FR"])
        for article_id, status in ((REJECTED, "rejected"), (FEATURED, "featured")):
            connection.execute("insert into editorial_decisions (article_id, status, editor)"
                               " values (?, ?, 'test')", [article_id, status])
    return db


@pytest.fixture(scope="module")
def ds(reader_db):
    return datasette_instance(reader_db)


def get(ds, path: str, language: str = "en", cookies: dict | None = None):
    async def go():
        await ds.invoke_startup()
        return await ds.client.get(path, headers={"accept-language": language},
                                   cookies=cookies or {})
    return asyncio.run(go())


def visible_text(page: str) -> str:
    doc = html.fromstring(page)
    return " ".join(doc.text_content().split())


def title_of(page: str) -> str:
    return html.fromstring(page).findtext(".//title")


def titles_linked(page: str) -> list[str]:
    """The card titles of a page, each a link."""
    return [" ".join(a.text_content().split())
            for a in html.fromstring(page).xpath("//*[contains(@class, 'card-title')]/a")]


@pytest.mark.parametrize("path", READER_PAGES)
def test_every_reader_page_shows_news_not_a_database(ds, path):
    response = get(ds, path)
    if path.startswith("/article/"):  # its readable address first
        response = get(ds, response.headers["location"])
    assert response.status_code == 200, (path, response.text[:500])
    page = response.text
    text = visible_text(page)
    assert not DATABASE_WORDS.search(text + " " + title_of(page)), DATABASE_WORDS.search(text)
    doc = html.fromstring(page)
    assert doc.get("lang") == "en" and len(doc.xpath("//h1")) == 1
    feeds = doc.xpath("//link[@rel='alternate'][@type='application/atom+xml']")
    assert len(feeds) == 1 and feeds[0].get("title") and "/demo/published.atom" in feeds[0].get(
        "href")
    assert doc.xpath("//a[@href='/feeds.opml']") and doc.xpath("//a[@class='subscribe']")
    assert doc.xpath("//a[@class='skip-link'][@href='#main']") and doc.xpath("//main[@id='main']")
    for field in doc.xpath("//input[@type='search']"):
        assert doc.xpath(f"//label[@for='{field.get('id')}']"), path


def test_the_front_page_lists_the_latest_stories_featured_first(ds):
    page = get(ds, "/").text
    doc = html.fromstring(page)
    featured = doc.xpath("//section[@aria-labelledby='featured-title']//h3/a")
    assert featured[0].get("href").startswith(f"/article/{FEATURED}/")
    latest = [a.get("href") for a in doc.xpath(
        "//section[@aria-labelledby='latest-title']//h3/a")]
    assert len(latest) == 20 and not any(FEATURED in href for href in latest)
    assert latest[0].startswith(f"/article/{HOSTILE}/")  # the newest
    assert "Every article" not in page and 'href="/demo/articles"' not in page
    assert 'href="/-/login"' in page and 'href="/-/review"' not in page
    # The seniors story's copy is folded into it: one card, "also at" the copy's source.
    seniors = doc.xpath(f"//article[.//a[starts-with(@href, '/article/{SENIORS_ORIGINAL}/')]]")
    second = html.fromstring(get(ds, "/?page=2").text)
    seniors += second.xpath(
        f"//article[.//a[starts-with(@href, '/article/{SENIORS_ORIGINAL}/')]]")
    assert len(seniors) == 1 and "Also at:" in seniors[0].text_content()
    assert SENIORS_COPY not in page + html.tostring(second, encoding="unicode")


def test_an_article_has_its_title_language_body_and_readable_address(ds):
    first = get(ds, f"/article/{SENIORS_ORIGINAL}")
    assert first.status_code == 301
    path = first.headers["location"]
    assert re.fullmatch(rf"/article/{SENIORS_ORIGINAL}/seniors-experts[a-z0-9-]*", path)
    assert get(ds, f"/article/{SENIORS_ORIGINAL}/wrong-words").headers["location"] == path
    assert get(ds, path + "/").headers["location"] == path
    copy = get(ds, f"/article/{SENIORS_COPY}/anything")
    assert copy.status_code == 301 and copy.headers["location"] == path
    page = get(ds, path).text
    doc = html.fromstring(page)
    story = doc.xpath("//article[@class='story']")[0]
    assert title_of(page).startswith(story.findtext("h1")) and story.get("lang") == "fr"
    assert story.findtext("h1").startswith("Seniors experts")
    assert doc.xpath("//a[@class='original'][starts-with(@href, 'http://')]")
    also = doc.xpath("//section[@class='story-links']//li/a/@href")
    assert len(also) == 1 and also[0].startswith("http://demo-media.test/")
    assert doc.xpath("//section[@aria-labelledby='related-title']//h3/a")


def test_unknown_and_empty_selections_say_so(ds):
    for path, words in (("/topic/no-such-topic", "no topic"), ("/language/xx", "no language"),
                        ("/country/ZZ", "no country"), ("/source/nobody", "no source"),
                        ("/article/ffffffffffffffff/x", "does not exist"),
                        ("/article/not-an-id", "does not exist"),
                        ("/?page=999999999999", "no page"), ("/language/fr?page=abc", "no page"),
                        ("/search?q=pro&page=99", "no page"), ("/search?q=pro&page=5", "no page")):
        response = get(ds, path)
        assert response.status_code == 404, path
        text = visible_text(response.text)
        assert words in text and "Go to the front page" in text, path
    german = get(ds, "/language/de")  # a language with no story yet
    assert german.status_code == 200 and "No story is here yet" in visible_text(german.text)


def test_an_address_no_route_has_is_the_reader_sites_404(ds):
    """Not Datasette's "Database not found" (which names the database and has no lang): the
    site's own page, in the reader's language, with its feed link. Datasette's own pages under
    the database and /-/ keep their errors, for editors and API users."""
    database = next(name for name in ds.databases if not name.startswith("_"))
    for path in ("/no-such-page", "/Topics", "/article", "/topic/a/b", "/sources/x/y"):
        response = get(ds, path)
        assert response.status_code == 404, path
        text = visible_text(response.text)
        assert "There is no page at this address." in text, path
        assert "Database" not in text and database not in title_of(response.text), path
        assert '<html lang="en"' in response.text and 'type="application/atom+xml"' in response.text
    assert "Il n'y a pas de page" in visible_text(get(ds, "/nowhere", language="fr").text)
    for path in (f"/{database}/no_such_table", "/-/no-such-tool"):
        assert "There is no page at this address." not in get(ds, path).text, path


def test_listings_have_their_own_feed(ds):
    database = "/demo"
    for path, filters in (("/topic/legal-pro-bono", {"tag": "legal-pro-bono"}),
                          ("/language/fr", {"language": "fr"}), ("/country/FR", {"country": "FR"}),
                          ("/source/demo-fr-rss", {"source": "demo-fr-rss"}), ("/", {}),
                          ("/search?q=pro", {})):
        doc = html.fromstring(get(ds, path).text)
        href = doc.xpath("//link[@rel='alternate']/@href")[0]
        assert href == atom_path(database, **filters), path
    french = html.fromstring(get(ds, "/language/fr").text)
    assert all(card.get("lang") == "fr" for card in french.xpath("//article[@class='card']"))


def test_search_results_are_cards_with_marked_snippets_and_facets(ds):
    page = get(ds, "/search?q=benevolat").text
    assert re.search(r"<mark>[Bb]énévolat</mark>", page) and "\ue000" not in page
    assert titles_linked(page) and "bm25" not in page
    doc = html.fromstring(page)
    language_links = doc.xpath("//aside[@class='facets']//a[contains(@href, 'language=fr')]")
    assert language_links
    narrowed = html.fromstring(get(ds, language_links[0].get("href")).text)
    assert {c.get("lang") for c in narrowed.xpath("//article[@class='card']")} == {"fr"}
    seniors = get(ds, "/search?q=" + quote("seniors experts")).text
    assert f"/article/{SENIORS_ORIGINAL}/" in seniors and SENIORS_COPY not in seniors
    for q in ('"pro bono', "AND OR NOT", "-x*", "NEAR(a b)", "专业志愿", "志愿 volunteers", "'"):
        response = get(ds, "/search?q=" + quote(q))
        assert response.status_code == 200, q
    assert titles_linked(get(ds, "/search?q=" + quote("志愿")).text)
    none = visible_text(get(ds, "/search?q=zzzzqqq").text)
    assert "No story matches" in none and "benevolat finds bénévolat" in none


def test_rejected_stories_are_never_shown(ds, reader_db):
    with sqlite3.connect(reader_db) as connection:
        title = connection.execute("select title from articles where id = ?",
                                   [REJECTED]).fetchone()[0]
    assert get(ds, f"/article/{REJECTED}/x").status_code == 404
    for path in ("/", "/language/zh", "/source/demo-zh-rss", "/search?q=" + quote(title[:6]),
                 "/topic/digital-skills"):
        assert REJECTED not in get(ds, path).text, path


def test_hostile_titles_bodies_and_links_are_harmless(ds):
    front = get(ds, "/").text
    assert "<script>alert" not in front and "&lt;script&gt;" in front
    assert "javascript:" not in front.lower()  # neither the copy's address nor the story's
    response = get(ds, f"/article/{HOSTILE}/{slugify(HOSTILE_TITLE)}")
    assert response.status_code == 200
    page = response.text
    assert "<script" not in page.lower() and "onclick" not in page
    assert "javascript:" not in page.lower()
    assert "<title>&lt;script&gt;" in page


def test_the_interface_speaks_french_when_asked(ds):
    by_header = get(ds, "/topics", language="fr-FR,fr;q=0.9,en;q=0.5")
    assert html.fromstring(by_header.text).get("lang") == "fr"
    assert "Thèmes" in visible_text(by_header.text)
    switched = get(ds, "/languages?ui=fr", language="en")
    assert "probono_ui=fr" in switched.headers["set-cookie"]
    assert "samesite=lax" in switched.headers["set-cookie"].lower()
    text = visible_text(switched.text)
    assert "Langues" in text and "français" in text  # CLDR's name, in French
    kept = get(ds, "/", language="en", cookies={"probono_ui": "fr"})
    assert "Derniers articles" in visible_text(kept.text)
    english = html.fromstring(get(ds, "/", language="de").text)
    assert english.get("lang") == "en"
    assert english.xpath("//nav[@class='ui-switch']//a[@hreflang='fr']/@href") == ["/?ui=fr"]


def test_editors_get_the_review_queue_and_the_data_browser(reader_db, monkeypatch):
    config, environment = auth_plugin_config({"marie": hash_password(PASSWORD)})
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    editor = Client(datasette_instance(reader_db, config)).login()
    doc = html.fromstring(editor.get("/").text)
    menu = doc.xpath("//nav[@class='site-nav']//a")
    assert {"Review queue": "/-/review", "Data": "/demo"}.items() <= {
        a.text_content(): a.get("href") for a in menu}.items()
    assert not doc.xpath("//a[@href='/-/login']")  # logged in
    assert editor.get("/demo/articles").status_code == 200  # the browser stays theirs


def test_every_interface_language_has_every_label(tmp_path):
    labels = load_labels()
    assert {"en", "fr"} <= set(labels)
    keys = {language: set(words.words) for language, words in labels.items()}
    assert all(found == keys["en"] for found in keys.values())
    broken = tmp_path / "labels.yaml"
    broken.write_text("languages: [en, fr]\nlabels:\n  en:\n    a: A\n    b: B\n  fr:\n"
                      "    a: Ah\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"labels.yaml:6: .*missing b"):
        load_labels(broken)


def test_the_interface_language_is_chosen_in_order():
    available = ("en", "fr")
    assert choose_language("fr", "en", "en", available) == "fr"
    assert choose_language("xx", "fr", "en", available) == "fr"
    assert choose_language(None, None, "de-DE,fr;q=0.8,en;q=0.3", available) == "fr"
    assert choose_language(None, None, "fr;q=0, en;q=0.1", available) == "en"
    assert choose_language(None, None, None, available) == "en"


def test_slugs_are_ascii_words_of_the_title():
    assert slugify("Hackathon juridique : des avocats bénévoles") == \
        "hackathon-juridique-des-avocats-benevoles"
    assert slugify("专业志愿者") == "story" and slugify(None) == "story"


def test_a_topic_page_is_the_same_whichever_plan_reads_it(reader_db):
    # reader_queries.py reads a topic newest first or from its indexes and sorted, whichever
    # reads fewer rows: both must give every page the same stories in the same order.
    with sqlite3.connect(reader_db) as connection:
        tags = [row[0] for row in connection.execute("select distinct tag from article_tags")]
        found = 0
        for tag in tags:
            for offset, pinned in ((0, "[]"), (2, "[]"), (0, f'["{HOSTILE}"]')):
                params = {"value": tag, "limit": 21, "offset": offset, "pinned": pinned}
                newest = connection.execute(queries.listing_sql("topic"), params).fetchall()
                assert connection.execute(queries.tagged_sql(), params).fetchall() == newest, tag
                found += len(newest)
                assert not {REJECTED, HOSTILE_COPY} & {row[0] for row in newest}
        plan = " ".join(row[3] for row in connection.execute(
            "explain query plan " + queries.tagged_sql(), params))
    assert found > 50
    # The topic's stories from the two indexes of migration 0027, no story's row read.
    assert "SEARCH t USING COVERING INDEX idx_article_tags_tag_article_id (tag=?)" in plan
    assert "SEARCH a USING COVERING INDEX idx_articles_id_story (id=?)" in plan


def test_a_search_facet_keeps_exactly_the_results_that_have_it(reader_db):
    # The `search` query checks each facet as a set of rowids from an index (data/metadata.yaml):
    # narrowed, a search has the same results, in the same order, as the unnarrowed one kept to
    # those with the facet (fewer than the 2,000 a search ranks, so none is cut off).
    metadata = yaml.safe_load((Path(__file__).parent.parent / "data" / "metadata.yaml")
                              .read_text(encoding="utf-8"))
    sql = metadata["databases"]["probono"]["queries"]["search"]["sql"]
    connection = sqlite3.connect(reader_db)
    connection.row_factory = sqlite3.Row
    plugin.prepare_connection(connection)
    topics: dict[str, set[str]] = {}
    for article_id, tag in connection.execute("select article_id, tag from article_tags"):
        topics.setdefault(article_id, set()).add(tag)
    checked = 0
    for q in ("benevolat", "pro bono", "volunteers", "志愿", "seniors", "compétences"):
        def search(q: str = q, **facets: str) -> list[dict]:
            params = {"q": q, "language": "", "source": "", "year": "", "topic": "", **facets}
            return [dict(row) for row in connection.execute(sql, params)]
        everything = search()
        assert 0 < len(everything) < 100, q
        facets = {"language": lambda row: row["language"], "source": lambda row: row["source_id"],
                  "year": lambda row: (row["published"] or "")[:4]}
        for facet, value_of in facets.items():
            for value in {value_of(row) for row in everything} | {"xx", "20", "2o26"}:
                expected = [row for row in everything if value_of(row) == value]
                assert search(**{facet: value}) == expected, (q, facet, value)
                checked += len(expected)
        for tag in set().union(*(topics.get(row["id"], set()) for row in everything)) | {"x"}:
            expected = [row for row in everything if tag in topics.get(row["id"], set())]
            assert search(topic=tag) == expected, (q, tag)
            checked += len(expected)
        year = (everything[0]["published"] or "")[:4]
        both = [row for row in everything if row["language"] == everything[0]["language"]
                and (row["published"] or "")[:4] == year]
        assert search(language=everything[0]["language"], year=year) == both
    connection.close()
    assert checked > 100
