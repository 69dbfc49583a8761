#!/usr/bin/env python3
"""Extraction quality on `../shared/eval`, both folds, beside trafilatura alone: issue 14's figures.

Runs the eval's own `score.py` (its metrics, not ours) for each fold, on `probono extract` and on
trafilatura alone, and prints one row per figure: fold 0 / fold 1 for each, the aim, whether the
figure holds on both folds ("yes"), or only within 0.005 of its aim ("±0.005"), how far apart
the folds are, and how far apart
two halves of the same pages are expected to be by chance alone (so a gap between folds can be
read: a fold holds 120-250 labelled pages, where one page moves a share by 0.004-0.008).

    .venv/bin/python benchmarks/extraction_quality.py [--eval ../shared/eval]

Takes about three minutes (each side reads every page once per fold).
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 0.005  # the "each figure holding within 0.005 on both folds"


@dataclass(frozen=True)
class Figure:
    """One figure: its name, the aim, and how to read it from score.py's output (a regex whose
    `value` group is the figure, and `right`/`total` groups when it is a share of pages)."""

    name: str
    task: str  # score.py's task and set
    pattern: str
    aim: float | None


FIGURES = (
    Figure("zyte F1", "extraction --set zyte", r"^zyte: F1 (?P<value>[\d.]+)", 0.970),
    Figure("trafilatura-set F", "extraction --set trafilatura",
           r"^trafilatura-set: F (?P<value>[\d.]+)", 0.950),
    Figure("dates F", "dates",
           r"^dates: F (?P<value>[\d.]+) .*right (?P<right>\d+), wrong (?P<wrong>\d+), "
           r"missed (?P<missed>\d+)", 0.975),
    Figure("exact titles", "extraction --set trafilatura",
           r"^\s+title: (?P<right>\d+)/(?P<total>\d+) exact \((?P<value>[\d.]+)\)", 0.85),
    Figure("exact authors", "extraction --set trafilatura",
           r"^\s+author: (?P<right>\d+)/(?P<total>\d+) exact \((?P<value>[\d.]+)\)", 0.70),
    Figure("exact dates", "extraction --set trafilatura",
           r"^\s+date: (?P<right>\d+)/(?P<total>\d+) exact \((?P<value>[\d.]+)\)", None),
)


def score(score_py: Path, task: str, fold: int, baseline: bool) -> str:
    """score.py's output for one task and fold, on probono extract or trafilatura alone."""
    who = ["--baseline", "trafilatura"] if baseline else [
        "--cmd", f"{ROOT / '.venv' / 'bin' / 'probono'} extract"]
    command = [sys.executable, str(score_py), *task.split(), "--fold", str(fold), *who]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        sys.exit(f"extraction_quality: score.py {task} --fold {fold} failed: {last}")
    return done.stdout


def read(figure: Figure, output: str) -> re.Match[str]:
    """The figure's line of score.py's output, matched."""
    for line in output.splitlines():
        if match := re.match(figure.pattern, line):
            return match
    sys.exit(f"extraction_quality: no {figure.name!r} line in score.py's output")


def holds(values: list[float], aim: float | None) -> str:
    """Whether a figure holds on both folds: "yes" (each fold at the aim or above), "±0.005" (each
    within the tolerance under it), "no"; "" when it has no aim."""
    if aim is None:
        return ""
    if min(values) >= aim:
        return "yes"
    return f"±{TOLERANCE}" if min(values) >= aim - TOLERANCE - 1e-9 else "no"


def chance_gap(folds: list[re.Match[str]]) -> float | None:
    """How far apart two halves of the same pages are by chance alone (95 %): 1.96 standard
    errors of the difference of two shares with the pooled rate; for dates F, of the share of
    pages dated right (F moves about as that share does). None for a mean over pages (zyte's F1,
    the trafilatura set's snippets)."""
    counts = []
    for match in folds:
        groups = match.groupdict()
        if "total" in groups:
            counts.append((int(groups["right"]), int(groups["total"])))
        elif "wrong" in groups:
            right = int(groups["right"])
            counts.append((right, right + int(groups["wrong"]) + int(groups["missed"])))
        else:
            return None
    right, total = sum(c[0] for c in counts), sum(c[1] for c in counts)
    rate = right / total
    return 1.96 * math.sqrt(rate * (1 - rate) * sum(1 / c[1] for c in counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval",
                        help="the folder holding score.py (default: ../shared/eval)")
    args = parser.parse_args()
    score_py = args.eval / "score.py"
    if not score_py.is_file():
        sys.exit(f"extraction_quality: no score.py in {args.eval} "
                 "(is ../shared beside the project?)")
    outputs: dict[tuple[str, int, bool], str] = {}
    for task in dict.fromkeys(figure.task for figure in FIGURES):
        for fold in (0, 1):
            for baseline in (False, True):
                outputs[task, fold, baseline] = score(score_py, task, fold, baseline)
    print(f"{'figure':<20} {'ours fold 0 / 1':>16} {'trafilatura':>14} {'aim':>6}  "
          f"{'holds':>6} {'gap':>6} {'chance gap':>10}")
    for figure in FIGURES:
        ours = [read(figure, outputs[figure.task, fold, False]) for fold in (0, 1)]
        theirs = [read(figure, outputs[figure.task, fold, True]) for fold in (0, 1)]
        values = [float(match["value"]) for match in ours]
        held = holds(values, figure.aim)
        gap = abs(values[0] - values[1])
        chance = chance_gap(ours)
        print(f"{figure.name:<20} {values[0]:>7.3f} / {values[1]:.3f} "
              f"{float(theirs[0]['value']):>6.3f} / {float(theirs[1]['value']):.3f} "
              f"{'' if figure.aim is None else f'{figure.aim:.3f}':>6}  {held:>6} {gap:>6.3f} "
              f"{'' if chance is None else f'{chance:.3f}':>10}")


if __name__ == "__main__":
    main()
