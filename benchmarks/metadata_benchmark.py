#!/usr/bin/env python3
"""Author and publication-day rates of extract_article on the generated metadata world.

The world (tests/world/metadata.py) holds article pages in 24 languages, each with its own byline
and date markup and traps (copyright years, later updates, sidebars, comments, future events).
Prints, per language and per markup style, the share of pages whose authors (same names after
case and space folding, order aside) and whose published day (first 10 characters; None when the
page states none) are right; then the first failures of each language. With --trafilatura, the
same figures for trafilatura.bare_extraction on the same pages, in the same run, as a baseline.

    .venv/bin/python benchmarks/metadata_benchmark.py [--seed 7] [--per-language 40] [--trafilatura]
        [--languages fr,de] [--failures 3] [--dump /tmp/metadata-pages]
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract_article
from tests.world.metadata import (
    MetaPage,
    authors_match,
    day_matches,
    make_metadata_pages,
    titles_match,
)

# The extractor resolves relative dates ("3 days ago") against `fetched` once it accepts it.
TAKES_FETCHED = "fetched" in inspect.signature(extract_article).parameters


@dataclass
class Outcome:
    page: MetaPage
    author: str | None
    published: str | None
    author_right: bool
    date_right: bool
    title: str = ""
    title_right: bool = False


def ours(page: MetaPage) -> Outcome:
    kwargs = {"fetched": page.fetched} if TAKES_FETCHED else {}
    result = extract_article(page.html, page.url, **kwargs)
    return Outcome(page, result.author, result.published,
                   authors_match(page.expected_authors, result.author),
                   day_matches(page.expected_published_day, result.published),
                   result.title, titles_match(page.expected_title, result.title))


def trafilatura_baseline(page: MetaPage) -> Outcome:
    import trafilatura

    document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    author = getattr(document, "author", None) if document is not None else None
    published = getattr(document, "date", None) if document is not None else None
    title = (getattr(document, "title", None) if document is not None else None) or ""
    # trafilatura joins several authors with "; ".
    return Outcome(page, author, published, authors_match(page.expected_authors, author, ";,"),
                   day_matches(page.expected_published_day, published),
                   title, titles_match(page.expected_title, title))


def rate(outcomes: list[Outcome], which: str) -> float:
    return sum(getattr(o, which) for o in outcomes) / len(outcomes) if outcomes else float("nan")


def print_table(title: str, groups: dict[str, list[Outcome]], baseline: dict[str, list[Outcome]],
                columns: tuple[str, ...]) -> None:
    heads = {"author_right": "author", "date_right": "date", "title_right": "title"}
    header = f"{title:<40}{'pages':>6}" + "".join(f"{heads[c]:>9}" for c in columns)
    if baseline:
        header += "".join(f"{'traf ' + heads[c]:>13}" for c in columns)
    print(header)
    for key in sorted(groups):
        line = f"{key:<40}{len(groups[key]):>6}" + "".join(f"{rate(groups[key], c):>9.3f}"
                                                           for c in columns)
        if baseline:
            line += "".join(f"{rate(baseline[key], c):>13.3f}" for c in columns)
        print(line)
    print()


def group(outcomes: list[Outcome], key) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome.page)].append(outcome)
    return groups


def by_note(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """Pages grouped by each trap or decision their notes name (a page may be in several)."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        for note in outcome.page.notes:
            groups[note.split(":")[0] if note.startswith("relative") else note].append(outcome)
    return groups


def dump(pages: list[MetaPage], folder: Path) -> None:
    """Each page as an .html file, and expected.jsonl with what it should give."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "expected.jsonl").open("w", encoding="utf-8") as expected:
        for index, page in enumerate(pages):
            name = f"{page.language}-{index:04d}.html"
            (folder / name).write_text(page.html, encoding="utf-8")
            record = {"file": name, "url": page.url, "fetched": page.fetched.isoformat(),
                      "published_day": page.expected_published_day,
                      "authors": page.expected_authors, "title": page.expected_title,
                      "style": page.style, "title_style": page.title_style, "notes": page.notes}
            expected.write(json.dumps(record, ensure_ascii=False) + "\n")


def print_failures(outcomes: list[Outcome], limit: int) -> None:
    for language, items in group(outcomes, lambda p: p.language).items():
        failures = [o for o in items
                    if not (o.author_right and o.date_right and o.title_right)][:limit]
        for o in failures:
            p = o.page
            print(f"[{language}] {p.style} {p.url} fetched={p.fetched.isoformat()}")
            if not o.author_right:
                print(f"    author: expected {p.expected_authors!r} got {o.author!r}")
            if not o.date_right:
                print(f"    date:   expected {p.expected_published_day!r} got {o.published!r}")
            if not o.title_right:
                print(f"    title:  expected {p.expected_title!r} got {o.title!r}")
            if p.notes:
                print(f"    notes:  {'; '.join(p.notes)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7, help="world seed (default 7)")
    parser.add_argument("--per-language", type=int, default=40,
                        help="pages per language (default 40)")
    parser.add_argument("--languages", default="", help="comma-separated codes (default: all)")
    parser.add_argument("--trafilatura", action="store_true",
                        help="also run trafilatura.bare_extraction on the pages, as a baseline")
    parser.add_argument("--failures", type=int, default=3, help="failures shown per language")
    parser.add_argument("--dump", type=Path, help="also write the pages and expected.jsonl here")
    args = parser.parse_args()
    languages = [c for c in args.languages.split(",") if c] or None
    pages = make_metadata_pages(args.seed, args.per_language, languages)
    if args.dump:
        dump(pages, args.dump)
    print(f"{len(pages)} pages, seed {args.seed}; extract_article "
          f"{'with' if TAKES_FETCHED else 'WITHOUT'} fetched (relative dates)\n")
    outcomes = [ours(p) for p in pages]
    baseline = [trafilatura_baseline(p) for p in pages] if args.trafilatura else []
    both = ("author_right", "date_right")
    by = {"language": lambda p: p.language, "author style": lambda p: p.author_style,
          "date style": lambda p: p.date_style, "title style": lambda p: p.title_style}
    for title, key in by.items():
        columns = {"author style": ("author_right",), "date style": ("date_right",),
                   "title style": ("title_right",)}.get(title, (*both, "title_right"))
        print_table(title, group(outcomes, key), group(baseline, key) if baseline else {}, columns)
    print_table("trap or decision", by_note(outcomes), by_note(baseline) if baseline else {}, both)
    line = (f"OVERALL author {rate(outcomes, 'author_right'):.3f}  "
            f"date {rate(outcomes, 'date_right'):.3f}  title {rate(outcomes, 'title_right'):.3f}")
    if baseline:
        line += (f"   trafilatura author {rate(baseline, 'author_right'):.3f}  "
                 f"date {rate(baseline, 'date_right'):.3f}  "
                 f"title {rate(baseline, 'title_right'):.3f}")
    print(line + "\n")
    print_failures(outcomes, args.failures)


if __name__ == "__main__":
    main()
