"""Homepage-only sources on 127.0.0.1: the demo network described by homepages alone is crawled
by a real `probono crawl` into the same stories as its explicit configuration; discovery is cheap
and remembered, a re-crawl fetches no article page, and a site that drops its feed or moves its
news section is found again on the next crawl."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
import yaml

from pipeline.demo_network import SITES_DIR, DemoNetwork
from pipeline.urls import identity_url
from tests.conftest import BIN, LOG_FILE, run

SIX_KEYS = ("id", "name", "organisation", "country", "homepage", "languages")
FAST = {"PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
        "PROBONO_RETRY_TIMES": "0"}


def homepage_only(explicit: Path, destination: Path, keep: tuple[str, ...] = ()) -> Path:
    """The same sources with their six required keys only (and `keep`): no way in named."""
    sources = yaml.safe_load(explicit.read_text(encoding="utf-8"))["sources"]
    bare = [{key: source[key] for key in (*SIX_KEYS, *keep) if key in source} for source in sources]
    destination.write_text(yaml.safe_dump({"sources": bare}, allow_unicode=True), encoding="utf-8")
    return destination


def crawl(network: DemoNetwork, db: Path, feeds: Path) -> sqlite3.Connection:
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy, **FAST})
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    return connection


def stories(connection: sqlite3.Connection) -> dict[str, str]:
    """identity URL -> title of every stored article (copies included)."""
    return {identity_url(row["canonical_url"] or row["url"]): row["title"]
            for row in connection.execute("select url, canonical_url, title from articles")}


@pytest.fixture
def sites(tmp_path) -> Path:
    """A copy of the demo sites, which a test may change between crawls."""
    return Path(shutil.copytree(SITES_DIR, tmp_path / "sites"))


def test_homepages_alone_give_the_stories_of_the_explicit_configuration(sites, tmp_path):
    with DemoNetwork(sites) as network:
        explicit = network.write_feeds(tmp_path / "explicit.yaml")
        bare = homepage_only(explicit, tmp_path / "bare.yaml",
                             keep=("kind", "backfill_days", "max_age_days"))
        wanted = stories(crawl(network, tmp_path / "explicit.db", explicit))
        first = len(network.requests)
        found_db = crawl(network, tmp_path / "found.db", bare)
        found = stories(found_db)
        discovery = {row["source_id"]: row["requests"] for row in found_db.execute(
            "select source_id, requests from crawl_run_sources where spider = 'ways'")}
        ways = found_db.execute("select source_id, kind, how, url from ways_in"
                                " where status = 'active'").fetchall()
        second_crawl = network.requests[first:]
        before = len(network.requests)
        again = crawl(network, tmp_path / "found.db", bare)
        recrawl = network.requests[before:]
    assert set(found) == set(wanted), (set(found) ^ set(wanted))
    assert found == wanted  # the same titles too
    assert set(discovery) == {path.name for path in sites.iterdir() if path.is_dir()}
    assert max(discovery.values()) <= 15, discovery
    kinds = {row["source_id"]: row["kind"] for row in ways}
    assert kinds["demo-fr-rss"] == "feed" and kinds["demo-es-html"] == "listing"
    assert kinds["demo-pt-sitemap"] == "sitemap"
    # The re-crawl looks for nothing (the ways in work) and fetches no article page.
    assert not again.execute("select 1 from crawl_run_sources r join crawl_runs c"
                             " on c.id = r.run_id where r.spider = 'ways' and c.id ="
                             " (select max(id) from crawl_runs)").fetchall()
    fetched_again = [target for target, _ in recrawl if identity_url(target) in found]
    assert not fetched_again, fetched_again
    assert len(recrawl) < len(second_crawl) / 3, (len(recrawl), len(second_crawl))


def rewrite(site: Path, old: str, new: str) -> None:
    """Replace a text in every file of a site (its pages link the moved section)."""
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8")
            if old in text:
                path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_dropped_feed_and_a_moved_section_are_found_again_on_the_next_crawl(sites, tmp_path):
    with DemoNetwork(sites) as network:
        explicit = network.write_feeds(tmp_path / "explicit.yaml")
        bare = homepage_only(explicit, tmp_path / "bare.yaml",
                             keep=("kind", "backfill_days", "max_age_days"))
        db = tmp_path / "found.db"
        crawl(network, db, bare).close()
        # Between two crawls: one member drops its feed, another moves its news section.
        (sites / "demo-fr-rss" / "feed.xml").unlink()
        rewrite(sites / "demo-fr-rss", '<link rel="alternate" type="application/rss+xml"', "<link")
        (sites / "demo-es-html" / "noticias").rename(sites / "demo-es-html" / "novedades")
        rewrite(sites / "demo-es-html", "/noticias/", "/novedades/")
        connection = crawl(network, db, bare)  # exit 0: ways in that changed are not failures
        sources = run([str(BIN / "probono"), "sources", "--db", str(db)])
    ways = {(row["source_id"], row["kind"], row["status"]) for row in connection.execute(
        "select source_id, kind, status from ways_in")}
    assert {("demo-fr-rss", "feed", "broken"), ("demo-fr-rss", "listing", "active")} <= ways
    es = connection.execute("select url, status from ways_in where source_id = 'demo-es-html'"
                            " order by status").fetchall()
    assert [(Path(url).name, status) for url, status in es] == [("novedades", "active"),
                                                               ("noticias", "broken")]
    moved = connection.execute("select count(*) from articles where url like '%/novedades/%'")
    assert moved.fetchone()[0] >= 5  # read through the section where it is now
    assert sources.returncode == 0, sources.stderr
    assert "way in: listing (navigation): http://demo-es-html.test/novedades/" in sources.stdout
    assert "way in: listing (navigation): http://demo-fr-rss.test/actualites/" in sources.stdout
    changes = [row[0] for row in connection.execute(
        "select change from way_changes where source_id = 'demo-fr-rss' order by id")]
    assert changes[0].startswith("found feed (linked, full text)")
    assert any(change.startswith("broken: feed (linked, full text)") and "HTTP 404" in change
               for change in changes)
    assert changes[-1].startswith("found listing (navigation)")


def test_a_site_with_no_way_in_fails_alone_and_says_why(sites, tmp_path):
    (sites / "demo-bare").mkdir()
    (sites / "demo-bare" / "index.html").write_text(
        "<html lang='fr'><body><h1>Bientôt</h1><p>Notre site arrive.</p></body></html>",
        encoding="utf-8")
    with DemoNetwork(sites) as network:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"""sources:
  - id: demo-bare
    name: Bare
    organisation: Bare
    country: FR
    homepage: {network.bases['demo-bare']}/
    languages: [fr]
  - id: demo-fr-rss
    name: Atelier
    organisation: Atelier
    country: FR
    homepage: {network.bases['demo-fr-rss']}/
    languages: [fr]
