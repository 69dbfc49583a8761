#!/usr/bin/env python3
"""Editors' review at 100k articles: the page and one decision, median and p95, flagged above
issue 18's target (median <= 100 ms each).

    .venv/bin/python benchmarks/review_speed.py --folder /tmp/probono-review \
        [--queues 500 5000] [--via inprocess http] [--repeat 20] [--runs 2]

The archive is benchmarks/reader_pages.py's (100,000 articles in eight languages, topics, copies,
editors' decisions), built once in --folder or reused from there. For each queue size a copy of it
is kept (review<N>.db) where only the N newest waiting stories stay in the queue: every other
one is archived as a backlog bulk decision archives it, one audit row each, through the
editorial_decisions trigger (pipeline/store/decisions.py's decide_many).

Timed as an editor: the review page (first page, by language, by topic, page 2); one decision
posted as review.js posts it (Accept: application/json; the answer comes once the decision is
applied: request to applied) and its undo ("back to the queue"); the count a bulk decision shows
before it is confirmed (a backlog by date). --via inprocess: Datasette's client in this process,
configured as `probono serve` (pipeline/publishing/serve.py), with a signed editor's session;
--via http: `probono serve` on 127.0.0.1 with an editors file written here, logged in through
/-/login, one keep-alive connection. A warm-up round, then the cases in turn, --repeat rounds;
figures in ms. docs/benchmarks.md, "Editors' review at 100k", has the figures and what they show.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reader_pages import free_port, ready_archive, stop_serve, wait_for_serve
from benchmarks.search_scale import summary

ARCHIVE_SIZE = 100_000
TARGET_MS = 100.0  # median, each case
EDITOR, PASSWORD = "bench", "benchmark password"
JSON_FORM = {"accept": "application/json",
             "content-type": "application/x-www-form-urlencoded"}
CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')

# A request: method, path, form fields (None for a GET).
Request = tuple[str, str, list[tuple[str, str]] | None]
# (status, body) of an answered request.
Answer = tuple[int, bytes]


# The archive and its queue ------------------------------------------------------------------

def queue_size(db: Path) -> int:
    from pipeline.store.decisions import QUEUE_CONDITIONS

    with sqlite3.connect(db) as connection:
        return connection.execute(
            f"select count(*) from stories a where {QUEUE_CONDITIONS}").fetchone()[0]


def ready_queue(base: Path, waiting: int) -> Path:
    """A copy of the archive whose queue holds its `waiting` newest stories, the others archived
    as a bulk decision archives them (one audit row each, their status kept)."""
    from pipeline.store import Store
    from pipeline.store.decisions import QUEUE_CONDITIONS

    db = base.with_name(f"review{waiting}.db")
    if db.exists():
        with Store(db):  # migrated as the crawl would open it
            pass
        if queue_size(db) == waiting:
            return db
        db.unlink()
    partial = db.with_suffix(".partial.db")
    shutil.copy(base, partial)
    with Store(partial) as store, store.transaction():
        store.db.execute(
            "insert into editorial_decisions (article_id, status, editor, note, archived)"
            f" select a.id, a.status, 'backlog', 'older than the queue', 1 from stories a"
            f" where {QUEUE_CONDITIONS} and a.id not in (select a.id from stories a"
            f" where {QUEUE_CONDITIONS} order by a.fetched desc, a.id limit ?)", [waiting])
    with Store(partial) as store:
        store.db.execute("pragma wal_checkpoint(truncate)")
    partial.rename(db)
    return db


def plan(db: Path, repeat: int) -> dict[str, list[Request]]:
    """Per case, the requests asked (`repeat` of each, parameters varied where the page has
    several): the decided stories are the queue's first, each decision undone after it."""
    from pipeline.store.decisions import QUEUE_CONDITIONS

    with sqlite3.connect(db) as connection:
        def top(sql: str) -> list[str]:
            return [row[0] for row in connection.execute(sql)]
        queue = f"from stories a where {QUEUE_CONDITIONS}"
        languages = top(f"select a.language {queue} group by 1 order by count(*) desc limit 3")
        topics = top("select t.tag from stories a join article_tags t on t.article_id = a.id"
                     f" and t.kind = 'topic' where {QUEUE_CONDITIONS}"
                     " group by 1 order by count(*) desc limit 3")
        stories = top(f"select a.id {queue} order by a.fetched desc, a.id limit {repeat}")
        days = top(f"select substr(a.fetched, 1, 10) {queue} order by a.fetched limit 1"
                   f" offset (select count(*) / 2 {queue})")

    def cycle(values: list[str], make: Callable[[str], Request]) -> list[Request]:
        return [make(values[i % len(values)]) for i in range(repeat)]

    decisions = [("POST", "/-/review/decide", [("id", i), ("status", "approved"),
                                                ("seen_status", "new")]) for i in stories]
    undos = [("POST", "/-/review/decide", [("id", i), ("status", "new"),
                                            ("seen_status", "approved")]) for i in stories]
    return {
        "page, first": [("GET", "/-/review", None)] * repeat,
        "page, by language": cycle(languages, lambda v: ("GET", f"/-/review?language={v}", None)),
        "page, by topic": cycle(topics, lambda v: ("GET", "/-/review?topic=" + v, None)),
        "page 2": [("GET", "/-/review?page=2", None)] * repeat,
        "decision (approve)": decisions,
        "undo (back to queue)": undos,
        "bulk preview, by date": [("POST", "/-/review/bulk", [
            ("status", "rejected"), ("before", days[0])])] * repeat,
    }


