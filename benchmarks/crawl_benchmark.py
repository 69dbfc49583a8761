#!/usr/bin/env python3
"""What a daily crawl costs, and how it grows: one command, figures printed, nothing asserted.

    .venv/bin/python benchmarks/crawl_benchmark.py [--sites 50] [--articles 20]
        [--archive 10000 100000] [--bytecode-cache]

1. Generates a synthetic network (sites with 20-80 KB article pages full of navigation and
   boilerplate, five languages, RSS feeds with teasers and HTML listing pages, a share of articles
   republished by other sites), serves it on 127.0.0.1, and crawls it end to end with the real
   `probono crawl` (politeness delays off): articles per second, CPU per article by stage,
   peak memory.
2. Crawls it again with nothing changed: requests made and time, against the first run.
3. Runs trafilatura alone on the same pages: our CPU per article as a ratio of it.
4. Grows an archive to each size and measures, per article, insert + dedup (near-duplicate index and
   store) and Datasette full-text search latency (median and 95th percentile over queries in several
   languages).

`--bytecode-cache`: when the environment sets PYTHONDONTWRITEBYTECODE, each crawl compiles the
project's modules from source again (0.1-0.3 s of a re-crawl); with it, the project is compiled
beforehand, next to its modules, and the crawls use that bytecode, as an installed probono does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.demo_network import DemoNetwork, substitute

WORDS = {
    "fr": [
        "les", "salariés", "de", "l'entreprise", "ont", "partagé", "leurs", "compétences", "avec",
        "une", "association", "du", "quartier", "pendant", "la", "semaine", "du", "bénévolat", "de",
        "compétences", "et", "du", "mécénat",
    ],
    "en": [
        "employees", "shared", "their", "professional", "skills", "with", "a", "local", "nonprofit",
        "during", "the", "week", "of", "pro", "bono", "volunteering", "and", "skills", "based",
        "service",
    ],
    "es": [
        "los", "empleados", "compartieron", "sus", "habilidades", "profesionales", "con", "una",
        "organización", "social", "durante", "la", "semana", "del", "voluntariado", "de",
        "competencias",
    ],
    "pt": [
        "os", "profissionais", "doaram", "suas", "competências", "para", "uma", "organização",
        "social", "durante", "a", "semana", "do", "voluntariado", "e", "do", "pro", "bono",
    ],
    "de": [
        "die", "Mitarbeitenden", "teilten", "ihre", "Fachkenntnisse", "mit", "einem",
        "gemeinnützigen", "Verein", "während", "der", "Woche", "des", "Pro-bono-Engagements",
    ],
}
QUERIES = ["benevolat", "bénévolat de compétences", "pro bono", "voluntariado", "volunteering",
           "compétences", "Engagements", "competências", "association", "nonprofit"]


def paragraph(rng: random.Random, language: str, words: int) -> str:
    vocabulary = WORDS[language]
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def boilerplate(rng: random.Random, kilobytes: int) -> str:
    """Navigation, menus, footers and scripts: what makes real pages 20-80 KB for a 5 KB article."""
    links = "".join(f'<li><a href="/rubrique/{i}/">Rubrique {i}</a></li>' for i in range(120))
    footer = "".join(
        f"<p class='legal'>Mentions légales, cookies et partenaires {i}.</p>" for i in range(40)
    )
    script = "<script>var data = '" + "x" * max(0, kilobytes * 1024 - 9000) + "';</script>"
    return (f"<nav><ul>{links}</ul></nav>"
            "<div class='cookie-banner'>Nous utilisons des cookies.</div>",
            f"<aside>Lire aussi</aside><footer>{footer}</footer>{script}")


def article_page(
    title: str, body: str, published: str, language: str, url: str, rng: random.Random
) -> str:
    head, tail = boilerplate(rng, rng.randint(20, 80))
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{title} | Site</title>"
            f'<link rel="canonical" href="{url}">'
            f'<meta property="article:published_time" content="{published}">'
            f"</head><body>{head}<article><h1>{title}</h1>"
            f"<p class='byline'>Par la rédaction</p>{body}"
            f"<p>Partager sur LinkedIn</p></article>{tail}</body></html>")


def generate(folder: Path, sites: int, per_site: int, seed: int = 7) -> list[str]:
    """The network's files under folder/sites, and its feeds.yaml template; returns the site ids."""
    rng = random.Random(seed)
    languages = list(WORDS)
    ids, bodies = [], []
    for n in range(sites):
        site, language = f"bench-{n:02d}", languages[n % len(languages)]
        ids.append(site)
        root = folder / "sites" / site
        (root / "a").mkdir(parents=True)
        (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n")
        items, links = [], []
        for i in range(per_site):
            title = f"{paragraph(rng, language, 6)[:-1]} {site} {i}"
            if bodies and rng.random() < 0.05:  # republished from another site, with a header
                body = "<p>Publié d'abord par un autre membre du réseau.</p>" + rng.choice(bodies)
            else:
                body = "".join(
                    f"<p>{paragraph(rng, language, rng.randint(60, 120))}</p>" for _ in range(6)
                )
                bodies.append(body)
            published = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00"
            url = f"{{{{base}}}}/a/{i}/"
            (root / "a" / str(i)).mkdir()
            (root / "a" / str(i) / "index.html").write_text(
                article_page(title, body, published, language, url, rng), encoding="utf-8")
            parsed = time.strptime(published[:19], "%Y-%m-%dT%H:%M:%S")
            rfc822 = time.strftime("%a, %d %b %Y %H:%M:%S +0000", parsed)
            items.append(f"<item><title>{title}</title><link>{url}</link><guid>{site}-{i}</guid>"
                         f"<description>{paragraph(rng, language, 20)}</description>"
                         f"<pubDate>{rfc822}</pubDate></item>")
            links.append(f'<li class="post"><a href="{url}">{title}</a></li>')
        if n % 2 == 0:
            rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                   f"<title>{site}</title><link>{{{{base}}}}/</link>{''.join(items)}"
                   "</channel></rss>")
            (root / "feed.xml").write_text(rss, encoding="utf-8")
        else:
            (root / "index.html").write_text(f"<html><body><ul>{''.join(links)}</ul></body></html>",
                                             encoding="utf-8")
    feeds = ["sources:"] + [
        f"  - id: {site}\n    name: {site}\n    organisation: Bench\n    country: FR\n"
        f"    homepage: '{{{{site:{site}}}}}/'\n    languages: [{languages[n % len(languages)]}]\n"
        + (f"    feeds: ['{{{{site:{site}}}}}/feed.xml']\n" if n % 2 == 0 else
           f"    listings:\n      - url: '{{{{site:{site}}}}}/'\n        links: li.post a\n")
        for n, site in enumerate(ids)]
    (folder / "feeds.yaml").write_text("\n".join(feeds), encoding="utf-8")
    return ids


