"""The review page's write routes, for editors only: /-/review/decide (one story, refused when
another editor decided it meanwhile), /-/review/bulk (a selection or a backlog, counted before
it is confirmed) and /-/review/correct (title, summary, tags, audited).

A form posted with `Accept: application/json` (the page's script) gets JSON; a plain form (no
JavaScript) gets a 303 back to the review page it came from, with a message. The SQL is the
store's (pipeline/store/decisions.py, corrections.py), run in Datasette's write thread.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import parse_qsl

from datasette.utils.asgi import Forbidden, Response

from pipeline.publishing.review import database_name, is_editor
from pipeline.store.corrections import Correction, CorrectionError, correct, known_tags
from pipeline.store.decisions import (
    Backlog,
    Conflict,
    NoSuchArticle,
    decide,
    decide_many,
    preview,
    selected_ids,
    unarchive,
)
from pipeline.store.migrations import STATUSES

REVIEW_PATH = "/-/review"
NOTE_MAX = 2_000
IDS_MAX = 5_000
ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SAFE_RETURN = re.compile(r"^/-/review(?:[/?#][^\\\s]*)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadRequest(ValueError):
    """A field that cannot be used: answered 400 with this one line."""


async def decide_route(request, datasette) -> Response:
    """POST /-/review/decide: id, status, note, seen_status (default new), return_to."""
    editor, form = await _editor_form(request, datasette)
    try:
        article_id = _article_id(form)
        status = _status(form, "status")
        seen = _status(form, "seen_status", default="new")
        note = _note(form)
    except BadRequest as error:
        return _error(request, 400, str(error))
    db = _database(datasette)
    try:
        outcome = await db.execute_write_fn(
            lambda conn: decide(conn, article_id, status, editor, note, seen))
    except NoSuchArticle:
        return _error(request, 404, f"no article has the id {article_id}")
    if isinstance(outcome, Conflict):
        answer = {"ok": False, "conflict": True, "id": outcome.id, "status": outcome.status,
                  "decided_by": outcome.decided_by, "decided_at": outcome.decided_at}
        message = (f"Not saved: the story is already {outcome.status}"
                   f" (by {outcome.decided_by or 'someone'}, {outcome.decided_at or 'earlier'})")
        return _answer(request, datasette, form, answer, message, status=409, kind="error")
    answer = {"ok": True, "id": outcome.id, "status": outcome.status,
              "previous_status": outcome.previous_status, "decision_id": outcome.decision_id,
              "editor": outcome.editor}
    return _answer(request, datasette, form, answer,
                   f"Decision saved: {outcome.status} (was {outcome.previous_status})")


async def bulk_route(request, datasette) -> Response:
    """POST /-/review/bulk: status or action=archive; ids, or before/source/language; confirm."""
    editor, form = await _editor_form(request, datasette)
    try:
        archive = _action(form) == "archive"
        status = None if archive else _status(form, "status")
        selection = _selection(form)
        note = _note(form)
        confirm = _confirm(form)
    except BadRequest as error:
        return _error(request, 400, str(error))
    db = _database(datasette)
    if confirm is None:
        def count(conn):
            ids = selected_ids(conn, selection)
            return len(ids), preview(conn, ids)
        found, titles = await db.execute_fn(count)
        answer = {"ok": True, "count": found, "preview": titles}
        if _wants_json(request):
            return Response.json(answer)
        return Response.html(await datasette.render_template("review_bulk.html", {
            "count": found, "preview": titles, "fields": _confirm_fields(form, found),
            "what": "archive" if archive else status}, request=request))
    applied = await db.execute_write_fn(
        lambda conn: decide_many(conn, selection, confirm, status, editor, note))
    if applied is None:
        now = len(await db.execute_fn(lambda conn: selected_ids(conn, selection)))
        return _answer(request, datasette, form, {"ok": False, "count": now},
                       f"Not applied: {now} stories match now, not {confirm}", status=409,
                       kind="error")
    what = "archived" if archive else status
    return _answer(request, datasette, form, {"ok": True, "applied": applied},
                   f"{applied} stories {what}")


async def correct_route(request, datasette) -> Response:
    """POST /-/review/correct: id, title, summary, tags_add, tags_remove, note."""
    editor, form = await _editor_form(request, datasette)
    try:
        article_id = _article_id(form)
        correction = Correction(
            title=_one(form, "title"), summary=_one(form, "summary"),
            tags_add=_tag_list(form, "tags_add"), tags_remove=_tag_list(form, "tags_remove"))
        correction.check(known_tags())
        note = _note(form)
    except (BadRequest, CorrectionError) as error:
        return _error(request, 400, str(error))
    db = _database(datasette)
    try:
        changed = await db.execute_write_fn(
            lambda conn: correct(conn, article_id, correction, editor, note, known_tags()))
    except NoSuchArticle:
        return _error(request, 404, f"no article has the id {article_id}")
    return _answer(request, datasette, form, {"ok": True, "id": article_id, "changed": changed},
                   "Corrected: " + (", ".join(changed) or "nothing changed"))


async def unarchive_route(request, datasette) -> Response:
    """POST /-/review/unarchive: id, note, return_to; a story archived (in bulk) taken back."""
    editor, form = await _editor_form(request, datasette)
    try:
        article_id = _article_id(form)
        note = _note(form)
    except BadRequest as error:
        return _error(request, 400, str(error))
    try:
        decision_id = await _database(datasette).execute_write_fn(
            lambda conn: unarchive(conn, article_id, editor, note))
    except NoSuchArticle:
        return _error(request, 404, f"no article has the id {article_id}")
    return _answer(request, datasette, form, {"ok": True, "id": article_id, "archived": 0,
                                              "decision_id": decision_id},
                   "Taken out of the archive")


ROUTES = [(r"^/-/review/decide$", decide_route), (r"^/-/review/bulk$", bulk_route),
          (r"^/-/review/correct$", correct_route), (r"^/-/review/unarchive$", unarchive_route)]


def safe_return(value: str | None) -> str:
    """Where a plain form goes back to: a review page path, else the review page itself (never
    another site: "//evil.test", "/-/review\\@evil.test" and "https://..." are refused)."""
    return value if value and SAFE_RETURN.match(value) else REVIEW_PATH


async def _editor_form(request, datasette) -> tuple[str, list[tuple[str, str]]]:
    """The editor's name and the posted fields; 403 for anyone else (and for a GET)."""
    allowed = await is_editor(datasette, request.actor)
    if request.method != "POST" or not allowed or not request.actor.get("id"):
        raise Forbidden("Only editors can decide, with a POST from the review page")
    return str(request.actor["id"]), await _fields(request)


