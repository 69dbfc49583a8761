#!/usr/bin/env python3
"""Reader pages as the archive grows: median and p95 per page kind, flagged above the targets.

    .venv/bin/python benchmarks/reader_pages.py --sizes 10000 100000 --folder /tmp/probono-readers
        [--via http|inprocess] [--repeat 5] [--runs 2] [--explain]

Issue 17's targets, at 100,000 articles: median <= 50 ms and p95 <= 150 ms for the front page, an
article's page, search (a word, a phrase, a Chinese word; and a word narrowed by a facet, as the
results page's links ask), a topic page and the Atom feed; a page kind above them is flagged at
every size, with its slowest path. The language, country and source pages are timed too.

The synthetic archive is built once per size (kept in --folder and migrated on later runs, as
search_scale.py's are): sources named after the network's organisations (pipeline/gazetteer.yaml)
with their countries; stories in eight languages (one in twenty each Chinese, Japanese, Korean)
with titles, summaries, authors, HTML bodies (one in forty long, about 30,000 characters; one in
two thousand about 170,000); topics from pipeline/taxonomy.yaml in article_tags
with the source's country and sometimes an organisation; one article in twenty-five a copy of a
recent one from another source; editors' decisions through editorial_decisions (one in fifty
approved, one in five hundred featured, one in forty rejected), so the feeds have their 100
entries; one in ten archived, a tenth of the media's kept aside. Words are drawn from the crawl
benchmark's small vocabularies (the words searched: each matches a fifth to a third of the
archive, the search's worst case) mixed with a few thousand made-up words per language
(Zipf-weighted), so that the full-text index has a real one's size.

--via http (the default) times what a reader gets: `probono serve` on 127.0.0.1, one keep-alive
connection, each response read whole. --via inprocess times Datasette's client in this process
(pipeline/publishing/serve.py's configuration, as `probono serve`). Each page kind is asked with
varied parameters (different articles, words, topics, page numbers including deep pages), after
one warm-up round; figures are the median and 95th percentile of all its requests, in ms.

--explain asks each page kind once more in-process with Datasette's tracer on, and prints for
every page kind above its target the slowest SQL statements it ran, with EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.crawl_benchmark import WORDS
from benchmarks.search_scale import cjk_text, index_sizes, summary

MEDIAN_TARGET_MS, P95_TARGET_MS = 50.0, 150.0
TARGET_KINDS = ("front page", "article page", "search, a word", "search, a phrase",
                "search, a Chinese word", "search, a word + facet", "topic page", "Atom feed")
LATIN = list(WORDS)  # fr, en, es, pt, de
CJK = ["zh", "ja", "ko"]
# Which language each source writes in, by its organisation's country (others write English).
COUNTRY_LANGUAGE = {"FR": "fr", "BE": "fr", "US": "en", "CA": "en", "IN": "en", "SG": "en",
                    "KE": "en", "ES": "es", "MX": "es", "CL": "es", "PE": "es", "BR": "pt",
                    "PT": "pt", "DE": "de", "CN": "zh", "HK": "zh", "JP": "ja"}
# Phrases a reader would search, woven into some sentences (the vocabularies alone would make
# a phrase an accident).
PHRASES = {"fr": "bénévolat de compétences", "en": "skills-based volunteering",
           "es": "voluntariado profesional", "pt": "voluntariado de competências",
           "de": "Pro-bono-Engagements der Mitarbeitenden"}
AUTHORS = ["Camille Martin", "Jordan Lee", "Lucía Gómez", "Ana Souza", "Jonas Weber", "王芳",
           "佐藤花子", "김민준", ""]
ORGANISATION_TAGS = [
    "pro-bono-week", "global-pro-bono-network", "pro-bono-lab", "taproot-foundation"]
START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=2890)  # to late November 2026


# The archive ------------------------------------------------------------------------------------

def made_up_words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable nonsense words: a larger vocabulary than the crawl benchmark's."""
    consonants, vowels = "bcdfglmnprstvz", "aeiou"
    return ["".join(rng.choice(consonants) + rng.choice(vowels)
                    for _ in range(rng.randint(2, 4))) for _ in range(count)]


