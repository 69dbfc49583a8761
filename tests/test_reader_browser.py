"""The reader site as a reader meets it: headless Chromium (Debian's package) on a real `probono
serve` of the demo database, at a desktop size (1400x1000) and a phone's (390x844).

Every reader page is screenshotted full-page into test-output/ (reader-<page>-<width>.png) for
people to look at, read as a reader reads it (the visible text: headlines, no database concept),
checked by axe-core (no serious or critical violation) and for sideways scrolling on the phone.
A journey goes from the front page to an article, back, to a search typed without accents, to a
topic and its Atom feed; the keyboard reaches the skip link, the search field and the first
headline; the interface speaks French to a French browser and after its switch link.

One Chromium and one server serve the whole module; both are stopped at its end. Skipped only
when PROBONO_SKIP_BROWSER=1 is set on purpose (see tests/test_browser.py).
"""

from __future__ import annotations

import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from pipeline.publishing.interface import load_labels
from tests.processes import probono_serve
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.test_publishing import SENIORS_COPY, SENIORS_ORIGINAL

pytestmark = pytest.mark.skipif(os.environ.get("PROBONO_SKIP_BROWSER") == "1",
                                reason="PROBONO_SKIP_BROWSER=1 was set")

SIZES = {"1400": {"width": 1400, "height": 1000}, "390": {"width": 390, "height": 844}}
SENIORS_COPY_URL = "http://demo-media.test/reprise/seniors-experts-retraites-associations/"
BENEVOLAT = "c03f627973577195"  # "Le bénévolat de compétences, …", featured below
ZH_FEATURED = "aa7b85c041837c8d"  # 北京技能公益中心启动2024年技能志愿服务计划, featured below
REJECTED = "4d524138af38a81f"  # "Talleres gratuitos de ciberseguridad…": no reader sees it
FEATURED = (BENEVOLAT, ZH_FEATURED)
# Every reader page: its name in the screenshots, its path, the HTTP status a reader gets.
READER_PAGES = {
    "front": ("/", 200),
    "front-page-2": ("/?page=2", 200),
    "article": (f"/article/{SENIORS_ORIGINAL}/seniors-experts", 200),
    "article-chinese": (f"/article/{ZH_FEATURED}/x", 200),
    "search": ("/search?q=mentorat", 200),
    "search-unaccented": ("/search?q=benevolat", 200),
    "search-chinese": ("/search?q=" + urllib.parse.quote("志愿"), 200),
    "search-nothing-found": ("/search?q=zzyzxqwv", 200),
    "topic": ("/topic/legal-pro-bono", 200),
    "language": ("/language/fr", 200),
    "country": ("/country/FR", 200),
    "source": ("/source/demo-fr-rss", 200),
    "language-empty": ("/language/de", 200),
    "topics": ("/topics", 200),
    "languages": ("/languages", 200),
    "countries": ("/countries", 200),
    "sources": ("/sources", 200),
    "not-found": ("/article/ffffffffffffffff/gone", 404),
    "topic-unknown": ("/topic/no-such-topic", 404),
    "not-found-path": ("/no-such-page", 404),
}
# What a reader must never read: the marks of a database browser rather than a news site.
DATABASE_CONCEPTS = {
    "a 16-hex id": re.compile(r"\b[0-9a-f]{16}\b"),
    "a search score": re.compile(r"\bbm25\b|\bscore\b|\brank\b", re.IGNORECASE),
    "SQL": re.compile(r"\bselect\s+[\w.*, ]+\s+from\b|Custom SQL|Run SQL|Query parameters"
                      r"|\bsqlite\b", re.IGNORECASE),
    "rows": re.compile(r"\brows?\b", re.IGNORECASE),
    "a binary cell": re.compile(r"<Binary"),
    "JSON": re.compile(r"\[\s*\"|\[\s*\{|\{\s*\"|\[\s*\]"),
    "a column name": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "null": re.compile(r"\bnull\b|\bNone\b"),
    "a raw timestamp": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),
    "the database": re.compile(r"\bdatabases?\b|\bDatasette\b|base de données", re.IGNORECASE),
}
SERIOUS = ("serious", "critical")
# What a reader finds for each search: accents optional, Chinese words, copies folded, a story
# the editors rejected never shown (the demo stories whose title or text holds the words).
SEARCHES = {
    "benevolat": {BENEVOLAT, "e40ae508f2910944"},
    "志愿": {ZH_FEATURED, "6fa8ccf8bc9e755e", "5b4b301987825788"},
    "mentorat": {"457da0edc7b25cda"},
    "seniors experts": {SENIORS_ORIGINAL},
    "ciberseguridad": set(),
}
# The interface's words, as the pages take them (labels.yaml), to find them on the pages.
LABELS = {code: labels.words for code, labels in load_labels().items()}


