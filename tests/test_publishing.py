"""Publishing through Datasette, in process: the front page, every canned query, the Atom feeds,
the editors' review with its permissions, and hostile HTML shown harmless everywhere.

The database is the demo's (built by `probono demo`), plus a real crawl of tests/fixtures/sites/
hostile, plus one row written unsanitised behind the pipeline's back.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sqlite3
import time
import urllib.parse
from pathlib import Path

import feedparser
import pytest
from datasette_auth_passwords.utils import hash_password
from lxml import etree

from pipeline.demo_network import DemoNetwork
from pipeline.publishing.editors import auth_plugin_config
from pipeline.publishing.login import CLIENT_FAILURES, DELAY_STEP_S
from pipeline.publishing.serve import datasette_instance
from tests.conftest import BIN, datasette_with_editors, run

SITES = Path(__file__).parent / "fixtures" / "sites"
ATOM = "{http://www.w3.org/2005/Atom}"
PASSWORD = "correct horse battery"
SENIORS_ORIGINAL, SENIORS_COPY = "43334f4b6fe04ed7", "dc92b50927ee5868"
HOSTILE_FEEDS = """\
sources:
  - id: hostile
    name: Hostile test site
    organisation: Test
    country: GB
    homepage: http://hostile.test/
    languages: [en]
    feeds: [http://hostile.test/feed.xml]
"""
# What must never reach a reader as markup: executable tags, event handlers, script links.
DANGEROUS = re.compile(
    r"<script[^>]*>[^<]*alert|<iframe|\son\w+\s*=|href=[\"']?\s*javascript:", re.IGNORECASE
)


class Client:
    """Datasette's in-process client, with cookies kept between requests like a browser's."""

    def __init__(self, ds):
        self.ds, self.cookies = ds, {}

    def request(self, method: str, path: str, **kwargs):
        async def go():
            await self.ds.invoke_startup()
            return await getattr(self.ds.client, method)(path, cookies=self.cookies, **kwargs)
        response = asyncio.run(go())
        self.cookies.update(dict(response.cookies))
        return response

    def get(self, path: str, **kwargs):
        return self.request("get", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        return self.request("post", path, data=data, **kwargs)

    def rows(self, path: str) -> list[dict]:
        response = self.get(path + ("&" if "?" in path else "?") + "_shape=array")
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    def csrftoken(self, path: str = "/-/login") -> str:
        return re.search(r'name="csrftoken" value="([^"]+)"', self.get(path).text).group(1)

    def login(self, name: str = "marie", password: str = PASSWORD) -> Client:
        response = self.post("/-/login", {"username": name, "password": password,
                                          "csrftoken": self.csrftoken()})
        assert response.status_code == 302 and "ds_actor" in self.cookies, response.text[:300]
        return self

    def decide(self, article_id: str, status: str, note: str = ""):
        return self.post("/demo/decide", {"id": article_id, "status": status, "note": note,
                                          "csrftoken": self.csrftoken("/-/review")})


@pytest.fixture(scope="module")
def site_db(demo_db, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("publishing")
    db = folder / "demo.db"
    shutil.copy(demo_db, db)
    (folder / "hostile.yaml").write_text(HOSTILE_FEEDS, encoding="utf-8")
    with DemoNetwork(SITES) as network:
        command = [str(BIN / "probono"), "crawl", "--db", str(db),
                   "--feeds", str(folder / "hostile.yaml")]
        result = run(command, env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy,
                                          "PROBONO_DOWNLOAD_DELAY": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(db) as connection:  # a row no pipeline sanitised (an old import, say)
        connection.execute(
            "insert into articles"
            " (id, url, source_id, title, text, content_html, language, published)"
            " values ('legacy-unsafe', 'http://hostile.test/legacy/', 'hostile', 'Legacy row',"
            " 'Legacy pro bono text', ?, 'en', '2026-11-15T00:00:00+00:00')",
            ['<p onclick="alert(1)">Legacy</p><script>alert("legacy")</script>'
             '<a href="javascript:alert(2)">x</a>'
             '<img src="http://x.test/a.png" onerror="alert(3)">'])
    return db


@pytest.fixture(scope="module")
def ds(site_db):
    with datasette_with_editors(site_db, {"marie": PASSWORD}) as datasette:
        yield datasette


@pytest.fixture
def anonymous(ds) -> Client:
    return Client(ds)


@pytest.fixture
def editor(ds) -> Client:
    return Client(ds).login()


def hostile_id(client: Client) -> str:
    return client.rows("/demo/by_source.json?source=hostile")[0]["id"]


def atom(client: Client, query: str = "") -> tuple[etree._Element, feedparser.FeedParserDict]:
    response = client.get("/demo/published.atom" + query)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    root = etree.fromstring(response.content)
    assert_valid_atom(root)
    return root, parsed


def assert_valid_atom(feed: etree._Element) -> None:
    """The MUSTs of RFC 4287 that a feed of ours could break."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    feed_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        ids.append(entry.findtext(f"{ATOM}id"))
        assert ids[-1].startswith("urn:probono-feed:article:")
        for name in ("updated", "published"):
            if entry.find(f"{ATOM}{name}") is not None:
                stamp = entry.findtext(f"{ATOM}{name}")
                assert rfc3339.match(stamp), stamp
        assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        alternates = [link for link in entry.findall(f"{ATOM}link")
                      if link.get("rel") == "alternate"]
        assert len(alternates) <= 1 and (alternates or entry.find(f"{ATOM}content") is not None)
    assert rfc3339.match(feed.findtext(f"{ATOM}updated"))
    assert len(ids) == len(set(ids))


# Readers ---------------------------------------------------------------------------------------

def test_the_front_page_explains_the_feed_and_offers_search(anonymous):
    # The reader site's front page (pipeline/publishing/reader.py; tests/test_reader_site.py).
    page = anonymous.get("/").text
    assert "The news of the pro bono world" in page
    assert re.search(r'<form class="big-search" role="search" [^>]*action="/search" '
                     r'method="get"', page)
    assert 'href="/demo/published.atom"' in page and 'href="/-/login"' in page
    assert anonymous.get("/assets/probono.css").status_code == 200
    assert anonymous.get("/assets/reader.css").status_code == 200


def test_search_is_ranked_with_highlighted_snippets_and_folds_copies(anonymous):
    rows = anonymous.rows("/demo/search.json?q=" + urllib.parse.quote("seniors experts"))
    assert rows[0]["id"] == SENIORS_ORIGINAL and SENIORS_COPY not in {r["id"] for r in rows}
    copies = json.loads(rows[0]["also_at"])
    assert len(copies) == 1 and copies[0].startswith("http://demo-media.test/")
    unaccented = anonymous.rows("/demo/search.json?q=benevolat")
    assert unaccented == anonymous.rows("/demo/search.json?q=bénévolat") != []
    page = anonymous.get("/demo/search?q=benevolat").text
    assert re.search(r"<mark>[Bb]énévolat</mark>", page) and "\ue000" not in page
    seniors = anonymous.get("/demo/search?q=seniors").text
    assert 'href="http://demo-media.test/' in seniors  # "also at" link
    assert f'<a href="/demo/articles/{SENIORS_ORIGINAL}">{SENIORS_ORIGINAL}</a>' in seniors
    assert '<a href="/demo/by_tag?tag=seniors-retirees">seniors-retirees</a>' in seniors
    # Typed by readers, never an FTS syntax error.
    for odd in ['"', "AND -x*", "NEAR(", "bénévolat OR"]:
        assert anonymous.get("/demo/search.json?q=" + urllib.parse.quote(odd)).status_code == 200


def test_chinese_words_are_found_inside_their_sentences(anonymous):
    # unicode61 makes one token of a run of CJK characters: "公益" alone never matches by FTS.
    rows = anonymous.rows("/demo/search.json?q=" + urllib.parse.quote("公益"))
    assert len(rows) >= 2 and all(r["language"] == "zh" for r in rows)
    assert all("\ue000公益\ue001" in r["snippet"] for r in rows)
    assert "<mark>公益</mark>" in anonymous.get("/demo/search?q=" + urllib.parse.quote("公益")).text
    assert anonymous.rows("/demo/search.json?q=" + urllib.parse.quote("不存在的词")) == []
    # Every word, anywhere.
    both = anonymous.rows("/demo/search.json?q=" + urllib.parse.quote("公益 法律"))
    assert both and len(both) < len(rows) and all("\ue000" in r["snippet"] for r in both)
    assert anonymous.get("/demo/search.json?q=a%00b").status_code == 200  # a NUL typed is no error


def test_browsing_canned_queries(anonymous):
    zh = anonymous.rows("/demo/by_language.json?language=zh")
    assert len(zh) == 6 and all("hostile" not in r["source"] for r in zh)
    tagged = anonymous.rows("/demo/by_tag.json?tag=legal-pro-bono")
    assert tagged and all("legal-pro-bono" in json.loads(r["tags"]) for r in tagged)
    assert [r["score"] for r in tagged] == sorted((r["score"] for r in tagged), reverse=True)
    assert len(anonymous.rows("/demo/by_source.json?source=demo-pt-sitemap")) == 5
    languages = {r["language"]: r["stories"] for r in anonymous.rows("/demo/languages.json")}
    assert languages["fr"] == 11 and languages["zh"] == 6
    assert languages["en"] == 9 + 2  # + hostile, legacy
    states = {r["id"]: r for r in anonymous.rows("/demo/sources_state.json")}
    assert states["demo-fr-rss"]["state"] == "ok" and states["demo-fr-rss"]["articles"] == 10
    assert states["hostile"]["state"] == "ok" and states["hostile"]["errors_last_run"] == 0


def test_whats_new_is_the_latest_crawl_that_found_something(demo_db, anonymous):
    # In the demo database alone, the one crawl found everything: 39 stories, the copy folded.
    demo = Client(datasette_instance(demo_db))
    stories = demo.rows("/demo/new_today.json")
    assert len(stories) == 39 and SENIORS_COPY not in {r["id"] for r in stories}
    seniors = next(r for r in stories if r["id"] == SENIORS_ORIGINAL)
    assert json.loads(seniors["also_at"])[0].startswith("http://demo-media.test/")
    # Then the hostile site's crawl found one more: that is what is new now.
    assert [r["source"] for r in anonymous.rows("/demo/new_today.json")] == ["Hostile test site"]


def test_the_articles_table_is_newest_first_with_its_facets(anonymous):
    page = anonymous.get("/demo/articles.json?_shape=objects&_size=5").json()
    dates = [row["published"] for row in page["rows"]]
    assert dates == sorted(dates, reverse=True)
    assert {"language", "source_id", "country", "tags", "published"} <= set(page["facet_results"])
    countries = {v["value"] for v in page["facet_results"]["country"]["results"]}
    assert {"FR", "ES", "CN", "BR", "GB"} <= countries


def test_an_empty_selection_is_a_valid_empty_feed(demo_db):
    root, parsed = atom(Client(datasette_instance(demo_db)))
    assert parsed.entries == []
    assert root.findtext(f"{ATOM}title") == "probono-feed, chosen by the editors"


# Permissions -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/demo/editorial_decisions", "/demo/editorial_decisions.json", "/demo/decisions.json",
    "/demo/review_queue.json", "/demo/pages.json", "/demo/decide",
    "/demo.json?sql=" + urllib.parse.quote("select note from editorial_decisions"),
    "/demo.json?sql=" + urllib.parse.quote("select 1"),
])
def test_anonymous_readers_cannot_reach_the_editors_side(anonymous, path):
    assert anonymous.get(path).status_code == 403