# The clients ------------------------------------------------------------------------------------

def form_body(fields: list[tuple[str, str]], token: str) -> bytes:
    return urllib.parse.urlencode([*fields, ("csrftoken", token)]).encode()


class InProcessEditor:
    """Datasette's in-process client, configured as `probono serve`, with an editor's signed
    session (as tests/test_review_page.py's login makes one)."""

    def __init__(self, db: Path):
        from datasette_auth_passwords.utils import hash_password

        from pipeline.publishing.editors import auth_plugin_config
        from pipeline.publishing.serve import datasette_instance
        from pipeline.publishing.sessions import sign_session

        password_hash = hash_password(PASSWORD)
        config, environment = auth_plugin_config({EDITOR: password_hash})
        os.environ.update(environment)
        self.ds = datasette_instance(db, config)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())
        now = time.time()
        self.cookies = {"ds_actor": sign_session(self.ds, EDITOR, password_hash, now, now,
                                                 "bench")}
        page = self.loop.run_until_complete(self.ds.client.get("/-/review",
                                                               cookies=self.cookies))
        self.cookies.update(dict(page.cookies))
        self.token = CSRF.search(page.text).group(1)

    def ask(self, request: Request) -> Answer:
        _, path, fields = request
        if fields is None:
            call = self.ds.client.get(path, cookies=self.cookies)
        else:
            call = self.ds.client.post(path, cookies=self.cookies, headers=JSON_FORM,
                                       content=form_body(fields, self.token))
        response = self.loop.run_until_complete(call)
        return response.status_code, response.content

    def close(self) -> None:
        self.loop.close()


