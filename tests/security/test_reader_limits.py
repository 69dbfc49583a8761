"""An anonymous reader cannot stall the others with big answers: facets only on short columns,
pages of at most READER_PAGE_MAX rows, no CSV stream, tables of articles without their bodies (read
on the row page), the Atom feed's bodies cut.

Against a real `probono serve` over the demo database plus 60 approved articles at the stored caps
(pipeline/normalize.py TEXT_CAP, HTML_CAP): 600,000 characters a row.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipeline.normalize import HTML_CAP, TEXT_CAP
from pipeline.publishing.public import READER_PAGE_MAX
from tests.security.conftest import served

HEAVY_ROWS = 60
READER_PAGE = "/capped/sources?_size=5"
HEAVY_PATHS = [
    "/capped/articles.json?_facet=content_html&_facet=text&_facet_size=max",
    "/capped/articles.json?_size=1000", "/capped/articles.json?_size=max&_col=text",
    "/capped/articles.csv?_stream=on&_size=max", "/capped/articles.csv?_size=100",
    "/capped/articles.json?_size=100&_col=content_html&_col=text", "/capped/published.atom",
    "/capped/articles?_size=100",
]
SMALL_BYTES = 3_000_000  # what any one anonymous answer here may weigh


def fetch(base: str, path: str) -> tuple[int, int, float]:
    """Status, body size and seconds of a GET."""
    parts = urlsplit(base)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        size = len(response.read())
        return response.status, size, time.monotonic() - started
    finally:
        connection.close()


@pytest.fixture(scope="module")
def capped_db(demo_db, tmp_path_factory) -> Path:
    """The demo database plus HEAVY_ROWS approved articles whose text and HTML are at the caps."""
    db = tmp_path_factory.mktemp("capped") / "capped.db"
    shutil.copy(demo_db, db)
    text = ("Le bénévolat de compétences aide les associations du monde. " * 4 + "\n\n")
    html = "<p>" + "Le bénévolat de compétences aide les <b>associations</b>. " * 4 + "</p>"
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        for n in range(HEAVY_ROWS):
            article_id = f"{n:016x}"
            # Each row's bodies differ, so a facet over them has as many values as rows.
            body_text = (f"{n} " + text * (TEXT_CAP // len(text) + 1))[:TEXT_CAP]
            body_html = (f"<p>{n}</p>" + html * (HTML_CAP // len(html) + 1))[:HTML_CAP]
            connection.execute(
                "insert into articles (id, url, canonical_url, source_id, title, summary, text,"
                " content_html, published, fetched, language, kept_aside)"
                " values (?, ?, ?, 'big', ?, 'teaser', ?, ?, '2025-03-05T10:00:00+00:00',"
                " '2025-03-05T10:00:00+00:00', 'fr', 0)",
                [article_id, f"http://big.test/a/{n}", f"http://big.test/a/{n}", f"Capped {n}",
                 body_text, body_html])
            connection.execute("insert into editorial_decisions (article_id, status, editor)"
                               " values (?, 'approved', 'zelda')", [article_id])
    return db


@pytest.fixture(scope="module")
def server(capped_db, tmp_path_factory):
    with served(capped_db, tmp_path_factory.mktemp("capped-serve")) as (_process, base):
        yield base


def test_heavy_anonymous_requests_do_not_stall_a_reader(server):
    results: dict[str, tuple[int, int, float] | OSError] = {}

    def heavy(path: str) -> None:
        try:
            results[path] = fetch(server, path)
        except OSError as error:
            results[path] = error
    threads = [threading.Thread(target=heavy, args=(path,)) for path in HEAVY_PATHS]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # the heavy requests are running
    try:
        status, _size, seconds = fetch(server, READER_PAGE)
    finally:
        for thread in threads:
            thread.join(timeout=120)
    print(f"reader page {seconds:.2f} s; heavy: {results}")
    assert status == 200 and seconds < 2.0, seconds
    for path, result in results.items():
        assert not isinstance(result, OSError), (path, result)
        assert result[0] in (200, 400) and result[1] < SMALL_BYTES, (path, result)


@pytest.mark.parametrize("path", [
    "/capped/articles.json?_facet=text", "/capped/articles.json?_facet=content_html",
    "/capped/articles.json?_facet_size=max", f"/capped/articles.json?_size={READER_PAGE_MAX + 1}",
    "/capped/articles.json?_size=max", "/capped/articles.csv?_stream=1",
])
def test_what_readers_may_not_ask_is_refused(server, path):
    assert fetch(server, path)[0] == 400, path


def test_readers_keep_the_configured_facets_and_read_bodies_on_the_row_page(server):
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", f"/capped/articles.json?_shape=objects&_size={READER_PAGE_MAX}")
        page = json.loads(connection.getresponse().read())
        connection.request("GET", "/capped/articles/0000000000000001.json?_shape=objects")
        row = json.loads(connection.getresponse().read())["rows"][0]
    finally:
        connection.close()
    assert {"language", "source_id", "country", "status", "tags", "published"} <= set(
        page["facet_results"])
    assert len(page["rows"]) == READER_PAGE_MAX
    assert not {"text", "content_html"} & set(page["rows"][0])
    assert len(row["text"]) == TEXT_CAP and len(row["content_html"]) == HTML_CAP


@pytest.mark.parametrize("path", [
    "/capped/~61rticles.json?_size=100", "/capped/~61rticles.csv?_size=100",
    "/capped/~61rticles?_size=100", "/capped/articl~65s.json?_size=100&_col=text",
    "/capped/~61rticles.json?_shape=array&_size=100",
])
def test_a_tilde_encoded_articles_table_is_still_without_bodies(server, path):
    # Datasette tilde-decodes the table's segment: ~61rticles is the articles table.
    status, size, _seconds = fetch(server, path)
    assert status in (200, 400) and size < SMALL_BYTES, (path, status, size)


@pytest.mark.parametrize("table", ["articles_fts", "articles_fts_data", "articles_fts_idx",
                                   "articles_fts_docsize", "articles_fts_config",
                                   "~61rticles_fts"])
def test_the_full_text_index_is_not_readable_by_readers(server, table):
    for suffix in (".json?_size=100", ".csv?_size=100", "?_size=100"):
        status, size, _seconds = fetch(server, f"/capped/{table}{suffix}")
        assert status == 403 and size < 100_000, (table, suffix, status, size)


def test_readers_still_search_through_the_query_and_the_table(server):
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", "/capped/search.json?_shape=array&q=b%C3%A9n%C3%A9volat")
        canned = json.loads(connection.getresponse().read())
        connection.request("GET", "/capped/articles.json?_shape=array&_search=b%C3%A9n%C3%A9volat")
        table = json.loads(connection.getresponse().read())
    finally:
        connection.close()
    assert canned and table and not {"text", "content_html"} & set(table[0])


@pytest.mark.parametrize(("path", "expected"), [
    ("/capped/articles.json?_facet=language&_size=1", 200),
    ("/capped/articles.json?_facet=source_id&_facet=country&_size=1", 200),
    ("/capped/articles.json?_facet=text&_size=1", 400),
    ("/capped/articles.csv?_stream=1", 400), ("/capped/articles.csv?_stream=on&_size=5", 400),
    ("/capped/articles.json?_size=%C2%B2", 400), ("/capped/articles.json?_facet_size=%D9%A3", 400),
    ("/capped/articles.json?_size=%EF%BC%95", 400),
])
def test_readers_facet_short_columns_but_never_stream(server, path, expected):
    assert fetch(server, path)[0] == expected, path