def test_anonymous_writes_are_refused_and_write_nothing(anonymous, site_db):
    token = anonymous.csrftoken()  # a valid CSRF token: the refusal is the permission's
    response = anonymous.post("/demo/decide", {"id": SENIORS_ORIGINAL, "status": "approved",
                                               "note": "", "csrftoken": token})
    assert response.status_code == 403 and "permission" in response.text
    with sqlite3.connect(site_db) as connection:
        status = connection.execute("select status from articles where id = ?",
                                    [SENIORS_ORIGINAL]).fetchone()
        assert status == ("new",)
    review = anonymous.get("/-/review")
    assert review.status_code == 302 and review.headers["location"] == "/-/login"


def test_a_logged_in_actor_who_is_not_an_editor_cannot_review(ds):
    stranger = Client(ds)
    stranger.cookies["ds_actor"] = ds.sign({"a": {"id": "stranger"}}, "actor")
    # Signed, but not a session of an editor (pipeline/publishing/sessions.py): dropped, so
    # an anonymous reader.
    assert stranger.get("/-/review").status_code == 302
    refused = stranger.post("/demo/decide", {"id": SENIORS_ORIGINAL, "status": "approved",
                                             "csrftoken": stranger.csrftoken()})
    assert refused.status_code == 403


def test_a_wrong_password_does_not_log_in(ds):
    client = Client(ds)
    response = client.post("/-/login", {"username": "marie", "password": "wrong password",
                                        "csrftoken": client.csrftoken()})
    assert response.status_code == 200 and "Invalid username or password" in response.text
    assert "ds_actor" not in client.cookies