""", encoding="utf-8")
        result = run([str(BIN / "probono"), "crawl", "--db", str(tmp_path / "x.db"), "--feeds",
                      str(feeds)], env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy, **FAST})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "demo-bare" in result.stderr and "no way in found" in result.stderr
    connection = sqlite3.connect(tmp_path / "x.db")
    assert connection.execute("select count(*) from articles where source_id = 'demo-fr-rss'"
                              ).fetchone()[0] == 10


def test_a_hostile_homepage_cannot_make_discovery_fetch_private_addresses_or_run_long(tmp_path):
    """A homepage that links 60 feeds, 40 "news" sections, a victim on a private address and
    another site: discovery stays within 15 requests of the site, fetches nothing off it, and
    the victim and the other site get no request."""
    from tests.security.test_ssrf import Server, victim_links

    with Server() as site, Server() as victim, Server() as other:
        feeds = "".join(f'<link rel="alternate" type="application/rss+xml" href="/feed-{i}.xml">'
                        for i in range(60))
        hostile = "".join(f'<link rel="alternate" type="application/rss+xml" href="{url}">'
                          for url in victim_links(victim.port))
        news = "".join(f'<li><a href="/news-{i}/">News {i}</a></li>' for i in range(40))
        page = (f"<html><head>{hostile}{feeds}</head><body><nav><ul>"
                f'<li><a href="{victim.origin}/news/">News</a></li>'
                f'<li><a href="{other.origin}/actualites/">Actualités</a></li>{news}'
                "</ul></nav><p>Welcome.</p></body></html>")
        site.routes["/"] = (200, {"Content-Type": "text/html"}, page.encode())
        victim.routes["/secret"] = (200, {"Content-Type": "application/rss+xml"}, b"<rss/>")
        feeds_file = tmp_path / "feeds.yaml"
        feeds_file.write_text(f"""sources:
  - id: hostile
    name: Hostile
    organisation: Hostile
    country: FR
    homepage: {site.origin}/
    languages: [en]