def keep_bytecode() -> None:
    """Let the crawl processes use the project's bytecode, compiled beforehand next to its
    modules (as pip compiles an installed probono, and compiled the libraries), when the
    environment says not to write any (PYTHONDONTWRITEBYTECODE): else each crawl compiles the
    project's modules again from their source. (Not into a PYTHONPYCACHEPREFIX folder: there,
    the first crawl would also compile every library it imports, a cost no installed probono
    pays, which made the first crawl look slower and a re-crawl's share smaller.)"""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.pop("PYTHONPYCACHEPREFIX", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "pipeline"),
                    str(ROOT / "spiders")], check=True, stdout=subprocess.DEVNULL)


def crawl(feeds: Path, db: Path, proxy: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KB) of one `probono crawl` in a child process."""
    env = {**os.environ, "PROBONO_LOOPBACK_PROXY": proxy, "PROBONO_ALLOW_ORIGINS": proxy,
           "PROBONO_DOWNLOAD_DELAY": "0",
           "PROBONO_AUTOTHROTTLE_ENABLED": "false", "PROBONO_CONCURRENT_REQUESTS_PER_DOMAIN": "8",
           "PROBONO_LOG_FILE": str(db.parent / "crawl.log")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    probono = str(ROOT / ".venv" / "bin" / "probono")
    subprocess.run([probono, "crawl", "--db", str(db), "--feeds", str(feeds)],
                   env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def run_figures(db: Path, run_id: int) -> dict:
    connection = sqlite3.connect(db)
    rows = connection.execute("select requests, feeds_not_modified + listings_not_modified,"
                              " pages_fetched, new, stage_cpu"
                              " from crawl_run_sources where run_id = ?", [run_id]).fetchall()
    connection.close()
    stages: dict[str, float] = {}
    for *_, stage_cpu in rows:
        for stage, seconds in json.loads(stage_cpu or "{}").items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    return {"requests": sum(r[0] for r in rows), "not_modified": sum(r[1] for r in rows),
            "pages": sum(r[2] for r in rows), "new": sum(r[3] for r in rows), "stages": stages}


def trafilatura_alone(folder: Path) -> float:
    """CPU seconds per page of trafilatura's extraction with metadata on the same pages."""
    import trafilatura

    network = DemoNetwork(folder / "sites")
    pages = []
    for page in sorted((folder / "sites").rglob("a/*/index.html")):
        site = page.relative_to(folder / "sites").parts[0]
        folders = page.relative_to(folder / "sites" / site).parts[:-1]
        pages.append(network.render(site, "/" + "/".join(folders) + "/")[0])
    started = time.process_time()
    for html in pages:
        trafilatura.bare_extraction(html.decode("utf-8"), with_metadata=True)
    return (time.process_time() - started) / len(pages)