def test_failed_logins_are_limited(demo_db, monkeypatch):
    config, environment = auth_plugin_config({"ana": hash_password("another password")})
    for name, value in environment.items():  # restored after the test, for the module's editor
        monkeypatch.setenv(name, value)
    client = Client(datasette_instance(demo_db, config))
    token = client.csrftoken()
    # Failures count against the client whatever the name tried; beyond CLIENT_FAILURES they slow
    # its tries down, and a right password still gets in (tests/security/test_login.py).
    statuses = [client.post("/-/login", {"username": f"name{i}", "password": "guess",
                                         "csrftoken": token}).status_code
                for i in range(CLIENT_FAILURES)]
    assert statuses == [200] * CLIENT_FAILURES
    started = time.monotonic()
    again = client.post("/-/login", {"username": "ana", "password": "guess", "csrftoken": token})
    assert again.status_code == 200 and time.monotonic() - started >= DELAY_STEP_S
    right = client.post("/-/login", {"username": "ana", "password": "another password",
                                     "csrftoken": token})
    assert right.status_code == 302 and "ds_actor" in client.cookies


def test_a_successful_login_is_not_counted_as_a_failure(demo_db, monkeypatch):
    config, environment = auth_plugin_config({"ana": hash_password("another password")})
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = Client(datasette_instance(demo_db, config))
    token = client.csrftoken()
    statuses = [client.post("/-/login", {"username": "ana", "password": "another password",
                                         "csrftoken": token}).status_code for _ in range(12)]
    assert statuses == [302] * 12


