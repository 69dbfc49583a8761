"""The subscriptions: the Atom feed narrowed by language, tag, source and country, every other
address answered clearly (400, 404, never the whole feed), entries naming their organisation and
marked when featured, the same bytes for an unchanged feed, and /feeds.opml listing them all.

A copy of the demo database, decisions written into editorial_decisions (its trigger applies them
as the `decide` query's insert does), served by an in-process Datasette.
"""

from __future__ import annotations

import shutil
import sqlite3
import urllib.parse
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import etree

from pipeline.publishing.atom import STATUS_SCHEME, author_name
from pipeline.publishing.feed_links import atom_path
from pipeline.publishing.feed_selection import (
    FeedRefusal,
    check_found,
    chosen_filters,
    selection_words,
    shown,
)
from pipeline.publishing.feed_views import etag_matches
from pipeline.publishing.opml import Outline, build_opml
from pipeline.publishing.serve import METADATA, datasette_instance
from pipeline.store.views import PUBLISHED_ORDER
from tests.test_publishing import ATOM, Client, assert_valid_atom

# (article, status, decided): French, from a French member and a French medium; Chinese; English
# from the US member; English from the French member.
DECISIONS = [
    ("457da0edc7b25cda", "approved", "2026-11-20T09:00:00+00:00"),
    ("e40ae508f2910944", "featured", "2026-11-20T10:00:00+00:00"),
    ("bef6a7b7f952afc8", "approved", "2026-11-20T11:00:00+00:00"),
    ("068a053ac054b87e", "approved", "2026-11-20T12:00:00+00:00"),
    ("ed3e2f137387b13c", "approved", "2026-11-20T13:00:00+00:00"),
]
LATEST_DECISION = "2026-11-20T13:00:00Z"
# A source whose listed feeds are not all web addresses: only the http(s) one reaches the OPML.
ODD_SOURCE = ("odd-source", "Odd source", "Odd organisation", "NZ", "javascript:alert(1)",
              '["javascript:alert(2)", "ftp://odd.test/feed", "http://odd.test/feed.xml"]')


