"""Precision and recall of language, topics and duplicate groups on the demo network, labelled by
hand (tests/fixtures/labelled/demo.yaml), measured on a database the real crawl built."""

from __future__ import annotations

import json
import sqlite3
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

import yaml

LABELS_FILE = Path(__file__).parent / "fixtures" / "labelled" / "demo.yaml"
LABELS = yaml.safe_load(LABELS_FILE.read_text("utf-8"))
ALWAYS_ACCEPTABLE = {"skills-based-volunteering", "nonprofit-management"}


def crawled(demo_db) -> dict[str, dict]:
    connection = sqlite3.connect(demo_db)
    connection.row_factory = sqlite3.Row
    rows = {urlsplit(r["canonical_url"]).path: dict(r) for r in connection.execute(
        "select a.*, (select json_group_array(tag) from article_tags t where t.article_id = a.id"
        " and t.kind = 'topic') as topics from articles a")}
    connection.close()
    return rows


def figures(demo_db) -> dict[str, float]:
    rows = crawled(demo_db)
    labels = LABELS["articles"]
    assert set(rows) == set(labels)
    language_right = sum(rows[path]["language"] == label["language"]
                         for path, label in labels.items())
    expected = found = predicted = acceptable = 0
    for path, label in labels.items():
        topics = set(json.loads(rows[path]["topics"]))
        expected += len(label["topics"])
        found += len(topics & set(label["topics"]))
        predicted += len(topics)
        acceptable += len(topics & (set(label["topics"]) | ALWAYS_ACCEPTABLE))
    same = {frozenset(pair) for group in LABELS["groups"] for pair in combinations(group, 2)}
    by_id = {row["id"]: path for path, row in rows.items()}
    root = {path: by_id.get(row["duplicate_of"], path) for path, row in rows.items()}
    folded = {frozenset(pair) for pair in combinations(rows, 2) if root[pair[0]] == root[pair[1]]}
    return {
        "language accuracy": language_right / len(labels),
        "topic recall": found / expected, "topic precision": acceptable / predicted,
        # Every demo article is about pro bono: how many would a general medium's filter keep?
        "relevance recall": (sum((row["relevance"] or 0) >= 0.4 for row in rows.values())
                             / len(rows)),
        "dedup recall": len(same & folded) / len(same),
        "dedup precision": len(same & folded) / len(folded) if folded else 1.0,
    }


def test_language_topics_and_duplicates_on_the_labelled_demo(demo_db):
    result = figures(demo_db)
    print(json.dumps({name: round(value, 3) for name, value in result.items()}))
    assert result["language accuracy"] == 1.0
    assert all(row["language_probability"] for row in crawled(demo_db).values())
    assert result["dedup recall"] == 1.0 and result["dedup precision"] == 1.0
    assert result["topic recall"] >= 0.7 and result["topic precision"] >= 0.7
    assert result["relevance recall"] >= 0.7