# The editors' review -----------------------------------------------------------------------------

def test_an_editor_reviews_and_the_feeds_show_the_published_selection(editor, anonymous, site_db):
    review = editor.get("/-/review").text
    cards = re.findall(r'data-article-id="([^"]+)"', review)
    assert SENIORS_ORIGINAL in cards and SENIORS_COPY not in cards  # clusters folded
    chinese = editor.get("/-/review?language=zh").text
    assert len(re.findall(r'data-article-id="', chinese)) == 6
    assert 'class="current">zh (6)' in chinese
    card = review[review.index(f'data-article-id="{SENIORS_ORIGINAL}"'):]
    card = card[:card.index("</article>")]
    assert "Also at:" in card and 'href="http://demo-media.test/' in card
    assert re.search(r"· fr \(\d\.\d+\)", card) and 'class="tag"' in card

    response = editor.decide(SENIORS_ORIGINAL, "approved", note="Private note for editors")
    assert response.status_code == 302 and response.headers["location"] == "/-/review"
    assert "Decision saved" in editor.get("/-/review").text
    zh_id = anonymous.rows("/demo/by_language.json?language=zh")[0]["id"]
    assert editor.decide(zh_id, "featured").status_code == 302
    with sqlite3.connect(site_db) as connection:
        audit = connection.execute("select article_id, status, previous_status, editor, note"
                                   " from editorial_decisions order by id").fetchall()
    assert audit[-2:] == [
        (SENIORS_ORIGINAL, "approved", "new", "marie", "Private note for editors"),
        (zh_id, "featured", "new", "marie", None),
    ]
    waiting = re.findall(r'data-article-id="([^"]+)"', editor.get("/-/review").text)
    assert SENIORS_ORIGINAL not in waiting

    # The feeds: all languages, one language, one tag; copies as related links.
    root, parsed = atom(anonymous)
    assert {e.id for e in parsed.entries} >= {f"urn:probono-feed:article:{SENIORS_ORIGINAL}",
                                               f"urn:probono-feed:article:{zh_id}"}
    seniors = next(e for e in root.iter(f"{ATOM}entry")
                   if e.findtext(f"{ATOM}id").endswith(SENIORS_ORIGINAL))
    related = [link.get("href") for link in seniors.findall(f"{ATOM}link")
               if link.get("rel") == "related"]
    assert related[0].startswith("http://demo-media.test/")
    assert seniors.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    _, french = atom(anonymous, "?language=fr")
    assert [e.id for e in french.entries] == [f"urn:probono-feed:article:{SENIORS_ORIGINAL}"]
    assert french.feed.title == "probono-feed: French (fr)"
    zh_tag = json.loads(anonymous.rows(f"/demo/articles.json?id={zh_id}")[0]["tags"])[0]
    _, tagged = atom(anonymous, "?tag=" + zh_tag)
    assert f"urn:probono-feed:article:{zh_id}" in {e.id for e in tagged.entries}

    # Readers see the status, never the note.
    row = anonymous.rows(f"/demo/articles.json?id={SENIORS_ORIGINAL}")[0]
    # ... and no editor's name (finding 6 of issue 12): the audit has it, for editors only.
    assert row["status"] == "approved" and row["status_by"] is None
    for path in [f"/demo/articles/{SENIORS_ORIGINAL}", f"/demo/articles/{SENIORS_ORIGINAL}.json",
                 "/demo/published", "/demo/published.atom", "/demo/search?q=seniors"]:
        assert "Private note" not in anonymous.get(path).text
    assert "Private note for editors" in editor.get("/demo/decisions").text

    # An undo puts the story back in the queue and out of the feed.
    assert editor.decide(SENIORS_ORIGINAL, "new", "undo").status_code == 302
    _, french = atom(anonymous, "?language=fr")
    assert french.entries == []


