"""Every threshold of the near-copy decision, in one place: the crawl, `probono reprocess`, the
tests and benchmarks/neardup_threshold.py all read THRESHOLDS (the benchmark tries others), and
the LSH shape of each LSH threshold in it (LSH_SHAPES)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """How close two texts must be to be one story, on each of the two paths."""

    lsh: float  # whole texts: LSH threshold, which sets the bands (what is looked at)
    floor: float  # whole texts: estimated Jaccard similarity a copy must reach
    lead_lsh: float  # openings: LSH threshold of the lead index
    lead_floor: float  # openings: lead similarity a candidate must reach to have its text read
    containment: float  # share of the shorter text's shingles found in the longer

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"threshold {name}: {value} is not between 0 and 1")


# Chosen by benchmarks/neardup_threshold.py on tests/fixtures/neardup/pairs.yaml (69 articles, 66
# pairs, fr/en/es/de/zh), running CopyFinder itself: best F1, ties to the higher precision, then to
# fewer false matches outside the pairs, then to fewer texts read, then the middle of the tie.
# Whole text (45 pairs; teasers and excerpts left to the lead path): LSH 0.30-0.40 with a 0.60
# floor give P 1.00 R 1.00; with no floor two template press releases (0.45, 0.58)
# pass (P 0.90); from LSH 0.45 a rewrite at 0.63 is lost. Templates reach 0.58, rewrites 0.63.
# Openings (48 pairs): a verbatim excerpt starting 10 to 16 words into a text, or a teaser whose
# editor wrote its own first sentence, has a lead similarity of 0.45 to 0.60. The lead floor used
# to be the whole-text 0.6, with lead LSH 0.5: the tests, with no floor, found what production
# missed (P 1.00 R 0.90 on all pairs at those values: the three excerpts and the German teaser).
# Lead LSH 0.30-0.40 with a lead floor up to 0.45 give P 1.00 R 1.00; lead LSH 0.45 and up, or a
# floor of 0.5, lose excerpts. Two stories opening with one stock sentence (lead similarity 0.47,
# 0.53) are told apart by containment (0.2). Containment 0.75 to 0.85 tie (the middle is taken);
# at 0.70 a series teaser passes (most of it is the series intro), from 0.90 teasers are lost
# (R 0.86).
THRESHOLDS = Thresholds(lsh=0.35, floor=0.6, lead_lsh=0.35, lead_floor=0.35, containment=0.85)

# (bands, rows per band) of each LSH threshold above, at 128 permutations: what datasketch's
# MinHashLSH chooses for it (false positives and negatives weighed equally), written out so that the
# crawl never imports datasketch, which imports scipy to find them (0.4 s of CPU). Stored band keys
# are cut with these. tests/test_minhash.py checks them against datasketch; a threshold missing
# here (one the benchmark tries) is asked of datasketch (pipeline/copies/bands.py).
LSH_SHAPES: dict[float, tuple[int, int]] = {0.35: (32, 4)}