class Writer:
    """Sentences and paragraphs in one of eight languages."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.extra = {language: made_up_words(rng, 4000) for language in LATIN}
        # Zipf weights: a few made-up words are common, most are rare.
        self.weights = [1 / (rank + 1) for rank in range(4000)]

    def words(self, language: str, count: int) -> list[str]:
        rng = self.rng
        common = rng.choices(WORDS[language], k=count)
        rare = rng.choices(self.extra[language], weights=self.weights, k=count)
        return [c if rng.random() < 0.45 else r for c, r in zip(common, rare, strict=True)]

    def sentence(self, language: str, words: int) -> str:
        if language in CJK:
            return cjk_text(self.rng, language, 1, words)
        picked = self.words(language, words)
        if self.rng.random() < 0.05:
            picked.insert(self.rng.randrange(len(picked)), PHRASES[language])
        return " ".join(picked).capitalize() + "."

    def paragraphs(self, language: str, count: int, sentences: int = 4) -> list[str]:
        space = "" if language in ("zh", "ja") else " "
        return [space.join(self.sentence(language, self.rng.randint(8, 20))
                           for _ in range(sentences)) for _ in range(count)]


def reader_sources() -> list[dict]:
    """One source per organisation of the gazetteer with a country, and a Korean member and two
    media written for this benchmark."""
    gazetteer = yaml.safe_load((ROOT / "pipeline/gazetteer.yaml").read_text(encoding="utf-8"))
    sources = [{"id": o["id"], "name": o["name"], "organisation": o["name"],
                "country": o["country"], "kind": o["kind"] if o["kind"] == "media" else "member",
                "language": COUNTRY_LANGUAGE.get(o["country"], "en")}
               for o in gazetteer["organisations"] if len(o["country"]) == 2]
    sources += [{"id": "seoul-skills-share", "name": "Seoul Skills Share", "kind": "member",
                 "organisation": "Seoul Skills Share", "country": "KR", "language": "ko"},
                {"id": "tokyo-probono-news", "name": "Tokyo Pro Bono News", "kind": "media",
                 "organisation": "Tokyo Pro Bono News", "country": "JP", "language": "ja"},
                {"id": "actu-solidaire", "name": "Actu Solidaire", "kind": "media",
                 "organisation": "Actu Solidaire", "country": "FR", "language": "fr"}]
    return sources


def sources_yaml(sources: list[dict]) -> str:
    entries = [
        f"  - id: {s['id']}\n    name: {json.dumps(s['name'], ensure_ascii=False)}\n"
        f"    organisation: {json.dumps(s['organisation'], ensure_ascii=False)}\n"
        f"    country: \"{s['country']}\"\n    kind: {s['kind']}\n"
        f"    homepage: https://{s['id']}.example/\n    languages: [{s['language']}]\n"
        f"    feeds: [https://{s['id']}.example/feed]\n" for s in sources]
    return "sources:\n" + "".join(entries)


def topics() -> list[str]:
    taxonomy = yaml.safe_load((ROOT / "pipeline/taxonomy.yaml").read_text(encoding="utf-8"))
    return [topic["id"] for topic in taxonomy["topics"]]


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def article_rows(size: int, seed: int) -> Iterator[tuple[dict, list[tuple]]]:
    """Each article's row and its article_tags rows, oldest first (rowid order is fetch order,
    as in a crawled archive)."""
    rng = random.Random(seed)
    writer = Writer(rng)
    sources = reader_sources()
    by_language: dict[str, list[dict]] = {}
    for source in sources:
        by_language.setdefault(source["language"], []).append(source)
    topic_ids = topics()
    # Zipf-like: at 100k the commonest topic is on a third of the stories, the rarest on 2%.
    topic_weights = [1 / (rank + 1) ** 1.5 for rank in range(len(topic_ids))]
    recent: list[dict] = []
    for i in range(size):
        slot = i % 20
        language = CJK[slot - 17] if slot >= 17 else LATIN[i % 5]
        # A copy of a recent story, in its language, from another source.
        original = rng.choice(recent) if i % 25 == 24 and recent else None
        if original:
            language = original["language"]
        source = rng.choice([s for s in by_language[language]
                             if not original or s["id"] != original["source_id"]]
                            or by_language[language])
        fetched = START + SPAN * (i / size) + timedelta(minutes=rng.randrange(600))
        # Mostly a day or two before the fetch; a backfilled one years before.
        published = fetched - timedelta(hours=rng.randrange(72 if rng.random() < 0.9 else 20_000))
        # Moduli prime to the languages' 20: long bodies in every language.
        length = 400 if i % 2003 == 11 else 70 if i % 41 == 7 else rng.randint(4, 12)
        paragraphs = writer.paragraphs(language, length)
        if slot < 17 and i % 47 == 1:  # a Chinese phrase quoted in a Latin-script article
            paragraphs[-1] += " « " + cjk_text(rng, "zh", 1, 6) + " »"
        title = writer.sentence(language, rng.randint(6, 12)).rstrip(".。")
        text = "\n\n".join(paragraphs)
        url = f"https://{source['id']}.example/news/{published:%Y/%m}/{i}"
        row = {
            "id": hashlib.sha256(url.encode()).hexdigest()[:16], "url": url,
            "canonical_url": url, "source_id": source["id"], "title": title,
            "summary": text[:300], "text": text,
            "content_html": "".join(f"<p>{p}</p>" for p in paragraphs),
            "author": rng.choice(AUTHORS), "published": iso(published), "fetched": iso(fetched),
            "changed": iso(fetched), "language": language, "country": source["country"],
            "duplicate_of": None,
        }
        # Drawn from the id (a hash), not from i, which would tie them to a language.
        draw = int(row["id"][8:12], 16)
        row.update(archived=int(draw % 10 == 3),
                   kept_aside=int(draw % 10 == 7 and source["kind"] == "media"))
        if original:
            row.update(title=original["title"], text=original["text"],
                       summary=original["summary"], content_html=original["content_html"],
                       duplicate_of=original["id"])
        chosen = set(rng.choices(topic_ids, weights=topic_weights, k=rng.randint(1, 3)))
        tags = [(row["id"], tag, "topic", round(rng.uniform(0.5, 1), 3), "[]")
                for tag in sorted(chosen)]
        tags.append((row["id"], source["country"], "country", 0.9, "[]"))
        if draw % 10 == 5:
            tags.append((row["id"], rng.choice(ORGANISATION_TAGS), "organisation", 0.8, "[]"))
        row["tags"] = json.dumps([tag[1] for tag in tags])
        if row["duplicate_of"] is None:
            recent = [*recent[-199:], row]
        yield row, tags


def decisions(rows: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(article id, status, decided) for one article in fifty approved (one in five hundred
    featured) and one in forty rejected, decided a day after the fetch."""
    decided = []
    for article_id, fetched in rows:
        draw = int(article_id[:8], 16)  # a hash: independent of the language
        status = ("featured" if draw % 500 == 0 else "approved" if draw % 50 == 0
                  else "rejected" if draw % 40 == 3 else None)
        if status:
            when = datetime.fromisoformat(fetched) + timedelta(days=1)
            decided.append((article_id, status, iso(when)))
    return decided