""", encoding="utf-8")
        # The site itself is allowed (it is on loopback here); the victim and the other are not.
        result = run([str(BIN / "probono"), "crawl", "--db", str(tmp_path / "h.db"), "--feeds",
                      str(feeds_file)], env_extra={"PROBONO_ALLOW_ORIGINS": site.origin, **FAST})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no way in found" in result.stderr
    assert sum(site.hits.values()) <= 15, site.hits
    assert not victim.hits and not other.hits


def review_queue(connection: sqlite3.Connection, name: str = "review_queue") -> list[tuple]:
    """The editors' review queue (or another canned query), by the SQL Datasette serves
    (data/metadata.yaml)."""
    metadata = yaml.safe_load((Path(__file__).parents[1] / "data" / "metadata.yaml").read_text())
    sql = metadata["databases"]["probono"]["queries"][name]["sql"]
    return connection.execute(sql, {"language": ""}).fetchall()


def test_a_first_crawl_archives_what_is_older_than_backfill_days(sites, tmp_path):
    """The demo network added with the default backfill_days (30): its stories of 2015-2026 are
    stored and searchable, none waits for review; with backfill_days: 3650 they do."""
    with DemoNetwork(sites) as network:
        explicit = network.write_feeds(tmp_path / "explicit.yaml")
        bare = homepage_only(explicit, tmp_path / "bare.yaml")
        archived = crawl(network, tmp_path / "archived.db", bare)
        queued = crawl(network, tmp_path / "queued.db", explicit)
    newest = archived.execute("select max(published) from articles").fetchone()[0]
    assert newest < "2026-11-06"  # every demo story is older than 30 days today
    count, archived_count = archived.execute(
        "select count(*), sum(archived) from articles").fetchone()
    assert count >= 40 and archived_count == count
    assert review_queue(archived) == [] and review_queue(archived, "new_today") == []
    assert archived.execute("select count(*) from articles_fts where articles_fts match 'pro'"
                            ).fetchone()[0] > 0  # still searchable
    assert queued.execute("select sum(archived) from articles").fetchone()[0] == 0
    assert len(review_queue(queued)) > 20 and len(review_queue(queued, "new_today")) > 20


def test_an_endless_news_section_costs_no_more_than_the_caps(tmp_path):
    """A site whose news section has a next page forever, each with ten new article links: a crawl
    reads at most 30 pages of it, takes 5 links a page and fetches 20 article pages (the caps as
    set here), and says so; nothing is lost but time (the rest waits for the next crawl)."""
    from tests.security.test_ssrf import Server

    def listing(number: int) -> bytes:
        cards = "".join(f'<article class="post"><h2><a href="/news/story-{number}-{k}/">Volunteers'
                        f" help charity number {number} {k} with accounts</a></h2>"
                        "<p>Skilled volunteers gave their time to a small charity.</p></article>"
                        for k in range(10))
        return (f'<html><body><main><h1>News</h1>{cards}<a rel="next" href="/news/?page='
                f'{number + 1}">Next</a></main></body></html>').encode()

    with Server() as site:
        site.routes["/"] = (200, {"Content-Type": "text/html"}, (
            b'<html><body><nav><a href="/news/">News</a> <a href="/about/">About</a></nav>'
            b"<p>Welcome to our site.</p></body></html>"))
        site.routes["/news/"] = (200, {"Content-Type": "text/html"}, listing(1))
        for number in range(2, 80):
            site.routes[f"/news/?page={number}"] = (200, {"Content-Type": "text/html"},
                                                    listing(number))
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"sources:\n  - id: endless\n    name: Endless\n    organisation: E\n"
                         f"    country: FR\n    homepage: {site.origin}/\n    languages: [en]\n",
                         encoding="utf-8")
        result = run([str(BIN / "probono"), "crawl", "--db", str(tmp_path / "e.db"), "--feeds",
                      str(feeds)], env_extra={"PROBONO_ALLOW_ORIGINS": site.origin, **FAST,
                                              "PROBONO_FOUND_PAGES_MAX": "20",
                                              "PROBONO_LISTING_LINKS_MAX": "5"})
    listing_pages = sum(count for path, count in site.hits.items() if path.startswith("/news/?")
                        or path == "/news/")
    article_pages = sum(count for path, count in site.hits.items() if "/story-" in path)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert listing_pages <= 32, site.hits  # discovery's look, then 30 pages at most
    assert article_pages == 20, site.hits
    assert "endless: 20 pages fetched from its sitemaps and found listings" in LOG_FILE.read_text(
        encoding="utf-8", errors="replace")


# --- hostile sites, each on its own loopback address (127.0.0.x: another host, another site) ---

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
RSS = {"Content-Type": "application/rss+xml"}
TEXT = {"Content-Type": "text/plain"}


class Site:
    """A threaded HTTP server on a loopback address whose answers come from `route(path)` ->
    (status, headers, body); every request path is kept in `hits`."""

    def __init__(self, route, host: str = "127.0.0.1"):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.route, self.hits = route, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits.append(self.path)
                status, headers, body = outer.route(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://{host}:{self.server.server_address[1]}"

    def __enter__(self) -> Site:
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def source_entry(source_id: str, homepage: str, extra: str = "") -> str:
    return (f"  - id: {source_id}\n    name: {source_id}\n    organisation: {source_id} org\n"
            f"    country: FR\n    homepage: {homepage}/\n    languages: [en]\n{extra}")


def crawl_sites(tmp_path: Path, entries: list[str], sites: list[Site], *options: str,
                db: Path | None = None, **env: str):
    """A real `probono crawl` of these sources, the sites' origins allowed; (result, db)."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("sources:\n" + "".join(entries), encoding="utf-8")
    db = db or tmp_path / "crawl.db"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds), *options],
                 env_extra={"PROBONO_ALLOW_ORIGINS": ",".join(s.origin for s in sites),
                            **FAST, **env})
    return result, db


def query(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def article(title: str) -> bytes:
    body = " ".join(f"Sentence {i} of the story about {title}, with plenty of words to read."
                    for i in range(30))
    return (f"<html lang=en><head><title>{title}</title><meta property='og:type' content='article'>"
            f"</head><body><main><article><h1>{title}</h1><time datetime='2026-11-20T10:00:00Z'>"
            f"20 November 2026</time><p>{body}</p></article></main></body></html>").encode()


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>Story number {i} of ours</title><link>{link}</link>"
                    f"<description>{'A teaser of the story. ' * 5}</description>"
                    f"<pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate></item>"
                    for i, link in enumerate(links))
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>{items}"
            "</channel></rss>").encode()


def urlset(urls: list[str]) -> bytes:
    locs = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"{locs}</urlset>").encode()


def homepage(head: str = "", nav: str = "") -> bytes:
    return (f"<html><head>{head}</head><body><nav><a href='/'>Home</a> <a href='/about-us'>About"
            f"</a>{nav}</nav><p>Welcome.</p></body></html>").encode()


