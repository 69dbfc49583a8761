"""The editors' review page over HTTP, in process: who may see it, where a login lands, the queue's
views and counts at more than 500 waiting stories, paging, the panels read before deciding, a
decision without JavaScript that keeps the filters, and a note field where Enter decides nothing.

The database is the demo's plus BULK waiting stories written here (more than the old 500 limit).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import pytest
from datasette_auth_passwords.utils import hash_password
from lxml import html

from pipeline.publishing import review_queries
from pipeline.publishing.editors import auth_plugin_config
from pipeline.publishing.login import safe_next
from pipeline.publishing.review_queries import PAGE_SIZE
from pipeline.publishing.serve import datasette_instance
from tests.test_publishing import PASSWORD, SENIORS_ORIGINAL, Client

BULK = 560  # waiting English stories added to the demo's 39
LONG_SUMMARY = "A summary longer than the old cut. " * 30  # 1,050 characters
TODAY_ID, CHANGED_ID = "c0000000000000aa", "c0000000000000bb"


def add_stories(db: Path, count: int, fetched: str = "2026-11-20T08:00:00+00:00") -> list[str]:
    """`count` waiting English stories of the demo's Atom source, tagged legal-pro-bono."""
    ids = [f"b{i:015x}" for i in range(1, count + 1)]
    with sqlite3.connect(db) as connection:
        connection.executemany(
            "insert into articles (id, url, source_id, title, summary, text, language,"
            " published, fetched, tags, status, archived)"
            " values (?, ?, 'demo-en-atom', ?, ?, ?, 'en', ?, ?, '[\"legal-pro-bono\"]', 'new', 0)",
            [(i, f"http://demo-en.test/bulk/{i}", f"Bulk story {n}", LONG_SUMMARY,
              f"First paragraph of story {n}.\nSecond paragraph.", "2026-11-19T00:00:00+00:00",
              fetched) for n, i in enumerate(ids, 1)])
        connection.executemany(
            "insert into article_tags (article_id, tag, kind, score, evidence)"
            " values (?, 'legal-pro-bono', 'topic', 0.9, '[\"pro bono lawyers\"]')",
            [(i,) for i in ids])
    return ids


@pytest.fixture(scope="module")
def site_db(demo_db, tmp_path_factory) -> Path:
    """The demo plus BULK stories, one fetched today, one approved story its source changed
    since."""
    db = tmp_path_factory.mktemp("review") / "demo.db"
    shutil.copy(demo_db, db)
    add_stories(db, BULK)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    with sqlite3.connect(db) as connection:
        for article_id, title in ((TODAY_ID, "Fetched today"), (CHANGED_ID, "Changed since")):
            connection.execute(
                "insert into articles (id, url, source_id, title, text, language, published,"
                " fetched, tags, status, archived) values (?, ?, 'demo-fr-rss', ?, 'Texte.',"
                " 'fr', ?, ?, '[]', 'new', 0)",
                [article_id, f"http://demo-fr.test/{article_id}", title, now, now])
        connection.execute("insert into editorial_decisions (article_id, status, editor)"
                           " values (?, 'approved', 'ana')", [CHANGED_ID])
        connection.execute("update articles set changed = '2999-01-01T00:00:00+00:00'"
                           " where id = ?", [CHANGED_ID])
    return db


@pytest.fixture(scope="module")
def ds(site_db):
    config, environment = auth_plugin_config({"marie": hash_password(PASSWORD)})
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        yield datasette_instance(site_db, config)


@pytest.fixture
def editor(ds) -> Client:
    return Client(ds).login()


def cards(page: str) -> list[str]:
    return re.findall(r'data-article-id="([^"]+)"', page)


def test_anonymous_readers_are_sent_to_the_login_and_refused_writes(ds):
    anonymous = Client(ds)
    plain = anonymous.get("/-/review")
    assert plain.status_code == 302 and plain.headers["location"] == "/-/login"
    filtered = anonymous.get("/-/review?language=fr&age=older")
    assert filtered.status_code == 302
    assert filtered.headers["location"] == (
        "/-/login?next=" + urllib.parse.quote("/-/review?language=fr&age=older", safe="/"))
    refused = anonymous.post("/-/review/decide", {"id": SENIORS_ORIGINAL, "status": "approved",
                                                  "csrftoken": anonymous.csrftoken()})
    assert refused.status_code == 403


