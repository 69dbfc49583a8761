#!/usr/bin/env python3
"""Search, review page and Atom feed as the archive grows to a million: figures, nothing asserted.

    .venv/bin/python benchmarks/search_scale.py --sizes 10000 100000 1000000 [--repeat 15]
    .venv/bin/python benchmarks/search_scale.py --sizes 100000 --trigram   # the alternative index

Builds, in bulk, an archive of synthetic articles in eight languages: five Latin-script ones
(benchmarks/crawl_benchmark.py's vocabularies), and Chinese, Japanese and Korean (one article in
twenty each), with a Chinese phrase quoted in one Latin-script article in fifty; copies folded,
one article in fifty decided by an editor. The main full-text index is filled by its triggers,
the CJK bigram index by the migration's batch filler (pipeline/store/cjk_index.py), as an
existing database is. Then times, through benchmarks/publishing_benchmark.py's in-process
Datasette, each request's median and 95th percentile in ms, plus a Japanese and a Korean word and
a Chinese word in Latin-script articles; and the database's size per article.

--trigram also builds FTS5's trigram tokenizer on the CJK articles and times a two-character and
a four-character Chinese word through it, against the bigram index.

--whats-new-cases also times "What's new" (the new_today query) after crawls that found a few
stories or many, recent or old, instead of every article (WHATS_NEW_CASES).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.crawl_benchmark import WORDS, paragraph
from benchmarks.publishing_benchmark import SOURCES

# Written for this benchmark: words about pro bono, shuffled into sentences.
CHINESE = ["专业", "志愿者", "为", "公益", "组织", "提供", "法律", "财务", "设计", "技术", "咨询",
           "服务", "帮助", "社区", "发展", "能力", "建设", "企业", "员工", "参与", "的", "和", "在"]
JAPANESE = ["弁護士", "が", "プロボノ", "で", "非営利", "団体", "を", "支援", "しました",
            "社員", "の", "専門", "知識", "地域", "活動", "に", "参加", "する", "ボランティア",
            "と", "法律", "相談"]
KOREAN = ["변호사들이", "비영리단체를", "위해", "무료로", "법률", "자문을", "제공했습니다",
          "직원들의", "전문", "지식을", "지역", "사회에", "나누는", "프로보노", "활동이", "늘고",
          "있습니다"]
CJK_WORDS = {"zh": (CHINESE, "", "。"), "ja": (JAPANESE, "", "。"), "ko": (KOREAN, " ", ". ")}
LANGUAGES = [*WORDS, "zh", "ja", "ko"]


def cjk_text(rng: random.Random, language: str, sentences: int, words: int) -> str:
    vocabulary, space, stop = CJK_WORDS[language]
    return stop.join(space.join(rng.choices(vocabulary, k=words)) for _ in range(sentences))


def article(rng: random.Random, i: int) -> dict:
    slot = i % 20
    if slot in (17, 18, 19):
        language = ("zh", "ja", "ko")[slot - 17]
        text = cjk_text(rng, language, 8, 18)
        title = cjk_text(rng, language, 1, 6)
    else:
        language = list(WORDS)[i % 5]
        text = "\n\n".join(paragraph(rng, language, 80) for _ in range(4))
        title = paragraph(rng, language, 8)
        if i % 50 == 1:  # a Chinese phrase quoted in a Latin-script article
            text += " « " + cjk_text(rng, "zh", 1, 6) + " »"
    url = f"https://a.example/{i}"
    return {"id": f"{i:016x}", "url": url, "canonical_url": url, "source_id": "archive",
            "title": title, "text": text, "summary": text[:200], "language": language,
            "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00",
            "fetched": "2026-11-01T05:00:00+00:00", "tags": '["skills-based-volunteering"]',
            "duplicate_of": f"{i - 1:016x}" if i % 25 == 24 else None}


def build(size: int, folder: Path) -> Path:
    from pipeline.sources import parse_sources
    from pipeline.store import Store
    from pipeline.store.cjk_index import fill_cjk_index

    db = folder / f"scale{size}.db"
    store = Store(db)
    store.save_sources(parse_sources(SOURCES))
    rng = random.Random(size)
    batch = 20_000
    for start in range(0, size, batch):
        with store.transaction():
            store.db["articles"].insert_all(
                (article(rng, i) for i in range(start, min(size, start + batch))),
                batch_size=1000)
    with store.transaction():
        fill_cjk_index(store.db)
        store.db.execute("insert into crawl_runs (started, finished, status, new) values"
                         " ('2026-11-01T05:00:00+00:00', '2026-11-01T05:30:00+00:00', 'ok', ?)",
                         [size])
        store.db.conn.executemany(
            "insert into editorial_decisions (article_id, status, editor) values (?, ?, 'bench')",
            [(f"{i:016x}", "approved" if i % 100 else "featured") for i in range(0, size, 50)])
    store.db.execute("pragma wal_checkpoint(truncate)")
    store.close()
    return db


def timed_requests(db: Path, repeat: int) -> dict[str, tuple[float, float] | str]:
    """Each request's median and p95 in ms, through an in-process Datasette configured as
    `probono serve` configures its own (benchmarks/publishing_benchmark.py's requests, and words
    only the bigram index finds); a request that fails is reported with its status instead."""
    from datasette_auth_passwords.utils import hash_password

    from pipeline.publishing.editors import auth_plugin_config
    from pipeline.publishing.serve import datasette_instance
    from pipeline.publishing.sessions import sign_session

    bench_hash = hash_password("benchmark password")
    config, environment = auth_plugin_config({"bench": bench_hash})
    os.environ.update(environment)
    ds = datasette_instance(db, config)
    search = f"/{db.stem}/search.json?q="
    requests = {
        "search, one word": search + "volunteering",
        "search, 3-word phrase": search + urllib.parse.quote("bénévolat de compétences"),
        "search, Chinese word 公益": search + urllib.parse.quote("公益"),
        "review page (editor)": "/-/review",
        "Atom feed (100 entries)": f"/{db.stem}/published.atom",
        "Atom feed, one language": f"/{db.stem}/published.atom?language=fr",
        "what's new (all new)": f"/{db.stem}/new_today.json",
        "Japanese word 弁護士": search + urllib.parse.quote("弁護士"),
        "Korean word 변호사": search + urllib.parse.quote("변호사"),
        "Chinese word 能力建设": search + urllib.parse.quote("能力建设"),
        "mixed 公益 volunteering": search + urllib.parse.quote("公益 volunteering"),
    }

    async def run() -> dict[str, list[float] | str]:
        await ds.invoke_startup()
        now = time.time()
        cookies = {"ds_actor": sign_session(ds, "bench", bench_hash, now, now, "bench")}
        times: dict[str, list[float] | str] = {label: [] for label in requests}
        for _ in range(repeat):
            for label, path in requests.items():
                if isinstance(times[label], str):
                    continue  # failed once: not asked again
                started = time.perf_counter()
                response = await ds.client.get(path, cookies=cookies)
                elapsed = (time.perf_counter() - started) * 1000
                values = times[label]
                if response.status_code != 200:
                    times[label] = f"HTTP {response.status_code} after {elapsed:.0f} ms"
                elif isinstance(values, list):
                    values.append(elapsed)
        return times

    return {label: values if isinstance(values, str) else summary(values)
            for label, values in asyncio.run(run()).items()}


def summary(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[max(0, int(len(values) * 0.95) - 1)]


def index_sizes(db: Path) -> dict[str, int]:
    """Bytes per index, from SQLite's dbstat table (None when SQLite was built without it)."""
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("select name, sum(pgsize) from dbstat group by name").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        connection.close()
    sizes: dict[str, int] = {}
    for name, size in rows:
        for prefix in ("articles_cjk", "articles_fts", "articles_trigram"):
            if name.startswith(prefix):
                sizes[prefix] = sizes.get(prefix, 0) + size
        if name == "articles":
            sizes["articles"] = size
    return sizes


