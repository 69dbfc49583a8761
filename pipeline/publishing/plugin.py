"""Datasette hooks for probono-feed: the review page, the Atom renderer, safe cells, FTS queries.

A thin layer: the SQL lives in data/metadata.yaml (canned queries), the pages in data/templates,
the Atom document in pipeline/publishing/atom.py. Registered through the `datasette` entry point in
pyproject.toml, so `datasette serve` and in-process `Datasette(...)` load it alike.
"""

from __future__ import annotations

import json
import re
import urllib.parse

from datasette import hookimpl
from datasette.utils.asgi import NotFound
from markupsafe import Markup, escape

from pipeline import cjk_words
from pipeline.html import sanitise_html
from pipeline.publishing.atom import REQUIRED_COLUMNS
from pipeline.publishing.decisions import ROUTES as DECISION_ROUTES
from pipeline.publishing.feed_views import feeds_opml, render_atom
from pipeline.publishing.login import login
from pipeline.publishing.public import METADATA_ROUTE, hide_columns, metadata_view, reader_limits
from pipeline.publishing.reader import ROUTES as READER_ROUTES
from pipeline.publishing.reader import is_reader_address, unknown_address
from pipeline.publishing.review import ROUTE as REVIEW_ROUTE
from pipeline.publishing.review import database_name, is_editor, review_page
from pipeline.publishing.sessions import session_wrapper
from pipeline.publishing.snippets import match_snippet
from pipeline.publishing.web_headers import configured_base_url, secured
from pipeline.urls import is_web_url

# snippet() marks matches with these private-use characters (see the search canned query); the
# cell is escaped first and only then are they turned into <mark>, so no text can become markup.
MATCH_START, MATCH_END = "\ue000", "\ue001"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SNIPPET_CHARS = 90
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


def fts_query(text: str | None) -> str:
    """A reader's words as an FTS5 query: every word must appear, none is read as an operator,
    so `"`, `-`, `AND` or `*` typed in the search box never make a syntax error."""
    words = CONTROL.sub(" ", text or "").split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words) or '""'


def has_cjk(text: str | None) -> int:
    """1 when the text has Chinese, Japanese or Korean characters (which FTS5's unicode61
    tokenizer does not split into words)."""
    return int(cjk_words.has_cjk(text))


def contains_words(text: str | None, query: str | None) -> int:
    """1 when every word of the query (split at spaces) is in the text, as a substring: how a
    Chinese, Japanese or Korean word is found inside a sentence."""
    words = CONTROL.sub(" ", query or "").casefold().split()
    text = (text or "").casefold()
    return int(bool(words) and all(word in text for word in words))


