#!/usr/bin/env python3
"""CPU per article: our whole crawl beside the pipeline a user would write instead, same pages.

    .venv/bin/python benchmarks/diy_comparison.py [--sites 20] [--articles 20] [--runs 2]
        [--bytecode-cache]

Generates crawl_benchmark.py's synthetic network (20-80 KB pages full of navigation, five
languages), keeps the sites that publish an RSS feed, serves them on 127.0.0.1 and, in the same
run, measures the CPU (user + sys of a child process: start-up and imports included) of:

(a) `probono crawl` on those sources, politeness delays off; stage by stage from the run's
    stage_cpu (crawl_run_sources), the rest being Scrapy, fetching, feed parsing and extraction;
(b) a do-it-yourself script: urllib fetches each feed and each article page, feedparser,
    trafilatura.bare_extraction with metadata, langdetect on the text (skipped, and said so, when
    langdetect is not installed), sqlite-utils upsert; stage by stage by its own clock; run once
    before (a) and once after, their mean counted.

Then each side's fixed cost apart: ours a re-crawl with nothing new, the DIY an empty feed list.

Prints both, per article, and the ratio (a) / (b). Nothing asserted.

`--bytecode-cache`: where the environment sets PYTHONDONTWRITEBYTECODE, each `probono crawl`
compiles the project's modules again from their source (0.1-0.3 s a crawl), while the DIY's
libraries were compiled by pip at their install; with it, the project is compiled before the
runs, next to its modules, as an installed probono.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def diy(feeds_json: Path, db_path: Path, proxy: str) -> None:
    """The do-it-yourself pipeline, run in a child process; prints its stage clocks as JSON."""
    clocks: dict[str, float] = {}

    def timed(stage: str, started: float) -> None:
        clocks[stage] = clocks.get(stage, 0.0) + time.process_time() - started

    started = time.process_time()
    import feedparser
    import sqlite_utils
    import trafilatura
    try:
        from langdetect import DetectorFactory, detect
        DetectorFactory.seed = 0
    except ImportError:
        detect = None
    timed("imports", started)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
    table = sqlite_utils.Database(db_path)["articles"]
    stored = 0
    for feed_url in json.loads(feeds_json.read_text(encoding="utf-8")):
        started = time.process_time()
        feed_bytes = opener.open(feed_url, timeout=30).read()
        timed("fetch", started)
        started = time.process_time()
        entries = feedparser.parse(feed_bytes).entries
        timed("feedparser", started)
        for entry in entries:
            started = time.process_time()
            html = opener.open(entry.link, timeout=30).read().decode("utf-8", "replace")
            timed("fetch", started)
            started = time.process_time()
            doc = trafilatura.bare_extraction(html, url=entry.link, with_metadata=True)
            timed("trafilatura", started)
            if doc is None or not doc.text:
                continue
            language = None
            if detect is not None:
                started = time.process_time()
                try:
                    language = detect(doc.text)
                except Exception:  # langdetect raises on text without letters
                    language = None
                timed("langdetect", started)
            started = time.process_time()
            table.upsert({"url": entry.link, "title": doc.title or entry.get("title"),
                          "author": doc.author, "published": doc.date or entry.get("published"),
                          "language": language, "text": doc.text}, pk="url")
            timed("sqlite-utils", started)
            stored += 1
    print(json.dumps({"stored": stored, "clocks": clocks,
                      "langdetect": detect is not None}))


def child_cpu(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """CPU seconds (user + sys) of a child process and its children, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout


def feed_sources(folder: Path, bases: dict[str, str]) -> tuple[Path, list[str]]:
    """A feeds.yaml of the sites that publish RSS (the DIY script knows only feeds), and the
    feed URLs."""
    from crawl_benchmark import WORDS

    sites = sorted(path.name for path in (folder / "sites").iterdir()
                   if (path / "feed.xml").is_file())
    languages = list(WORDS)
    lines = ["sources:"]
    for site in sites:
        number = int(site.rsplit("-", 1)[1])
        lines.append(f"  - id: {site}\n    name: {site}\n    organisation: Bench\n"
                     f"    country: FR\n    homepage: '{bases[site]}/'\n"
                     f"    languages: [{languages[number % len(languages)]}]\n"
                     f"    feeds: ['{bases[site]}/feed.xml']")
    feeds = folder / "feeds.rss.yaml"
    feeds.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return feeds, [f"{bases[site]}/feed.xml" for site in sites]


def per_article(clocks: dict[str, float], articles: int) -> str:
    costliest_first = sorted(clocks.items(), key=lambda pair: -pair[1])
    return ", ".join(f"{name} {seconds / articles * 1000:.2f}" for name, seconds in costliest_first)


