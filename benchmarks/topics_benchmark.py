"""Precision and recall of pipeline/tagging.py on the labelled multilingual set.

The set: tests/fixtures/labelled/topics/<language>.yaml, articles labelled by hand (by people who
did not see the tagger's output) with their topics, the organisations and the countries they name.
Printed: precision and recall of topics, organisations and countries per language, per tag and
overall, on fold 0, fold 1 and both. An article's fold is the lowest bit of the sha1 of its id:
tune by looking at fold 0's errors only (--errors), and keep a change only if fold 1 does not get
worse.

Broad topics (skills-based-volunteering, nonprofit-management): every article of the set is about
pro bono for non-profits, so these two are true of nearly all of them, and the labellers name them
only when an article is mostly about them. A predicted broad topic is therefore never a false
positive (as in tests/test_labelled_set.py); a labelled one that the tagger misses is a miss.

Run: .venv/bin/python benchmarks/topics_benchmark.py [--tags] [--errors 0] [--keywords 0] [--speed]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # appended: a caller may put another pipeline first

from pipeline.errors import ConfigError
from pipeline.tagging import load_gazetteer, load_taxonomy, tag_article

LABELLED = ROOT / "tests" / "fixtures" / "labelled" / "topics"
BROAD_TOPICS = frozenset({"skills-based-volunteering", "nonprofit-management"})
KINDS = ("topic", "organisation", "country")
ARTICLE_KEYS = {"id", "title", "text", "topics", "organisations", "countries"}
_ID = re.compile(r"^[a-z]{2}-[0-9]{2,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Labelled:
    """One labelled article."""

    id: str
    language: str
    title: str
    text: str
    expected: dict[str, frozenset[str]]  # kind -> ids

    @property
    def fold(self) -> int:
        return hashlib.sha1(self.id.encode("utf-8")).digest()[-1] & 1


def load_labelled(folder: Path = LABELLED) -> list[Labelled]:
    """Every labelled article, checked: errors name the file, the article and the field."""
    topics = {topic.id for topic in load_taxonomy().topics}
    organisations = set(load_gazetteer().organisations)
    articles: list[Labelled] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("language") != path.stem:
            raise ConfigError(f"expected 'language: {path.stem}' (the file's name)", path=str(path),
                              field="language")
        if not isinstance(document.get("articles"), list) or not document["articles"]:
            raise ConfigError("expected a non-empty list", path=str(path), field="articles")
        for index, raw in enumerate(document["articles"]):
            article = _article(path, index, raw, topics, organisations)
            if article.id in seen:
                raise ConfigError(f"id '{article.id}' also in {seen[article.id].name}",
                                  path=str(path), field=f"articles[{index}].id")
            seen[article.id] = path
            articles.append(article)
    if not articles:
        raise ConfigError("no labelled file", path=str(folder))
    return articles


def _article(path: Path, index: int, raw: object, topics: set[str],
             organisations: set[str]) -> Labelled:
    where = f"articles[{index}]"

    def error(field: str, message: str) -> ConfigError:
        return ConfigError(message, path=str(path), field=f"{where}.{field}" if field else where)

    if not isinstance(raw, dict):
        raise error("", f"expected a mapping, got {raw!r}")
    if set(raw) != ARTICLE_KEYS:
        odd = sorted(set(raw) ^ ARTICLE_KEYS)
        raise error(odd[0], f"expected exactly the keys {', '.join(sorted(ARTICLE_KEYS))}")
    if not isinstance(raw["id"], str) or not _ID.match(raw["id"]) \
            or not raw["id"].startswith(path.stem + "-"):
        raise error("id", f"expected '{path.stem}-NN', got {raw['id']!r}")
    where = f"articles[{index}] ({raw['id']})"
    for field in ("title", "text"):
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise error(field, "expected a non-empty string")
    known = {"topics": topics, "organisations": organisations, "countries": None}
    expected = {}
    for field, kind in zip(known, KINDS):
        values = raw[field]
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise error(field, f"expected a list of ids, got {values!r}")
        for value in values:
            valid = _COUNTRY.match(value) if known[field] is None else value in known[field]
            if not valid:
                raise error(field, f"unknown id {value!r}")
        expected[kind] = frozenset(values)
    return Labelled(raw["id"], path.stem, raw["title"], raw["text"], expected)


def predicted(article: Labelled) -> dict[str, frozenset[str]]:
    tags = tag_article(article.title, article.text, article.language)
    return {kind: frozenset(tag.id for tag in tags if tag.kind == kind) for kind in KINDS}


@dataclass
class Counts:
    """Hits, predictions and labels of one tag, language or kind."""

    right: int = 0  # predicted and labelled, or predicted and broad
    predicted: int = 0
    found: int = 0  # labelled and predicted
    labelled: int = 0

    def add(self, guess: frozenset[str], truth: frozenset[str], broad: frozenset[str]) -> None:
        self.right += len(guess & (truth | broad))
        self.predicted += len(guess)
        self.found += len(guess & truth)
        self.labelled += len(truth)

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0


def score(articles: list[Labelled]) -> dict[tuple[str, str, str], Counts]:
    """Counts keyed (kind, "language"|"tag"|"all", name); the pipeline's guesses, once each."""
    counts: dict[tuple[str, str, str], Counts] = {}
    for article in articles:
        guess = predicted(article)
        for kind in KINDS:
            broad = BROAD_TOPICS if kind == "topic" else frozenset()
            truth = article.expected[kind]
            for key in ((kind, "language", article.language), (kind, "all", "all")):
                counts.setdefault(key, Counts()).add(guess[kind], truth, broad)
            for tag in guess[kind] | truth:
                one = frozenset({tag})
                counts.setdefault((kind, "tag", tag), Counts()).add(
                    guess[kind] & one, truth & one, broad & one)
    return counts