def database_concepts(text: str) -> list[str]:
    """What in a page's visible text only a database browser shows, as 'kind: "match"'."""
    return [f"{kind}: {match.group(0)!r}" for kind, pattern in DATABASE_CONCEPTS.items()
            for match in [pattern.search(text)] if match]


def serious_violations(results: dict) -> list[str]:
    """axe-core's serious and critical violations, as 'rule (impact): target, target…'."""
    return [f"{v['id']} ({v['impact']}): " + ", ".join(" ".join(node["target"])
                                                     for node in v["nodes"][:5])
            for v in results["violations"] if v["impact"] in SERIOUS]


def publish(db: Path) -> None:
    """The editors' work on the demo: every story approved, two featured, one rejected (as the
    review page records it), so that the reader pages show a selection."""
    from pipeline.store import Store

    store = Store(db)
    try:
        ids = [row[0] for row in store.db.execute(
            "select id from articles where duplicate_of is null order by id")]
        for article_id in ids:
            status = ("featured" if article_id in FEATURED
                      else "rejected" if article_id == REJECTED else "approved")
            store.decide(article_id, status, editor="marie")
    finally:
        store.close()


def fetch(url: str) -> tuple[int, Message, bytes]:
    """Status, headers (any case) and body of a GET that follows no redirect."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def feed_problems(href: str) -> list[str]:
    """What a feed reader would find wrong with the feed a page names."""
    status, headers, body = fetch(href)
    if status != 200:
        return [f"its feed {href} answers {status}: {body[:100]!r}"]
    if "atom" not in headers.get("Content-Type", ""):
        return [f"its feed {href} is {headers.get('Content-Type')}"]
    feed = feedparser.parse(body)
    return [f"its feed {href} is malformed: {feed.get('bozo_exception')}"] if feed.bozo else []


@pytest.fixture(scope="module")
def site(demo_db, tmp_path_factory):
    """`probono serve` on a copy of the demo database the editors have worked on."""
    folder = tmp_path_factory.mktemp("reader")
    db = folder / "demo.db"
    shutil.copy(demo_db, db)
    publish(db)
    env = {"PROBONO_EDITORS_FILE": str(folder / "editors.json")}
    with probono_serve(db, folder / "serve.log", env=env) as (_process, base):
        yield base


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module, closed at its end."""
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} not found: install Debian's chromium (`make test` does it, or "
        "`apt-get install chromium`), or set PROBONO_SKIP_BROWSER=1 to leave this test out")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_context(browser):
    """A function making browser contexts (a fresh profile each: no cookie carried over), all
    closed after the test."""
    contexts = []

    def make(size: str = "1400", **options):
        context = browser.new_context(viewport=SIZES[size], **options)
        context.set_default_timeout(5_000)  # a local page answers in milliseconds
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def headline_links(page):
    """The links of the headlines: those to an article page, in the page's order."""
    return page.locator("main a[href*='/article/']")