def feed_link(url: str) -> str:
    return f"<link rel='alternate' type='application/rss+xml' href='{url}'>"


def test_a_feed_relayed_by_a_feed_service_is_kept_another_sites_feed_is_refused(tmp_path):
    """The member links its feed on a feed service (another host) whose items are its own
    articles: kept and read. The hostile site links the victim's feed: refused with a line,
    nothing of the victim stored under it, and the victim's feed is not read for it."""
    def member_route(path):
        if path == "/":
            return 200, HTML, homepage(feed_link(f"{relay.origin}/member/rss.xml"))
        if path.startswith("/news/story-"):
            return 200, HTML, article("Member story " + path[-1])
        return 404, HTML, b"not here"

    def relay_route(path):
        if path == "/member/rss.xml":
            return 200, RSS, rss([f"{member.origin}/news/story-{i}" for i in range(1, 4)])
        return 404, HTML, b"not here"

    def victim_route(path):
        if path == "/feed.xml":
            return 200, RSS, rss([f"{victim.origin}/news/victim-{i}" for i in range(1, 4)])
        if path.startswith("/news/victim-"):
            return 200, HTML, article("Victim story " + path[-1])
        return 404, HTML, b"not here"

    def hostile_route(path):
        if path == "/":
            return 200, HTML, homepage(feed_link(f"{victim.origin}/feed.xml"))
        return 404, HTML, b"not here"

    with Site(member_route) as member, Site(relay_route, "127.0.0.2") as relay, \
            Site(victim_route, "127.0.0.3") as victim, Site(hostile_route, "127.0.0.4") as hostile:
        result, db = crawl_sites(tmp_path, [source_entry("member", member.origin),
                                            source_entry("hostile", hostile.origin)],
                                 [member, relay, victim, hostile])
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert query(db, "select source_id, kind, url from ways_in") == [
        ("member", "feed", f"{relay.origin}/member/rss.xml")]
    assert query(db, "select source_id, count(*) from articles group by source_id") == [
        ("member", 3)]
    changes = query(db, "select change from way_changes where source_id = 'hostile'")
    assert len(changes) == 1 and (f"feed {victim.origin}/feed.xml refused: its items are another"
                                  " site's articles") in changes[0][0]
    assert victim.hits == ["/robots.txt", "/feed.xml"]  # read once to be refused, no page of it


def test_a_homepage_that_moved_to_another_site_is_said_and_not_discovered_there(tmp_path):
    def moved_route(path):
        if path == "/":
            return 301, {"Location": f"{elsewhere.origin}/"}, b""
        return 404, HTML, b"not here"

    def elsewhere_route(path):
        if path == "/":
            return 200, HTML, homepage(feed_link("/feed.xml"), "<a href='/news/'>News</a>")
        if path == "/feed.xml":
            return 200, RSS, rss([f"{elsewhere.origin}/news/a-{i}" for i in range(3)])
        return 404, HTML, b"not here"

    with Site(moved_route) as moved, Site(elsewhere_route, "127.0.0.2") as elsewhere:
        result, db = crawl_sites(tmp_path, [source_entry("moved", moved.origin)],
                                 [moved, elsewhere])
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert f"homepage moved to {elsewhere.origin}/" in result.stderr
    assert set(elsewhere.hits) <= {"/robots.txt", "/"}  # nothing looked for over there
    assert query(db, "select count(*) from ways_in") == [(0,)]


def test_a_sitemap_counts_the_sites_own_articles_only(tmp_path):
    """A sitemap listing another member's articles (and a child sitemap elsewhere) is no way in;
    one listing the site's own articles among others' is kept, counting its own."""
    def claimer_route(path):
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, (
                f"Sitemap: {claimer.origin}/sitemap.xml\nSitemap: {claimer.origin}/index.xml\n"
            ).encode()
        if path == "/":
            return 200, HTML, homepage()
        if path == "/sitemap.xml":
            return 200, XML, urlset([f"{victim.origin}/news/victim-{i}" for i in range(1, 4)])
        if path == "/index.xml":
            return 200, XML, (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org"
                              f"/schemas/sitemap/0.9'><sitemap><loc>{victim.origin}/post-sitemap"
                              ".xml</loc></sitemap></sitemapindex>").encode()
        return 404, HTML, b"not here"

    def member_route(path):
        if path == "/robots.txt":
            return 200, TEXT, f"Sitemap: {member.origin}/sm.xml\n".encode()
        if path == "/":
            return 200, HTML, homepage()
        if path == "/sm.xml":
            return 200, XML, urlset([f"{member.origin}/news/story-{i}" for i in range(1, 4)]
                                    + [f"{victim.origin}/news/victim-{i}" for i in range(1, 4)])
        if path.startswith("/news/story-"):
            return 200, HTML, article("Member story " + path[-1])
        return 404, HTML, b"not here"

    def victim_route(path):
        if path.startswith("/news/victim-"):
            return 200, HTML, article("Victim story " + path[-1])
        return 200, XML, urlset([f"{victim.origin}/news/victim-{i}" for i in range(1, 4)])

    with Site(claimer_route) as claimer, Site(member_route, "127.0.0.2") as member, \
            Site(victim_route, "127.0.0.3") as victim:
        result, db = crawl_sites(tmp_path, [source_entry("claimer", claimer.origin),
                                            source_entry("member", member.origin)],
                                 [claimer, member, victim])
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert "claimer" in result.stderr and "no way in found" in result.stderr
    assert query(db, "select source_id, kind, url, entries from ways_in") == [
        ("member", "sitemap", f"{member.origin}/sm.xml", 3)]
    assert query(db, "select count(*) from articles where source_id = 'claimer'") == [(0,)]
    assert "/post-sitemap.xml" not in victim.hits  # a child elsewhere is not read