def _cell(counts: Counts | None) -> str:
    if counts is None:
        return f"{'-':>15}"
    return f"{counts.precision:5.2f} {counts.recall:4.2f} {counts.labelled:>3}{counts.predicted:>3}"


def report(articles: list[Labelled], show_tags: bool) -> None:
    folds = {"fold 0": [a for a in articles if a.fold == 0],
             "fold 1": [a for a in articles if a.fold == 1], "both": articles}
    scored = {name: score(part) for name, part in folds.items()}
    print(f"{len(articles)} articles: " + ", ".join(f"{name} {len(part)}"
                                                    for name, part in folds.items()))
    print("cells: precision recall labelled predicted; broad topics "
          f"({', '.join(sorted(BROAD_TOPICS))}) are never false positives")
    languages = sorted({article.language for article in articles})
    for kind in KINDS:
        rows = [("all", "all")] + [("language", language) for language in languages]
        if show_tags:
            rows += sorted((group, name) for (k, group, name) in scored["both"]
                           if k == kind and group == "tag")
        print(f"\n{kind:<26}" + "".join(f"{name:>16}" for name in folds))
        for group, name in rows:
            print(f"{name:<26}" + "".join(" " + _cell(scored[fold].get((kind, group, name)))
                                          for fold in folds))


def errors(articles: list[Labelled], fold: int) -> None:
    """What the tagger got wrong on one fold, with the evidence of each wrong tag."""
    for article in articles:
        if article.fold != fold:
            continue
        tags = tag_article(article.title, article.text, article.language)
        for kind in KINDS:
            guess = {tag.id: tag for tag in tags if tag.kind == kind}
            truth = article.expected[kind]
            broad = BROAD_TOPICS if kind == "topic" else frozenset()
            extra = sorted(set(guess) - truth - broad)
            missed = sorted(truth - set(guess))
            for tag_id in extra:
                print(f"{article.id} {kind} EXTRA {tag_id} {guess[tag_id].score} "
                      f"{list(guess[tag_id].evidence)}")
            for tag_id in missed:
                print(f"{article.id} {kind} MISSED {tag_id}")


def keyword_precision(articles: list[Labelled]) -> None:
    """Per keyword: in how many articles it is found, and how many of those carry its topic."""
    from pipeline.tagging import _hits  # the raw hits, before scoring

    found: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for article in articles:
        title, text = _hits(article.title, article.text)
        for term in title.keys() | text.keys():
            if term.kind == "topic":
                found[term.target, term.label] += 1
                right[term.target, term.label] += term.target in article.expected["topic"]
    worst = sorted(found, key=lambda key: (right[key] - found[key], key))
    print("\nkeywords found in articles not labelled with their topic "
          "(topic, keyword, wrong/found)")
    for key in worst:
        if found[key] - right[key] >= 2 and key[0] not in BROAD_TOPICS:
            print(f"  {key[0]:<26} {key[1]:<40} {found[key] - right[key]}/{found[key]}")


def speed(articles: list[Labelled]) -> None:
    """Time to tag: the labelled articles, then one text of about 1 MB (cache cleared each time)."""
    from pipeline import tagging

    started = time.perf_counter()
    tagging.load_taxonomy.cache_clear(), tagging.load_gazetteer.cache_clear()
    tagging._family.cache_clear()
    tagging._families()
    loading = time.perf_counter() - started
    started = time.perf_counter()
    for article in articles:
        tagging._hits.cache_clear()
        tag_article(article.title, article.text, article.language)
    per_article = (time.perf_counter() - started) / len(articles)
    big = " ".join(article.text for article in articles)
    big = (big * (1_000_000 // len(big) + 1))[:1_000_000]
    tagging._hits.cache_clear()
    started = time.perf_counter()
    tag_article("", big, None)
    megabyte = time.perf_counter() - started
    print(f"\nspeed: loading and compiling {loading * 1000:.0f} ms, "
          f"{per_article * 1000:.2f} ms per labelled article, "
          f"{megabyte:.2f} s for 1 MB of their texts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", type=int, choices=(0, 1), help="list this fold's errors")
    parser.add_argument("--tags", action="store_true", help="also print every tag's figures")
    parser.add_argument("--speed", action="store_true", help="also time the tagger")
    parser.add_argument("--keywords", type=int, choices=(0, 1),
                        help="list the keywords found in articles not labelled with their topic")
    options = parser.parse_args()
    articles = load_labelled()
    report(articles, options.tags)
    if options.speed:
        speed(articles)
    if options.keywords is not None:
        keyword_precision([a for a in articles if a.fold == options.keywords])
    if options.errors is not None:
        print(f"\nerrors of fold {options.errors}")
        errors(articles, options.errors)


if __name__ == "__main__":
    main()
