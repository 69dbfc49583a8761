"""What Datasette never shows: the editors' names.

- `articles.status_by` (who set an article's status) reads as NULL on every Datasette connection,
  through a SQLite authorizer: table and row pages, JSON and CSV, facets, filters, sorts, canned
  queries and SQL alike. Who decided what is in the audit (`editorial_decisions`, the `decisions`
  query), which only editors may open.
- /-/metadata(.json) is served without its `plugins` section, where the login plugin's
  configuration names each editor.

And what an anonymous reader may ask for in one request (reader_limits, an ASGI wrapper inside the
session wrapper, which marks an editor's request with EDITOR_SCOPE_KEY): facets only on the short
columns of READER_FACETS, pages of at most READER_PAGE_MAX rows, no CSV stream (`_stream`), and
tables of `articles` without their bodies (BODY_COLUMNS, up to 600,000 characters a row: read on
the article's row page). A refused request gets 400 at once. Without this, eight facet requests
over the whole texts kept every reader waiting 17 s. Editors may facet and stream anything.
The table is the one Datasette resolves: it routes on the raw path and tilde-decodes the table's
segment, so /db/~61rticles.json is the articles table too.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

# (table, column) read as NULL by every query Datasette runs.
HIDDEN_COLUMNS = frozenset({("articles", "status_by")})
METADATA_ROUTE = r"^/-/metadata(\.(?P<format>json))?$"
EDITOR_SCOPE_KEY = "probono.editor"  # set by the session wrapper on a valid editor's request
READER_FACETS = frozenset({"language", "source_id", "country", "status", "tags", "published",
                           "kind", "tag", "kept_aside", "duplicate_of", "language_method"})
READER_PAGE_MAX, READER_FACET_SIZE_MAX = 100, 50
BODY_COLUMNS = ("text", "content_html")
# A table page in any format, as Datasette's TableView route matches it (the table's segment still
# tilde-encoded; anchored at the end, so that a base_url prefix changes nothing).
TABLE_ROUTE = re.compile(r"/[^/.]+/(?P<table>[^/.]+)(\.(?P<format>\w+))?/?$")

App = Callable[[dict, Callable, Callable], Awaitable[None]]


def hide_columns(action: int, table: str | None, column: str | None, _database: str | None,
                 _trigger: str | None) -> int:
    """SQLite authorizer: a read of a hidden column yields NULL; everything else is allowed."""
    read = ((table or "").lower(), (column or "").lower())
    if action == sqlite3.SQLITE_READ and read in HIDDEN_COLUMNS:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def public_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata without any `plugins` section (at the top, per database or per table)."""
    metadata = copy.deepcopy(metadata)
    metadata.pop("plugins", None)
    for database in (metadata.get("databases") or {}).values():
        database.pop("plugins", None)
        for table in (database.get("tables") or {}).values():
            if isinstance(table, dict):
                table.pop("plugins", None)
    return metadata


async def metadata_view(request, datasette) -> Response:
    """/-/metadata and /-/metadata.json, as Datasette's own, with public_metadata()."""
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    data = public_metadata(datasette.metadata())
    if request.url_vars.get("format"):
        return Response.json(data)
    return Response.html(await datasette.render_template(
        "show_json.html", {"filename": "metadata.json", "data_json": json.dumps(data, indent=4)},
        request=request))


def reader_refusal(args: list[tuple[str, str]]) -> str | None:
    """Why an anonymous reader may not ask this (query arguments), or None when they may."""
    for key, value in args:
        if key == "_stream":
            return "_stream is for editors: readers page through at most " \
                f"{READER_PAGE_MAX} rows at a time"
        if key in ("_facet", "_facet_array", "_facet_date") and value not in READER_FACETS:
            return f"{key}={value[:40]} is not allowed: readers may facet by " + \
                ", ".join(sorted(READER_FACETS))
        if key == "_size" and not _at_most(value, READER_PAGE_MAX):
            return f"_size must be at most {READER_PAGE_MAX}"
        if key == "_facet_size" and not _at_most(value, READER_FACET_SIZE_MAX):
            return f"_facet_size must be at most {READER_FACET_SIZE_MAX}"
    return None


def route_path(scope: dict[str, Any]) -> str:
    """The path as Datasette routes it: the raw spelling (tilde encoding and all), no query."""
    raw = scope.get("raw_path")
    return (raw.decode("latin-1") if raw else scope.get("path", "")).partition("?")[0]


def routed_table(scope: dict[str, Any]) -> str | None:
    """The table whose page Datasette will serve for this request (decoded), or None."""
    match = TABLE_ROUTE.search(route_path(scope))
    return tilde_decode(match.group("table")) if match else None


def without_bodies(table: str | None, args: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The arguments of a table view of `articles`, asking Datasette to leave the bodies out."""
    if table != "articles":
        return args
    return args + [("_nocol", column) for column in BODY_COLUMNS]


def reader_limits(app: App) -> App:
    """The app, refusing (400) what an anonymous reader may not ask for (module docstring)."""

    async def limited(scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope.get(EDITOR_SCOPE_KEY):
            return await app(scope, receive, send)
        args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        refusal = reader_refusal(args)
        if refusal:
            return await Response.text(refusal, status=400).asgi_send(send)
        kept = without_bodies(routed_table(scope), args)
        if kept is not args:
            scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await app(scope, receive, send)
    return limited


def _at_most(value: str, limit: int) -> bool:
    # ASCII digits only: "²".isdigit() is true, but int("²") raises.
    value = value.strip()
    return value.isascii() and value.isdigit() and int(value) <= limit