def test_the_shared_views_are_for_editors_and_name_no_editor(editor, anonymous):
    # pipeline/store/views.py: the canned queries' rules. Their rows carry whole bodies, so
    # readers reach them through the queries only; and no view tells who decided.
    views = ("stories", "published_stories", "copies", "source_state")
    for client, shown in ((anonymous, set()), (editor, set(views))):
        listed = client.get("/demo.json").json()
        assert set(views) & {view["name"] for view in listed["views"]} == shown
    story = anonymous.rows("/demo/by_language.json?language=zh")[0]["id"]
    before = anonymous.rows(f"/demo/articles.json?id={story}")[0]["status"]
    assert editor.decide(story, "approved").status_code == 302
    try:
        for view in views:
            assert anonymous.get(f"/demo/{view}.json").status_code == 403, view
            response = editor.get(f"/demo/{view}.json?_shape=array&_size=100")
            assert response.status_code == 200 and "marie" not in response.text, view
        published = editor.rows(f"/demo/published_stories.json?id={story}")
        assert [(r["status"], r["status_by"]) for r in published] == [("approved", None)]
    finally:
        editor.decide(story, before)


def test_a_story_decided_under_a_copy_is_not_asked_again(editor, site_db):
    # A re-crawl may find an earlier original of a story an editor already decided on: the
    # decided row becomes a copy, and its new original must not re-enter the queue.
    with sqlite3.connect(site_db) as connection:
        connection.execute("update articles set status = 'approved' where id = ?", [SENIORS_COPY])
    try:
        cards = re.findall(r'data-article-id="([^"]+)"', editor.get("/-/review").text)
        assert SENIORS_ORIGINAL not in cards and SENIORS_COPY not in cards
        ids = {e.findtext(f"{ATOM}id") for e in atom(editor)[0].iter(f"{ATOM}entry")}
        assert f"urn:probono-feed:article:{SENIORS_COPY}" in ids
    finally:
        with sqlite3.connect(site_db) as connection:
            connection.execute("update articles set status = 'new' where id = ?", [SENIORS_COPY])


def test_a_bad_status_is_refused_and_changes_nothing(editor, site_db):
    editor.decide(SENIORS_COPY, "published")
    assert "CHECK constraint failed" in editor.get("/-/review").text
    with sqlite3.connect(site_db) as connection:
        status = connection.execute("select status from articles where id = ?",
                                    [SENIORS_COPY]).fetchone()
        assert status == ("new",)


