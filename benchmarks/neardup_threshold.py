"""Choose pipeline/copies/thresholds.py's THRESHOLDS on the labelled pairs, then measure speed.

Quality, on tests/fixtures/neardup/pairs.yaml: every article asked of a CopyFinder holding all
the others, the production code with other Thresholds (pipeline/copies/finder.py): the articles
saved in a real store, CopyFinder.from_store reading its LSH index from the database:
- whole text: LSH thresholds 0.30..0.90 by 0.05 and similarity floors; scored on every pair but
  the kinds only the lead path reaches (teasers, excerpts);
- openings: lead LSH thresholds, lead floors and containment thresholds; scored on the teaser and
  excerpt pairs and every false pair;
- both paths together at THRESHOLDS, on every pair, with recall by kind.
Best F1 wins, ties go to the higher precision, then to fewer false matches between articles of
different stories outside the labelled pairs, then to fewer texts read for containment (what the
lead floor saves), then to the middle of what is still tied.

Speed: signature and lead signature of 5,000-character texts; LSH insert and query at 10k and 100k
random signatures, each scale in its own process so its memory (RSS growth) is its own.

Run: .venv/bin/python benchmarks/neardup_threshold.py [--no-scale]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.article import Article
from pipeline.copies import signatures as sig_module
from pipeline.copies.finder import CopyFinder, closest
from pipeline.copies.index import LshIndex
from pipeline.copies.signatures import lead_signature, signature
from pipeline.copies.thresholds import THRESHOLDS, Thresholds
from pipeline.sources import parse_sources
from pipeline.store import Store

FIXTURE = ROOT / "tests" / "fixtures" / "neardup" / "pairs.yaml"
STEPS = [round(0.30 + 0.05 * i, 2) for i in range(13)]
FLOORS = [0.0, *STEPS]  # 0.0: LSH candidates taken as they come
LEAD_FLOORS = [0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
CONTAINMENTS = [round(0.60 + 0.05 * i, 2) for i in range(8)]
# The other path's LSH threshold and floor while one path is measured (its matches are not counted).
OFF_LSH, OFF_FLOOR = 0.9, 1.0
Pair = frozenset[str]
LABELLED_SOURCE = ("sources:\n  - id: labelled\n    name: L\n    organisation: L\n"
                   "    country: FR\n    homepage: https://x.example/\n    languages: [fr]\n"
                   "    feeds: [https://x.example/f]\n")
# The labelled stores, by LSH values, in a folder removed when the process ends.
_FOLDER = tempfile.TemporaryDirectory(prefix="neardup-threshold-")
_STORES: dict[tuple[float, float], Store] = {}


@dataclass(frozen=True)
class Labelled:
    """The fixture: texts by id, labelled pairs, the story each article belongs to, the kinds
    only the lead path can find, and each article's signatures as the crawl stores them."""

    texts: dict[str, tuple[str, str]]
    pairs: list[dict]
    story: dict[str, str]
    lead_kinds: frozenset[str]
    rows: list[tuple[str, bytes | None, bytes | None]]


@dataclass(frozen=True)
class Score:
    """One setting's figures on a set of labelled pairs."""

    setting: Thresholds
    precision: float
    recall: float
    f1: float
    extra: int  # matches between different stories that no labelled pair covers
    reads: int  # texts read from the store to check containment: the lead path's cost

    def row(self) -> str:
        return (f"{self.precision:5.2f} {self.recall:5.2f} {self.f1:5.2f} {self.extra:5d}"
                f" {self.reads:5d}")


