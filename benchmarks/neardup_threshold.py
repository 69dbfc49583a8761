"""Choose pipeline/neardup.py's thresholds on the labelled pairs, then measure its speed and memory.

Quality, on tests/fixtures/neardup/pairs.yaml (all articles in one index, each one queried):
- whole text: LSH thresholds 0.30..0.90 by 0.05 and similarity floors; scored on every pair but the
  teasers, which whole-text similarity cannot reach;
- teasers: lead-index LSH thresholds and containment thresholds; scored on the teaser pairs and
  every false pair;
- both paths together at the chosen values, on every pair, with recall by kind.
Best F1 wins, ties go to the higher precision, then to fewer false matches between articles of
different stories outside the labelled pairs, then to the middle of what is still tied.

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
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import neardup  # noqa: E402
from pipeline.neardup import NearDupIndex, containment, lead_signature, signature  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "neardup" / "pairs.yaml"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(13)]
FLOORS = [0.0, *THRESHOLDS]  # 0.0: LSH candidates taken as they come
CONTAINMENTS = [round(0.50 + 0.05 * i, 2) for i in range(10)]
Pair = frozenset[str]


@dataclass(frozen=True)
class Labelled:
    """The fixture: texts by id, labelled pairs, and the story each article belongs to."""

    texts: dict[str, tuple[str, str]]
    pairs: list[dict]
    story: dict[str, str]


@dataclass(frozen=True)
class Score:
    """One setting's figures on a set of labelled pairs."""

    setting: tuple[float, float]
    precision: float
    recall: float
    f1: float
    extra: int  # matches between different stories that no labelled pair covers

    def row(self) -> str:
        return f"{self.precision:5.2f} {self.recall:5.2f} {self.f1:5.2f} {self.extra:5d}"


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
    return Labelled(texts, data["pairs"], {aid: root(aid) for aid in texts})