def test_a_login_lands_on_the_queue_or_the_page_asked_never_elsewhere(ds):
    def landing(next_path: str | None) -> str:
        client = Client(ds)
        login_page = "/-/login" + ("?next=" + urllib.parse.quote(next_path) if next_path else "")
        form = client.get(login_page).text
        token = re.search(r'name="csrftoken" value="([^"]+)"', form).group(1)
        fields = {"username": "marie", "password": PASSWORD, "csrftoken": token}
        hidden = re.search(r'name="next" value="([^"]*)"', form)
        if hidden:  # the form carries `next` through the POST
            fields["next"] = html.fromstring(f"<p>{hidden.group(1)}</p>").text_content()
        response = client.post("/-/login", fields)
        assert response.status_code == 302, response.text[:300]
        return response.headers["location"]

    assert landing(None) == "/-/review"
    assert landing("/-/review?language=fr&age=older") == "/-/review?language=fr&age=older"
    assert landing("/topic/legal-pro-bono") == "/topic/legal-pro-bono"
    for hostile in ("//evil.test/x", "https://evil.test/", "/\\evil.test", "javascript:alert(1)",
                    "/-/review\n", "evil.test"):
        assert landing(hostile) == "/-/review", hostile
        assert safe_next(hostile) is None


def test_counts_are_right_beyond_500_and_the_queue_is_paged(editor):
    page = editor.get("/-/review").text
    total = 39 + BULK + 1  # the demo's, the bulk ones, the one fetched today
    assert f"{total} stories waiting" in page
    assert f"en ({9 + BULK})" in page and "fr (12)" in page  # GROUP BY, not the first 500 rows
    legal = int(re.search(r"legal-pro-bono \((\d+)\)", page).group(1))
    assert legal >= BULK
    assert f"{legal} stories waiting" in editor.get("/-/review?topic=legal-pro-bono").text
    first = cards(page)
    assert len(first) == PAGE_SIZE
    pages = -(-total // PAGE_SIZE)
    assert f"Page 1 of {pages}" in page and 'rel="next"' in page
    second = cards(editor.get("/-/review?page=2").text)
    assert len(second) == PAGE_SIZE and not set(first) & set(second)
    last = editor.get(f"/-/review?page={pages}").text
    assert len(cards(last)) == total - (pages - 1) * PAGE_SIZE and 'rel="next"' not in last
    english = editor.get("/-/review?language=en&page=2").text
    assert f"{9 + BULK} stories waiting" in english
    assert 'class="current">en (' in english
    # Each link of a filter keeps the others.
    assert "/-/review?language=en&amp;source=demo-en-atom" in english


def facet_counts(page: str, name: str) -> list[int]:
    block = re.search(rf'data-filter="{name}">(.*?)</p>', page, re.S).group(1)
    return [int(n) for n in re.findall(r"\((\d+)\)</a>", block)]


def test_a_queue_longer_than_it_counts_says_so_and_stays_paged(editor, monkeypatch):
    """Past COUNTED stories (5,000 in production; 100 here, as the queue holds 640) the counts
    are the newest's, the total a floor, and every page is still reached."""
    monkeypatch.setattr(review_queries, "COUNTED", 100)
    page = editor.get("/-/review").text
    assert "100+ stories waiting" in page and "Counts are those of the newest 100." in page
    for name in ("language", "age", "source"):
        assert sum(facet_counts(page, name)) == 100, name
    assert "Page 1." in page and 'rel="next"' in page and " of " not in page.split("Page 1")[1][:5]
    total = 39 + BULK + 1
    last_page = -(-total // PAGE_SIZE)
    before_last = editor.get(f"/-/review?page={last_page - 1}").text
    assert len(cards(before_last)) == PAGE_SIZE and 'rel="next"' in before_last
    last = editor.get(f"/-/review?page={last_page}").text
    assert len(cards(last)) == total - (last_page - 1) * PAGE_SIZE
    assert 'rel="next"' not in last and 'rel="prev"' in last
    monkeypatch.setattr(review_queries, "COUNTED", 5_000)
    assert f"{total} stories waiting" in editor.get("/-/review").text


def test_views_by_source_topic_age_and_changed_since_approved(editor):
    by_source = editor.get("/-/review?source=demo-fr-rss").text
    assert "11 stories waiting" in by_source and len(cards(by_source)) == 11
    by_topic = editor.get("/-/review?topic=legal-pro-bono&language=en").text
    assert f"{BULK + 1} stories waiting" in by_topic  # and the demo's English one
    today = editor.get("/-/review?age=today").text
    assert cards(today) == [TODAY_ID] and "today (1)" in today
    older = editor.get("/-/review?age=older").text
    assert TODAY_ID not in cards(older) and "older than a week (" in older
    changed = editor.get("/-/review?view=changed").text
    assert cards(changed) == [CHANGED_ID] and "Approved by ana" in changed
    assert CHANGED_ID not in cards(editor.get("/-/review?language=fr").text)
    assert editor.get("/-/review?age=bogus&page=-3&view=nope").status_code == 200


def test_a_card_has_what_to_read_before_deciding_and_no_raw_row(editor):
    page = editor.get("/-/review?language=en&source=demo-en-atom").text
    doc = html.fromstring(page)
    card = doc.xpath("//article[starts-with(@data-article-id, 'b0000')]")[0]  # a bulk story
    assert card.xpath(".//p[@class='summary']")[0].text_content() == LONG_SUMMARY
    assert "Second paragraph." in card.xpath(".//details[@class='full-text']")[0].text_content()
    evidence = card.xpath(".//details[@class='evidence']//td/text()")
    assert "legal-pro-bono" in evidence and '["pro bono lawyers"]' in evidence
    assert "/demo/articles/" not in page  # no link to the database's raw rows
    seniors = html.fromstring(editor.get("/-/review?language=fr").text).xpath(
        f"//article[@data-article-id='{SENIORS_ORIGINAL}']")[0]
    assert "Also at:" in seniors.text_content()
    assert seniors.xpath(".//details[@class='copies']//section") != []  # side by side


def test_enter_in_the_note_field_cannot_decide(editor):
    doc = html.fromstring(editor.get("/-/review").text)
    forms = doc.xpath("//form[@class='decide']")
    assert len(forms) == PAGE_SIZE
    for form in forms:
        # Implicit submission (Enter in a field) uses the form's first submit button, its
        # default button: a disabled one submits nothing.
        buttons = form.xpath(".//button[not(@type) or @type='submit'] | .//input[@type='submit']")
        assert buttons[0].get("disabled") is not None and buttons[0].get("value") is None
        assert form.xpath(".//input[@name='note']")
        assert [b.get("value") for b in buttons[1:]] == ["approved", "featured", "rejected"]


def test_a_decision_without_javascript_keeps_the_filters(editor, site_db):
    url = "/-/review?language=en&source=demo-en-atom&page=2"
    doc = html.fromstring(editor.get(url).text)
    form = doc.xpath("//form[@class='decide']")[0]
    fields = {field.get("name"): field.get("value") or "" for field in form.xpath(".//input")}
    assert fields["return_to"] == url
    story = fields["id"]
    response = editor.post("/-/review/decide", {**fields, "status": "rejected",
                                                "note": "Off topic"})
    assert response.status_code in (302, 303) and response.headers["location"] == url
    after = editor.get(url).text
    assert story not in cards(after) and "Decision saved" in after
    with sqlite3.connect(site_db) as connection:
        row = connection.execute("select status, previous_status, editor, note from"
                                 " editorial_decisions where article_id = ? order by id desc",
                                 [story]).fetchone()
    assert row == ("rejected", "new", "marie", "Off topic")


def test_a_correction_without_javascript_shows_on_its_card(editor):
    url = "/-/review?language=en&source=demo-en-atom"
    doc = html.fromstring(editor.get(url).text)
    form = doc.xpath("//form[@class='correct']")[0]
    fields = {field.get("name"): field.get("value") or "" for field in form.xpath(".//input")}
    story = fields["id"]
    fields.update(title="A corrected title", summary="A corrected summary.")
    response = editor.post("/-/review/correct", fields)
    assert response.status_code in (302, 303) and response.headers["location"] == url
    card = html.fromstring(editor.get(url).text).xpath(
        f"//article[@data-article-id='{story}']")[0]
    assert card.xpath(".//h3")[0].text_content().strip() == "A corrected title"
    assert card.xpath(".//p[@class='summary']")[0].text_content() == "A corrected summary."
    corrected = card.xpath(".//details[@class='corrections']")[0].text_content()
    assert "title by marie" in corrected and "→ “A corrected title”" in corrected