def shown_ids(page) -> list[str]:
    """The ids in the addresses of the headlines a page shows, in its order."""
    links = headline_links(page)
    return [re.search(r"/article/([0-9a-f]{16})", links.nth(i).get_attribute("href")).group(1)
            for i in range(links.count())]


def test_database_concepts_are_recognised():
    shown_by_a_database_browser = [
        "Custom SQL query returning 2 rows", "dc92b50927ee5868", '["fr", "en"]',
        "<Binary: 512 bytes>", "bm25 -4.2", "duplicate_of", "select id from articles",
        "2025-09-14T08:00:00+00:00", "None", "Database not found"]
    assert [text for text in shown_by_a_database_browser if not database_concepts(text)] == []
    assert database_concepts("Seniors experts : des retraités, 14 septembre 2025 · Français") == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", READER_PAGES)
def test_a_reader_page_reads_well(site, open_context, name, size):
    """Screenshot, then every problem a reader would meet on the page, listed together."""
    from axe_playwright_python.sync_playwright import Axe

    path, status = READER_PAGES[name]
    page = open_context(size).new_page()
    response = page.goto(site + path)
    page.screenshot(path=SCREENSHOTS / f"reader-{name}-{size}.png", full_page=True)
    problems = []
    if response.status != status:
        problems.append(f"HTTP {response.status}, expected {status}")
    text = page.inner_text("body")
    problems += [f"shows {concept}" for concept in database_concepts(text)]
    problems += [f"title shows {concept}" for concept in database_concepts(page.title())]
    feeds = page.locator("link[rel=alternate][type='application/atom+xml']")
    if status == 200 and feeds.count() == 0:
        problems.append("no <link rel=alternate type=application/atom+xml>")
    elif status == 200 and size == "1400":  # the same link at both sizes: fetched once
        problems += feed_problems(urllib.parse.urljoin(page.url, feeds.first.get_attribute("href")))
    if not page.locator("html").get_attribute("lang"):
        problems.append("no lang on <html>")
    if page.locator("h1").count() != 1:
        problems.append(f"{page.locator('h1').count()} h1 elements, expected 1")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > SIZES[size]["width"] + 1:
        problems.append(f"scrolls sideways: {width} px wide in a {SIZES[size]['width']} px window")
    problems += [f"axe {violation}" for violation in serious_violations(Axe().run(page).response)]
    assert problems == [], f"{path} at {size} px: " + "; ".join(problems)


def test_the_front_page_shows_the_headlines_featured_first(site, open_context):
    page = open_context().new_page()
    page.goto(site + "/")
    links = headline_links(page)
    titles = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert len(titles) >= 10, titles
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert all(re.search(r"/article/[0-9a-f]{16}/[\w-]+", href) for href in hrefs), hrefs
    first_two = {href.split("/article/")[1].split("/")[0] for href in hrefs[:2]}
    assert first_two == set(FEATURED), hrefs[:2]
    assert all(REJECTED not in href for href in hrefs), "a rejected story is shown to readers"
    # The copies folded: the seniors story once, its republication named beside it.
    seniors = [href for href in hrefs if SENIORS_ORIGINAL in href or SENIORS_COPY in href]
    assert len(set(seniors)) == 1, seniors
    card = page.locator("main article", has=page.locator(f"a[href*='{SENIORS_ORIGINAL}']"))
    assert card.locator(f"a[href='{SENIORS_COPY_URL}']").count() == 1, card.inner_html()
    assert LABELS["en"]["also_at"] in card.inner_text(), card.inner_text()
    first_page = shown_ids(page)
    page.get_by_role("link", name=LABELS["en"]["next_page"]).click()
    page.wait_for_url(re.compile(r"page=2"))
    assert shown_ids(page) and not set(shown_ids(page)) & set(first_page), "page 2 repeats page 1"