def one_run(folder: Path, number: int) -> float:
    from crawl_benchmark import crawl, run_figures

    from pipeline.demo_network import DemoNetwork

    with DemoNetwork(folder / "sites") as network:
        assert network.proxy is not None
        feeds, feed_urls = feed_sources(folder, network.bases)
        urls, no_urls = folder / "feed-urls.json", folder / "no-urls.json"
        urls.write_text(json.dumps(feed_urls), encoding="utf-8")
        no_urls.write_text("[]", encoding="utf-8")

        def run_diy(name: str, feed_list: Path) -> tuple[float, dict]:
            cpu, output = child_cpu([sys.executable, __file__, "--diy", str(feed_list),
                                     str(folder / f"diy-{name}-{number}.db"), network.proxy])
            return cpu, json.loads(output.strip().splitlines()[-1])

        # The DIY runs before and after ours and counts their mean: a machine's load that changes
        # during the run weighs on both sides alike.
        diy_before = run_diy("before", urls)
        ours_db = folder / f"ours-{number}.db"
        _, ours_cpu, ours_rss = crawl(feeds, ours_db, network.proxy)
        ours = run_figures(ours_db, 1)
        _, ours_fixed, _ = crawl(feeds, ours_db, network.proxy)  # nothing new: the fixed cost
        diy_after = run_diy("after", urls)
        diy_fixed, _ = run_diy("empty", no_urls)
    diy_cpu = (diy_before[0] + diy_after[0]) / 2
    theirs = {**diy_before[1], "clocks": {
        stage: (seconds + diy_after[1]["clocks"].get(stage, 0.0)) / 2
        for stage, seconds in diy_before[1]["clocks"].items()}}
    stored, diy_stored = ours["new"], theirs["stored"]
    accounted = sum(ours["stages"].values())
    ours_stages = {**ours["stages"], "Scrapy+fetch+feeds+extraction+start-up": ours_cpu - accounted}
    theirs_stages = {**theirs["clocks"]}
    theirs_stages["interpreter+rest"] = diy_cpu - sum(theirs_stages.values())
    print(f"Run {number}: {len(feed_urls)} RSS sites")
    print(f"  ours: {stored} articles, CPU {ours_cpu:.2f} s = {ours_cpu / stored * 1000:.1f} "
          f"ms/article, peak RSS {ours_rss / 1024:.0f} MB")
    print(f"    by stage (ms/article): {per_article(ours_stages, stored)}")
    language = "with langdetect" if theirs["langdetect"] else "WITHOUT langdetect (not installed)"
    print(f"  DIY ({language}): {diy_stored} articles, CPU {diy_cpu:.2f} s = "
          f"{diy_cpu / diy_stored * 1000:.1f} ms/article (mean of a run before ours, "
          f"{diy_before[0]:.2f} s, and one after, {diy_after[0]:.2f} s)")
    print(f"    by stage (ms/article): {per_article(theirs_stages, diy_stored)}")
    ratio = (ours_cpu / stored) / (diy_cpu / diy_stored)
    print(f"  ratio ours / DIY, CPU per article: {ratio:.2f}")
    # Start-up amortised over a few hundred articles weighs on both: apart, the fixed cost (ours:
    # a re-crawl with nothing new, robots.txt and feeds answered 304; the DIY: an empty feed list)
    # and the cost of each article beyond it.
    ours_marginal = (ours_cpu - ours_fixed) / stored
    diy_marginal = (diy_cpu - diy_fixed) / diy_stored
    print(f"  fixed cost: ours {ours_fixed:.2f} s (a re-crawl with nothing new), DIY "
          f"{diy_fixed:.2f} s (no feed); per article beyond it: ours "
          f"{ours_marginal * 1000:.1f} ms, DIY {diy_marginal * 1000:.1f} ms, ratio "
          f"{ours_marginal / diy_marginal:.2f}")
    return ratio


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--diy":
        diy(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
        return
    from crawl_benchmark import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20, help="half of them publish RSS")
    parser.add_argument("--articles", type=int, default=20, help="articles per site")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--bytecode-cache", action="store_true",
                        help="both sides keep their compiled bytecode (crawl_benchmark.py's "
                             "keep_bytecode), the project's modules compiled before the runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probono-diy-") as tmp:
        folder = Path(tmp)
        generate(folder, args.sites, args.articles)
        if args.bytecode_cache:
            from crawl_benchmark import keep_bytecode

            keep_bytecode()
        print("bytecode: " + ("kept, the project's compiled beforehand" if args.bytecode_cache
                              else "as the environment says (PYTHONDONTWRITEBYTECODE: "
                                   f"{os.environ.get('PYTHONDONTWRITEBYTECODE') or 'unset'})"))
        ratios = [one_run(folder, number) for number in range(1, args.runs + 1)]
    print("Ratios: " + ", ".join(f"{ratio:.2f}" for ratio in ratios))


if __name__ == "__main__":
    main()
