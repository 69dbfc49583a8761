"""The editors' review page (/-/review): the queue as cards, read before deciding, decided from
the keyboard (data/static/review.js) or with plain forms.

The page only reads (pipeline/publishing/review_queries.py); its forms post to the decision
routes of pipeline/publishing/decisions.py (/-/review/decide, /bulk, /correct), which answer a
form with a redirect back to `return_to` (this page with its filters) and review.js with JSON.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Forbidden, Response

from pipeline.publishing import review_queries as q
from pipeline.store.corrections import corrections_for
from pipeline.urls import is_web_url

ROUTE = r"^/-/review$"
DECIDE_QUERY, DECISIONS_QUERY = "decide", "decisions"  # canned queries of data/metadata.yaml
DECISIONS_SHOWN = 20
STATUS_WORDS = {"new": "Back in the queue", "approved": "Approved", "featured": "Featured",
                "rejected": "Rejected", "archived": "Archived"}


def database_name(datasette) -> str:
    return next(name for name in datasette.databases if not name.startswith("_"))


async def is_editor(datasette, actor) -> bool:
    """Whether the actor may decide: the permission of the `decide` canned query."""
    return bool(actor) and await datasette.permission_allowed(
        actor, "view-query", (database_name(datasette), DECIDE_QUERY), default=False)


async def review_page(request, datasette) -> Response:
    """The queue (or the "changed since approved" view), filtered by the URL, 50 cards a page."""
    if not await is_editor(datasette, request.actor):
        if not request.actor:
            query = request.query_string
            login = "/-/login" + (f"?next=/-/review%3F{_quoted(query)}" if query else "")
            return Response.redirect(datasette.urls.path(login))
        raise Forbidden("Only editors can review articles")
    database = database_name(datasette)
    db = datasette.get_database(database)
    selection = q.Selection.from_args(request.args)
    params = q.parameters(selection)
    breakdown = [dict(row) for row in (await db.execute(q.breakdown_sql(selection), params)).rows]
    total, facets = q.counts(selection, breakdown)
    capped = q.is_capped(breakdown)
    facets["topic"] = [dict(row) for row in (await db.execute(q.topics_sql(selection),
                                                               params)).rows]
    rows = [dict(row) for row in (await db.execute(q.cards_sql(selection), params)).rows]
    more, rows = len(rows) > q.PAGE_SIZE, rows[:q.PAGE_SIZE]
    await _panels(db, rows)
    decisions = await datasette.get_canned_query(database, DECISIONS_QUERY, request.actor)
    decided = [dict(row) for row in (await db.execute(decisions["sql"])).rows][:DECISIONS_SHOWN]
    # Past the stories counted, the total is a floor: a next page while the queue holds more.
    pages = max(1, -(-total // q.PAGE_SIZE))
    if capped:
        pages = selection.page + 1 if more else selection.page
    return Response.html(await datasette.render_template("review.html", {
        "database": database, "rows": rows, "total": total, "capped": capped,
        "counted": q.COUNTED, "selection": selection,
        "facets": facets, "decided": decided, "page": selection.page, "pages": pages,
        "return_to": "/-/review" + selection.query_string(),
        "all_sources": await _sources(db), "status_words": STATUS_WORDS,
    }, request=request))


async def _panels(db, rows: list[dict[str, Any]]) -> None:
    """What a card shows besides its row: tags with their evidence, the copies side by side, its
    source's latest decisions, its latest decision and its corrections (with what its source
    changed since); links kept only when they are web addresses."""
    ids = [row["id"] for row in rows]
    sources = sorted({row["source_id"] for row in rows if row["source_id"]})
    evidence, copies, recent = defaultdict(list), defaultdict(list), defaultdict(list)
    last: dict[str, dict[str, Any]] = {}
    corrections: dict[str, list[dict[str, Any]]] = {}
    if ids:
        corrections = await db.execute_fn(lambda conn: corrections_for(conn, ids))
        for decision in (await db.execute(q.last_decisions_sql(len(ids)), ids)).rows:
            last[decision["article_id"]] = dict(decision)
        for tag in (await db.execute(q.evidence_sql(len(ids)), ids)).rows:
            evidence[tag["article_id"]].append(dict(tag))
        for copy in (await db.execute(q.copies_sql(len(ids)), ids)).rows:
            copy = dict(copy)
            copy["url"] = copy["url"] if is_web_url(copy["url"]) else None
            copies[copy["story_id"]].append(copy)
    if sources:
        for decision in (await db.execute(q.source_decisions_sql(len(sources)), sources)).rows:
            recent[decision["source_id"]].append(dict(decision))
    for row in rows:
        row["tags"] = json.loads(row.get("tags") or "[]")
        row["url"] = row["url"] if is_web_url(row.get("url")) else None
        row["evidence"] = evidence[row["id"]]
        row["copies"] = copies[row["id"]]
        row["also_at"] = [c for c in json.loads(row.get("also_at") or "[]")
                          if is_web_url(c.get("url"))]
        row["source_decisions"] = recent[row["source_id"]]
        row["last_decision"] = last.get(row["id"])
        row["corrections"] = corrections.get(row["id"], [])


async def _sources(db) -> list[dict[str, Any]]:
    """Every source, for the backlog form."""
    rows = (await db.execute("select id, coalesce(name, id) as name from sources order by name"))
    return [dict(row) for row in rows.rows]


def _quoted(text: str) -> str:
    return quote(text, safe="")
