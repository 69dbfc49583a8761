"""Finding 6: the pages leak nothing to anonymous readers and cannot be framed.

A real `probono serve` over a crawled database where an editor decided two articles: no page an
anonymous reader can open names the editor (metadata, facets, filters, row pages, feeds, JSON,
CSV); every response forbids framing and sniffing; absolute URLs come from the configured base URL,
never from the Host header.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from urllib.parse import urlsplit

import pytest

from tests.conftest import BIN, run
from tests.security.conftest import EDITOR, RAW_ID, served

EVIL_HOST = "evil.example"
BASE_URL = "https://feed.example.org"
PUBLIC_PATHS = [
    "/", "/-/metadata.json", "/-/metadata", "/-/actor.json", "/-/plugins.json", "/-/settings.json",
    "/-/databases.json", "/-/versions.json", "/{db}", "/{db}.json", "/{db}/articles",
    "/{db}/articles.json?_col=status_by&_shape=objects",
    "/{db}/articles?_sort=status_by", "/{db}/articles.json?_sort_desc=status_by",
    "/{db}/articles.csv?_col=status_by", "/{db}/articles/" + RAW_ID,
    "/{db}/articles/" + RAW_ID + ".json", "/{db}/published.atom", "/{db}/published.json",
    "/{db}/search.json?q=raw", "/{db}/new_today.json",
    "/{db}/by_language.json?language=fr", "/{db}/sources", "/-/login",
]


def get(base: str, path: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    """Status, headers (lowercase names) and body of a GET, with the Host header given."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        connection.request("GET", path, headers={"Host": host or parts.netloc})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder whose editors file names EDITOR, added with the real command."""
    folder = tmp_path_factory.mktemp("public")
    result = run([str(BIN / "probono"), "editors", "add", EDITOR, "--password-stdin"],
                 input="a long enough password\n",
                 env_extra={"PROBONO_EDITORS_FILE": str(folder / "editors.json")})
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def server(big_db, folder):
    with served(big_db, folder) as (_process, base):
        yield base, big_db.stem


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_no_anonymous_page_names_an_editor(server, path):
    base, db = server
    status, _headers, body = get(base, path.format(db=db))
    assert status == 200, (path, status, body[:300])
    assert EDITOR not in body, path


@pytest.mark.parametrize("path", ["/{db}/articles.json?_facet=status_by&_col=status_by",
                                  "/{db}/articles?_facet=status_by&_sort=status_by"])
def test_a_facet_on_the_editor_is_refused_and_names_nobody(server, path):
    base, db = server
    status, _headers, body = get(base, path.format(db=db))
    assert status == 400 and EDITOR not in body, (path, status, body[:300])


def test_a_filter_on_the_editor_finds_nothing(server):
    base, db = server
    for condition in (f"status_by={EDITOR}", "status_by__notblank=1"):
        path = f"/{db}/articles.json?_shape=array&_col=title&{condition}"
        status, _headers, body = get(base, path)
        assert status == 200 and json.loads(body) == [], condition


@pytest.mark.parametrize("path", ["/", "/-/login", "/{db}/articles", "/{db}/published.atom",
                                  "/{db}/search.json?q=raw", "/no/such/page"])
def test_every_response_forbids_framing_and_sniffing(server, path):
    base, db = server
    _status, headers, _body = get(base, path.format(db=db))
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_a_made_up_host_header_never_reaches_the_feed_or_links(server):
    base, db = server
    for path in (f"/{db}/published.atom", f"/{db}/articles.json?_size=1",
                 f"/{db}/published.atom?language=fr"):
        status, _headers, body = get(base, path, host=EVIL_HOST)
        assert status == 200 and EVIL_HOST not in body, path
    _status, _headers, feed = get(base, f"/{db}/published.atom", host=EVIL_HOST)
    assert f'href="{base}/{db}/published.atom"' in feed
    assert f"<id>{base}/{db}/published.atom</id>" in feed


def test_absolute_urls_come_from_the_configured_base_url(big_db, folder):
    with served(big_db, folder, "--base-url", BASE_URL + "/") as (_process, base):
        _status, _headers, feed = get(base, f"/{big_db.stem}/published.atom", host=EVIL_HOST)
        _status, _headers, page = get(base, f"/{big_db.stem}/articles.json?_size=1")
    assert EVIL_HOST not in feed and f"<id>{BASE_URL}/{big_db.stem}/published.atom</id>" in feed
    assert json.loads(page)["next_url"].startswith(f"{BASE_URL}/{big_db.stem}/articles.json?")


@pytest.mark.parametrize("url", ["ftp://feed.example.org", "https://feed.example.org/path", "feed"])
def test_a_bad_base_url_is_one_line_and_exit_2(big_db, folder, url):
    result = run([str(BIN / "probono"), "serve", "--db", str(big_db), "--port", "1",
                  "--base-url", url],
                 env_extra={"PROBONO_EDITORS_FILE": str(folder / "editors.json")}, timeout=60)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert urllib.parse.quote(url, safe=":/") in result.stderr
