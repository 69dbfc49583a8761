"""Datasette over the demo database: the project's metadata loads, search ignores accents,
and `probono serve` really serves it on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import shutil
import urllib.parse
import urllib.request

import pytest
from datasette.app import Datasette

from pipeline.publishing.serve import datasette_instance
from tests.processes import probono_serve


def get_json(ds: Datasette, path: str):
    async def fetch():
        await ds.invoke_startup()
        return await ds.client.get(path)
    response = asyncio.run(fetch())
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@pytest.fixture(scope="module")
def ds(demo_db, tmp_path_factory):
    # A copy: the session's demo database is crawled again in place by tests/test_end_to_end.py,
    # and this module's connections stay open in this process.
    db = tmp_path_factory.mktemp("datasette") / "demo.db"
    shutil.copy(demo_db, db)
    return datasette_instance(db)


def search(ds: Datasette, query: str) -> set[str]:
    path = "/demo/articles.json?_shape=array&_col=title&_search=" + urllib.parse.quote(query)
    return {row["title"] for row in get_json(ds, path)}


def test_search_finds_the_same_articles_with_or_without_accents(ds):
    accented, plain = search(ds, "bénévolat"), search(ds, "benevolat")
    assert accented and accented == plain
    assert any("bénévolat de compétences" in title for title in plain)
    assert search(ds, "mecenat competences") == search(ds, "mécénat compétences") != set()


def test_search_works_in_english_and_spanish(ds):
    assert any("skills-based" in t.lower() for t in search(ds, "skills-based volunteering"))
    assert search(ds, "voluntariado profesional")


def test_project_metadata_is_applied_to_the_served_database(ds):
    metadata = get_json(ds, "/-/metadata.json")
    assert metadata["title"] == "probono-feed"
    assert metadata["databases"]["demo"]["tables"]["articles"]["sort_desc"] == "published"
    page = get_json(ds, "/demo/articles.json?_shape=objects&_size=5")
    dates = [row["published"] for row in page["rows"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5  # newest first
    assert set(page["facet_results"]) >= {"language", "source_id"}
    languages = {v["value"] for v in page["facet_results"]["language"]["results"]}
    assert {"fr", "en", "es", "zh"} <= languages
    tags = {v["value"] for v in page["facet_results"]["tags"]["results"]}
    assert {"skills-based-volunteering", "legal-pro-bono"} <= tags
    relevance = get_json(
        ds, "/demo/articles.json?_shape=array&_col=relevance&_col=relevance_reason&_size=3")
    assert all("relevance_reason" in row for row in relevance)


def test_readers_cannot_run_sql_of_their_own(ds):
    # Arbitrary SQL could read the editors' notes; readers have the tables and canned queries.
    async def attempt():
        await ds.invoke_startup()
        sql = urllib.parse.quote("select count(*) from articles")
        return await ds.client.get("/demo.json?sql=" + sql)
    assert asyncio.run(attempt()).status_code == 403
    count = get_json(ds, "/demo/languages.json?_shape=array")
    assert sum(row["stories"] for row in count) == 39


def test_probono_serve_answers_on_loopback(demo_db, tmp_path):
    env = {"PROBONO_EDITORS_FILE": str(tmp_path / "editors.json")}
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    with probono_serve(db, tmp_path / "serve.log", env=env) as (_process, base):
        with urllib.request.urlopen(f"{base}/-/versions.json", timeout=10) as response:
            versions = json.load(response)
        assert versions["datasette"]["version"].startswith("0.65.")
        query = urllib.parse.quote("bénévolat")
        url = f"{base}/demo/articles.json?_shape=array&_search={query}"
        with urllib.request.urlopen(url) as response:
            assert len(json.load(response)) >= 1
