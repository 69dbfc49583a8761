"""The review page's write routes, in process over a copy of the demo database: one decision and
its undo, two editors on one card, bulk decisions of a backlog, archiving, corrections kept by a
re-crawl; and who may post what."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.publishing.decisions import safe_return
from pipeline.store import Store
from pipeline.store.corrections import corrections_for
from pipeline.store.decisions import CHANGED_SINCE_DECIDED, last_decisions
from tests.conftest import datasette_with_editors
from tests.test_publishing import PASSWORD, Client
from tests.test_store import record

JSON = {"accept": "application/json"}
NEW_ID = "00000000000000a1"  # a story stored by the test, as a crawl stores it


@pytest.fixture
def site_db(demo_db, tmp_path) -> Path:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    return db


@pytest.fixture
def ds(site_db):
    with datasette_with_editors(site_db, {"marie": PASSWORD, "paul": PASSWORD}) as datasette:
        yield datasette


class Editor(Client):
    def send(self, path: str, fields: dict | list, json_answer: bool = True):
        token = self.csrftoken("/-/login")
        data = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = "&".join(f"{k}={_quote(v)}" for k, v in [*data, ("csrftoken", token)])
        headers = {"content-type": "application/x-www-form-urlencoded", **(
            JSON if json_answer else {})}
        return self.request("post", path, content=body.encode(), headers=headers)


def _quote(value) -> str:
    from urllib.parse import quote
    return quote(str(value), safe="")


@pytest.fixture
def marie(ds) -> Editor:
    return Editor(ds).login("marie")


def queue(db: Path, limit: int = 3) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute(
            "select id from stories where status = 'new' and archived = 0"
            " order by fetched desc, id limit ?", [limit])]


def audit(db: Path, article_id: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "select status, previous_status, editor, note, archived from editorial_decisions"
            " where article_id = ? order by id", [article_id]).fetchall()


def status(db: Path, article_id: str) -> tuple:
    with sqlite3.connect(db) as connection:
        return connection.execute("select status, archived from articles where id = ?",
                                  [article_id]).fetchone()


def test_a_decision_and_its_undo_are_audited(marie, site_db):
    story = queue(site_db)[0]
    answer = marie.send("/-/review/decide", {"id": story, "status": "approved", "note": "good"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ok"] and body["status"] == "approved" and body["previous_status"] == "new"
    assert body["editor"] == "marie" and body["decision_id"] > 0
    undo = marie.send("/-/review/decide", {"id": story, "status": "new",
                                           "seen_status": "approved"})
    assert undo.status_code == 200 and undo.json()["previous_status"] == "approved"
    assert audit(site_db, story) == [("approved", "new", "marie", "good", None),
                                     ("new", "approved", "marie", None, None)]
    assert status(site_db, story) == ("new", 0)


def test_the_second_editor_on_a_card_gets_409_with_who_and_when_and_nothing_written(
        ds, marie, site_db):
    story = queue(site_db)[0]
    paul = Editor(ds).login("paul")
    first = marie.send("/-/review/decide", {"id": story, "status": "featured"})
    second = paul.send("/-/review/decide", {"id": story, "status": "rejected",
                                            "seen_status": "new"})
    assert first.status_code == 200 and second.status_code == 409
    conflict = second.json()
    assert conflict["conflict"] and conflict["status"] == "featured"
    assert conflict["decided_by"] == "marie" and conflict["decided_at"].endswith("+00:00")
    assert audit(site_db, story) == [("featured", "new", "marie", None, None)]
    # Changed deliberately: the status paul now sees.
    again = paul.send("/-/review/decide", {"id": story, "status": "rejected",
                                           "seen_status": "featured"})
    assert again.status_code == 200 and status(site_db, story) == ("rejected", 0)


def test_two_editors_posting_at_once_exactly_one_wins(ds, site_db):
    story = queue(site_db)[0]
    marie, paul = Editor(ds).login("marie"), Editor(ds).login("paul")
    tokens = [client.csrftoken("/-/login") for client in (marie, paul)]

    async def both():
        await ds.invoke_startup()
        return await asyncio.gather(*[
            ds.client.post("/-/review/decide", cookies=client.cookies, headers=JSON,
                           data={"id": story, "status": choice, "seen_status": "new",
                                 "csrftoken": token})
            for client, choice, token in ((marie, "approved", tokens[0]),
                                          (paul, "rejected", tokens[1]))])
    answers = asyncio.run(both())
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert len(audit(site_db, story)) == 1


def test_without_javascript_the_editor_goes_back_to_the_filtered_queue(marie, site_db):
    story = queue(site_db)[0]
    answer = marie.send("/-/review/decide", {"id": story, "status": "approved",
                                             "return_to": "/-/review?language=fr&page=2"},
                        json_answer=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/-/review?language=fr&page=2"
    assert "ds_messages" in marie.cookies
    for hostile in ("//evil.test/x", "https://evil.test/", "/-/review\\@evil.test",
                    "/-/reviewer", "/elsewhere"):
        assert safe_return(hostile) == "/-/review"
    stale = marie.send("/-/review/decide", {"id": story, "status": "rejected",
                                            "return_to": "//evil.test/"}, json_answer=False)
    assert stale.status_code == 303 and stale.headers["location"] == "/-/review"


@pytest.mark.parametrize("fields, code, words", [
    ({"id": "ffffffffffffffff", "status": "approved"}, 404, "no article has the id"),
    ({"status": "approved"}, 400, "id:"),
    ({"id": "x" * 10_000, "status": "approved"}, 400, "id:"),
    ({"id": "STORY", "status": "published"}, 400, "status: must be one of"),
    ({"id": "STORY", "status": "approved", "seen_status": "maybe"}, 400, "seen_status:"),
    ({"id": "STORY", "status": "approved", "note": "n" * 5_000}, 400, "note:"),
])
def test_bad_decisions_are_refused_in_one_line_and_write_nothing(marie, site_db, fields, code,
                                                                 words):
    story = queue(site_db)[0]
    fields = {key: story if value == "STORY" else value for key, value in fields.items()}
    answer = marie.send("/-/review/decide", fields)
    assert answer.status_code == code and words in answer.json()["error"]
    assert "\n" not in answer.json()["error"]
    assert audit(site_db, story) == []


def test_only_editors_may_post_and_only_with_the_csrf_token(ds, marie, site_db):
    story = queue(site_db)[0]
    anonymous = Editor(ds)
    assert anonymous.send("/-/review/decide", {"id": story, "status": "approved"}
                          ).status_code == 403
    stranger = Editor(ds)
    stranger.cookies["ds_actor"] = ds.sign({"a": {"id": "stranger"}}, "actor")
    assert stranger.send("/-/review/bulk", {"ids": story, "status": "rejected", "confirm": 1}
                         ).status_code == 403
    assert anonymous.get("/-/review/decide").status_code in (403, 405)
    no_token = marie.request("post", "/-/review/decide", headers=JSON,
                             data={"id": story, "status": "approved"})
    assert no_token.status_code == 403
    assert audit(site_db, story) == []


def test_a_backlog_is_counted_then_decided_one_audit_row_a_story(marie, site_db):
    with sqlite3.connect(site_db) as connection:
        source, waiting = connection.execute(
            "select source_id, count(*) from stories where status = 'new' and archived = 0"
            " group by source_id order by count(*) desc limit 1").fetchone()
    assert waiting >= 2
    seen = marie.send("/-/review/bulk", {"source": source, "status": "rejected"})
    assert seen.status_code == 200 and seen.json()["count"] == waiting
    assert 1 <= len(seen.json()["preview"]) <= 5
    wrong = marie.send("/-/review/bulk", {"source": source, "status": "rejected",
                                          "confirm": waiting + 1})
    assert wrong.status_code == 409 and wrong.json() == {"ok": False, "count": waiting}
    done = marie.send("/-/review/bulk", {"source": source, "status": "rejected",
                                         "confirm": waiting, "note": "new member's backlog"})
    assert done.json() == {"ok": True, "applied": waiting}
    with sqlite3.connect(site_db) as connection:
        rows = connection.execute(
            "select count(*), count(distinct article_id) from editorial_decisions"
            " where status = 'rejected' and note = 'new member''s backlog'").fetchone()
    assert rows == (waiting, waiting)
    assert marie.send("/-/review/bulk", {"source": source, "status": "rejected"}
                      ).json()["count"] == 0


def test_bulk_by_date_or_language_and_by_ids(marie, site_db):
    by_date = marie.send("/-/review/bulk", {"before": "1990-01-01", "status": "rejected"})
    assert by_date.json()["count"] == 0
    bad = marie.send("/-/review/bulk", {"before": "2024-13-45", "status": "rejected"})
    assert bad.status_code == 400 and "before:" in bad.json()["error"]
    nothing = marie.send("/-/review/bulk", {"status": "rejected"})
    assert nothing.status_code == 400
    ids = queue(site_db, 2)
    chosen = marie.send("/-/review/bulk", [("ids", ids[0]), ("ids", ids[1]),
                                           ("ids", "ffffffffffffffff"), ("status", "approved")])
    assert chosen.json()["count"] == 2
    done = marie.send("/-/review/bulk", [("ids", ids[0]), ("ids", ids[1]),
                                         ("status", "approved"), ("confirm", "2")])
    assert done.json()["applied"] == 2 and status(site_db, ids[1]) == ("approved", 0)


def test_without_javascript_a_bulk_decision_shows_a_confirmation_page(marie, site_db):
    ids = queue(site_db, 2)
    page = marie.send("/-/review/bulk", [("ids", ids[0]), ("ids", ids[1]),
                                         ("status", "rejected")], json_answer=False)
    assert page.status_code == 200 and "Confirm: rejected 2 stories" in page.text
    assert 'name="confirm" value="2"' in page.text and 'name="csrftoken"' in page.text
    assert audit(site_db, ids[0]) == []


def test_an_archived_backlog_is_audited_and_undone_per_story(marie, site_db):
    ids = queue(site_db, 2)
    fields = [("ids", ids[0]), ("ids", ids[1]), ("action", "archive")]
    assert marie.send("/-/review/bulk", fields).json()["count"] == 2
    assert marie.send("/-/review/bulk", [*fields, ("confirm", "2")]).json()["applied"] == 2
    assert status(site_db, ids[0]) == ("new", 1)
    assert audit(site_db, ids[0]) == [("new", "new", "marie", None, 1)]
    assert ids[0] not in queue(site_db, 1000)
    undo = marie.send("/-/review/unarchive", {"id": ids[0]})
    assert undo.status_code == 200, undo.text
    assert status(site_db, ids[0]) == ("new", 0) and status(site_db, ids[1]) == ("new", 1)
    assert audit(site_db, ids[0])[-1] == ("new", "new", "marie", None, 0)


def test_the_latest_decisions_take_an_archived_story_back_without_javascript(marie, site_db):
    from lxml import html

    ids = queue(site_db, 2)
    fields = [("ids", ids[0]), ("ids", ids[1]), ("action", "archive"), ("confirm", "2")]
    assert marie.send("/-/review/bulk", fields).json()["applied"] == 2
    page = html.fromstring(marie.get("/-/review?language=fr").text)
    forms = {form.xpath(".//input[@name='id']/@value")[0]: form for form in page.xpath(
        "//table[@class='review-decisions']//form[contains(@action, '/-/review/unarchive')]")}
    assert set(ids) <= set(forms)  # one button per archived story, no "back to the queue"
    assert not page.xpath("//table[@class='review-decisions']//form"
                          "[contains(@action, '/-/review/decide')]")
    form = forms[ids[0]]
    posted = [(field.get("name"), field.get("value") or "") for field in form.xpath(".//input")
              if field.get("name") != "csrftoken"]
    answer = marie.send("/-/review/unarchive", posted, json_answer=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/-/review?language=fr"
    assert status(site_db, ids[0]) == ("new", 0) and status(site_db, ids[1]) == ("new", 1)
    assert audit(site_db, ids[0])[-1] == ("new", "new", "marie", "undo archive", 0)
    assert ids[0] in queue(site_db, 1000)


def test_a_correction_is_audited_shown_and_kept_by_a_recrawl(marie, site_db):
    corrected = "Un bilan du bénévolat de compétences"
    with sqlite3.connect(site_db) as connection:
        source = connection.execute("select id from sources order by id limit 1").fetchone()[0]
    with Store(site_db) as store:  # the story as a crawl stores it
        store.save_article(record(NEW_ID, source=source, summary="Old teaser"))
        crawled_tags = json.loads(store.db.execute(
            "select tags from articles where id = ?", [NEW_ID]).fetchone()[0])
    answer = marie.send("/-/review/correct", {
        "id": NEW_ID, "title": corrected, "summary": "Better teaser",
        "tags_add": "legal-pro-bono", "note": "typo"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"ok": True, "id": NEW_ID, "changed": ["title", "summary", "tags"]}
    with sqlite3.connect(site_db) as connection:
        rows = connection.execute("select field, before, after, editor, note from corrections"
                                  " where article_id = ? order by id", [NEW_ID]).fetchall()
        assert rows[0] == ("title", "Bénévolat : un bilan", corrected, "marie", "typo")
        assert rows[1][:3] == ("summary", "Old teaser", "Better teaser")
        assert json.loads(rows[2][2]) == [*crawled_tags, "legal-pro-bono"]
        found = connection.execute("select a.id from articles_fts f join articles a"
                                   " on a.rowid = f.rowid where articles_fts match 'compétences'"
                                   " and a.id = ?", [NEW_ID]).fetchall()
        assert found == [(NEW_ID,)]  # the full-text index follows the correction
    with Store(site_db) as store:  # the same story crawled again, then changed by its source
        assert store.save_article(record(NEW_ID, source=source, summary="Old teaser")) \
            == "unchanged"
        store.save_article(record(NEW_ID, source=source, title="Bénévolat : le bilan 2024",
                                  summary="Old teaser"))
        row = store.db.execute("select title, summary, tags from articles where id = ?",
                               [NEW_ID]).fetchone()
        flags = store.db.execute("select field, source_changed, source_now from corrections"
                                 " where article_id = ? order by id", [NEW_ID]).fetchall()
        tags = {r[0] for r in store.db.execute(
            "select tag from article_tags where article_id = ?", [NEW_ID])}
    assert row[:2] == (corrected, "Better teaser")
    assert "legal-pro-bono" in json.loads(row[2]) and "legal-pro-bono" in tags
    assert flags[0][0] == "title" and flags[0][1] and flags[0][2] == "Bénévolat : le bilan 2024"
    assert flags[1][1] is None  # the summary's source did not change
    # What readers get: the article page and, once approved, the Atom feed.
    moved = marie.get(f"/article/{NEW_ID}/x")
    page = marie.get(moved.headers["location"]) if moved.status_code == 301 else moved
    assert corrected in page.text and "le bilan 2024" not in page.text
    marie.send("/-/review/decide", {"id": NEW_ID, "status": "approved"})
    feed = marie.get("/demo/published.atom").text
    assert corrected in feed and "Better teaser" in feed


@pytest.mark.parametrize("fields, words", [
    ({"title": "   "}, "title: must not be empty"),
    ({"title": "t" * 10_000}, "title: at most 500 characters"),
    ({"summary": "s" * 5_001}, "summary: at most 5000 characters"),
    ({"tags_add": "no-such-tag"}, "tags_add: no such tag"),
])
def test_bad_corrections_are_refused_naming_the_field(marie, site_db, fields, words):
    story = queue(site_db)[0]
    answer = marie.send("/-/review/correct", {"id": story, **fields})
    assert answer.status_code == 400 and words in answer.json()["error"]
    with sqlite3.connect(site_db) as connection:
        assert connection.execute("select count(*) from corrections").fetchone() == (0,)


def test_the_cards_helpers_say_who_decided_what_was_corrected_and_what_changed(
        marie, anonymous_client, site_db):
    story = queue(site_db)[0]
    marie.send("/-/review/decide", {"id": story, "status": "approved"})
    marie.send("/-/review/correct", {"id": story, "summary": "An editor's teaser"})
    with sqlite3.connect(site_db) as connection:
        assert last_decisions(connection, [story, "nope"])[story]["editor"] == "marie"
        corrected = corrections_for(connection, [story])[story]
        assert [(c["field"], c["after"], c["source_changed"]) for c in corrected] == [
            ("summary", "An editor's teaser", None)]
        changed = f"select a.id from articles a where {CHANGED_SINCE_DECIDED}"
        assert connection.execute(changed).fetchall() == []
        connection.execute("update corrections set source_changed = '2999-01-01T00:00:00+00:00'"
                           " where article_id = ?", [story])
        assert connection.execute(changed).fetchall() == [(story,)]
    # Editors' names and corrections are for editors only.
    assert anonymous_client.get("/demo/corrections.json").status_code == 403
    assert marie.get("/demo/corrections.json").status_code == 200


@pytest.fixture
def anonymous_client(ds) -> Editor:
    return Editor(ds)



def test_without_javascript_a_confirmed_bulk_goes_back_to_the_queue(marie, site_db):
    ids = queue(site_db, 2)
    fields = [("ids", ids[0]), ("ids", ids[1]), ("status", "rejected"), ("confirm", "2"),
              ("return_to", "/-/review?language=en")]
    answer = marie.send("/-/review/bulk", fields, json_answer=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/-/review?language=en"
    assert [status(site_db, i) for i in ids] == [("rejected", 0), ("rejected", 0)]


def test_a_form_posted_unchanged_corrects_nothing_and_a_tag_is_removed(marie, site_db):
    with sqlite3.connect(site_db) as connection:
        story, title, summary, tags = connection.execute(
            "select id, title, summary, tags from stories where tags != '[]'"
            " and status = 'new' order by id limit 1").fetchone()
    same = marie.send("/-/review/correct", {"id": story, "title": title,
                                            "summary": summary or ""})
    assert same.json() == {"ok": True, "id": story, "changed": []}
    dropped = json.loads(tags)[0]
    removed = marie.send("/-/review/correct", {"id": story, "tags_remove": dropped})
    assert removed.json()["changed"] == ["tags"]
    with sqlite3.connect(site_db) as connection:
        now = json.loads(connection.execute("select tags from articles where id = ?",
                                            [story]).fetchone()[0])
        kept = {r[0] for r in connection.execute(
            "select tag from article_tags where article_id = ?", [story])}
        assert connection.execute("select count(*) from corrections").fetchone() == (1,)
    assert dropped not in now and dropped not in kept


def test_an_unknown_bulk_action_is_refused(marie, site_db):
    answer = marie.send("/-/review/bulk", {"ids": queue(site_db)[0], "action": "delete"})
    assert answer.status_code == 400 and answer.json()["error"].startswith("action:")