class HttpEditor:
    """`probono serve` on a free loopback port with one editor, logged in through /-/login;
    one keep-alive connection, each answer read whole."""

    def __init__(self, db: Path):
        from datasette_auth_passwords.utils import hash_password

        self.folder = tempfile.TemporaryDirectory(prefix="probono-review-")
        editors = Path(self.folder.name) / "editors.json"
        editors.write_text(json.dumps({EDITOR: {"password_hash": hash_password(PASSWORD)}}),
                           encoding="utf-8")
        editors.chmod(0o600)
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/probono"), "serve", "--db", str(db), "--port", str(self.port)],
            env={**os.environ, "PROBONO_EDITORS_FILE": str(editors)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.cookies: dict[str, str] = {}
        self.connection = wait_for_serve(self.process, self.port, timeout=60)
        status, body = self._send("GET", "/-/login")
        token = CSRF.search(body.decode()).group(1)
        status, body = self._send("POST", "/-/login", urllib.parse.urlencode(
            {"username": EDITOR, "password": PASSWORD, "csrftoken": token}).encode(),
            {"content-type": "application/x-www-form-urlencoded"})
        if status != 302 or "ds_actor" not in self.cookies:
            raise RuntimeError(f"login refused: HTTP {status} {body[:200]!r}")
        status, body = self._send("GET", "/-/review")
        self.token = CSRF.search(body.decode()).group(1)

    def _send(self, method: str, path: str, body: bytes | None = None,
              headers: dict[str, str] | None = None) -> Answer:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.connection.request(method, path, body=body,
                                headers={**(headers or {}), **({"cookie": cookie} if cookie
                                                               else {})})
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("set-cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, content

    def ask(self, request: Request) -> Answer:
        method, path, fields = request
        if fields is None:
            return self._send(method, path)
        return self._send(method, path, form_body(fields, self.token), JSON_FORM)

    def close(self) -> None:
        stop_serve(self.process, self.connection, self.folder)


# Timing -----------------------------------------------------------------------------------------

def timed(ask: Callable[[Request], Answer], cases: dict[str, list[Request]]
          ) -> dict[str, tuple[float, float] | str]:
    """Per case, median and p95 in ms; a case whose request fails is reported by its failure.
    A warm-up round, then the cases in turn, `repeat` rounds (a passing load spread over all);
    each decision is followed by its undo (the story put back in the queue)."""
    times: dict[str, list[float]] = {case: [] for case in cases}
    failed: dict[str, str] = {}

    def once(case: str, request: Request, record: bool = True) -> None:
        started = time.perf_counter()
        status, body = ask(request)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or (request[2] is not None and not json.loads(body).get("ok")):
            failed.setdefault(case, f"HTTP {status} {body[:120]!r}")
        elif record:
            times[case].append(elapsed)

    pages = [case for case in cases if cases[case][0][0] == "GET"]
    for case in pages:
        once(case, cases[case][0], record=False)  # warm-up
    rounds = len(cases[pages[0]])
    for i in range(rounds):
        for case in cases:
            once(case, cases[case][i])  # in the plan's order: a decision, then its undo
    return {case: failed.get(case) or summary(values) for case, values in times.items()}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def print_figures(figures: dict[str, tuple[float, float] | str]) -> None:
    for case, figure in figures.items():
        if isinstance(figure, str):
            print(f"    {case:<24} FAILED {figure}")
            continue
        median, p95 = figure
        flag = "   ABOVE TARGET" if median > TARGET_MS else ""
        print(f"    {case:<24} median {median:7.1f} ms   p95 {p95:7.1f} ms{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True,
                        help="where the archive and its queue copies are kept (GBs)")
    parser.add_argument("--queues", type=int, nargs="*", default=[500, 5000])
    parser.add_argument("--via", nargs="*", choices=["inprocess", "http"],
                        default=["inprocess", "http"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    base = ready_archive(ARCHIVE_SIZE, args.folder)
    clients = {"inprocess": InProcessEditor, "http": HttpEditor}
    for waiting in args.queues:
        started = time.perf_counter()
        db = ready_queue(base, waiting)
        print(f"Queue of {queue_size(db):,} waiting stories ready in"
              f" {time.perf_counter() - started:.0f} s ({db.name})")
        cases = plan(db, args.repeat)
        for run in range(1, args.runs + 1):
            for via in args.via:
                print(f"  run {run}, {via}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load()}")
                client = clients[via](db)
                try:
                    print_figures(timed(client.ask, cases))
                finally:
                    client.close()
        if queue_size(db) != waiting:
            print(f"  the queue holds {queue_size(db)} stories after the run, not {waiting}")


if __name__ == "__main__":
    main()