def test_the_request_budget_counts_every_redirect_hop_and_retry(tmp_path):
    """Every URL of the hostile site is a chain of 5 redirects, retried on 503: discovery still
    sends at most 15 requests, and says how many it sent. Its happy twin: a feed behind one
    redirect is found, the figure being the requests the site saw."""
    from urllib.parse import parse_qs, urlsplit

    def chains_route(path):
        parts = urlsplit(path)
        hop = int(parse_qs(parts.query).get("hop", ["0"])[0])
        if parts.path == "/robots.txt":
            return 503, HTML, b"busy"
        if hop < 5:
            return 302, {"Location": f"{parts.path}?hop={hop + 1}"}, b""
        if parts.path == "/":
            nav = "".join(f"<a href='/{w}'>{w}</a> " for w in ("news", "blog", "actualites"))
            return 200, HTML, homepage(nav=nav)
        return 503, HTML, b"busy"

    def plain_route(path):
        if path == "/":
            return 200, HTML, homepage(feed_link("/feed"))
        if path == "/feed":
            return 301, {"Location": "/feed.xml"}, b""
        if path == "/feed.xml":
            return 200, RSS, rss([f"{plain.origin}/news/story-{i}" for i in range(1, 4)])
        if path.startswith("/news/story-"):
            return 200, HTML, article("Story " + path[-1])
        return 404, HTML, b"not here"

    with Site(chains_route) as chains, Site(plain_route, "127.0.0.2") as plain:
        _, db = crawl_sites(tmp_path, [source_entry("chains", chains.origin),
                                       source_entry("plain", plain.origin)], [chains, plain],
                            PROBONO_RETRY_TIMES="3", PROBONO_RETRY_BACKOFF_BASE="0.01")
        discovery = dict(query(db, "select source_id, discovery_requests from crawl_run_sources"
                                   " where spider = 'ways'"))
        assert len(chains.hits) <= 15, chains.hits
        assert discovery["chains"] == len(chains.hits)
        # Every request of the site but the feeds spider's (the feed and its 3 articles).
        assert discovery["plain"] == len(plain.hits) - 4, plain.hits
        assert plain.hits.count("/feed") == 1 and plain.hits.count("/feed.xml") == 2
        assert query(db, "select kind, url from ways_in where source_id = 'plain'") == [
            ("feed", f"{plain.origin}/feed.xml")]


def sitemap_index(children: list[str]) -> bytes:
    locs = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    return (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/"
            f"0.9'>{locs}</sitemapindex>").encode()


def test_a_relative_child_sitemap_is_read_and_a_broken_one_fails_the_source_alone(tmp_path):
    """A sitemap index naming its child by a relative <loc> is read through it; an index whose
    children are no URL to follow (javascript:, a bad port) is no way in, one line, no crash."""
    def relative_route(path):
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"Sitemap: /maps/sitemap_index.xml\n"
        if path == "/":
            return 200, HTML, homepage()
        if path == "/maps/sitemap_index.xml":
            return 200, XML, sitemap_index(["post-sitemap.xml"])
        if path == "/maps/post-sitemap.xml":
            return 200, XML, urlset([f"{relative.origin}/news/story-{i}" for i in range(1, 4)])
        if path.startswith("/news/story-"):
            return 200, HTML, article("Story " + path[-1])
        return 404, HTML, b"not here"

    def broken_route(path):
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"Sitemap: /sitemap_index.xml\n"
        if path == "/":
            return 200, HTML, homepage()
        if path == "/sitemap_index.xml":
            return 200, XML, sitemap_index(["javascript:alert(1)", "http://[::1/x.xml",
                                            "http://127.0.0.1:99999/post-sitemap.xml"])
        return 404, HTML, b"not here"

    with Site(relative_route) as relative, Site(broken_route, "127.0.0.2") as broken:
        result, db = crawl_sites(tmp_path, [source_entry("relative", relative.origin),
                                            source_entry("broken", broken.origin)],
                                 [relative, broken])
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "broken" in result.stderr
    assert query(db, "select source_id, kind, url, entries from ways_in") == [
        ("relative", "sitemap", f"{relative.origin}/maps/sitemap_index.xml", 3)]
    assert query(db, "select source_id, count(*) from articles group by source_id") == [
        ("relative", 3)]


