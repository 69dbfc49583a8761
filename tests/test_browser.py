"""A real browser: headless Chromium (Debian's package) logs in to a real `probono serve` as an
editor, approves an article on the review page, and the Atom feed then carries it.

The screenshots are left in test-output/ for people to look at. Chromium is installed by `make
test` (see the README); without it this test fails and says how to install it. It is skipped only
when PROBONO_SKIP_BROWSER=1 is set on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path

import feedparser
import pytest

from tests.conftest import BIN, ROOT, run
from tests.processes import probono_serve
from tests.test_publishing import SENIORS_ORIGINAL

CHROMIUM = os.environ.get("PROBONO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-output"
PASSWORD = "correct horse battery"
# As root in a container, and with no network but loopback: no sandbox, no background traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(os.environ.get("PROBONO_SKIP_BROWSER") == "1",
                                reason="PROBONO_SKIP_BROWSER=1 was set")


@pytest.fixture
def served(demo_db, tmp_path):
    """`probono serve` on a copy of the demo database, with one editor, on a free port."""
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    env = {"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}
    added = run([str(BIN / "probono"), "editors", "add", "marie", "--password-stdin"],
                input=PASSWORD + "\n", env_extra=env)
    assert added.returncode == 0, added.stderr
    with probono_serve(db, tmp_path / "serve.log", env=env) as (_process, base):
        yield base


def test_an_editor_approves_in_chromium_and_the_feed_carries_it(served):
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} not found: install Debian's chromium (`make test` does it, or "
        "`apt-get install chromium`), or set PROBONO_SKIP_BROWSER=1 to leave this test out")
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(served + "/")
        expect(page.locator("h1")).to_have_text("Latest stories")
        page.screenshot(path=SCREENSHOTS / "front-page.png", full_page=True)
        page.fill("#q", "seniors experts")
        page.click("form.big-search button")
        expect(page.locator("mark").first).to_be_visible()

        page.goto(served + "/-/review")  # not logged in: sent to the login page
        page.fill("#id_username", "marie")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(served + "/-/review")  # an editor lands on the queue
        page.goto(served + "/")
        page.click("nav.site-nav >> text=Review queue")  # the reader site's menu, for editors
        card = page.locator(f'article[data-article-id="{SENIORS_ORIGINAL}"]')
        expect(card).to_contain_text("Also at:")
        page.screenshot(path=SCREENSHOTS / "review-page.png", full_page=False)

        card.locator("form.decide input[name=note]").fill("Good example for the newsletter")
        card.locator("button.approve").click()  # sent by data/static/review.js, no reload
        expect(card.locator(".decided")).to_contain_text("Approved by you")
        page.reload()
        expect(page.locator(f'article[data-article-id="{SENIORS_ORIGINAL}"]')).to_have_count(0)
        decisions = page.locator("table.review-decisions")
        expect(decisions).to_contain_text("Good example for the newsletter")
        page.screenshot(path=SCREENSHOTS / "review-page-after-approval.png", full_page=False)
        browser.close()

    with urllib.request.urlopen(served + "/demo/published.atom") as response:
        feed = feedparser.parse(response.read())
    assert feed.bozo == 0
    assert [entry.id for entry in feed.entries] == [f"urn:probono-feed:article:{SENIORS_ORIGINAL}"]
    assert feed.entries[0].title.startswith("Seniors experts")
    url = served + f"/demo/articles.json?_shape=array&id={SENIORS_ORIGINAL}"
    with urllib.request.urlopen(url) as response:
        assert json.load(response)[0]["status"] == "approved"
    assert (SCREENSHOTS / "review-page.png").stat().st_size > 10_000