def word_snippet(text: str | None, query: str | None, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of the text around the first word of the query found, each word
    of the query marked as snippet() marks FTS matches."""
    text = " ".join((text or "").split())
    words = [w for w in CONTROL.sub(" ", query or "").split() if w]
    folded = text.casefold()
    found = [i for w in words if (i := folded.find(w.casefold())) >= 0]
    start = max(0, min(found, default=0) - width // 3)
    piece = text[start:start + width]
    for word in sorted(words, key=len, reverse=True):
        piece = re.sub(re.escape(word), lambda m: MATCH_START + m.group(0) + MATCH_END, piece,
                       flags=re.I)
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


@hookimpl
def prepare_connection(conn):
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("has_cjk", 1, has_cjk, deterministic=True)
    conn.create_function("contains_words", 2, contains_words, deterministic=True)
    conn.create_function("cjk_match", 1, cjk_words.cjk_match, deterministic=True)
    conn.create_function("other_words", 1, cjk_words.other_words, deterministic=True)
    conn.create_function("word_snippet", 2, word_snippet, deterministic=True)
    conn.create_function("match_snippet", 2, match_snippet, deterministic=True)
    # Editors' names are never read (pipeline/publishing/public.py).
    conn.set_authorizer(hide_columns)


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    if column == "id" and table is None and ARTICLE_ID.match(value):
        # A canned query's article id: a link to the article's row, as a table's primary key is.
        row_url = datasette.urls.row(database, "articles", value)
        return Markup(f'<a href="{escape(row_url)}">{value}</a>')
    if column == "tags" and value.startswith("["):
        base = datasette.urls.database(database) + "/by_tag?tag="
        return Markup(", ".join(
            f'<a href="{escape(base + urllib.parse.quote(tag))}">{escape(tag)}</a>'
            for tag in json.loads(value) if isinstance(tag, str)))
    if column == "snippet":
        escaped = str(escape(value))
        return Markup(escaped.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))
    if column == "also_at" and value.startswith("["):
        # A list of URLs, or of {"source": name, "url": url}: each a link, named by its host.
        copies = [c if isinstance(c, dict) else {"url": c} for c in json.loads(value)]
        links = [f'<a href="{escape(c["url"])}" rel="nofollow noopener">'
                 f'{escape(c.get("source") or _host(c["url"]))}</a>'
                 for c in copies if is_web_url(c.get("url"))]
        return Markup(", ".join(links))
    if column == "content_html":
        # Stored sanitised; cleaned again here so a row written by anything else is harmless too.
        return Markup(f'<div class="article-body">{sanitise_html(value)}</div>')
    return None


@hookimpl
def asgi_wrapper(datasette):
    """One wrapper, outermost first: security headers on every response, even an early error
    (web_headers.py); editors' sessions checked, Authorization dropped, the password tool refused
    (sessions.py); what anonymous readers may ask for limited (public.py)."""
    base_url = configured_base_url(datasette)
    sessions = session_wrapper(datasette)
    return lambda app: secured(sessions(reader_limits(app)), base_url)


@hookimpl(specname="register_routes", tryfirst=True)  # before datasette-auth-passwords' /-/login
def login_route():
    """Our /-/login: hashing off the event loop, failures limited (pipeline/publishing/login.py)."""
    return [(r"^/-/login$", login)]


@hookimpl(specname="register_routes")
def feed_routes():
    """/feeds.opml: every feed in one subscription list (pipeline/publishing/feed_views.py)."""
    return [(r"^/feeds\.opml$", feeds_opml)]


@hookimpl(specname="register_routes")
def decision_routes():
    """The review page's writes: decide, bulk, correct (pipeline/publishing/decisions.py)."""
    return DECISION_ROUTES


@hookimpl(specname="register_routes")
def reader_routes():
    """The reader site: front page, articles, search, listings (pipeline/publishing/reader.py);
    plugin routes come before Datasette's own, so `/` is ours."""
    return READER_ROUTES


@hookimpl
def handle_exception(datasette, request, exception):
    """An address neither the reader site nor Datasette has: the reader site's own 404 (in the
    reader's language, with the site's header and feed link), not Datasette's "Database not
    found", which names the database and has no lang. Datasette's own pages keep their errors."""
    if (request is not None and isinstance(exception, NotFound)
            and is_reader_address(request.path, datasette.databases)):
        return lambda: unknown_address(request, datasette)
    return None


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "atom", "render": render_atom,
            "can_render": lambda columns: REQUIRED_COLUMNS.issubset(columns)}


@hookimpl
def register_routes():
    return [(REVIEW_ROUTE, review_page), (METADATA_ROUTE, metadata_view)]  # review.py


@hookimpl
def menu_links(datasette, actor):
    async def links():
        if await is_editor(datasette, actor):
            return [{"href": datasette.urls.path("/-/review"), "label": "Review queue"}]
        return []
    return links


@hookimpl
def extra_template_vars(datasette, request):
    async def variables():
        can_review = await is_editor(datasette, request.actor if request else None)
        return {"probono_database": database_name(datasette), "probono_can_review": can_review}
    return variables


def _host(url: str) -> str:
    return url.split("/")[2] if url.count("/") >= 2 else url