def load(path: Path = FIXTURE) -> Labelled:
    """Read the fixture; stories are the groups of articles linked by `same: true` pairs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = {aid: (a["text"], a["language"]) for aid, a in data["articles"].items()}
    story = {aid: aid for aid in texts}

    def root(aid: str) -> str:
        while story[aid] != aid:
            aid = story[aid]
        return aid

    for pair in data["pairs"]:
        if pair["same"]:
            story[root(pair["a"])] = root(pair["b"])
    rows = [(aid, signature(text, lang), lead_signature(text, lang))
            for aid, (text, lang) in texts.items()]  # computed once: the same in every setting
    return Labelled(texts, data["pairs"], {aid: root(aid) for aid in texts},
                    frozenset(data["lead_path_kinds"]), rows)


def production_matches(labelled: Labelled, limits: Thresholds,
                       path: str | None = None) -> tuple[set[Pair], int]:
    """Every pair production calls one story with these thresholds: each article asked of a
    CopyFinder holding all the others (the same finder, signatures and code as the crawl), with
    the number of texts it read. `path`: only the matches of that path."""
    reads = 0
    store = labelled_store(labelled, limits)

    def text_of(article_id: str) -> str:
        nonlocal reads
        reads += 1
        return labelled.texts[article_id][0]

    store.article_text = text_of  # type: ignore[method-assign]  # counted, not read again
    finder = CopyFinder.from_store(store)
    found = {frozenset((aid, m.article_id))
             for aid, whole, lead in labelled.rows
             for m in finder.matches(*labelled.texts[aid], whole, lead, frozenset({aid}))
             if path is None or m.path == path}
    return found, reads


def labelled_store(labelled: Labelled, limits: Thresholds) -> Store:
    """A real store holding the labelled articles, saved as the crawl saves them, its LSH keys
    cut for these thresholds' LSH values; one per pair of LSH values, the floors set per call."""
    shape = (limits.lsh, limits.lead_lsh)
    if shape not in _STORES:
        store = Store(Path(_FOLDER.name) / f"labelled-{len(_STORES)}.db")
        store.thresholds = limits
        store.save_sources(parse_sources(LABELLED_SOURCE))
        with store.transaction():
            for aid, whole, lead in labelled.rows:
                text, language = labelled.texts[aid]
                store.save_article(Article(url=f"https://x.example/{aid}", source="labelled",
                                           id=aid, text=text, language=language, minhash=whole,
                                           lead_minhash=lead))
        _STORES[shape] = store
    _STORES[shape].thresholds = limits
    return _STORES[shape]


