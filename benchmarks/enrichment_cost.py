#!/usr/bin/env python3
"""What enrichment costs per article: language, tags, near-duplicate signature, and the
near-duplicate index (insert and query) at 10k and 100k stored articles, which should stay flat.

    .venv/bin/python benchmarks/enrichment_cost.py [--sizes 10000 100000]

Texts: the demo network's articles (real length and languages), repeated with variations; the
index is filled with signatures of synthetic texts (the index does not care what they say).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.copies.finder import closest
from pipeline.copies.index import LshIndex
from pipeline.copies.signatures import signature
from pipeline.copies.thresholds import THRESHOLDS
from pipeline.demo_network import DemoNetwork
from pipeline.extract import extract_article
from pipeline.language import detect_language
from pipeline.tagging import relevance, tag_article

WORDS = [
    "pro", "bono", "compétences", "association", "bénévolat", "mission", "salariés", "entreprise",
    "projet", "données", "juridique", "climat", "étudiants", "retraités", "réseau", "programme",
    "accompagnement", "solidaire",
]


def demo_texts() -> list[tuple[str, str]]:
    network = DemoNetwork()
    pages = sorted((ROOT / "pipeline" / "demo_network" / "sites").rglob("index.html"))
    texts = []
    for page in pages:
        site = page.relative_to(network.sites_dir).parts[0]
        folders = page.relative_to(network.sites_dir / site).parts[:-1]
        body, _ = network.render(site, "/" + "/".join(folders) + "/")
        extracted = extract_article(body or b"")
        if len(extracted.text) > 500:
            texts.append((extracted.title, extracted.text))
    return texts


def per_article(label: str, function, texts: list[tuple[str, str]], rounds: int = 5) -> None:
    # The first call loads a model or compiles patterns once per process: timed apart.
    start = time.process_time()
    function(*texts[0])
    first = time.process_time() - start
    start = time.process_time()
    for _ in range(rounds):
        for title, text in texts:
            function(title, text)
    cost = (time.process_time() - start) / (rounds * len(texts))
    print(f"{label:<42} {cost * 1000:7.2f} ms/article "
          f"(first call, loading included: {first:.2f} s)")


def synthetic(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(n))


def index_cost(size: int) -> None:
    signatures = [(str(i), signature(synthetic(300, i))) for i in range(size)]
    index = LshIndex(THRESHOLDS.lsh)
    start = time.perf_counter()
    for article_id, sig in signatures:
        index.add(article_id, sig)
    insert = (time.perf_counter() - start) / size
    probes = [signature(synthetic(300, size + i)) for i in range(1000)]
    start = time.perf_counter()
    for sig in probes:
        closest(index, sig, THRESHOLDS.floor)
    query = (time.perf_counter() - start) / len(probes)
    print(f"near-duplicate index at {size:>7,}: insert {insert * 1e6:6.1f} µs, "
          f"query {query * 1e6:6.1f} µs per article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    texts = demo_texts()
    average = sum(len(t) for _, t in texts) // len(texts)
    print(f"{len(texts)} demo articles, {average} characters on average")
    per_article("language (py3langid, network's languages)",
                lambda t, x: detect_language(t, x), texts)
    per_article("tags + relevance", lambda t, x: relevance(t, x, tag_article(t, x)), texts)
    per_article("near-duplicate signature", lambda t, x: signature(x), texts)
    for size in args.sizes:
        index_cost(size)


if __name__ == "__main__":
    main()