def trigram_comparison(db: Path, repeat: int) -> None:
    """FTS5's trigram tokenizer on the CJK articles' text, against the bigram index."""
    import sqlite3

    from pipeline.cjk_words import cjk_match

    connection = sqlite3.connect(db)
    started = time.perf_counter()
    connection.execute("create virtual table articles_trigram using fts5(text,"
                       " tokenize = 'trigram')")
    connection.execute("insert into articles_trigram (rowid, text) select a.rowid, a.text"
                       " from articles a where a.rowid in (select rowid from articles_cjk)")
    connection.commit()
    print(f"  trigram index built in {time.perf_counter() - started:.0f} s")
    for word in ("公益", "能力建设"):
        for label, sql, argument in [
                ("bigram", "select count(*) from articles_cjk where articles_cjk match ?",
                 cjk_match(word)),
                ("trigram", "select count(*) from articles_trigram where articles_trigram match ?",
                 '"' + word + '"'),
                ("trigram LIKE", "select count(*) from articles_trigram where text like ?",
                 f"%{word}%")]:
            times, count = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                count = connection.execute(sql, [argument]).fetchone()[0]
                times.append((time.perf_counter() - started) * 1000)
            median, p95 = summary(times)
            print(f"  {word} {label:<13} {count:>7} rows  median {median:7.1f} ms"
                  f"   p95 {p95:7.1f} ms")
    connection.close()