def test_a_sitemap_of_no_article_is_no_way_in_the_news_section_is(tmp_path):
    """The site's sitemap lists its homepage, contact and legal pages only: not kept (it would
    read nothing, crawl after crawl); its twin with a news section gets the section."""
    def route_for(news: bool):
        def route(path):
            site = pages_only if not news else with_news
            if path == "/robots.txt":
                return 200, TEXT, f"Sitemap: {site.origin}/sitemap.xml\n".encode()
            if path == "/":
                return 200, HTML, homepage(nav="<a href='/news'>News</a>" if news else "")
            if path == "/sitemap.xml":
                return 200, XML, urlset([f"{site.origin}/{p}" for p in
                                         ("", "contact", "legal-notice", "privacy-policy")])
            if path == "/news" and news:
                cards = "".join(f"<div class='card'><h2><a href='/news/item-{i}'>A long story title"
                                f" {i}</a></h2><time datetime='2026-11-0{i}'>2026-11-0{i}</time>"
                                f"<p>{'teaser text ' * 8}</p></div>" for i in range(1, 6))
                return 200, HTML, f"<html><body><main>{cards}</main></body></html>".encode()
            if path.startswith("/news/item-"):
                return 200, HTML, article("Story " + path[-1])
            return 404, HTML, b"not here"
        return route

    with Site(route_for(False)) as pages_only, Site(route_for(True), "127.0.0.2") as with_news:
        result, db = crawl_sites(tmp_path, [source_entry("pages-only", pages_only.origin),
                                            source_entry("with-news", with_news.origin)],
                                 [pages_only, with_news])
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert "pages-only" in result.stderr and "no way in found" in result.stderr
    assert query(db, "select source_id, kind, url from ways_in") == [
        ("with-news", "listing", f"{with_news.origin}/news")]
    assert query(db, "select source_id, count(*) from articles group by source_id") == [
        ("with-news", 5)]


