"""What Datasette never shows: the editors' names.

- `articles.status_by` (who set an article's status) reads as NULL on every Datasette connection,
  through a SQLite authorizer: table and row pages, JSON and CSV, facets, filters, sorts, canned
  queries and SQL alike. Who decided what is in the audit (`editorial_decisions`, the `decisions`
  query), which only editors may open.
- /-/metadata(.json) is served without its `plugins` section, where the login plugin's
  configuration names each editor.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from typing import Any

from datasette.utils.asgi import Response

# (table, column) read as NULL by every query Datasette runs.
HIDDEN_COLUMNS = frozenset({("articles", "status_by")})
METADATA_ROUTE = r"^/-/metadata(\.(?P<format>json))?$"


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