def grow_and_measure(size: int, folder: Path) -> dict:
    """An archive of `size` articles; per-article insert + dedup cost, and search latency."""
    from pipeline.article import Article
    from pipeline.copies.finder import CopyFinder, add_signatures
    from pipeline.sources import parse_sources
    from pipeline.store import Store
    from pipeline.store.lsh_bands import fill_bands

    db = folder / f"archive-{size}.db"
    store = Store(db)
    store.save_sources(parse_sources("sources:\n  - id: archive\n    name: A\n"
                                     "    organisation: A\n    country: FR\n"
                                     "    homepage: https://a.example/\n    languages: [fr]\n"
                                     "    feeds: [https://a.example/feed]\n"))
    rng = random.Random(size)
    rows = []
    for i in range(size):
        language = list(WORDS)[i % 5]
        text = "\n\n".join(paragraph(rng, language, 80) for _ in range(4))
        item = add_signatures(Article(url=f"https://a.example/{i}", source="archive", text=text,
                                      title=paragraph(rng, language, 8), language=language))
        rows.append({"id": f"{i:08x}", "url": item.url, "canonical_url": item.url,
                     "source_id": "archive", "title": item.title, "text": text,
                     "language": language, "minhash": item.minhash,
                     "lead_minhash": item.lead_minhash, "published": "2025-01-01T00:00:00+00:00"})
    with store.db.atomic():
        store.db["articles"].insert_all(rows, batch_size=2000)
    with store.transaction() as conn:  # the LSH keys, as the migration cuts them for old rows
        fill_bands(conn)
    finder = CopyFinder.from_store(store)
    new = []
    for i in range(300):
        language = list(WORDS)[i % 5]
        text = "\n\n".join(paragraph(rng, language, 80) for _ in range(4))
        url = f"https://a.example/new/{i}"
        new.append(Article(url=url, source="archive", title=f"Nouveau {i}", text=text,
                           language=language, id=f"new{i:05d}", canonical_url=url))
    started = time.process_time()
    for item in new:
        item = finder.mark(item)
        store.save_article(item)
    per_article = (time.process_time() - started) / len(new)
    store.close()
    median, p95 = search_latency(db)
    return {"size": size, "insert_dedup_ms": per_article * 1000,
            "search_median_ms": median, "search_p95_ms": p95}