def score(setting: tuple[float, float], matches: set[Pair], labelled: Labelled,
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
    return Score(setting, precision, recall, f1, extra)


def choose(scores: list[Score]) -> Score:
    """Best F1, then precision, then fewest extra matches; the middle one of any tie left."""
    key = max((s.f1, s.precision, -s.extra) for s in scores)
    tied = [s for s in scores if (s.f1, s.precision, -s.extra) == key]
    return tied[(len(tied) - 1) // 2]


def whole_text_matches(sigs: dict[str, bytes], threshold: float, floor: float) -> set[Pair]:
    """Every pair of articles the whole-text index calls the same story."""
    index = NearDupIndex.from_signatures(sigs.items(), threshold=threshold, floor=floor)
    return {frozenset((aid, other)) for aid, sig in sigs.items()
            for other, _ in index.query(sig, exclude=aid)}


def lead_candidates(leads: dict[str, bytes], threshold: float) -> set[Pair]:
    """Every pair of articles the lead index makes candidates."""
    index = NearDupIndex.from_signatures(leads.items(), threshold=threshold, floor=0.0)
    return {frozenset((aid, other)) for aid, lead in leads.items()
            for other in index.candidates(lead) if other != aid}


def contained(pair: Pair, texts: dict[str, tuple[str, str]]) -> float:
    """Containment of the shorter text of the pair in the longer."""
    short, long = sorted((texts[a] for a in pair), key=lambda t: len(t[0]))
    return containment(short[0], long[0], short[1])


def lsh_shape(threshold: float) -> str:
    index = NearDupIndex(threshold=threshold)
    return f"{index._lsh.b}x{index._lsh.r}"  # bands x rows: what the threshold means to LSH


def whole_text_table(labelled: Labelled, sigs: dict[str, bytes]) -> Score:
    """Print the whole-text grid and return the chosen (threshold, floor)."""
    pairs = [p for p in labelled.pairs if p["kind"] != "teaser"]
    print(f"\nWhole text: {len(pairs)} pairs ({sum(p['same'] for p in pairs)} same), teasers left "
          f"to the lead path; {len(sigs)} articles indexed.")
    print("LSH    bands  cand/q | no floor: P     R    F1 extra | best floor:  P     R    F1 extra")
    best_rows, grid = [], {}
    for t in THRESHOLDS:
        matches = {f: whole_text_matches(sigs, t, f) for f in FLOORS}
        scores = [score((t, f), matches[f], labelled, pairs) for f in FLOORS]
        grid[t] = scores
        best = choose(scores)
        best_rows.append(best)
        cand = 2 * len(matches[0.0]) / len(sigs)
        print(f"{t:4.2f} {lsh_shape(t):>7} {cand:7.2f} |         {scores[0].row()} |"
              f" {best.setting[1]:10.2f} {best.row()}")
    print("\nF1 by LSH threshold (rows) and similarity floor (columns; 0 = none):")
    print("      " + " ".join(f"{f:4.2f}" for f in FLOORS))
    for t, scores in grid.items():
        print(f"{t:4.2f}  " + " ".join(f"{s.f1:4.2f}" for s in scores))
    return choose(best_rows)


def teaser_table(labelled: Labelled, leads: dict[str, bytes]) -> Score:
    """Print the lead-and-containment grid and return the chosen (lead threshold, containment)."""
    pairs = [p for p in labelled.pairs if p["kind"] == "teaser" or not p["same"]]
    teasers = sum(p["same"] for p in pairs)
    print(f"\nTeasers: {len(pairs)} pairs ({teasers} teasers, the rest false);"
          " lead index candidates, then containment of the shorter text in the longer.")
    print("lead   bands  cand/q | best containment:  P     R    F1 extra")
    best_rows, grid = [], {}
    for t in THRESHOLDS:
        candidates = lead_candidates(leads, t)
        ratio = {pair: contained(pair, labelled.texts) for pair in candidates}
        scores = [score((t, c), {p for p, r in ratio.items() if r >= c}, labelled, pairs)
                  for c in CONTAINMENTS]
        grid[t] = scores
        best = choose(scores)
        best_rows.append(best)
        print(f"{t:4.2f} {lsh_shape(t):>7} {2 * len(candidates) / len(leads):7.2f} |"
              f" {best.setting[1]:16.2f} {best.row()}")
    print("\nF1 by lead threshold (rows) and containment threshold (columns):")
    print("      " + " ".join(f"{c:4.2f}" for c in CONTAINMENTS))
    for t, scores in grid.items():
        print(f"{t:4.2f}  " + " ".join(f"{s.f1:4.2f}" for s in scores))
    return choose(best_rows)


def combined(labelled: Labelled, sigs: dict[str, bytes], leads: dict[str, bytes],
             whole: Score, teaser: Score) -> None:
    """Print both paths together at the chosen values, overall and by kind."""
    matches = whole_text_matches(sigs, *whole.setting)
    teasers = {p for p in lead_candidates(leads, teaser.setting[0])
               if contained(p, labelled.texts) >= teaser.setting[1]}
    overall = score((0, 0), matches | teasers, labelled, labelled.pairs)
    print(f"\nBoth paths, all {len(labelled.pairs)} pairs:   P     R    F1 extra")
    print(f"{'':27}{overall.row()}")
    for kind in sorted({p["kind"] for p in labelled.pairs}):
        pairs = [p for p in labelled.pairs if p["kind"] == kind]
        said = [p for p in pairs if frozenset((p["a"], p["b"])) in matches | teasers]
        missed = [f"{p['a']}~{p['b']}" for p in pairs if (p in said) != p["same"]]
        print(f"  {kind:12} same={str(pairs[0]['same']).lower():5} {len(said)}/{len(pairs)} called"
              f" same {' '.join(missed)}")


def quality() -> None:
    labelled = load()
    sigs = {aid: signature(text, lang) for aid, (text, lang) in labelled.texts.items()}
    leads = {aid: lead_signature(text, lang) for aid, (text, lang) in labelled.texts.items()}
    none = sorted(aid for aid in sigs if sigs[aid] is None or leads[aid] is None)
    print(f"{len(labelled.texts)} articles, {len(labelled.pairs)} labelled pairs;"
          f" without signature: {none or 'none'}")
    whole = whole_text_table(labelled, {k: v for k, v in sigs.items() if v is not None})
    teaser = teaser_table(labelled, {k: v for k, v in leads.items() if v is not None})
    combined(labelled, sigs, leads, whole, teaser)
    print(f"\nChosen: LSH_THRESHOLD = {whole.setting[0]}, SIMILARITY_FLOOR = {whole.setting[1]}"
          f" (P {whole.precision:.2f} R {whole.recall:.2f} F1 {whole.f1:.2f});"
          f" LEAD_THRESHOLD = {teaser.setting[0]}, CONTAINMENT_THRESHOLD = {teaser.setting[1]}"
          f" (P {teaser.precision:.2f} R {teaser.recall:.2f} F1 {teaser.f1:.2f})")
    print(f"In pipeline/neardup.py now: LSH_THRESHOLD = {neardup.LSH_THRESHOLD}, SIMILARITY_FLOOR ="
          f" {neardup.SIMILARITY_FLOOR}, LEAD_THRESHOLD = {neardup.LEAD_THRESHOLD},"
          f" CONTAINMENT_THRESHOLD = {neardup.CONTAINMENT_THRESHOLD}")


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
              f" {len(neardup.shingle_list(texts[0], lang))} shingles")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def random_signatures(size: int) -> list[tuple[str, bytes]]:
    """`size` random signatures, 1% of them near copies of another (15% of values changed)."""
    rng = np.random.default_rng(size)
    values = rng.integers(0, 2**32, size=(size, neardup.NUM_PERM), dtype=np.uint32)
    for i in rng.choice(size, size // 100, replace=False):
        j = (i + 1) % size
        values[j] = values[i]
        changed = rng.choice(neardup.NUM_PERM, neardup.NUM_PERM * 15 // 100, replace=False)
        values[j, changed] = rng.integers(0, 2**32, len(changed), dtype=np.uint32)
    return [(f"article-{i}", row.astype("<u4").tobytes()) for i, row in enumerate(values)]


def index_run(sigs: list[tuple[str, bytes]], threshold: float, floor: float, kept: list,
              queries: int = 10_000) -> dict[str, float]:
    """Build one index from the signatures (kept alive in `kept`), then query it."""
    before = rss_mb()
    start = time.perf_counter()
    index = NearDupIndex.from_signatures(sigs, threshold=threshold, floor=floor)
    insert = time.perf_counter() - start
    memory = rss_mb() - before
    kept.append(index)  # freed, its pages would make the next index look smaller than it is
    asked = random.Random(len(sigs)).sample(sigs, queries)
    start = time.perf_counter()
    found = sum(len(index.query(sig, exclude=aid)) for aid, sig in asked)
    query = time.perf_counter() - start
    return {"threshold": threshold, "insert_per_s": len(sigs) / insert,
            "query_per_s": queries / query, "found": found, "queries": queries, "rss_mb": memory}


def scale_run(size: int) -> list[dict[str, float]]:
    """The whole-text index, then the lead index, over `size` random signatures."""
    sigs, kept = random_signatures(size), []
    return [index_run(sigs, neardup.LSH_THRESHOLD, neardup.SIMILARITY_FLOOR, kept),
            index_run(sigs, neardup.LEAD_THRESHOLD, 0.0, kept)]


def scale() -> None:
    print("\nNearDupIndex over random signatures, wall time, one process per size"
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