def publications_site(route_extra=None):
    """A site whose navigation names no news section, whose feed carries its 3 newest articles of
    12, each under /ressources/publications/<year>/; the section lists them 5 a page."""
    stories = [(2026 - i // 5, f"story-{i}") for i in range(12)]

    def route(path):
        site = holder["site"]
        if route_extra is not None:
            answer = route_extra(path)
            if answer is not None:
                return answer
        if path == "/":
            return 200, HTML, homepage(feed_link("/feed.xml"), "<a href='/contact/'>Contact</a>")
        if path == "/feed.xml":
            return 200, RSS, rss([f"{site.origin}/ressources/publications/{y}/{s}.html"
                                  for y, s in stories[:3]])
        if path.startswith("/ressources/publications/") and path.endswith(".html"):
            return 200, HTML, article("Publication " + path.rsplit("/", 1)[1][:-5])
        if path.startswith("/ressources/publications/"):
            page = int(path.rsplit("page=", 1)[1]) if "page=" in path else 1
            shown = stories[(page - 1) * 5:page * 5]
            cards = "".join(f"<div class='card'><h2><a href='/ressources/publications/{y}/{s}.html'"
                            f">A long title of the publication {s}</a></h2><p>{'teaser ' * 8}</p>"
                            "</div>" for y, s in shown)
            more = (f"<a rel='next' href='/ressources/publications/?page={page + 1}'>Next</a>"
                    if page * 5 < len(stories) else "")
            return 200, HTML, f"<html><body><main>{cards}</main>{more}</body></html>".encode()
        return 404, HTML, b"not here"

    holder: dict = {}
    site = Site(route)
    holder["site"] = site
    return site


def test_a_partial_feeds_archive_is_found_from_the_shape_of_its_items_urls(tmp_path):
    with publications_site() as site:
        result, db = crawl_sites(tmp_path, [source_entry("publications", site.origin)], [site])
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert query(db, "select kind, how, url from ways_in order by kind") == [
        ("feed", "linked", f"{site.origin}/feed.xml"),
        ("listing", "url-shape", f"{site.origin}/ressources/publications/")]
    assert query(db, "select count(*) from articles") == [(12,)]
    assert site.hits.count("/ressources/publications/") >= 1


def test_a_url_shape_section_that_is_a_trap_costs_one_request_and_is_not_kept(tmp_path):
    """Its twin: the section the items' URLs point to is an endless calendar of links to itself;
    one request (its second page at most), the feed alone is kept."""
    def calendar(path):
        if path.startswith("/ressources/publications/") and not path.endswith(".html"):
            links = "".join(f"<a href='/ressources/publications/?month={m}'>{m}</a> "
                            for m in range(1, 13))
            return 200, HTML, f"<html><body><main>{links}</main></body></html>".encode()
        return None

    with publications_site(calendar) as site:
        result, db = crawl_sites(tmp_path, [source_entry("publications", site.origin)], [site])
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert query(db, "select kind, url from ways_in") == [("feed", f"{site.origin}/feed.xml")]
    assert len([hit for hit in site.hits if hit.startswith("/ressources/publications/?")
                or hit == "/ressources/publications/"]) <= 2
    assert query(db, "select count(*) from articles") == [(3,)]


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs, unmounted afterwards; skips the test where mounting is not permitted."""
    import subprocess

    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_disk_that_fills_up_during_discovery_stops_the_crawl_with_one_line(small_disk, tmp_path):
    """The disk fills while the homepage is read: remembering the ways in found fails, and the
    crawl stops as on any full disk (exit 5, one line, no traceback), not with exit 70."""
    def route(path):
        if path == "/":
            with open(small_disk / "filler", "ab") as filler:  # the disk fills up, now
                try:
                    while True:
                        filler.write(b"\0" * 65536)
                        filler.flush()
                except OSError:
                    pass
            return 200, HTML, homepage(feed_link("/feed.xml"))
        if path == "/feed.xml":
            return 200, RSS, rss([f"{site.origin}/news/story-{i}" for i in range(1, 4)])
        return 404, HTML, b"not here"

    with Site(route) as site:
        result, _ = crawl_sites(tmp_path, [source_entry("filled", site.origin)], [site],
                                db=small_disk / "probono.db")
    output = result.stdout + result.stderr
    assert result.returncode == 5, output[-3000:]
    assert "Traceback" not in output and "the disk is full" in result.stderr, output[-3000:]
    assert not any(hit.startswith("/news/story-") for hit in site.hits), site.hits  # no reading


@pytest.mark.parametrize("way", ["sitemap", "feed", "listing"])
def test_after_discovery_a_found_way_still_cannot_store_another_sites_pages(tmp_path, way):
    """Discovery keeps only ways on the source's own site; the crawls after it hold the same line:
    a sitemap index naming a child sitemap on the victim's site, a feed on the hostile site whose
    items are the victim's full articles, a news section that redirects to the victim's after it
    was found. None of the victim's pages is stored under the hostile source (nor fetched); the
    hostile site's own article is."""
    sentence = "Skilled volunteers helped a food bank plan its accounts for the year. "
    paragraph = "<p>" + sentence * 12
    article = ('<html lang="en"><head><title>{t}</title><meta property="og:type" content="article">'
               '</head><body><article><h1>{t}</h1>' + paragraph + "</p></article></body></html>")
    moved = {"now": False}

    def cards(links: list[str]) -> bytes:
        return ("<html><body><main>" + "".join(
            f'<article><h2><a href="{link}">A story of skilled volunteers number {i}</a></h2>'
            "<p>A teaser.</p></article>" for i, link in enumerate(links))
            + "</main></body></html>").encode()

    def victim_route(path: str):
        if path == "/victim-sitemap.xml":
            return 200, {"Content-Type": "application/xml"}, (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{victim.origin}/story-1/</loc></url></urlset>").encode()
        if path.startswith("/story-"):
            return 200, {"Content-Type": "text/html"}, article.format(t="Victim story").encode()
        if path == "/news/":
            return 200, {"Content-Type": "text/html"}, cards([f"/story-{i}/" for i in range(2, 6)])
        return 404, {}, b""

    def hostile_route(path: str):
        own = f"{hostile.origin}/own-story/"
        if path == "/":
            head = ('<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                    if way == "feed" else "")
            nav = '<nav><a href="/news/">News</a></nav>' if way == "listing" else ""
            return 200, {"Content-Type": "text/html"}, (
                f"<html><head>{head}</head><body>{nav}<p>Welcome.</p></body></html>").encode()
        if path == "/robots.txt" and way == "sitemap":
            return 200, {"Content-Type": "text/plain"}, b"Sitemap: /sitemap.xml\n"
        if path == "/sitemap.xml" and way == "sitemap":
            children = (f"{hostile.origin}/own.xml", f"{victim.origin}/victim-sitemap.xml")
            return 200, {"Content-Type": "application/xml"}, (
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
                + "</sitemapindex>").encode()
        if path == "/own.xml":
            return 200, {"Content-Type": "application/xml"}, (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{own}</loc></url></urlset>").encode()
        if path.startswith("/own-story"):
            return 200, {"Content-Type": "text/html"}, article.format(t=f"Own {path}").encode()
        if path == "/feed.xml" and way == "feed":
            links = [own, own] + [f"{victim.origin}/story-{i}/" for i in range(6, 9)]
            items = "".join(f"<item><title>Story {i}</title><link>{link}</link><description>"
                            f"{paragraph}</p></description></item>" for i, link in enumerate(links))
            return 200, {"Content-Type": "application/rss+xml"}, (
                f"<rss version='2.0'><channel><title>H</title>{items}</channel></rss>").encode()
        if path == "/news/" and way == "listing":
            if moved["now"]:
                return 301, {"Location": f"{victim.origin}/news/"}, b""
            return 200, {"Content-Type": "text/html"}, cards(
                ["/own-story/", "/own-story-two/", "/own-story-three/"])
        return 404, {}, b""

    with Site(victim_route, "127.0.0.2") as victim, Site(hostile_route) as hostile:
        entries = [source_entry("hostile", hostile.origin)]
        crawl_sites(tmp_path, entries, [hostile, victim])
        moved["now"] = True  # the news section now leads to the victim's
        crawl_sites(tmp_path, entries, [hostile, victim])
        stored = [url for (url,) in query(tmp_path / "crawl.db", "select url from articles")]
    assert not [url for url in stored if url.startswith(victim.origin)], stored
    assert f"{hostile.origin}/own-story/" in stored
    assert not [path for path in victim.hits if path.startswith("/story-")], victim.hits


def test_the_page_budget_counts_pages_fetched_not_pages_already_stored(tmp_path):
    """A found sitemap longer than the budget: each crawl fetches up to the budget of pages it has
    not stored yet, so the whole site comes in over a few crawls (not the same first ones again)."""
    body = "<p>" + "Skilled volunteers helped a youth club with its accounts this spring. " * 12

    def route(path: str):
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"Sitemap: /sitemap.xml\n"
        if path == "/sitemap.xml":
            return 200, {"Content-Type": "application/xml"}, (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
                    f"<url><loc>{site.origin}/story-{i}/</loc></url>" for i in range(12))
                + "</urlset>").encode()
        if path.startswith("/story-"):
            return 200, {"Content-Type": "text/html"}, (
                f'<html lang="en"><head><title>Story {path}</title><meta property="og:type" '
                f'content="article"></head><body><article><h1>Story {path}</h1>{body}</p>'
                "</article></body></html>").encode()
        if path == "/":
            return 200, {"Content-Type": "text/html"}, b"<html><body><p>Hello.</p></body></html>"
        return 404, {}, b""

    with Site(route) as site:
        counts = []
        for _ in range(3):
            crawl_sites(tmp_path, [source_entry("long", site.origin)], [site],
                        PROBONO_FOUND_PAGES_MAX="5")
            counts.append(query(tmp_path / "crawl.db", "select count(*) from articles")[0][0])
    assert counts == [5, 10, 12]


def test_a_moved_sections_undated_archive_is_not_queued(tmp_path):
    """A member's news section moves: the crawler finds it again and reads its archive to the
    end. Those pages are undated: stored as archive, not queued, though the source's first crawl
    is long over; the dated recent story of the first crawl was queued."""
    from datetime import datetime, timedelta

    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT10:00:00Z")
    body = "<p>" + "Skilled volunteers helped a youth club with its accounts this spring. " * 12
    state = {"section": "news"}

    def page(title: str, dated: bool) -> bytes:
        date = f'<meta property="article:published_time" content="{yesterday}">' if dated else ""
        return (f'<html lang="en"><head><title>{title}</title><meta property="og:type" '
                f'content="article">{date}</head><body><article><h1>{title}</h1>{body}</p>'
                "</article></body></html>").encode()

    def route(path: str):
        section = state["section"]
        if path == "/":
            return 200, {"Content-Type": "text/html"}, (
                f'<html><body><nav><a href="/{section}/">{section.title()}</a></nav>'
                "<p>Welcome.</p></body></html>").encode()
        if path == f"/{section}/":
            return 200, {"Content-Type": "text/html"}, ("<html><body><main>" + "".join(
                f'<article><h2><a href="/{section}/story-{i}/">What our volunteers did in '
                f"town number {i}</a></h2><p>A teaser.</p></article>" for i in range(3))
                + "</main></body></html>").encode()
        if path.startswith(f"/{section}/story-"):
            return 200, {"Content-Type": "text/html"}, page(f"Story {path}", section == "news")
        return 404, {}, b""

    with Site(route) as site:
        entries = [source_entry("mover", site.origin)]
        crawl_sites(tmp_path, entries, [site])
        state["section"] = "stories"
        crawl_sites(tmp_path, entries, [site])
        rows = query(tmp_path / "crawl.db", "select url, archived from articles order by url")
    assert [(url.split("/")[3], archived) for url, archived in rows] == [
        ("news", 0)] * 3 + [("stories", 1)] * 3


@pytest.mark.parametrize("broken, stored, asked", [
    ({2}, 9, {1, 2, 3, 4}),  # page 2 answers 500: page 3 (its number + 1) is tried, and read on
    ({2, 3}, 3, {1, 2, 3}),  # page 3 fails too: one guess only, the walk ends there
])
def test_one_broken_page_of_a_found_section_does_not_hide_the_rest(tmp_path, broken, stored,
                                                                    asked):
    """A found news section of 4 pages (?page=N, three stories each) whose page 2 answers 500:
    the page after it by number is tried once, so the archive behind it is still read."""
    body = "<p>" + "Skilled volunteers helped a youth club with its accounts this spring. " * 12

    def listing(number: int) -> bytes:
        cards = "".join(f'<article><h2><a href="/news/story-{number}-{k}/">What our volunteers '
                        f"did in town {number} {k}</a></h2><p>A teaser.</p></article>"
                        for k in range(3))
        after = f'<a rel="next" href="/news/?page={number + 1}">Next</a>' if number < 4 else ""
        return f"<html><body><main>{cards}{after}</main></body></html>".encode()

    def route(path: str):
        if path == "/":
            return 200, {"Content-Type": "text/html"}, (
                b'<html><body><nav><a href="/news/">News</a></nav><p>Hi.</p></body></html>')
        if path == "/news/":
            return 200, {"Content-Type": "text/html"}, listing(1)
        if path.startswith("/news/?page="):
            number = int(path.rsplit("=", 1)[1])
            if number in broken:
                return 500, {"Content-Type": "text/html"}, b"<html><body>Error</body></html>"
            if number <= 4:
                return 200, {"Content-Type": "text/html"}, listing(number)
        if path.startswith("/news/story-"):
            return 200, {"Content-Type": "text/html"}, (
                f'<html lang="en"><head><title>Story {path}</title></head><body><article>'
                f"<h1>Story {path}</h1>{body}</p></article></body></html>").encode()
        return 404, {}, b""

    with Site(route) as site:
        result, db = crawl_sites(tmp_path, [source_entry("flaky", site.origin)], [site])
    pages = {1 if path == "/news/" else int(path.rsplit("=", 1)[1])
             for path in site.hits if path == "/news/" or path.startswith("/news/?page=")}
    assert result.returncode == 1, result.stderr  # the broken page is still a failure, named
    assert query(db, "select count(*) from articles")[0][0] == stored
    assert pages == asked