def test_every_canned_query_runs_for_an_editor(editor, ds):
    """Each query of metadata.yaml, with a sensible parameter: none is broken by a schema change."""
    parameters = {"search": "?q=volunteering", "by_tag": "?tag=skills-based-volunteering",
                  "by_language": "?language=es", "by_source": "?source=demo-en-atom"}
    queries = ds.metadata("queries", database="demo")
    assert set(parameters) < set(queries) and len(queries) == 11
    for name, query in queries.items():
        if query.get("write"):
            continue
        rows = editor.rows(f"/demo/{name}.json{parameters.get(name, '')}")
        assert name in ("published", "decisions", "new_today") or rows, name
    assert len(editor.rows("/demo/review_queue.json")) >= 39
    assert 'href="/-/review"' in editor.get("/").text  # the menu and the front page lead there


def test_editors_facet_and_stream_any_column(editor, anonymous):
    # Readers' limits (pipeline/publishing/public.py) are theirs only: no Datasette setting
    # refuses editors.
    page = editor.get("/demo/articles.json?_facet=url&_facet=title&_size=1")
    assert page.status_code == 200 and {"url", "title"} <= set(page.json()["facet_results"])
    streamed = editor.get("/demo/articles.csv?_stream=1&_size=max")
    assert streamed.status_code == 200 and streamed.text.count("\n") > 40
    assert anonymous.get("/demo/articles.json?_facet=url").status_code == 400
    assert anonymous.get("/demo/articles.json?_facet=language&_size=1").status_code == 200


def test_editors_may_query_but_not_write_with_sql(editor):
    def query(sql):
        return editor.get("/demo.json?sql=" + urllib.parse.quote(sql))

    assert query("select count(*) from editorial_decisions").status_code == 200
    assert query("delete from articles").status_code == 400


# Hostile HTML ----------------------------------------------------------------------------------

def test_hostile_html_is_harmless_in_pages_search_feed_and_digest(
    anonymous, editor, site_db, tmp_path
):
    article_id = hostile_id(anonymous)
    # The body is read on the article's row page (tables of articles leave it out for readers).
    row = anonymous.rows(f"/demo/articles/{article_id}.json")[0]
    assert "twelve volunteer designers" in row["text"] and "alert" not in row["content_html"]
    pages = {
        "article page": anonymous.get(f"/demo/articles/{article_id}").text,
        "legacy article page": anonymous.get("/demo/articles/legacy-unsafe").text,
        "articles table": anonymous.get("/demo/articles?source_id=hostile").text,
        "search results": anonymous.get("/demo/search?q=marathon").text,
    }
    assert "twelve volunteer designers" in pages["article page"]
    legacy_page = pages["legacy article page"]
    assert 'class="article-body"' in legacy_page and "Legacy" in legacy_page
    assert "<mark>marathon</mark>" in pages["search results"]
    editor.decide(article_id, "featured")
    editor.decide("legacy-unsafe", "approved")
    feed = anonymous.get("/demo/published.atom").content
    root = etree.fromstring(feed)
    bodies = " ".join(e.findtext(f"{ATOM}content") or "" for e in root.iter(f"{ATOM}entry"))
    titles = " ".join(e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry"))
    assert "twelve volunteer designers" in bodies and "Legacy" in bodies
    assert "Skills-based volunteering week" in titles and "<script" not in titles  # tags stripped
    digests = {}
    for fmt in ("md", "html"):
        result = run([str(BIN / "probono"), "digest", "--db", str(site_db), "--format", fmt])
        assert result.returncode == 0, result.stderr
        digests[fmt] = result.stdout
    assert "Skills-based volunteering" in digests["md"] and "Legacy row" in digests["html"]
    for where, text in {**pages, "feed bodies": bodies, "digest html": digests["html"]}.items():
        assert not DANGEROUS.search(text), (where, DANGEROUS.search(text).group(0))
    assert not re.search(r"(?<!\\)<(?!https?://)", digests["md"])
    assert not re.search(r"(?<!\\)\]\(<?javascript", digests["md"])


def test_login_limits_count_an_ipv6_64_as_one_client():
    from pipeline.publishing.login import client_key as _client_key

    def key(address):
        return _client_key({"client": (address, 5)})

    assert key("2001:db8:1:2:aaaa::1") == _client_key({"client": ("2001:db8:1:2:bbbb::9", 6)})
    assert key("2001:db8:1:3::1") != key("2001:db8:1:2::1")
    assert _client_key({"client": ("192.0.2.7", 5)}) == "192.0.2.7" and _client_key({}) == "unknown"
    assert _client_key({"client": ("::ffff:192.0.2.7", 5)}) == "192.0.2.7"  # IPv4-mapped