def build(size: int, folder: Path) -> Path:
    from pipeline.sources import parse_sources
    from pipeline.store import Store
    from pipeline.store.cjk_index import fill_cjk_index

    db = folder / f"readers{size}.db"
    partial = db.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    store = Store(partial)
    store.save_sources(parse_sources(sources_yaml(reader_sources())))
    fetched: list[tuple[str, str]] = []
    rows = article_rows(size, seed=size)
    columns = None
    while True:
        batch = [next(rows, None) for _ in range(5000)]
        batch = [item for item in batch if item is not None]
        if not batch:
            break
        columns = columns or list(batch[0][0])
        with store.transaction():
            store.db.conn.executemany(
                f"insert into articles ({', '.join(columns)}) values"
                f" ({', '.join('?' for _ in columns)})",
                [[row[c] for c in columns] for row, _ in batch])
            store.db.conn.executemany(
                "insert into article_tags (article_id, tag, kind, score, evidence)"
                " values (?, ?, ?, ?, ?)", [tag for _, tags in batch for tag in tags])
        fetched += [(row["id"], row["fetched"]) for row, _ in batch]
    with store.transaction():
        fill_cjk_index(store.db)
        store.db.execute("insert into crawl_runs (started, finished, status, new) values"
                         " (?, ?, 'ok', 40)", [fetched[-1][1], fetched[-1][1]])
        store.db.conn.executemany(
            "insert into editorial_decisions (article_id, status, editor, decided)"
            " values (?, ?, 'bench', ?)",
            [(article_id, status, when) for article_id, status, when in decisions(fetched)])
    store.db.execute("pragma wal_checkpoint(truncate)")
    store.close()
    partial.rename(db)
    return db