@pytest.mark.parametrize("words", SEARCHES)
def test_a_search_finds_the_stories_that_hold_the_words(site, open_context, words):
    page = open_context().new_page()
    page.goto(site + "/")
    page.locator("main input[name=q]").fill(words)
    page.locator("main input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert set(shown_ids(page)) == SEARCHES[words], page.inner_text("main")
    if not SEARCHES[words]:  # an empty search says what to try
        assert LABELS["en"]["try_accents"] in page.inner_text("main")


def test_an_article_page_is_a_readable_story(site, open_context):
    page = open_context().new_page()
    wrong_slug = site + f"/article/{SENIORS_ORIGINAL}/not-its-slug"
    status, headers, _ = fetch(wrong_slug)
    assert status == 301, status
    location = urllib.parse.urljoin(wrong_slug, headers["Location"])
    assert re.search(rf"/article/{SENIORS_ORIGINAL}/seniors-experts", location), location
    page.goto(location)
    heading = page.locator("h1").inner_text().strip()
    assert heading.startswith("Seniors experts"), heading
    assert page.title().startswith(heading), page.title()
    assert page.locator("article[lang]").first.get_attribute("lang") == "fr"
    assert page.locator(f"a[href='{SENIORS_COPY_URL}']").count() >= 1, "no 'also published at'"
    original = "http://demo-fr-rss.test/actualites/2025/09/seniors-experts-retraites-associations/"
    assert page.locator(f"a[href='{original}']").count() >= 1, "no link to the original"
    assert "Atelier Pro Bono" in page.inner_text("main")
    page.goto(site + f"/article/{ZH_FEATURED}/x")
    assert page.locator("article[lang]").first.get_attribute("lang") == "zh"


def test_a_reader_goes_from_the_front_page_to_a_topic_feed(site, open_context):
    page = open_context().new_page()
    page.goto(site + "/")
    first = headline_links(page).first
    headline = first.inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r"/article/[0-9a-f]{16}/"))
    assert page.locator("h1").inner_text().strip() == headline
    assert page.title().startswith(headline), page.title()
    page.go_back()
    assert page.url.rstrip("/") == site
    page.locator("input[name=q]").first.fill("benevolat")
    page.locator("input[name=q]").first.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    results = headline_links(page)
    assert results.count() >= 1, page.inner_text("main")
    assert any("bénévolat" in results.nth(i).inner_text().lower()
               for i in range(results.count())), page.inner_text("main")
    topic = page.locator("main a[href*='/topic/']").first
    topic.click()
    page.wait_for_url(re.compile(r"/topic/[\w-]+"))
    assert headline_links(page).count() >= 1, page.inner_text("main")
    titles = {headline_links(page).nth(i).inner_text().strip()
              for i in range(headline_links(page).count())}
    feed_href = page.locator("link[rel=alternate][type='application/atom+xml']").first
    href = urllib.parse.urljoin(page.url, feed_href.get_attribute("href"))
    status, _, body = fetch(href)
    feed = feedparser.parse(body)
    assert status == 200 and feed.bozo == 0, (href, status, feed.get("bozo_exception"))
    # The feed a reader subscribes to holds the stories the topic's page shows (all of them when
    # the topic fits on one page).
    in_feed = {entry.title for entry in feed.entries}
    assert titles <= in_feed, (href, sorted(titles - in_feed))
    more = page.get_by_role("link", name=LABELS["en"]["next_page"]).count()
    assert more or in_feed == titles, (href, sorted(in_feed - titles))


def test_every_feed_of_the_subscription_list_answers(site, open_context):
    """The footer's OPML list, as a feed reader imports it: each of our feeds answers Atom."""
    page = open_context().new_page()
    page.goto(site + "/")
    opml = urllib.parse.urljoin(page.url, page.locator("footer a[href$='.opml']").get_attribute(
        "href"))
    status, _, body = fetch(opml)
    assert status == 200, opml
    # Ours only: the list also names each source's own feed, on its site (not reachable here).
    feeds = [outline.get("xmlUrl") for outline in ElementTree.fromstring(body).iter("outline")
             if (outline.get("xmlUrl") or "").startswith(site + "/")]
    assert len(feeds) >= 10, feeds
    assert [problem for href in feeds for problem in feed_problems(href)] == []


