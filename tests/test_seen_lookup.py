"""The URLs a crawl skips, asked one at a time through the url_keys index (pipeline/store/seen.py):
the same answers as the whole sets the spiders used to load, on a real SQLite file, through
re-keyed rows, spelling variants, kinds of holder, teasers, dropped pages and an old database."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from pipeline.article import Article
from pipeline.crawl_bookkeeping import SharedStores
from pipeline.crawl_report import UrlQuery
from pipeline.sources import parse_sources
from pipeline.store import MIGRATIONS, Store, seen
from pipeline.urls import article_id, identity_url

FEEDS = """\
sources:
  - id: member
    name: Atelier
    organisation: Atelier
    country: FR
    homepage: http://member.test/
    languages: [fr]
    feeds: [http://member.test/feed.xml]
  - id: media
    name: Média
    organisation: Média
    country: FR
    homepage: http://media.test/
    languages: [fr]
    kind: media
    feeds: [http://media.test/feed.xml]
"""
TEXT = "Une semaine de bénévolat de compétences avec une association du quartier. " * 20
# Every spelling asked, stored or not: as found, canonical, www., AMP, tracking, unknown.
ASKED = ["http://member.test/a/found", "http://member.test/a/canonical/",
         "http://www.member.test/a/canonical", "http://member.test/amp/a/canonical",
         "http://member.test/a/one?utm_source=x", "http://media.test/own",
         "http://member.test/held-by-media", "http://member.test/teaser",
         "http://member.test/empty", "http://member.test/dropped-url",
         "http://member.test/dropped-page", "http://member.test/dropped-long-ago",
         "http://member.test/never"]


def article(url: str, source: str, canonical: str | None = None, **fields: object) -> Article:
    stored_at = canonical or url
    return Article(url=url, source=source, canonical_url=stored_at, id=article_id(stored_at),
                   url_id=article_id(url), title=url, **{"text": TEXT, "via": "page", **fields})


def fill(store: Store) -> None:
    store.save_sources(parse_sources(FEEDS))
    # Found at one URL, its page naming another as canonical: known by both.
    store.save_article(article("http://member.test/a/found", "member",
                               canonical="http://member.test/a/canonical"))
    # Stored first under the URL found, then re-keyed to the canonical id its page named.
    store.save_article(article("http://member.test/a/one", "member"))
    store.save_article(article("http://member.test/a/one", "member",
                               canonical="http://member.test/a/one-canonical"))
    store.save_article(article("http://media.test/own", "media"))
    store.save_article(article("http://member.test/held-by-media", "media"))
    store.save_article(article("http://member.test/teaser", "member", via="feed-teaser"))
    store.save_article(article("http://member.test/empty", "member", text=""))
    store.remember_not_article("http://member.test/dropped-url", "member", "archive-url")
    store.remember_not_article("http://member.test/dropped-page", "member", "listing-links")
    store.remember_not_article("http://member.test/dropped-long-ago", "member", "archive-url")
    store.db.execute("update not_articles set seen = '2000-01-01T00:00:00+00:00'"
                     " where url like '%long-ago'")


def assert_same_answers(store: Store) -> None:
    moment = "2999-01-01T00:00:00+00:00"
    asked = [identity_url(url) for url in ASKED]
    for kind in ("member", "media"):
        stored = store.stored_urls(kind)
        assert [store.is_stored(url, kind) for url in asked] == [url in stored for url in asked]
        # Asked all at once (a page's links), the same answers.
        assert store.stored_among(asked, kind) == stored & set(asked)
    for evidence in (True, False):
        dropped = store.not_article_urls(evidence)
        assert [store.is_not_article(url, evidence) for url in asked] == [
            url in dropped for url in asked]
        assert store.not_articles_among(asked, evidence) == dropped & set(asked)
    known = store.urls_known_before(moment)
    assert [store.known_before(url, moment) for url in asked] == [url in known for url in asked]
    assert not any(store.known_before(url, "2000-01-01T00:00:00+00:00") for url in asked[:5])


def test_each_url_asked_gets_the_answer_of_the_whole_sets(tmp_path):
    with Store(tmp_path / "seen.db") as store:
        fill(store)
        # Each row known by its spellings, under its id: the re-keyed one under its new id only.
        keys = sorted(store.db.execute("select key, article_id from url_keys"
                                       " where key like '%/a/%'").fetchall())
        moved = article_id("http://member.test/a/one-canonical")
        url, canonical = store.db.execute("select url, canonical_url from articles where id = ?",
                                          [moved]).fetchone()
        assert url == "http://member.test/a/one"
        assert keys == sorted([("//member.test/a/found", article_id(ASKED[1])),
                               ("//member.test/a/canonical", article_id(ASKED[1])),
                               *((key, moved) for key in {identity_url(url),
                                                          identity_url(canonical)})])
        assert store.is_stored(identity_url("http://www.member.test/amp/a/canonical/"), "media")
        assert not store.is_stored(identity_url("http://member.test/held-by-media"), "member")
        assert store.is_stored(identity_url("http://media.test/own"), "member")
        assert not store.is_stored(identity_url("http://member.test/teaser"), "media")
        assert_same_answers(store)


def test_urls_asked_at_once_get_the_same_answers_across_batches(tmp_path, monkeypatch):
    # Three URLs a statement: the thirteen asked, and each again, span several.
    monkeypatch.setattr(seen, "BATCH_SIZE", 3)
    with Store(tmp_path / "seen.db") as store:
        fill(store)
        asked = [identity_url(url) for url in ASKED] * 2
        assert store.stored_among(asked, "member") == store.stored_urls("member") & set(asked)
        assert store.not_articles_among(asked) == store.not_article_urls() & set(asked)
        assert store.stored_among([], "member") == store.not_articles_among([]) == set()


def test_a_query_keeps_the_urls_found_at_once_until_the_next_ask_and_asks_the_others():
    stored = {"//a.test/1", "//a.test/2"}
    asked_one: list[str] = []
    asked_many: list[list[str]] = []

    def contains(url: str) -> bool:
        asked_one.append(url)
        return url in stored

    def which(urls: list[str]) -> set[str]:
        asked_many.append(urls)
        return stored & set(urls)

    query = UrlQuery(contains, which)
    query.ask_first(["//a.test/1", "//a.test/3", "//a.test/1"])
    assert asked_many == [["//a.test/1", "//a.test/3"]]  # each once, in order
    stored.add("//a.test/3")  # stored meanwhile (another source's spider)
    assert "//a.test/1" in query and "//a.test/3" in query
    assert asked_one == ["//a.test/3"]  # the one not found at once is asked again
    query.ask_first(["//a.test/2"])
    stored.discard("//a.test/1")
    assert "//a.test/1" not in query  # the first page's answers are gone with the next ask
    assert asked_one == ["//a.test/3", "//a.test/1"]
    assert 42 not in query
    # Without a way to ask for many, each URL is asked when it is checked, as before.
    single = UrlQuery(contains)
    single.ask_first(["//a.test/2"])
    assert "//a.test/2" in single and asked_one[-1] == "//a.test/2"


def test_the_migration_indexes_the_urls_of_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        fill(store)
        indexed = store.db.execute("select * from url_keys order by key").fetchall()
    old = Database(path)
    old.execute("drop table url_keys")
    old.execute("delete from _sqlite_migrations where name = '0025_url_keys'")
    old.conn.commit()
    old.close()
    with Store(path) as store:  # migrated on opening: every stored article's URLs indexed
        assert store.db.execute("select * from url_keys order by key").fetchall() == indexed
        assert_same_answers(store)
    assert "0025_url_keys" in [m.name for m in MIGRATIONS.pending(Database(memory=True))]


def test_the_spiders_of_a_process_share_one_store_until_the_last_lets_it_go(tmp_path):
    stores = SharedStores()
    path = str(tmp_path / "shared.db")
    first, second = stores.take(path), stores.take(path)
    assert first is second
    stores.give_back(path)
    assert first.db.execute("select count(*) from articles").fetchone() == (0,)  # still open
    stores.give_back(path)
    assert path not in stores.open
    with pytest.raises(sqlite3.ProgrammingError):  # closed with the last spider
        first.db.execute("select 1")
    assert stores.take(path) is not first  # a later spider opens it again
    stores.give_back(path)
