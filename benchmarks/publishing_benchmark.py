#!/usr/bin/env python3
"""What readers and editors wait for in Datasette as the archive grows: figures, nothing asserted.

    .venv/bin/python benchmarks/publishing_benchmark.py [--archive 10000 100000] [--repeat 15]

Builds an archive of synthetic articles (five Latin-script languages and one in twenty Chinese,
copies folded, one in fifty decided by an editor), then times, through an in-process Datasette
configured as `probono serve` configures its own: the ranked search (a Latin word, a phrase, a
Chinese word found inside its sentences), what's new, the Atom feed of the published selection,
and the editors' review page. Median and 95th percentile per request, in ms.
"""

from __future__ import annotations

import argparse
import asyncio
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

# Written for this benchmark: a Chinese vocabulary about pro bono, shuffled into sentences.
CHINESE = list("专业志愿者为公益组织提供法律财务设计技术咨询服务帮助社区发展能力建设企业员工参与")
SOURCES = """sources:
  - id: archive
    name: Archive
    organisation: Archive
    country: FR
    homepage: https://a.example/
    languages: [fr]
    feeds: [https://a.example/feed]
"""


def build(size: int, folder: Path) -> Path:
    from pipeline.sources import parse_sources
    from pipeline.store import Store

    db = folder / f"publishing-{size}.db"
    store = Store(db)
    store.save_sources(parse_sources(SOURCES))
    rng = random.Random(size)
    rows = []
    for i in range(size):
        if i % 20 == 19:
            language = "zh"
            text = "。".join("".join(rng.choices(CHINESE, k=40)) for _ in range(8))
            title = "".join(rng.choices(CHINESE, k=14))
        else:
            language = list(WORDS)[i % 5]
            text = "\n\n".join(paragraph(rng, language, 80) for _ in range(4))
            title = paragraph(rng, language, 8)
        url = f"https://a.example/{i}"
        published = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00"
        rows.append({"id": f"{i:016x}", "url": url, "canonical_url": url,
                     "source_id": "archive", "title": title, "text": text, "summary": text[:200],
                     "language": language, "published": published,
                     "fetched": "2026-11-01T05:00:00+00:00",
                     "tags": '["skills-based-volunteering"]',
                     "duplicate_of": f"{i - 1:016x}" if i % 25 == 24 else None})
    with store.transaction():
        store.db["articles"].insert_all(rows, batch_size=2000)
        store.db.execute("insert into crawl_runs (started, finished, status, new) values"
                         " ('2026-11-01T05:00:00+00:00', '2026-11-01T05:30:00+00:00', 'ok', ?)",
                         [size])
    for i in range(0, size, 50):
        store.decide(f"{i:016x}", "approved" if i % 100 else "featured", "bench")
    store.close()
    return db


def measure(db: Path, repeat: int) -> dict[str, tuple[float, float]]:
    import os

    from datasette_auth_passwords.utils import hash_password

    from pipeline.publishing.editors import auth_plugin_config
    from pipeline.publishing.serve import datasette_instance
    from pipeline.publishing.sessions import sign_session

    bench_hash = hash_password("benchmark password")
    config, environment = auth_plugin_config({"bench": bench_hash})
    os.environ.update(environment)
    ds = datasette_instance(db, config)
    name = db.stem
    requests = {
        "search, one word": f"/{name}/search.json?q=volunteering",
        "search, a phrase":
            f"/{name}/search.json?q=" + urllib.parse.quote("bénévolat de compétences"),
        "search, a Chinese word": f"/{name}/search.json?q=" + urllib.parse.quote("公益"),
        "what's new (all new: 500)": f"/{name}/new_today.json",
        "Atom feed (100 entries)": f"/{name}/published.atom",
        "Atom feed, one language": f"/{name}/published.atom?language=fr",
        "review page (editor)": "/-/review",
    }

    async def run() -> dict[str, list[float]]:
        await ds.invoke_startup()
        # A real session (pipeline/publishing/sessions.py): a bare signed actor is refused.
        now = time.time()
        cookies = {"ds_actor": sign_session(ds, "bench", bench_hash, now, now, "bench")}
        times: dict[str, list[float]] = {label: [] for label in requests}
        for _ in range(repeat):
            for label, path in requests.items():
                started = time.perf_counter()
                response = await ds.client.get(path, cookies=cookies)
                assert response.status_code == 200, (
                    path, response.status_code, response.text[:300])
                times[label].append((time.perf_counter() - started) * 1000)
        return times

    figures = {}
    for label, values in asyncio.run(run()).items():
        values.sort()
        figures[label] = (statistics.median(values), values[max(0, int(len(values) * 0.95) - 1)])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probono-publishing-") as tmp:
        for size in args.archive:
            started = time.perf_counter()
            db = build(size, Path(tmp))
            print(f"Archive of {size:,} articles built in {time.perf_counter() - started:.0f} s")
            for label, (median, p95) in measure(db, args.repeat).items():
                print(f"  {label:<26} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