def search_latency(db: Path) -> tuple[float, float]:
    """Datasette in process: the table page's full-text search, JSON, as readers call it."""
    from datasette.app import Datasette

    from pipeline.publishing.serve import datasette_settings, metadata_for

    async def measure() -> list[float]:
        ds = Datasette([str(db)], metadata=metadata_for(db), settings=datasette_settings())
        await ds.invoke_startup()
        times = []
        for _ in range(3):
            for query in QUERIES:
                started = time.perf_counter()
                response = await ds.client.get(f"/{db.stem}/articles.json?_search={query}&_size=20"
                                               "&_col=title&_nofacet=1&_nocount=1")
                assert response.status_code == 200, response.text[:200]
                times.append((time.perf_counter() - started) * 1000)
        return times

    times = sorted(asyncio.run(measure()))
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--articles", type=int, default=20, help="articles per site")
    parser.add_argument("--archive", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--bytecode-cache", action="store_true",
                        help="crawl processes keep their compiled bytecode (see keep_bytecode)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probono-bench-") as tmp:
        folder = Path(tmp)
        if args.bytecode_cache:
            keep_bytecode()
        print("bytecode: " + ("compiled again by each crawl (PYTHONDONTWRITEBYTECODE)"
                              if os.environ.get("PYTHONDONTWRITEBYTECODE") else "kept"), flush=True)
        generate(folder, args.sites, args.articles)
        with DemoNetwork(folder / "sites") as network:
            feeds = folder / "feeds.resolved.yaml"
            template = (folder / "feeds.yaml").read_text(encoding="utf-8")
            feeds.write_text(substitute(template, network.bases), encoding="utf-8")
            db = folder / "bench.db"
            wall1, cpu1, rss1 = crawl(feeds, db, network.proxy)
            first = run_figures(db, 1)
            wall2, cpu2, _ = crawl(feeds, db, network.proxy)
            second = run_figures(db, 2)
        stored = first["new"]
        print(f"Synthetic network: {args.sites} sites, {args.sites * args.articles} articles "
              f"(half behind RSS teasers, half behind listing pages, ~5% republished)")
        print(f"First crawl: {stored} articles in {wall1:.1f} s = {stored / wall1:.1f} articles/s; "
              f"CPU {cpu1 / stored * 1000:.1f} ms/article; peak memory {rss1 / 1024:.0f} MB")
        stages = first["stages"]
        accounted = sum(stages.values())
        costliest_first = sorted(stages.items(), key=lambda p: -p[1])
        by_stage = ", ".join(
            f"{name} {seconds / stored * 1000:.2f} ms" for name, seconds in costliest_first)
        print(f"CPU per article by stage: {by_stage}"
              f", fetch/parse/Scrapy {max(cpu1 - accounted, 0) / stored * 1000:.2f} ms")
        print(f"Re-crawl, nothing changed: {second['requests']} requests "
              f"({second['not_modified']} answered 304, {second['pages']} article pages) "
              f"in {wall2:.1f} s, against {first['requests']} requests in {wall1:.1f} s: "
              f"{wall2 / wall1:.1%} of the first run's time; CPU {cpu2:.1f} s against"
              f" {cpu1:.1f} s: {cpu2 / cpu1:.1%} (a busy machine slows the first crawl more)")
        traf = trafilatura_alone(folder)
        print(f"trafilatura alone on the same pages: {traf * 1000:.1f} ms/page; "
              f"our end-to-end CPU per article is {cpu1 / stored / traf:.2f} times it")
        for size in args.archive:
            grown = grow_and_measure(size, folder)
            print(f"Archive of {size:>7,}: "
                  f"insert + dedup {grown['insert_dedup_ms']:.2f} ms/article; "
                  f"Datasette search median {grown['search_median_ms']:.1f} ms, "
                  f"p95 {grown['search_p95_ms']:.1f} ms")


if __name__ == "__main__":
    main()
