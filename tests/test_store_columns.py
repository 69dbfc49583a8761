"""The `articles` columns and the `Article` fields agree, as pipeline/store/columns.py declares:
no column without a field or a named derivation, no field silently left out."""

from __future__ import annotations

from dataclasses import fields

import pytest

from pipeline.article import Article
from pipeline.store import CRAWLED_COLUMNS
from pipeline.store.columns import (
    CRAWLED_FIELDS,
    DERIVED_COLUMNS,
    FIELDS_NOT_STORED,
    FIELDS_STORED_APART,
)
from tests.test_store import record

FIELD_NAMES = {field.name for field in fields(Article)}


def article_columns(store) -> set[str]:
    return {row[1] for row in store.db.execute("pragma table_info(articles)")}


def test_every_column_comes_from_a_field_or_is_named_as_derived(store):
    groups = [set(CRAWLED_FIELDS), set(FIELDS_STORED_APART), set(DERIVED_COLUMNS)]
    assert sum(len(group) for group in groups) == len(set().union(*groups))  # no name twice
    assert article_columns(store) == set().union(*groups)
    assert not set(DERIVED_COLUMNS) & FIELD_NAMES  # a derived column is no field's namesake


def test_every_field_is_stored_or_named_as_not_stored():
    groups = [set(CRAWLED_FIELDS), set(FIELDS_STORED_APART), set(FIELDS_NOT_STORED)]
    assert sum(len(group) for group in groups) == len(set().union(*groups))
    assert set().union(*groups) == FIELD_NAMES
    assert all(reason for reason in (*FIELDS_NOT_STORED.values(), *DERIVED_COLUMNS.values()))


def test_the_crawl_owns_no_editors_column():
    assert not {"status", "status_by", "status_at", "archived", "fetched"} & set(CRAWLED_COLUMNS)


def distinct_value(name: str) -> object:
    """A value for a field, different from its default and from every other field's."""
    if name == "tags":
        return [{"id": "legal-pro-bono", "kind": "topic", "score": 0.9, "evidence": ["pro bono"]}]
    if name == "categories":
        return ["Actualités"]
    if name in ("minhash", "lead_minhash"):  # a signature's length: the store cuts its LSH keys
        return name.encode().ljust(512, b".")
    if name in ("language_probability", "relevance", "similarity"):
        return 0.5
    if name == "kept_aside":
        return True
    if name in ("published", "updated", "fetched"):
        return "2024-05-01T08:00:00+00:00"
    if name in ("url", "canonical_url", "canonical"):
        return "https://x.example/every-field"
    return f"{name} value"


@pytest.mark.parametrize("name", CRAWLED_FIELDS)
def test_each_crawled_field_reaches_its_column(store, name):
    article = record("every-field", **{name: distinct_value(name)})
    assert store.save_article(article) == "new"
    stored = next(store.db.query("select * from articles where id = 'every-field'"))[name]
    value = getattr(article, name)
    expected = {"tags": '["legal-pro-bono"]', "categories": '["Actualités"]',
                "kept_aside": 1}.get(name, value)
    assert stored == expected


def test_a_field_the_store_does_not_know_fails_loudly(store, monkeypatch):
    # As a renamed Article field would: an error, not a column of NULLs.
    monkeypatch.setattr("pipeline.store.columns.CRAWLED_FIELDS", (*CRAWLED_FIELDS, "headline"))
    with pytest.raises(AttributeError, match="headline"):
        store.save_article(record("a1"))
    assert store.db.execute("select count(*) from articles").fetchone()[0] == 0