@pytest.fixture(scope="module")
def feeds_db(demo_db, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("feeds") / "demo.db"
    shutil.copy(demo_db, db)
    with sqlite3.connect(db) as connection:
        connection.executemany(
            "insert into editorial_decisions (article_id, status, editor, decided)"
            " values (?, ?, 'marie', ?)", DECISIONS)
        connection.execute("insert into sources (id, name, organisation, country, homepage, feeds,"
                           " kind, enabled) values (?, ?, ?, ?, ?, ?, 'member', 1)", ODD_SOURCE)
    return db


@pytest.fixture(scope="module")
def client(feeds_db) -> Client:
    return Client(datasette_instance(feeds_db))


def feed(client: Client, query: str = "") -> tuple[etree._Element, feedparser.FeedParserDict]:
    response = client.get("/demo/published.atom" + query)
    assert response.status_code == 200, (query, response.text[:200])
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    root = etree.fromstring(response.content)
    assert_valid_atom(root)
    return root, parsed


def ids(parsed: feedparser.FeedParserDict) -> set[str]:
    return {entry.id.rsplit(":", 1)[1] for entry in parsed.entries}


def expected(feeds_db: Path, where: str, *args: str) -> set[str]:
    """The published stories matching a condition, read from the database by plain SQL."""
    with sqlite3.connect(feeds_db) as connection:
        return {row[0] for row in connection.execute(
            "select a.id from articles a join sources s on s.id = a.source_id"
            f" where a.status in ('approved', 'featured') and {where}", args)}


# The filters, through Datasette ------------------------------------------------------------------

def test_the_whole_feed_has_every_published_story(client):
    _, parsed = feed(client)
    assert ids(parsed) == {article for article, _, _ in DECISIONS}
    assert parsed.feed.title == "probono-feed, chosen by the editors"


@pytest.mark.parametrize("filters, where, args", [
    ({"language": "fr"}, "a.language = ?", ["fr"]),
    ({"tag": "legal-pro-bono"},
     "exists (select 1 from article_tags t where t.article_id = a.id and t.tag = ?)",
     ["legal-pro-bono"]),
    ({"source": "demo-fr-rss"}, "a.source_id = ?", ["demo-fr-rss"]),
    ({"country": "FR"}, "s.country = ?", ["FR"]),
    ({"country": "FR", "language": "en"}, "s.country = ? and a.language = ?", ["FR", "en"]),
])
def test_each_filter_narrows_the_feed(client, feeds_db, filters, where, args):
    _, parsed = feed(client, "?" + urllib.parse.urlencode(filters))
    want = expected(feeds_db, where, *args)
    assert want and ids(parsed) == want
    assert want < {article for article, _, _ in DECISIONS}  # narrowed, not the whole feed


def test_the_feed_title_says_the_selection_in_words(client):
    titles = {query: feed(client, query)[1].feed.title for query in (
        "?tag=legal-pro-bono&language=zh", "?language=fr", "?source=demo-fr-rss",
        "?country=FR&tag=legal-pro-bono")}
    assert titles == {
        "?tag=legal-pro-bono&language=zh": "probono-feed: Legal pro bono (zh)",
        "?language=fr": "probono-feed: French (fr)",
        "?source=demo-fr-rss": "probono-feed: Atelier Pro Bono (démo)",
        "?country=FR&tag=legal-pro-bono": "probono-feed: Legal pro bono · France",
    }


def test_the_feed_is_known_by_one_address_however_asked(client):
    root, _ = feed(client, "?country=FR&_size=5&language=en")
    canonical = root.findtext(f"{ATOM}id")
    assert canonical.startswith("http") and urllib.parse.urlsplit(canonical)[2:4] == (
        "/demo/published.atom", "language=en&country=FR")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == canonical


@pytest.mark.parametrize("query, status, words", [
    ("?q=pro+bono", 400, ["q is not a feed filter", "language, tag, source, country"]),
    ("?sql=select+1", 400, ["sql is not a feed filter"]),
    ("?language=fr&language=en", 400, ["language is given 2 times"]),
    ("?source=demo-fr-rss&source=", 400, ["source is given 2 times"]),
    ("?language=xx", 404, ["language=xx", "xx is not a language code"]),
    ("?tag=no-such-topic", 404, ["tag=no-such-topic", "is not a topic, organisation or country"]),
    ("?source=no-such-source", 404, ["source=no-such-source", "is not the id of a source"]),
    ("?country=ZZ", 404, ["country=ZZ", "ZZ is not a country code"]),
    ("?country=fr", 404, ["country=fr"]),  # ISO 3166-1 alpha-2 as stored: FR
    ("?language=fr&source=nope", 404, ["source=nope"]),  # a real filter beside changes nothing
])
def test_an_address_that_is_not_a_selection_is_answered_clearly(client, query, status, words):
    response = client.get("/demo/published.atom" + query)
    assert response.status_code == status, response.text[:200]
    assert response.headers["content-type"].startswith("text/plain")
    assert "\n" not in response.text.strip() and all(w in response.text for w in words)


@pytest.mark.parametrize("value", [
    "fr' or '1'='1", 'x" onload="alert(1)', "'; drop table articles; --", "a" * 10_000,
    "fr\x00", "\x1b[31mred\r\nX-Injected: 1", "</title><script>alert(1)</script>",
])
def test_hostile_filter_values_are_refused_in_one_harmless_line(client, feeds_db, value):
    for key in ("language", "tag", "source", "country"):
        response = client.get("/demo/published.atom?" + urllib.parse.urlencode({key: value}))
        assert response.status_code == 404, (key, value[:20], response.text[:200])
        text = response.text
        assert len(text) < 400 and "\n" not in text and "\r" not in text and "\x1b" not in text
        assert "x-injected" not in {name.lower() for name in response.headers}
    with sqlite3.connect(feeds_db) as connection:  # and the database is as it was
        assert connection.execute("select count(*) from articles").fetchone()[0] >= 40


def test_a_real_but_empty_selection_is_a_valid_empty_feed(client):
    root, parsed = feed(client, "?language=es")  # Spanish articles exist, none is published
    assert parsed.entries == [] and parsed.feed.title == "probono-feed: Spanish (es)"
    assert root.findtext(f"{ATOM}updated") == LATEST_DECISION  # a stored moment, not the clock


@pytest.mark.parametrize("query, title", [
    ("?language=de", "probono-feed: German (de)"),  # no German article yet
    ("?country=DE", "probono-feed: Germany"),  # no source in Germany yet
    ("?tag=covid-19", "probono-feed: Covid-19"),  # a taxonomy topic no article carries yet
])
def test_a_selection_the_pages_offer_is_a_feed_before_its_first_story(client, query, title):
    """The reader pages and the feeds share one rule (feed_selection.names_a_selection): the
    page /language/de explains it is empty and links this feed, which must then be an empty
    feed a reader can subscribe to, not an error."""
    page = client.get("/" + query[1:].replace("=", "/").replace("tag/", "topic/"))
    assert page.status_code == 200, page.text[:200]
    _root, parsed = feed(client, query)
    assert parsed.entries == [] and parsed.bozo == 0 and parsed.feed.title == title


def test_an_unchanged_feed_is_the_same_bytes_and_answers_304(client):
    for query in ("", "?language=es", "?country=FR"):
        first = client.get("/demo/published.atom" + query)
        second = client.get("/demo/published.atom" + query)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        etag = first.headers["etag"]
        assert etag == second.headers["etag"] and etag.startswith('"')
        again = client.get("/demo/published.atom" + query, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        other = client.get("/demo/published.atom" + query, headers={"If-None-Match": '"old"'})
        assert other.status_code == 200 and other.content == first.content


def test_a_decision_changes_the_feed_and_its_updated(client, feeds_db):
    before = client.get("/demo/published.atom?language=es")
    spanish = "0cd328f5a9a7431c"
    with sqlite3.connect(feeds_db) as connection:
        connection.execute("insert into editorial_decisions (article_id, status, editor, decided)"
                           " values (?, 'approved', 'marie', '2026-11-21T08:00:00+00:00')",
                           [spanish])
    try:
        root, parsed = feed(client, "?language=es")
        assert ids(parsed) == {spanish}
        assert root.findtext(f"{ATOM}updated") == "2026-11-21T08:00:00Z"
        assert client.get("/demo/published.atom?language=es",
                          headers={"If-None-Match": before.headers["etag"]}).status_code == 200
    finally:
        with sqlite3.connect(feeds_db) as connection:
            connection.execute("delete from editorial_decisions where article_id = ?", [spanish])
            connection.execute("update articles set status = 'new', status_at = null"
                               " where id = ?", [spanish])


def test_entries_name_writer_and_organisation_and_mark_the_featured(client):
    _, parsed = feed(client)
    by_id = {entry.id.rsplit(":", 1)[1]: entry for entry in parsed.entries}
    assert by_id["457da0edc7b25cda"].author == "Claire Morvan (Atelier Pro Bono)"
    assert by_id["bef6a7b7f952afc8"].author == "李静 (北京技能公益中心)"
    featured = by_id["e40ae508f2910944"]
    assert featured.author == "Mathilde Guérin (Actu Solidaire)"
    assert featured.title.startswith("★ ")
    assert {(t.term, t.scheme, t.label) for t in featured.tags} >= {
        ("featured", STATUS_SCHEME, "Featured")}
    others = [entry for key, entry in by_id.items() if key != "e40ae508f2910944"]
    assert not any(entry.title.startswith("★") for entry in others)
    assert not any(t.term == "featured" for entry in others for t in entry.get("tags", []))


def test_the_feed_query_reads_the_published_index_with_every_filter(feeds_db):
    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["probono"]
    sql = queries["queries"]["published"]["sql"]
    with sqlite3.connect(feeds_db) as connection:
        plan = " ".join(row[3] for row in connection.execute(
            "explain query plan " + sql,
            {"language": "fr", "tag": "legal-pro-bono", "source": "demo-fr-rss", "country": "FR"}))
    assert f"SCAN a USING INDEX {PUBLISHED_ORDER}" in plan


# The OPML export ---------------------------------------------------------------------------------

def test_the_opml_lists_every_feed_and_each_answers_with_valid_atom(client):
    response = client.get("/feeds.opml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/x-opml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "probono-feed: every feed"
    groups = {outline.get("text"): outline for outline in root.findall("body/outline")}
    assert list(groups) == ["probono-feed, chosen by the editors", "Topics", "Languages",
                            "Countries", "Sources"]
    assert "Legal pro bono" in {o.get("text") for o in groups["Topics"]}
    assert {o.get("text") for o in groups["Languages"]} >= {"French (fr)", "Chinese (zh)"}
    assert {o.get("text") for o in groups["Countries"]} >= {"France (FR)", "New Zealand (NZ)"}
    odd = next(o for o in groups["Sources"] if o.get("text") == "Odd source")
    assert odd.get("htmlUrl") is None  # its homepage is not a web address
    site = groups["probono-feed, chosen by the editors"].get("xmlUrl").split("/demo/")[0]
    assert site.startswith("http://")  # absolute
    assert [o.get("xmlUrl") for o in odd] == [
        f"{site}/demo/published.atom?source=odd-source", "http://odd.test/feed.xml"]
    fr_rss = next(o for o in groups["Sources"] if o.get("text") == "Atelier Pro Bono (démo)")
    assert fr_rss.get("htmlUrl") == "http://demo-fr-rss.test/"
    assert "http://demo-fr-rss.test/feed.xml" in {o.get("xmlUrl") for o in fr_rss}
    feeds = [o for o in root.iter("outline") if o.get("xmlUrl")]
    assert all(o.get("type") == "rss" and o.get("text") for o in root.iter("outline")
               if o.get("xmlUrl"))
    ours = [o.get("xmlUrl") for o in feeds if o.get("xmlUrl").startswith(site + "/")]
    assert len(ours) >= 1 + 10 + 5 + 5 + 6
    for url in ours:
        feed(client, "?" + url.partition("?")[2] if "?" in url else "")
        path = urllib.parse.urlsplit(url)
        assert path.path == "/demo/published.atom"


# The pure parts ---------------------------------------------------------------------------------

def test_chosen_filters_keep_filters_and_datasette_arguments_only():
    assert chosen_filters([("language", "fr"), ("_size", "5"), ("tag", "")]) == {"language": "fr"}
    for args, status, start in [
        ([("lang", "fr")], 400, "lang is not a feed filter"),
        ([("tag", "a"), ("tag", "a")], 400, "tag is given 2 times"),
        ([("x\n" + "y" * 100, "")], 400, "x?yyy"),
    ]:
        with pytest.raises(FeedRefusal) as refused:
            chosen_filters(args)
        assert refused.value.status == status and refused.value.message.startswith(start)
        assert "\n" not in refused.value.message and len(refused.value.message) < 200


def test_check_found_names_the_first_filter_that_names_nothing():
    check_found({"language": "fr"}, {"language": True})
    with pytest.raises(FeedRefusal) as refused:
        check_found({"language": "fr", "country": "ZZ"}, {"language": True, "country": False})
    assert refused.value.status == 404 and refused.value.message.startswith("country=ZZ")
    assert shown("a" * 10_000).endswith("…") and len(shown("a" * 10_000)) == 61


def test_selection_words():
    labels, names = {"legal-pro-bono": "Legal pro bono"}, {"s1": "Source One"}
    assert selection_words({}, labels, names) == ""
    assert selection_words({"tag": "legal-pro-bono", "language": "fr"}, labels, names) == \
        "Legal pro bono (fr)"
    assert selection_words({"source": "s1", "country": "BR"}, labels, names) == \
        "Source One · Brazil"
    assert selection_words({"tag": "pro-bono-week"}, labels, names) == "pro-bono-week"
    assert selection_words({"language": "qq"}, labels, names) == "qq"


def test_author_name_names_writer_and_organisation_once():
    assert author_name("Jane Doe", "Skills for Good") == "Jane Doe (Skills for Good)"
    assert author_name(None, "Skills for Good") == "Skills for Good"
    assert author_name("Jane\x00 Doe\n", "") == "Jane Doe"
    assert author_name("Skills for Good", "Skills for Good") == "Skills for Good"
    assert author_name(None, None) == ""


def test_etag_matches():
    assert etag_matches('"abc"', '"abc"') and etag_matches('W/"abc", "x"', '"abc"')
    assert etag_matches("*", '"abc"')
    assert not etag_matches(None, '"abc"') and not etag_matches('"abd"', '"abc"')


def test_build_opml_leaves_out_what_is_not_a_web_address():
    document = build_opml("t\x01", [Outline("Group", children=(
        Outline("ok", xml_url="https://a.test/feed"),
        Outline("script", xml_url="javascript:alert(1)"),
        Outline('quote " < &', xml_url="http://b.test/?a=1&b=2", html_url="data:text/html,x"),
    ))])
    root = etree.fromstring(document)
    outlines = root.findall("body/outline/outline")
    assert [o.get("xmlUrl") for o in outlines] == ["https://a.test/feed", "http://b.test/?a=1&b=2"]
    assert outlines[1].get("text") == 'quote " < &' and outlines[1].get("htmlUrl") is None
    assert root.findtext("head/title") == "t"


def test_atom_path_is_the_address_the_feed_calls_itself():
    assert atom_path("/demo", country="FR", language="en") == \
        "/demo/published.atom?language=en&country=FR"