def ready_archive(size: int, folder: Path) -> Path:
    """The kept archive, migrated as the crawl would open it, else a new one."""
    from pipeline.store import Store

    db = folder / f"readers{size}.db"
    if not db.exists():
        started = time.perf_counter()
        build(size, folder)
        print(f"Archive of {size:,} articles built in {time.perf_counter() - started:.0f} s")
    with Store(db):
        pass
    print(f"Archive of {size:,} articles: {db.stat().st_size / 1e6:,.0f} MB; "
          + ", ".join(f"{name} {value / size:,.0f} B/article"
                      for name, value in index_sizes(db).items()))
    return db


# The requests -----------------------------------------------------------------------------------

def request_plan(db: Path, rng: random.Random, repeat: int) -> dict[str, list[str]]:
    """Per page kind, the paths asked: `repeat` rounds of varied parameters."""
    from pipeline.publishing.reader_pages import article_path
    from pipeline.publishing.reader_queries import MAX_PAGE, PAGE_SIZE

    connection = sqlite3.connect(db)

    def articles(where: str) -> list[str]:
        """Readable addresses of visible stories."""
        return [article_path({"id": row[0], "title": row[1]}) for row in connection.execute(
            f"select id, title from stories where status != 'rejected' and {where} limit 200")]

    def last_pages(sql: str) -> dict[str, int]:
        """Each value's last page (the site serves MAX_PAGE at most)."""
        return {value: min(MAX_PAGE, -(-count // PAGE_SIZE))
                for value, count in connection.execute(sql)}

    story_paths = articles("rowid % 97 = 0")
    long_paths = articles("length(text) > 20000")
    with_copies = articles("id in (select story_id from copies)")
    cjk_paths = articles("language in ('zh', 'ja', 'ko') and rowid % 7 = 0")
    topic_last = last_pages("select t.tag, count(*) from article_tags t join stories a"
                            " on a.id = t.article_id where a.status != 'rejected'"
                            " and t.kind = 'topic' group by 1")
    source_last = last_pages("select source_id, count(*) from stories"
                             " where status != 'rejected' group by 1")
    language_last = last_pages("select language, count(*) from stories"
                               " where status != 'rejected' group by 1")
    country_last = last_pages("select country, count(*) from stories"
                              " where status != 'rejected' group by 1")
    connection.close()
    rarest = sorted(topic_last, key=topic_last.get)[:5]

    def deep(last: int) -> int:
        """A page of a listing: one of the usual jumps, or its last."""
        return rng.choice([page for page in (2, 10, 50, last) if page <= last] or [1])

    words = ["volunteering", "bénévolat", "benevolat", "voluntariado", "Mitarbeitenden",
             "compétences", "nonprofit", "salariés"]
    phrases = [*PHRASES.values(), "pro bono week", "association du quartier"]
    chinese = ["公益", "志愿者", "法律", "能力建设", "社区"]
    database = db.stem
    plan: dict[str, list[str]] = {kind: [] for kind in (*TARGET_KINDS, "language page",
                                                        "country page", "source page")}
    for _ in range(repeat):
        plan["front page"] += [f"/?page={page}" if page > 1 else "/"
                               for page in (1, 2, 3, 10, 50, MAX_PAGE)]
        plan["article page"] += (rng.sample(story_paths, 6) + rng.sample(long_paths, 2)
                                 + rng.sample(with_copies, 2) + rng.sample(cjk_paths, 2))
        plan["search, a word"] += [search_path(word) for word in words]
        plan["search, a phrase"] += [search_path(phrase) for phrase in phrases]
        plan["search, a Chinese word"] += [search_path(word) for word in chinese]
        # What a reader's clicks on the results page's facets and page links ask.
        plan["search, a word + facet"] += [
            search_path(rng.choice(words), language=rng.choice(LATIN)),
            search_path(rng.choice(words), topic=rng.choice(list(topic_last))),
            search_path(rng.choice(words), topic=rng.choice(rarest)),
            search_path(rng.choice(words), year=str(rng.randint(2019, 2026))),
            search_path(rng.choice(words), source=rng.choice(list(source_last))),
            search_path(rng.choice(chinese), language="zh"),
            search_path(rng.choice(words), page="3")]
        plan["topic page"] += [f"/topic/{topic}" for topic in rng.sample(list(topic_last), 5)]
        for topic in (rng.choice(list(topic_last)), rng.choice(rarest), rng.choice(rarest)):
            plan["topic page"].append(f"/topic/{topic}?page={deep(topic_last[topic])}")
        plan["Atom feed"] += [f"/{database}/published.atom",
                              f"/{database}/published.atom?language=fr",
                              f"/{database}/published.atom?tag={rng.choice(list(topic_last))}",
                              f"/{database}/published.atom?tag={rng.choice(rarest)}&language=en"]
        plan["language page"] += [f"/language/{language}" for language in ("fr", "en", "zh")]
        plan["language page"] += [f"/language/{language}?page={deep(language_last[language])}"
                                  for language in ("fr", "ko")]
        for country in rng.sample(list(country_last), 2):
            plan["country page"] += [f"/country/{country}",
                                     f"/country/{country}?page={deep(country_last[country])}"]
        plan["source page"] += [f"/source/{source}" for source in rng.sample(list(source_last), 4)]
        source = rng.choice(list(source_last))
        plan["source page"].append(f"/source/{source}?page={deep(source_last[source])}")
    return plan


def search_path(q: str, **filters: str) -> str:
    return "/search?" + urllib.parse.urlencode({"q": q, **filters})


def wait_for_serve(process: subprocess.Popen, port: int, timeout: float
                   ) -> http.client.HTTPConnection:
    """A keep-alive connection to `probono serve` on 127.0.0.1:port once it answers (60 s at most);
    RuntimeError with the end of its stderr if it stopped first. `timeout`: each request's."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("probono serve stopped: " + process.stderr.read().decode()[-500:])
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.request("GET", "/-/versions.json")
            connection.getresponse().read()
            return connection
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("probono serve did not answer within 60 s")


def stop_serve(process: subprocess.Popen, connection: http.client.HTTPConnection,
               folder: tempfile.TemporaryDirectory) -> None:
    """Close the connection, stop `probono serve` (SIGTERM, then kill after 15 s) and remove its
    folder."""
    connection.close()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    folder.cleanup()


class HttpReader:
    """`probono serve` on a free loopback port, asked over one keep-alive connection."""

    def __init__(self, db: Path):
        self.port = free_port()
        self.folder = tempfile.TemporaryDirectory(prefix="probono-readers-")
        # No editor: the server must not read the editors of whoever runs this.
        env = {**os.environ, "PROBONO_EDITORS_FILE": str(Path(self.folder.name) / "editors")}
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/probono"), "serve", "--db", str(db), "--port", str(self.port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.connection = wait_for_serve(self.process, self.port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        stop_serve(self.process, self.connection, self.folder)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class InProcessReader:
    """Datasette's in-process client, configured as `probono serve` configures its own."""

    def __init__(self, db: Path, trace_debug: bool = False):
        from pipeline.publishing.serve import datasette_instance

        self.ds = datasette_instance(db)
        if trace_debug:
            self.ds._settings["trace_debug"] = True
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str) -> tuple[int, bytes]:
        response = self.loop.run_until_complete(self.ds.client.get(path))
        return response.status_code, response.content

    def traced(self, path: str) -> list[dict]:
        """The SQL statements one request ran, with their durations (Datasette's tracer)."""
        from datasette.tracer import capture_traces

        async def run() -> list[dict]:
            traces: list[dict] = []
            with capture_traces(traces):
                await self.ds.client.get(path)
            return traces

        return self.loop.run_until_complete(self.loop.create_task(run()))

    def close(self) -> None:
        self.loop.close()


# Median and p95 in ms, requests, their mean size in bytes, the slowest path and its ms; or
# the first failure.
Figure = tuple[float, float, int, int, str, float] | str


def timed(get: Callable[[str], tuple[int, bytes]], plan: dict[str, list[str]]) -> dict[str, Figure]:
    """Per page kind, its Figure, after a warm-up round (each path asked once)."""
    for paths in plan.values():
        for path in paths:
            get(path)
    figures: dict[str, Figure] = {}
    for kind, paths in plan.items():
        times, sizes, slowest = [], [], (0.0, "")
        for path in paths:
            started = time.perf_counter()
            status, body = get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                figures[kind] = f"HTTP {status} for {path}"
                break
            times.append(elapsed)
            sizes.append(len(body))
            slowest = max(slowest, (elapsed, path))
        else:
            median, p95 = summary(times)
            figures[kind] = (median, p95, len(times), sum(sizes) // len(sizes), slowest[1],
                             slowest[0])
    return figures


def missed(kind: str, figure: Figure) -> bool:
    if isinstance(figure, str):
        return True
    return kind in TARGET_KINDS and (figure[0] > MEDIAN_TARGET_MS or figure[1] > P95_TARGET_MS)


def explain(db: Path, plan: dict[str, list[str]], kinds: list[str]) -> None:
    """The slowest SQL of each page kind's slowest path, with SQLite's query plan."""
    from pipeline.publishing import plugin

    reader = InProcessReader(db, trace_debug=True)
    connection = sqlite3.connect(db)
    plugin.prepare_connection(connection)
    connection.set_authorizer(None)
    try:
        for path in {path for kind in kinds for path in plan[kind]}:
            reader.get(path)  # warm: Datasette's first request also fills its own catalogue
        for kind in kinds:
            slowest: tuple[float, str, list[dict]] = (0.0, "", [])
            for path in dict.fromkeys(plan[kind]):
                started = time.perf_counter()
                traces = reader.traced(path)
                elapsed = (time.perf_counter() - started) * 1000
                slowest = max(slowest, (elapsed, path, traces), key=lambda item: item[0])
            elapsed, path, traces = slowest
            sql_traces = sorted((t for t in traces if t.get("type") == "sql"
                                 and t.get("database") == db.stem),
                                key=lambda t: -t["duration_ms"])
            total = sum(t["duration_ms"] for t in sql_traces)
            print(f"\n  {kind}: slowest {path} {elapsed:.0f} ms, {len(sql_traces)} statements,"
                  f" {total:.0f} ms in SQL, {elapsed - total:.0f} ms outside (Python, templates)")
            for trace in sql_traces[:3]:
                sql = " ".join(trace["sql"].split())
                print(f"    {trace['duration_ms']:7.1f} ms  {sql[:300]}")
                params = trace.get("params")
                try:
                    rows = connection.execute("explain query plan " + trace["sql"],
                                              params or []).fetchall()
                except sqlite3.Error as error:
                    print(f"      (no plan: {error})")
                    continue
                for _, parent, _, detail in rows:
                    print(f"      {parent:>4} {detail}")
    finally:
        connection.close()
        reader.close()


def print_figures(figures: dict[str, Figure]) -> None:
    for kind, figure in figures.items():
        flag = "  ABOVE TARGET" if missed(kind, figure) else ""
        if isinstance(figure, str):
            print(f"    {kind:<24} {figure}{flag}")
        else:
            median, p95, count, size, slowest, slowest_ms = figure
            print(f"    {kind:<24} median {median:7.1f} ms   p95 {p95:7.1f} ms"
                  f"   ({count} requests, {size / 1000:,.0f} KB each){flag}")
            print(f"    {'':<24} slowest {slowest_ms:.0f} ms: {slowest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/probono-readers"))
    parser.add_argument("--via", choices=["http", "inprocess"], default="http")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of each page kind's paths")
    parser.add_argument("--runs", type=int, default=2, help="measurements of each archive")
    parser.add_argument("--explain", action="store_true",
                        help="query plans of the SQL behind the pages above target")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average"
          f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}, via {args.via}")
    for size in args.sizes:
        db = ready_archive(size, args.folder)
        if args.build_only:
            continue
        plan = request_plan(db, random.Random(size), args.repeat)
        above: set[str] = set()
        for run in range(1, args.runs + 1):
            reader = HttpReader(db) if args.via == "http" else InProcessReader(db)
            try:
                figures = timed(reader.get, plan)
            finally:
                reader.close()
            print(f"  {size:,} articles, run {run} (load {os.getloadavg()[0]:.2f})")
            print_figures(figures)
            above |= {kind for kind, figure in figures.items() if missed(kind, figure)}
        if args.explain and above:
            explain(db, plan, [kind for kind in plan if kind in above])


if __name__ == "__main__":
    main()