def score(setting: Thresholds, matches: set[Pair], reads: int, labelled: Labelled,
          pairs: list[dict]) -> Score:
    """Precision, recall and F1 of `matches` on `pairs`, and the unlabelled cross-story matches."""
    predicted = [frozenset((p["a"], p["b"])) in matches for p in pairs]
    tp = sum(1 for p, hit in zip(pairs, predicted) if hit and p["same"])
    fp = sum(1 for p, hit in zip(pairs, predicted) if hit and not p["same"])
    positives = sum(1 for p in pairs if p["same"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    labelled_pairs = {frozenset((p["a"], p["b"])) for p in labelled.pairs}
    extra = sum(1 for m in matches - labelled_pairs
                if len({labelled.story[a] for a in m}) == 2)
    return Score(setting, precision, recall, f1, extra, reads)


def choose(scores: list[Score]) -> Score:
    """Best F1, then precision, then fewest extra matches, then fewest texts read; the middle one
    of any tie left."""
    key = max((s.f1, s.precision, -s.extra, -s.reads) for s in scores)
    tied = [s for s in scores if (s.f1, s.precision, -s.extra, -s.reads) == key]
    return tied[(len(tied) - 1) // 2]


def lsh_shape(threshold: float) -> str:
    return LshIndex(threshold).shape


def whole_text_table(labelled: Labelled) -> Score:
    """Print the whole-text grid and return the chosen setting."""
    pairs = [p for p in labelled.pairs if p["kind"] not in labelled.lead_kinds]
    print(f"\nWhole text: {len(pairs)} pairs ({sum(p['same'] for p in pairs)} same),"
          f" {', '.join(sorted(labelled.lead_kinds))} left to the lead path.")
    print("LSH    bands | no floor: P     R    F1 extra reads | best floor:  P     R    F1 extra")
    best_rows, grid = [], {}
    for t in STEPS:
        scores = []
        for f in FLOORS:
            limits = Thresholds(t, f, OFF_LSH, OFF_FLOOR, THRESHOLDS.containment)
            scores.append(score(limits, *production_matches(labelled, limits, "whole"),
                                labelled, pairs))
        grid[t] = scores
        best = choose(scores)
        best_rows.append(best)
        print(f"{t:4.2f} {lsh_shape(t):>7} |         {scores[0].row()} |"
              f" {best.setting.floor:10.2f} {best.row()}")
    print("\nF1 by LSH threshold (rows) and similarity floor (columns; 0 = none):")
    print("      " + " ".join(f"{f:4.2f}" for f in FLOORS))
    for t, scores in grid.items():
        print(f"{t:4.2f}  " + " ".join(f"{s.f1:4.2f}" for s in scores))
    return choose(best_rows)


def lead_table(labelled: Labelled) -> Score:
    """Print the lead grid (LSH threshold, lead floor, containment) and return the chosen one."""
    pairs = [p for p in labelled.pairs if p["kind"] in labelled.lead_kinds or not p["same"]]
    print(f"\nOpenings: {len(pairs)} pairs ({sum(p['same'] for p in pairs)} teasers and"
          " excerpts, the rest false); lead candidates at the lead floor, then containment.")
    print("lead   bands | best floor containment:  P     R    F1 extra reads")
    best_rows, f1_rows = [], {}
    for t in STEPS:
        scores = []
        for floor in LEAD_FLOORS:
            for c in CONTAINMENTS:
                limits = Thresholds(OFF_LSH, OFF_FLOOR, t, floor, c)
                scores.append(score(limits, *production_matches(labelled, limits, "lead"),
                                    labelled, pairs))
        best = choose(scores)
        best_rows.append(best)
        f1_rows[t] = [max(s.f1 for s in scores if s.setting.lead_floor == f) for f in LEAD_FLOORS]
        print(f"{t:4.2f} {lsh_shape(t):>7} | {best.setting.lead_floor:10.2f}"
              f" {best.setting.containment:11.2f} {best.row()}")
    print("\nBest F1 by lead LSH threshold (rows) and lead floor (columns):")
    print("      " + " ".join(f"{f:4.2f}" for f in LEAD_FLOORS))
    for t, row in f1_rows.items():
        print(f"{t:4.2f}  " + " ".join(f"{f1:4.2f}" for f1 in row))
    return choose(best_rows)


def combined(labelled: Labelled, limits: Thresholds, title: str) -> Score:
    """Print both paths together at the given thresholds, overall and by kind."""
    matches, reads = production_matches(labelled, limits)
    overall = score(limits, matches, reads, labelled, labelled.pairs)
    print(f"\n{title}, all {len(labelled.pairs)} pairs:   P     R    F1 extra reads")
    print(f"{'':27}{overall.row()}")
    for kind in sorted({p["kind"] for p in labelled.pairs}):
        pairs = [p for p in labelled.pairs if p["kind"] == kind]
        said = [p for p in pairs if frozenset((p["a"], p["b"])) in matches]
        missed = [f"{p['a']}~{p['b']}" for p in pairs if (p in said) != p["same"]]
        print(f"  {kind:12} same={str(pairs[0]['same']).lower():5} {len(said)}/{len(pairs)} called"
              f" same {' '.join(missed)}")
    return overall


def quality() -> None:
    labelled = load()
    none = sorted(aid for aid, whole, lead in labelled.rows if whole is None or lead is None)
    print(f"{len(labelled.texts)} articles, {len(labelled.pairs)} labelled pairs;"
          f" without signature: {none or 'none'}")
    whole = whole_text_table(labelled)
    lead = lead_table(labelled)
    chosen = Thresholds(whole.setting.lsh, whole.setting.floor, lead.setting.lead_lsh,
                        lead.setting.lead_floor, lead.setting.containment)
    combined(labelled, THRESHOLDS, "Both paths at THRESHOLDS (production)")
    print(f"\nChosen:         {chosen}\n  whole text P {whole.precision:.2f} R {whole.recall:.2f}"
          f" F1 {whole.f1:.2f}; openings P {lead.precision:.2f} R {lead.recall:.2f}"
          f" F1 {lead.f1:.2f}")
    print(f"In production:  {THRESHOLDS}"
          f" ({'the same' if chosen == THRESHOLDS else 'DIFFERENT: update thresholds.py'})")


def random_texts(words: list[str], count: int, chars: int, joiner: str,
                 rng: random.Random) -> list[str]:
    """Texts of `chars` characters drawn from the fixture's own words (or characters)."""
    texts = []
    for _ in range(count):
        text = joiner.join(rng.choices(words, k=chars))[:chars]
        texts.append("\n\n".join(text[i:i + 600] for i in range(0, len(text), 600)))
    return texts


def median_ms(function, texts: list[str], language: str) -> float:
    """Median over 3 runs of the CPU time per text, in milliseconds."""
    runs = []
    for _ in range(3):
        start = time.process_time()
        for text in texts:
            function(text, language)
        runs.append((time.process_time() - start) / len(texts) * 1000)
    return statistics.median(runs)


def signature_speed() -> None:
    labelled = load()
    rng = random.Random(5)
    spaced = [w for text, lang in labelled.texts.values() if lang != "zh" for w in text.split()]
    han = [c for text, lang in labelled.texts.values() if lang == "zh" for c in text if c.strip()]
    print("\nSignature of a 5,000-character text, CPU time (median of 3 runs of 200 texts):")
    kinds = (("fr/en/es words", spaced, " ", None), ("Chinese", han, "", "zh"))
    for name, units, joiner, lang in kinds:
        texts = random_texts(units, 200, 5000, joiner, rng)
        print(f"  {name:15} signature {median_ms(signature, texts, lang):5.2f} ms,"
              f" lead_signature {median_ms(lead_signature, texts, lang):5.2f} ms,"
              f" {len(sig_module.shingle_list(texts[0], lang))} shingles")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def random_signatures(size: int) -> list[tuple[str, bytes]]:
    """`size` random signatures, 1% of them near copies of another (15% of values changed)."""
    rng = np.random.default_rng(size)
    values = rng.integers(0, 2**32, size=(size, sig_module.NUM_PERM), dtype=np.uint32)
    for i in rng.choice(size, size // 100, replace=False):
        j = (i + 1) % size
        values[j] = values[i]
        changed = rng.choice(sig_module.NUM_PERM, sig_module.NUM_PERM * 15 // 100, replace=False)
        values[j, changed] = rng.integers(0, 2**32, len(changed), dtype=np.uint32)
    return [(f"article-{i}", row.astype("<u4").tobytes()) for i, row in enumerate(values)]


def index_run(sigs: list[tuple[str, bytes]], threshold: float, floor: float, kept: list,
              queries: int = 10_000) -> dict[str, float]:
    """Build one index from the signatures (kept alive in `kept`), then query it."""
    before = rss_mb()
    start = time.perf_counter()
    index = LshIndex(threshold)
    for article_id, sig in sigs:
        index.add(article_id, sig)
    insert = time.perf_counter() - start
    memory = rss_mb() - before
    kept.append(index)  # freed, its pages would make the next index look smaller than it is
    asked = random.Random(len(sigs)).sample(sigs, queries)
    start = time.perf_counter()
    found = sum(len(closest(index, sig, floor, frozenset({aid}))) for aid, sig in asked)
    query = time.perf_counter() - start
    return {"threshold": threshold, "insert_per_s": len(sigs) / insert,
            "query_per_s": queries / query, "found": found, "queries": queries, "rss_mb": memory}


def scale_run(size: int) -> list[dict[str, float]]:
    """The whole-text index, then the lead index, over `size` random signatures."""
    sigs, kept = random_signatures(size), []
    return [index_run(sigs, THRESHOLDS.lsh, THRESHOLDS.floor, kept),
            index_run(sigs, THRESHOLDS.lead_lsh, THRESHOLDS.lead_floor, kept)]


def scale() -> None:
    print("\nLshIndex over random signatures, wall time, one process per size"
          " (memory: RSS growth while the index is built):")
    for size in (10_000, 100_000):
        out = subprocess.run([sys.executable, __file__, "--scale-run", str(size)], check=True,
                             capture_output=True, text=True).stdout
        # Largest child so far: the 100k process outgrows the 10k one.
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  {size:>7,} signatures: peak RSS of the process {peak:,.0f} MB")
        for name, r in zip(("whole text", "lead"), json.loads(out)):
            print(f"  {size:>7,} {name:10} (LSH {r['threshold']:.2f}, {lsh_shape(r['threshold'])}):"
                  f" insert {r['insert_per_s']:7,.0f}/s, query {r['query_per_s']:7,.0f}/s"
                  f" ({r['found']} near copies in {r['queries']:,} queries),"
                  f" memory {r['rss_mb']:4.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-scale", action="store_true", help="skip the 10k/100k index runs")
    parser.add_argument("--scale-run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_run:
        print(json.dumps(scale_run(args.scale_run)))
        return
    start = time.perf_counter()
    quality()
    signature_speed()
    if not args.no_scale:
        scale()
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
