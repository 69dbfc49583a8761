"""Editors' corrections of a story's title, summary and tags: written to the article (so the
reader site, search, the feeds and the digest show them) and audited in `corrections` with the
value before and after; kept by every re-crawl (articles.py asks keep_corrections), which records
when the source's own value changed since (source_changed, source_now).

Plain functions over a sqlite3 connection: Datasette's write connection or the store's.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.dates import utc_now_iso
from pipeline.store.cjk_index import index_cjk
from pipeline.store.decisions import NoSuchArticle, immediate
from pipeline.store.migrations import CORRECTED_FIELDS
from pipeline.tagging import load_gazetteer, load_taxonomy

TITLE_MAX, SUMMARY_MAX = 500, 5_000
EDITOR_EVIDENCE = json.dumps(["added by an editor"])


class CorrectionError(ValueError):
    """A correction that cannot be made: one line naming the field."""


@dataclass(frozen=True)
class Correction:
    """What an editor asks to change; None (or empty tags) leaves a field as it is."""

    title: str | None = None
    summary: str | None = None
    tags_add: tuple[str, ...] = ()
    tags_remove: tuple[str, ...] = ()

    def check(self, known: dict[str, str]) -> None:
        """Raise CorrectionError naming the first field that is wrong."""
        if self.title is not None:
            if not self.title.strip():
                raise CorrectionError("title: must not be empty")
            if len(self.title) > TITLE_MAX:
                raise CorrectionError(f"title: at most {TITLE_MAX} characters,"
                                      f" not {len(self.title)}")
        if self.summary is not None and len(self.summary) > SUMMARY_MAX:
            raise CorrectionError(f"summary: at most {SUMMARY_MAX} characters,"
                                  f" not {len(self.summary)}")
        for name, tags in (("tags_add", self.tags_add), ("tags_remove", self.tags_remove)):
            unknown = [tag for tag in tags if tag not in known]
            if unknown:
                raise CorrectionError(f"{name}: no such tag in the taxonomy or gazetteer:"
                                      f" {unknown[0][:60]!r}")


@lru_cache(maxsize=1)
def known_tags() -> dict[str, str]:
    """Every tag an article may carry (pipeline/tagging.py's taxonomy and gazetteer): id -> kind."""
    gazetteer = load_gazetteer()
    return {**{topic.id: "topic" for topic in load_taxonomy().topics},
            **dict.fromkeys(gazetteer.organisations, "organisation"),
            **dict.fromkeys(gazetteer.countries, "country")}


def correct(conn: sqlite3.Connection, article_id: str, correction: Correction, editor: str,
            note: str | None, kinds: dict[str, str]) -> list[str]:
    """Apply the correction and audit each field that changes; returns those fields."""
    with immediate(conn):
        row = conn.execute("select title, summary, tags from articles where id = ?",
                           [article_id]).fetchone()
        if row is None:
            raise NoSuchArticle(article_id)
        current = dict(zip(("title", "summary", "tags"), row, strict=True))
        wanted = _wanted(current, correction)
        # A form posts every field: one left as it was (an empty summary for none) is no change.
        changed = [field for field in CORRECTED_FIELDS
                   if field in wanted and (wanted[field] or "") != (current[field] or "")]
        latest = latest_corrections(conn, article_id)
        for field in changed:
            conn.execute(
                "insert into corrections (article_id, field, before, after, source_value,"
                " editor, note) values (?, ?, ?, ?, ?, ?, nullif(trim(?), ''))",
                [article_id, field, current[field], wanted[field],
                 _source_value(latest[field]) if field in latest else current[field],
                 editor, note])
            conn.execute(f"update articles set {field} = ? where id = ?",
                         [wanted[field], article_id])
        if "tags" in changed:
            _retag(conn, article_id, json.loads(current["tags"] or "[]"),
                   json.loads(wanted["tags"]), kinds)
        if "title" in changed:
            index_cjk(conn, article_id)
        return changed


def latest_corrections(conn: sqlite3.Connection, article_id: str) -> dict[str, dict[str, Any]]:
    """Each corrected field's latest correction of the article: field -> its row."""
    cursor = conn.execute(
        "select * from corrections where id in (select max(id) from corrections"
        " where article_id = ? group by field)", [article_id])
    names = [column[0] for column in cursor.description]
    return {row[names.index("field")]: dict(zip(names, row, strict=True)) for row in cursor}


def corrections_of(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The article's corrections, oldest first, with whether the source changed since."""
    cursor = conn.execute("select * from corrections where article_id = ? order by id",
                          [article_id])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def corrections_for(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """corrections_of for a page of cards: article id -> its corrections, oldest first."""
    marks = ", ".join("?" for _ in ids)
    cursor = conn.execute(f"select * from corrections where article_id in ({marks})"
                          " order by article_id, id", ids)
    names = [column[0] for column in cursor.description]
    found: dict[str, list[dict[str, Any]]] = {}
    for row in cursor:
        correction = dict(zip(names, row, strict=True))
        found.setdefault(correction["article_id"], []).append(correction)
    return found


def source_values(stored: dict[str, Any], latest: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The stored row with its corrected fields back at the source's values: what a re-crawl's
    version is compared and merged with (an editor's title is not the source's)."""
    return {**stored, **{field: _source_value(row) for field, row in latest.items()}}


def keep_corrections(conn: sqlite3.Connection, row: dict[str, Any],
                     latest: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The crawled row with the editors' values in its corrected fields; a field whose source
    value differs from the one last known is recorded on its correction (source_changed)."""
    kept = dict(row)
    for field, correction in latest.items():
        if row[field] != _source_value(correction):
            conn.execute("update corrections set source_changed = ?, source_now = ?"
                         " where id = ?", [utc_now_iso(), row[field], correction["id"]])
        kept[field] = correction["after"]
    return kept


def _source_value(correction: dict[str, Any]) -> Any:
    """What the source said for the field, as last seen (at the correction or at a re-crawl)."""
    if correction["source_changed"]:
        return correction["source_now"]
    return correction["source_value"]


def _wanted(current: dict[str, Any], correction: Correction) -> dict[str, Any]:
    wanted: dict[str, Any] = {}
    if correction.title is not None:
        wanted["title"] = correction.title.strip()
    if correction.summary is not None:
        wanted["summary"] = correction.summary.strip()
    if correction.tags_add or correction.tags_remove:
        tags = [t for t in json.loads(current["tags"] or "[]") if t not in correction.tags_remove]
        tags += [t for t in correction.tags_add if t not in tags]
        wanted["tags"] = json.dumps(tags, ensure_ascii=False)
    return wanted


def _retag(conn: sqlite3.Connection, article_id: str, before: list[str], after: list[str],
           kinds: dict[str, str]) -> None:
    """article_tags in step with articles.tags: removed tags deleted, added ones inserted with
    the editor as their evidence, at the highest score (the digest files a story under its
    best topic)."""
    for tag in set(before) - set(after):
        conn.execute("delete from article_tags where article_id = ? and tag = ?",
                     [article_id, tag])
    for tag in [t for t in after if t not in before]:
        conn.execute("insert or replace into article_tags (article_id, tag, kind, score,"
                     " evidence) values (?, ?, ?, 1.0, ?)",
                     [article_id, tag, kinds.get(tag, "topic"), EDITOR_EVIDENCE])
