"""The review page from the keyboard, in a real browser: headless Chromium (Debian's package) on a
real `probono serve` of the demo database plus EXTRA waiting stories.

An editor logs in and lands on the queue, opens the list of keys and an original (o), decides
STORIES stories with one key each (a, r or f; focus moves on by itself, the next stories are
loaded at the end of the page) without a page reload, undoes one with u, selects two with x and
rejects them together, corrects a title with e, presses Enter in a note (nothing is decided),
meets another editor's decision (409) and changes it deliberately, and rejects a source's
backlog by date after seeing its count. Then the audit and the Atom feed are checked over HTTP
and in the database file.

Screenshots: test-output/review-*.png. One Chromium and one server for the module, both stopped
at its end. Skipped only when PROBONO_SKIP_BROWSER=1 is set on purpose (tests/test_browser.py).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import urllib.request
from pathlib import Path

import feedparser
import pytest

from tests.conftest import BIN, run
from tests.processes import probono_serve
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, SCREENSHOTS
from tests.test_review_page import add_stories

pytestmark = pytest.mark.skipif(os.environ.get("PROBONO_SKIP_BROWSER") == "1",
                                reason="PROBONO_SKIP_BROWSER=1 was set")

EXTRA = 80  # waiting stories added to the demo's 39: more than two pages of 50
STORIES = 100  # decided with one key press each
KEYS = {"a": "approved", "r": "rejected", "f": "featured"}
FOCUSED_OPEN_CARD = ("document.activeElement && document.activeElement.matches("
                     "'.review-card:not(.is-decided)')")


def key_for(n: int) -> str:
    return "r" if n % 10 == 3 else "f" if n % 25 == 7 else "a"


@pytest.fixture(scope="module")
def served(demo_db, tmp_path_factory):
    """`probono serve` on the demo plus EXTRA stories, with the editor marie: (base, db)."""
    folder = tmp_path_factory.mktemp("review-keyboard")
    db = folder / "demo.db"
    shutil.copy(demo_db, db)
    add_stories(db, EXTRA)
    env = {"PROBONO_EDITORS_FILE": str(folder / "editors.json")}
    added = run([str(BIN / "probono"), "editors", "add", "marie", "--password-stdin"],
                input=PASSWORD + "\n", env_extra=env)
    assert added.returncode == 0, added.stderr
    with probono_serve(db, folder / "serve.log", env=env) as (_process, base):
        yield base, db


def status_of(db: Path, article_id: str) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute("select status from articles where id = ?",
                                  [article_id]).fetchone()[0]


def test_an_editor_clears_the_queue_from_the_keyboard(served):
    base, db = served
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found (see tests/test_browser.py)"
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    decided: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            # The originals' .test hosts answered here, never over the network.
            context.route(re.compile(r"^http://[^/]+\.test/"), lambda route: route.fulfill(
                body="<title>The original</title>", content_type="text/html"))
            page = context.new_page()
            page.goto(base + "/-/review?age=older")  # not logged in: the login keeps the filter
            page.fill("#id_username", "marie")
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(base + "/-/review?age=older")
            page.goto(base + "/-/review")
            page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing sideways
            page.screenshot(path=SCREENSHOTS / "review-phone.png")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            page.set_viewport_size({"width": 1280, "height": 900})
            page.evaluate("window.reviewMarker = 'no reload'")  # lost if the page reloads

            page.keyboard.press("?")
            keys = page.locator("#review-keys")
            expect(keys).to_be_visible()
            expect(keys).to_contain_text("undo your last decision")
            page.screenshot(path=SCREENSHOTS / "review-keys.png")
            page.keyboard.press("Escape")
            expect(keys).to_be_hidden()

            page.keyboard.press("j")
            page.wait_for_function(FOCUSED_OPEN_CARD)
            first = page.evaluate("document.activeElement.dataset.articleId")
            page.screenshot(path=SCREENSHOTS / "review-page.png")
            page.keyboard.press("j")
            page.keyboard.press("k")  # and back
            assert page.evaluate("document.activeElement.dataset.articleId") == first
            with page.expect_popup() as opened:
                page.keyboard.press("o")  # the original, in a new tab that cannot reach us
            original = opened.value
            assert original.url == page.locator(f"#article-{first}").get_attribute("data-url")
            assert original.evaluate("window.opener") is None
            original.close()
            page.bring_to_front()
            page.locator(f"#article-{first}").focus()

            for n in range(STORIES):
                page.wait_for_function(FOCUSED_OPEN_CARD)
                story = page.evaluate("document.activeElement.dataset.articleId")
                assert story not in decided
                page.keyboard.press(key_for(n))
                expect(page.locator(f"#article-{story}")).to_have_class(re.compile("is-decided"))
                decided[story] = KEYS[key_for(n)]
                if n == 5:
                    page.screenshot(path=SCREENSHOTS / "review-decided.png")
            line = page.locator(f"#article-{story} .decided")
            expect(line).to_contain_text("by you")
            # Every waiting story is on the page by now, loaded without leaving it.
            expect(page.locator("#review-cards .review-card")).to_have_count(39 + EXTRA)
            assert page.evaluate("window.reviewMarker") == "no reload"
            assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

            page.keyboard.press("u")  # the last one back in the queue
            expect(page.locator(f"#article-{story}")).not_to_have_class(
                re.compile("is-decided"))
            undone, undone_status = story, decided.pop(story)

            # Two selected with x, rejected together.
            page.wait_for_function(FOCUSED_OPEN_CARD)
            selected = [page.evaluate("document.activeElement.dataset.articleId")]
            page.keyboard.press("x")
            page.keyboard.press("j")
            page.wait_for_function(f"document.activeElement.dataset.articleId != '{selected[0]}'")
            selected.append(page.evaluate("document.activeElement.dataset.articleId"))
            page.keyboard.press("x")
            expect(page.locator("#bulk-form .selected-count")).to_have_text("2 selected:")
            page.click("#bulk-form button.reject")
            for story in selected:
                expect(page.locator(f"#article-{story}")).to_have_class(re.compile("is-decided"))
                decided[story] = "rejected"

            # A title corrected with e (Enter in the title saves the correction).
            page.wait_for_function(FOCUSED_OPEN_CARD)
            edited = page.evaluate("document.activeElement.dataset.articleId")
            page.keyboard.press("e")
            title = page.locator(f"#article-{edited} input[name=title]")
            expect(title).to_be_focused()
            title.fill("A title corrected by an editor")
            page.keyboard.press("Enter")
            expect(page.locator(f"#article-{edited} h3")).to_have_text(
                "A title corrected by an editor")
            expect(page.locator("#review-status")).to_contain_text("Corrected: title")

            # Enter in the note field decides nothing; keys typed there are text.
            note = page.locator(f"#article-{edited} form.decide input[name=note]")
            note.click()
            page.keyboard.type("a note with a, r and f")
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
            expect(page.locator(f"#article-{edited}")).not_to_have_class(
                re.compile("is-decided"))
            assert status_of(db, edited) == "new"

            # Another editor decided this story meanwhile: the page says so, nothing is
            # written, and the editor can change it deliberately.
            with sqlite3.connect(db) as connection:
                connection.execute("insert into editorial_decisions (article_id, status, editor)"
                                   " values (?, 'rejected', 'ana')", [edited])
            page.locator(f"#article-{edited}").focus()
            page.keyboard.press("a")
            line = page.locator(f"#article-{edited} .decided")
            expect(line).to_contain_text("Already rejected by ana at")
            page.screenshot(path=SCREENSHOTS / "review-conflict.png")
            assert status_of(db, edited) == "rejected"
            page.click(f"#article-{edited} button.change-anyway")
            expect(page.locator(f"#article-{edited}")).to_have_class(re.compile("is-decided"))
            decided[edited] = "approved"
            assert page.evaluate("window.reviewMarker") == "no reload"

            # A backlog: the demo English source's stories published before a day, counted
            # first, then rejected in one confirmed decision.
            page.click("details.review-backlog > summary")
            page.fill("#backlog-form input[name=before]", "2026-11-20")
            page.select_option("#backlog-form select[name=source]", "demo-en-atom")
            page.click("#backlog-form button.reject")
            confirm = page.locator("#backlog-form button.confirm-backlog")
            expect(page.locator("#backlog-form .backlog-preview")).to_contain_text("stories (")
            expect(confirm).to_be_visible()
            page.screenshot(path=SCREENSHOTS / "review-backlog.png")
            backlog = int(re.search(r"\d+", confirm.inner_text()).group(0))
            assert backlog >= 1
            with page.expect_navigation():  # applied, the page reloads: the queue changed
                confirm.click()
            expect(page.locator("#review-total")).to_be_visible()
            page.set_viewport_size({"width": 390, "height": 844})  # the emptied queue, on a phone
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            browser.close()

    with sqlite3.connect(db) as connection:
        audit = connection.execute(
            "select article_id, status from editorial_decisions where editor = 'marie'"
            " order by id").fetchall()
        titles = connection.execute("select title from articles where id = ?",
                                    [edited]).fetchone()
        backlog_left = connection.execute(
            "select count(*) from articles where source_id = 'demo-en-atom' and status = 'new'"
            " and coalesce(published, fetched) < '2026-11-20' and duplicate_of is null"
            " and archived = 0").fetchone()[0]
    assert titles == ("A title corrected by an editor",)
    assert backlog_left == 0
    latest = {}
    for article_id, status in audit:
        latest[article_id] = status
    assert {story: latest[story] for story in decided} == decided
    # The undo is a decision back to "new" (the backlog may have taken the story since).
    undone_rows = [status for article_id, status in audit if article_id == undone]
    assert undone_rows[:2] == [undone_status, "new"]
    # One audit row per decision: STORIES keys, the undo, the two in bulk, the deliberate
    # change, and one per story of the backlog.
    assert len(audit) == STORIES + 1 + 2 + 1 + backlog

    with urllib.request.urlopen(base + "/demo/published.atom") as response:
        feed = feedparser.parse(response.read())
    assert feed.bozo == 0
    published = {entry.id.rsplit(":", 1)[1] for entry in feed.entries}
    assert published == {story for story, status in decided.items()
                         if status in ("approved", "featured")}
    assert "A title corrected by an editor" in {entry.title for entry in feed.entries}