async def _fields(request) -> list[tuple[str, str]]:
    """The form's fields in order, repeats kept (ids=...&ids=...). URL-encoded only: the page's
    script sends URLSearchParams(FormData), as asgi-csrf cannot read multipart with the
    python-multipart installed (it fails with a TypeError before any route)."""
    body = await request.post_body()
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def _one(form: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in form if key == name]
    return values[-1] if values else None


def _article_id(form: list[tuple[str, str]]) -> str:
    value = (_one(form, "id") or "").strip()
    if not ARTICLE_ID.match(value):
        raise BadRequest("id: an article id is required (letters, digits, - and _)")
    return value


def _status(form: list[tuple[str, str]], name: str, default: str | None = None) -> str:
    value = (_one(form, name) or default or "").strip()
    if value not in STATUSES:
        raise BadRequest(f"{name}: must be one of {', '.join(STATUSES)}, not {value[:40]!r}")
    return value


def _note(form: list[tuple[str, str]]) -> str | None:
    note = _one(form, "note")
    if note and len(note) > NOTE_MAX:
        raise BadRequest(f"note: at most {NOTE_MAX} characters, not {len(note)}")
    return note


def _action(form: list[tuple[str, str]]) -> str:
    value = (_one(form, "action") or "").strip()
    if value not in ("", "archive"):
        raise BadRequest(f"action: archive or none (then status), not {value[:20]!r}")
    return value


def _confirm(form: list[tuple[str, str]]) -> int | None:
    value = _one(form, "confirm")
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()):
        raise BadRequest(f"confirm: the number of stories shown, not {value[:20]!r}")
    return int(value)


def _selection(form: list[tuple[str, str]]) -> Backlog | list[str]:
    """The stories a bulk decision is about: ids, or a backlog filter (at least one part)."""
    ids = [value.strip() for key, value in form if key == "ids" and value.strip()]
    if ids:
        if len(ids) > IDS_MAX or not all(ARTICLE_ID.match(i) for i in ids):
            raise BadRequest(f"ids: at most {IDS_MAX} article ids")
        return ids
    before = (_one(form, "before") or "").strip() or None
    if before and not (DAY.match(before) and _is_day(before)):
        raise BadRequest(f"before: a day as YYYY-MM-DD, not {before[:20]!r}")
    backlog = Backlog(before, (_one(form, "source") or "").strip() or None,
                      (_one(form, "language") or "").strip() or None)
    if backlog == Backlog():
        raise BadRequest("ids, before, source or language: say which stories")
    return backlog


def _is_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _tag_list(form: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    values = ",".join(value for key, value in form if key == name)
    return tuple(dict.fromkeys(tag.strip() for tag in values.split(",") if tag.strip()))


def _confirm_fields(form: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """The fields to post again to confirm: the same selection, with the count seen."""
    kept = [(key, value) for key, value in form if key not in ("csrftoken", "confirm")]
    return [*kept, ("confirm", str(count))]


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _answer(request, datasette, form: list[tuple[str, str]], answer: dict[str, Any],
            message: str, status: int = 200, kind: str = "info") -> Response:
    if _wants_json(request):
        return Response.json(answer, status=status)
    datasette.add_message(request, message,
                          datasette.ERROR if kind == "error" else datasette.INFO)
    return Response.redirect(datasette.urls.path(safe_return(_one(form, "return_to"))),
                             status=303)


def _error(request, status: int, message: str) -> Response:
    if _wants_json(request):
        return Response.json({"ok": False, "error": message}, status=status)
    return Response.text(message, status=status)


def _database(datasette):
    return datasette.get_database(database_name(datasette))