# Crawls What's new may follow: which of the archive's articles the crawl found (a condition on
# the bulk archive's rows, :size its articles) and whether they were published that day (else they
# keep their 2025 dates). The archive's own crawl found every article. An article's date follows
# its number modulo 84 (article()): the newest date is on even rowids, so "rowid % 10 = 3" finds
# none of the 10,000 newest stories, "rowid % 10 = 4" a fifth of them.
WHATS_NEW_CASES = {
    "50 new, published that day": ("rowid % (:size / 50) = 7", True),
    "50 new, dated 2025": ("rowid % (:size / 50) = 7", False),
    "2% new, the oldest dates": ("published < '2025-01-08'", False),
    "10% new, among the newest": ("rowid % 10 = 4", False),
    "10% new, none the newest": ("rowid % 10 = 3", False),
}


def whats_new_cases(db: Path, repeat: int) -> None:
    """What's new after each crawl of WHATS_NEW_CASES, made in a transaction and rolled back once
    timed: median and p95 in ms, through Python's sqlite3 (Datasette's connection would not see
    the crawl), with the number of stories shown."""
    import sqlite3

    import yaml

    from pipeline.publishing.serve import METADATA

    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["probono"]
    sql = queries["queries"]["new_today"]["sql"]
    connection = sqlite3.connect(db, isolation_level=None)
    size = connection.execute("select max(rowid) from articles").fetchone()[0]
    for label, (found, same_day) in WHATS_NEW_CASES.items():
        connection.execute("begin")
        connection.execute("insert into crawl_runs (started, finished, status, new) values"
                           " ('2026-11-02T05:00:00+00:00', '2026-11-02T07:00:00+00:00', 'ok', 1)")
        dates = "fetched = '2026-11-02T06:00:00+00:00'" + (
            ", published = '2026-11-02T05:00:00+00:00'" if same_day else "")
        connection.execute(f"update articles set {dates} where {found}", {"size": size})
        times, shown = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            shown = len(connection.execute(sql).fetchall())
            times.append((time.perf_counter() - started) * 1000)
        connection.execute("rollback")
        median, p95 = summary(times)
        print(f"    what's new, {label:<26} {shown:>3} shown  median {median:7.1f} ms"
              f"   p95 {p95:7.1f} ms")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--runs", type=int, default=2, help="measurements of each archive")
    parser.add_argument("--trigram", action="store_true")
    parser.add_argument("--whats-new-cases", action="store_true",
                        help="time what's new after smaller crawls too (WHATS_NEW_CASES)")
    parser.add_argument("--folder", type=Path, help="keep the archives here (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probono-scale-") as tmp:
        folder = args.folder or Path(tmp)
        for size in args.sizes:
            started = time.perf_counter()
            db = folder / f"scale{size}.db"
            if not db.exists():
                db = build(size, folder)
            else:  # an archive kept from an earlier run: migrated as the crawl would
                from pipeline.store import Store

                with Store(db):
                    pass
            print(f"Archive of {size:,} articles ready in {time.perf_counter() - started:.0f} s;"
                  f" {os.path.getsize(db) / size:,.0f} bytes per article")
            print("  " + ", ".join(f"{name} {size_ / size:,.0f} B/article"
                                   for name, size_ in index_sizes(db).items()))
            for run in range(1, args.runs + 1):
                print(f"  run {run}")
                for label, figure in timed_requests(db, args.repeat).items():
                    if isinstance(figure, str):
                        print(f"    {label:<26} {figure}")
                    else:
                        median, p95 = figure
                        print(f"    {label:<26} median {median:7.1f} ms   p95 {p95:7.1f} ms")
            if args.whats_new_cases:
                whats_new_cases(db, args.repeat)
            if args.trigram:
                trigram_comparison(db, args.repeat)


if __name__ == "__main__":
    main()