def test_the_keyboard_reaches_the_skip_link_the_search_and_the_first_headline(site, open_context):
    page = open_context().new_page()
    page.goto(site + "/")
    first_headline = headline_links(page).first.get_attribute("href")
    seen: list[dict] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
            const e = document.activeElement, style = getComputedStyle(e);
            const box = e.getBoundingClientRect();
            return {tag: e.tagName, href: e.getAttribute('href'), name: e.getAttribute('name'),
                    text: (e.innerText || '').trim().slice(0, 40),
                    shown: box.left >= 0 && box.top >= 0 && box.width > 0,
                    outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
                    shadow: style.boxShadow !== 'none'};
        }"""))
        if seen[-1]["href"] == first_headline:
            break
    skip = seen[0]
    assert skip["tag"] == "A" and (skip["href"] or "").startswith("#"), seen[:3]
    assert skip["shown"] and (skip["outline"] or skip["shadow"]), f"skip link hidden: {skip}"
    assert page.locator(skip["href"]).count() == 1, f"skip link to missing {skip['href']}"
    assert any(element["name"] == "q" for element in seen), seen
    assert seen[-1]["href"] == first_headline, [element["text"] for element in seen]
    assert seen[-1]["outline"] or seen[-1]["shadow"], f"focus not visible on {seen[-1]}"


def test_a_page_without_stories_says_why(site, open_context):
    page = open_context().new_page()
    page.goto(site + READER_PAGES["language-empty"][0])
    assert headline_links(page).count() == 0
    assert LABELS["en"]["empty_listing"] in page.inner_text("main")
    response = page.goto(site + READER_PAGES["topic-unknown"][0])
    assert response.status == 404
    expected = LABELS["en"]["unknown_topic"].replace("{value}", "no-such-topic")
    assert expected in page.inner_text("main"), page.inner_text("main")


def test_pages_work_without_javascript(site, open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(site + "/")
    assert headline_links(page).count() >= 10
    page.locator("input[name=q]").first.fill("mentorat")
    page.locator("input[name=q]").first.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert headline_links(page).count() >= 1, page.inner_text("main")


def test_a_french_browser_reads_the_interface_in_french(site, open_context):
    from axe_playwright_python.sync_playwright import Axe

    context = open_context("390", locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    page = context.new_page()
    page.goto(site + "/")
    page.screenshot(path=SCREENSHOTS / "reader-front-fr-390.png", full_page=True)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == LABELS["fr"]["front_title"]
    assert serious_violations(Axe().run(page).response) == []
    card = page.locator("main article", has=page.locator(f"a[href*='{SENIORS_ORIGINAL}']"))
    assert LABELS["fr"]["also_at"] in card.inner_text(), card.inner_text()
    page.goto(site + "/search?q=zzyzxqwv")
    assert LABELS["fr"]["no_results"].replace("{q}", "zzyzxqwv") in page.inner_text("main")
    english = open_context(extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"}).new_page()
    english.goto(site + "/")
    assert english.locator("html").get_attribute("lang") == "en"
    assert english.locator("h1").inner_text() == LABELS["en"]["front_title"]


def test_the_switch_link_turns_the_interface_to_french_and_it_stays(site, open_context):
    page = open_context().new_page()
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("a[hreflang=fr], a[href*='ui=fr']").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == LABELS["fr"]["front_title"]
    page.goto(site + "/topics")
    assert page.locator("html").get_attribute("lang") == "fr", "the choice was not kept"
    assert page.locator("h1").inner_text() == LABELS["fr"]["topics_title"]
    page.screenshot(path=SCREENSHOTS / "reader-topics-fr-1400.png", full_page=True)
