"""Running unattended: the lock, a crawl killed and resumed, Datasette reading while a crawl
writes, backups, and each source's health."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from pipeline.health import source_health
from pipeline.lock import CrawlLock
from tests.conftest import BIN, LOG_FILE, ROOT, run
from tests.processes import probono_serve

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def crawl_command(feeds: Path, db: Path) -> list[str]:
    return [str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)]


def env_for(network, delay: float = 0) -> dict[str, str]:
    return {**os.environ, "PROBONO_LOOPBACK_PROXY": network.proxy,
            "PROBONO_DOWNLOAD_DELAY": str(delay),
            "PROBONO_ALLOW_ORIGINS": network.proxy,  # the guard lets the crawler reach our server
            "PROBONO_AUTOTHROTTLE_ENABLED": "false", "PYTHONUNBUFFERED": "1",
            "PROBONO_LOG_FILE": str(LOG_FILE)}


def count(db: Path, sql: str = "select count(*) from articles") -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        connection.close()


def test_a_second_crawl_exits_at_once_with_code_3(demo_network, tmp_path):
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    db = tmp_path / "locked.db"
    with CrawlLock(db):
        started = time.monotonic()
        result = run(crawl_command(feeds, db),
                     env_extra={"PROBONO_LOOPBACK_PROXY": demo_network.proxy})
        assert result.returncode == 3 and "another crawl is running (pid" in result.stderr
        assert time.monotonic() - started < 20 and count(db) == 0
    result = run([*crawl_command(feeds, db), "--source", "demo-zh-rss"],
                 env_extra={"PROBONO_LOOPBACK_PROXY": demo_network.proxy,
                            "PROBONO_DOWNLOAD_DELAY": "0"})
    assert result.returncode == 0, result.stderr[-2000:]


def test_two_crawls_started_together_one_runs_one_exits_locked(demo_network, tmp_path):
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    db = tmp_path / "race.db"
    env = env_for(demo_network, delay=0.2)
    first = subprocess.Popen(crawl_command(feeds, db), cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(crawl_command(feeds, db), cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    codes = sorted([first.wait(timeout=240), second.wait(timeout=240)])
    assert codes == [0, 3], (first.stderr.read()[-1500:], second.stderr.read()[-1500:])
    assert count(db) == 40


def test_a_crawl_killed_with_sigkill_loses_nothing_and_the_next_one_completes(
    demo_network, tmp_path
):
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    db = tmp_path / "killed.db"
    crawl = subprocess.Popen(crawl_command(feeds, db), cwd=ROOT,
                             env=env_for(demo_network, delay=0.3),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while count(db) < 8:
        assert crawl.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    crawl.send_signal(signal.SIGKILL)
    crawl.wait(timeout=30)
    connection = sqlite3.connect(db)
    assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    before = {row[0]: row for row in connection.execute("select id, title, text from articles")}
    connection.close()
    assert 8 <= len(before) < 40
    result = subprocess.run(crawl_command(feeds, db), cwd=ROOT, env=env_for(demo_network),
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    connection = sqlite3.connect(db)
    after = {row[0]: row for row in connection.execute("select id, title, text from articles")}
    assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert all(after[article_id] == row for article_id, row in before.items())  # nothing lost
    assert len(after) == 40  # the work completed, nothing twice
    urls = connection.execute("select count(distinct canonical_url) from articles").fetchone()
    assert urls[0] == 40
    # The killed run is closed as interrupted, with what it had recorded; the next one is ok.
    runs = connection.execute(
        "select status, finished is not null from crawl_runs order by id").fetchall()
    assert runs == [("interrupted", 1), ("ok", 1)]
    connection.close()


def logged_in_opener(base: str, name: str, password: str) -> urllib.request.OpenerDirector:
    """A urllib opener that has logged in to Datasette as an editor and keeps its cookies."""
    cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    opener = urllib.request.build_opener(cookies)
    with opener.open(f"{base}/-/login", timeout=10) as response:
        token = re.search(r'name="csrftoken" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"username": name, "password": password, "csrftoken": token})
    with opener.open(f"{base}/-/login", data=form.encode(), timeout=30) as response:
        assert f"<strong>{name}</strong>" in response.read().decode()  # the page names the actor
    return opener


def test_datasette_answers_throughout_a_crawl_and_stops_runaway_sql(demo_network, tmp_path):
    feeds = demo_network.write_feeds(tmp_path / "feeds.yaml")
    db = tmp_path / "busy.db"
    seed = subprocess.run([*crawl_command(feeds, db), "--source", "demo-zh-rss"], cwd=ROOT,
                          env=env_for(demo_network), capture_output=True, timeout=120)
    assert seed.returncode == 0
    editors = {"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}
    assert run([str(BIN / "probono"), "editors", "add", "ops", "--password-stdin"],
               input="a long password\n", env_extra=editors).returncode == 0
    with probono_serve(db, tmp_path / "serve.log", env=editors) as (_server, origin):
        base = f"{origin}/busy"
        # Only editors may write SQL of their own: log in as one, keeping the cookie.
        editor = logged_in_opener(origin, "ops", "a long password")
        crawl = subprocess.Popen(crawl_command(feeds, db), cwd=ROOT,
                                 env=env_for(demo_network, delay=0.05),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        answers, failures = 0, []
        query = urllib.parse.quote("select count(*) as n from articles")
        while crawl.poll() is None and answers < 2000:  # bounded: the crawl takes seconds
            for path in (f"{base}.json?sql={query}", f"{base}/articles.json?_search=volunteer",
                         f"{base}/articles.json?_sort_desc=published&_size=20"):
                try:
                    with editor.open(path, timeout=10) as response:
                        answers += response.status == 200
                except urllib.error.HTTPError as error:
                    failures.append(f"{error.code} {error.read()[:200]!r}")
        code = crawl.wait(timeout=240)
        assert code == 0, f"the crawl exited {code}"
        assert answers > 20 and failures == [], (answers, failures[:5])
        runaway = urllib.parse.quote(
            "with recursive c(x) as (select 1 union all select x + 1 from c)"
            " select count(*) from c")
        started = time.monotonic()
        try:
            editor.open(f"{base}.json?sql={runaway}", timeout=30)
            raise AssertionError("a runaway query was allowed to finish")
        except urllib.error.HTTPError as error:
            assert error.code == 400 and b"took too long" in error.read()
        assert time.monotonic() - started < 10


def test_backup_is_a_consistent_copy(demo_db, tmp_path):
    copy = tmp_path / "backup" / "copy.db"
    result = run([str(BIN / "probono"), "backup", str(copy), "--db", str(demo_db)])
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(copy)
    assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert connection.execute("select count(*) from articles").fetchone()[0] == count(demo_db)
    connection.close()


def health_row(**fields) -> dict:
    row = {"id": "x", "name": "X", "kind": "member", "enabled": 1, "state": "ok",
           "last_success": None,
           "last_new_article": "2026-11-01T00:00:00+00:00", "articles_28_days": 8,
           "recent_runs": "0:3:0,0:3:0", "last_error": None, "moved_to": None}
    return {**row, **fields}


def test_health_of_a_source():
    assert source_health(health_row(), NOW).warnings == []
    assert source_health(health_row(), NOW).articles_per_week == 2.0
    failing = source_health(health_row(state="failing", recent_runs="1:0:0,1:0:0,0:2:0",
                                        last_error="http://x.test/feed.xml: HTTP 410"), NOW)
    assert (failing.state, failing.consecutive_failures) == ("failing", 2)
    assert failing.warnings == ["gone: http://x.test/feed.xml: HTTP 410"]
    quiet = source_health(health_row(last_new_article="2026-01-01T00:00:00+00:00"), NOW)
    assert quiet.warnings == ["quiet: no new article in 90 days"]
    empty = source_health(health_row(recent_runs="0:2:1"), NOW)
    assert empty.warnings == ["a listing found no article link in the last run"]
    moved = source_health(health_row(moved_to="https://new.test/feed/"), NOW)
    assert moved.warnings == ["moved permanently to https://new.test/feed/: update feeds.yaml"]
    archive = source_health(health_row(kind="archive", state="archive", recent_runs="1:0:0",
                                       last_error="HTTP 404"), NOW)
    assert (archive.state, archive.warnings) == ("archive", [])


def test_sources_health_command(demo_db):
    result = run([str(BIN / "probono"), "sources", "--db", str(demo_db), "--json"])
    assert result.returncode == 0, result.stderr
    report = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["id"] for r in report} >= {"demo-fr-rss", "demo-pt-sitemap"}
    assert all(r["state"] == "ok" and r["consecutive_failures"] == 0 for r in report)


def test_a_source_read_by_two_spiders_counts_one_failure_per_run(store):
    for run_id in (store.start_run(1), store.start_run(1)):
        for spider in ("feeds", "pages"):
            store.record_source_run({"run_id": run_id, "source_id": "atelier", "spider": spider,
                                     "responses": 0, "errors": 1, "last_error": "HTTP 410"})
    row = next(r for r in store.source_health_rows() if r["id"] == "atelier")
    assert source_health(row, NOW).consecutive_failures == 2
