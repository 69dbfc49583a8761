"""How well a crawl of the generated world did: recall, precision, field rates, from its database.

    result = score(db_path, world)
    result.recall, result.precision, result.title_rate, result.styles["drupal"].recall
    print(result.table())

A stored article of a site's source matches an expected article when their identity URLs
(pipeline.urls.identity_url, of the stored url or canonical_url) are equal; anything else stored
from that source is a false positive. Field rates are over matched articles: title equal after
trimming, published on the same UTC date, author equal (both empty counts as equal), language equal.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.urls import identity_url
from tests.world.generator import Site, World


@dataclass
class Figures:
    expected: int = 0
    stored: int = 0
    matched: int = 0
    title: int = 0
    date: int = 0
    author: int = 0
    language: int = 0
    missing: list[str] = field(default_factory=list)  # expected paths not stored
    extra: list[str] = field(default_factory=list)    # stored URLs not expected
    wrong: list[str] = field(default_factory=list)    # "path: field stored != expected"

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.stored if self.stored else 1.0

    def rate(self, name: str) -> float:
        return getattr(self, name) / self.matched if self.matched else 0.0

    @property
    def title_rate(self) -> float:
        return self.rate("title")

    @property
    def date_rate(self) -> float:
        return self.rate("date")

    @property
    def author_rate(self) -> float:
        return self.rate("author")

    @property
    def language_rate(self) -> float:
        return self.rate("language")

    def add(self, other: Figures) -> None:
        for name in ("expected", "stored", "matched", "title", "date", "author", "language"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Score(Figures):
    sites: dict[str, Figures] = field(default_factory=dict)
    styles: dict[str, Figures] = field(default_factory=dict)
    languages: dict[str, Figures] = field(default_factory=dict)

    def table(self) -> str:
        """One line per style and the overall figures, for a benchmark's output."""
        rows = [f"{'':18} {'exp':>4} {'got':>4} {'recall':>6} {'prec':>6} {'title':>6} {'date':>6} "
                f"{'author':>6} {'lang':>6}"]
        for name, f in [*sorted(self.styles.items()), ("ALL", self)]:
            rows.append(f"{name:18} {f.expected:4d} {f.stored:4d} {f.recall:6.3f} "
                        f"{f.precision:6.3f} "
                        f"{f.title_rate:6.3f} {f.date_rate:6.3f} {f.author_rate:6.3f} "
                        f"{f.language_rate:6.3f}")
        return "\n".join(rows)


def _site_origin(site: Site) -> str:
    return f"http://{site.id}.test"


def score_site(site: Site, rows: list[sqlite3.Row]) -> Figures:
    """The figures of one site from its stored rows (url, canonical_url, title, ...)."""
    figures = Figures(expected=len(site.expected), stored=len(rows))
    by_identity = {identity_url(_site_origin(site) + e.path): e for e in site.expected}
    seen: set[str] = set()
    for row in rows:
        keys = [identity_url(u) for u in (row["canonical_url"], row["url"]) if u]
        key = next((k for k in keys if k in by_identity), None)
        if key is None or key in seen:
            figures.extra.append(row["url"])
            continue
        seen.add(key)
        expected = by_identity[key]
        figures.matched += 1
        checks = {
            "title": ((row["title"] or "").strip(), expected.title),
            "date": ((row["published"] or "")[:10], expected.published),
            "author": ((row["author"] or "").strip() or None, expected.author),
            "language": (row["language"], expected.language),
        }
        for name, (got, want) in checks.items():
            if got == want:
                setattr(figures, name, getattr(figures, name) + 1)
            else:
                figures.wrong.append(f"{expected.path}: {name} {got!r} != {want!r}")
    figures.missing = [e.path for key, e in by_identity.items() if key not in seen]
    return figures


def score(db_path: str | Path, world: World) -> Score:
    """Recall, precision and field rates of a crawl of `world` stored in `db_path`."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute(
            "select source_id, url, canonical_url, title, published, author, language "
            "from articles").fetchall()
    finally:
        connection.close()
    by_source: dict[str, list[sqlite3.Row]] = {}
    for row in rows:
        by_source.setdefault(row["source_id"], []).append(row)
    result = Score()
    for site in world.sites:
        figures = score_site(site, by_source.get(site.id, []))
        result.sites[site.id] = figures
        result.add(figures)
        result.styles.setdefault(site.style, Figures()).add(figures)
        result.languages.setdefault(site.language, Figures()).add(figures)
    return result
