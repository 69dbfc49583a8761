"""Article evidence on real pages written by others (../shared/eval), per fold.

    .venv/bin/python benchmarks/article_evidence_eval.py [--root ../shared/eval]

A page reached without a feed is judged by pipeline/pagekind.py: a link of a listing read without
selectors is dropped only on evidence that it is no article (a listing, a site root, an archive
URL, events, jobs, legal...: "listing" below); a sitemap entry, or a link of a homepage read as a
listing, is stored only on evidence that it IS one ("sitemap" below). The generated test world was
written by us; these pages were not. zyte's are all news articles; trafilatura's and htmldate's
are mostly articles, with some product, wiki, repository and home pages. So the share kept is the
recall on pages nobody tuned the rules for (a lower bound), per set and per fold (score.py's
folds: a hash of the URL). Pages whose truth has no date (htmldate's "NaN") are counted apart.
Prints the reasons the pages were dropped.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.article import Article
from pipeline.enrich import with_page
from pipeline.pagekind import non_article_reason
from pipeline.sources import parse_sources

# A source on a site of its own: the eval pages are never its homepage or listing.
SOURCE = parse_sources("sources:\n  - id: elsewhere\n    name: E\n    organisation: E\n"
                       "    country: FR\n    homepage: https://elsewhere.example/\n"
                       "    languages: [en]\n")[0]


def fold_of(url: str) -> int:
    """score.py's fold: a stable hash of the URL."""
    return (int(hashlib.sha1(url.encode()).hexdigest(), 16) >> 1) % 2


def pages(root: Path) -> list[tuple[str, str, Path, bool]]:
    """(set, url, file, dated) for every page of the three sets."""
    found = []
    zyte = json.loads((root / "extraction/zyte/truth.json").read_text())
    found += [("zyte", v["url"], root / f"extraction/zyte/pages/{k}.html.gz", True)
              for k, v in zyte.items()]
    trafilatura = json.loads((root / "extraction/trafilatura/truth.json").read_text())
    found += [("trafilatura", url, root / f"extraction/trafilatura/pages/{v['file']}", True)
              for url, v in trafilatura.items()]
    for name in ("truth_default.json", "truth_mediacloud_2020.json"):
        truth = json.loads((root / f"dates/htmldate/{name}").read_text())
        found += [("htmldate", url, root / f"dates/htmldate/pages/{v['file']}",
                   v.get("date") not in (None, "NaN", "nan", "")) for url, v in truth.items()]
    return found


def verdicts(url: str, path: Path) -> tuple[str | None, str | None]:
    """Why the page would be dropped from a found listing, and from a sitemap (None: kept)."""
    html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    article = with_page(Article(url=url, source=SOURCE.id, via="page"), html, None)
    return tuple(non_article_reason(url, SOURCE, html, article.text, from_page_spider=True,
                                    published=article.published, needs_evidence=evidence)
                 for evidence in (False, True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    if not args.root.is_dir():
        sys.exit(f"{args.root}: no such folder (../shared/eval beside the project)")
    kept: Counter = Counter()
    total: Counter = Counter()
    reasons: Counter = Counter()
    for name, url, path, dated in pages(args.root):
        if not path.is_file():
            continue
        name = name if dated else f"{name} (no date)"
        total[(name, fold_of(url))] += 1
        for way, reason in zip(("listing", "sitemap"), verdicts(url, path)):
            if reason is None:
                kept[(name, way, fold_of(url))] += 1
            else:
                reasons[(name, way, reason)] += 1
    print(f"{'set':22} {'way':8} {'fold 0':>16} {'fold 1':>16}")
    for name in sorted({key[0] for key in total}):
        for way in ("listing", "sitemap"):
            cells = [f"{kept[(name, way, f)]:4d}/{total[(name, f)]:<4d} "
                     f"{kept[(name, way, f)] / max(total[(name, f)], 1):.3f}" for f in (0, 1)]
            print(f"{name:22} {way:8} {cells[0]:>16} {cells[1]:>16}")
    print("\nreasons pages were dropped:")
    for (name, way, reason), count in reasons.most_common(24):
        print(f"  {name:22} {way:8} {reason:28} {count}")


if __name__ == "__main__":
    main()
