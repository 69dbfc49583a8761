"""The reader site's SQL (pipeline/publishing/reader.py): listings, an article, related stories,
counts for the index pages. Search is the `search` canned query of data/metadata.yaml, run as is.

What readers see is the `stories` view (copies folded, kept-aside out) without the rejected
stories (VISIBLE); the front page leaves the archived ones out too. Every listing is read newest
first through an index of `articles` that holds `published` (the outer loop, CROSS JOIN keeping
it so) and stops at its page: without the index named, SQLite reads the stories' own
(duplicate_of, kept_aside) index and sorts all of them (190 ms at 100k articles, against 1 ms).
A page costs the stories it skips: pages stop at MAX_PAGE.

A topic page has two plans, chosen by the rows each would read: the newest stories, keeping the
tagged ones (about (offset + a page) x stories / the topic's stories, each read through its row);
or the topic's stories, each read from two indexes (article_tags (tag, article_id) and
idx_articles_id_story, migration 0027) without its row, and sorted. A row costs about ten index
entries (its status and date come after its text, in its overflow pages): newest first wins for
a common topic's first pages, the topic's stories for a rare topic or a deep page (100,000
articles: a topic on 2% at page 91, 0.5-1.5 s newest first, 3-9 ms sorted; one on 69% at page 1,
0.5 ms newest first, 30 ms sorted).
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

from pipeline.store.views import STORY

PAGE_SIZE = 20
MAX_PAGE = 100  # at most 2,000 stories skipped: ~50 ms at 100k articles
PINNED = 3  # featured stories pinned on top of the front page
RELATED = 4
ROW_COST = 10  # a story read through its row, in stories read from the topic's indexes
TEASER_CHARS = 320
VISIBLE = "a.status != 'rejected'"
CARD_COLUMNS = (
    "a.id, a.title, a.url, coalesce(s.name, a.source_id) as source, a.source_id,"
    " s.organisation, a.language, a.published, a.tags, a.status,"
    f" substr(coalesce(nullif(a.summary, ''), a.text), 1, {TEASER_CHARS}) as teaser,"
    " a.also_at_links")
# Each listing: the index read newest first (p), and the condition on it or on the story (a).
LISTINGS: dict[str, tuple[str, str]] = {
    "front": ("idx_articles_published", "a.archived = 0"),
    "language": ("idx_articles_language_published", "p.language = :value"),
    "source": ("idx_articles_source_id_published", "p.source_id = :value"),
    "country": ("idx_articles_country_published", "p.country = :value"),
    "topic": ("idx_articles_published", "exists (select 1 from article_tags t"
                                        " where t.article_id = a.id and t.tag = :value)"),
}
COUNTS = {
    "language": f"select a.language as value, count(*) as n from stories a where {VISIBLE}"
                " and a.language is not null group by 1",
    "country": f"select a.country as value, count(*) as n from stories a where {VISIBLE}"
               " and a.country is not null group by 1",
    "source": f"select a.source_id as value, count(*) as n from stories a where {VISIBLE}"
              " group by 1",
    "topic": "select t.tag as value, count(*) as n from article_tags t"
             f" join stories a on a.id = t.article_id where {VISIBLE} group by 1",
}
_counts_cache: dict[tuple[str, str], tuple[tuple[int, ...], dict[str, int]]] = {}


def listing_sql(kind: str) -> str:
    """A page of one listing, newest first: :value (unused by the front page), :pinned (a JSON
    list of ids left out), :limit, :offset."""
    index, condition = LISTINGS[kind]
    return _cards_of(f"select p.rowid as rid, p.published as pub from articles p indexed by {index}"
                     " cross join stories a on a.rowid = p.rowid"
                     f" where {VISIBLE} and {condition}"
                     " and a.id not in (select value from json_each(:pinned))"
                     " order by p.published desc, p.rowid desc limit :limit offset :offset")


def tagged_sql() -> str:
    """A page of a topic's stories: all of them, from the indexes alone (named: SQLite would read
    each story's row through the id's own index), sorted. `articles` is read, not the `stories`
    view (an index cannot be named on a view), with the view's own condition (STORY)."""
    return _cards_of("select a.rowid as rid, a.published as pub"
                     " from article_tags t indexed by idx_article_tags_tag_article_id"
                     " cross join articles a indexed by idx_articles_id_story"
                     " on a.id = t.article_id"
                     f" where t.tag = :value and {STORY} and {VISIBLE}"
                     " and a.id not in (select value from json_each(:pinned))"
                     " order by a.published desc, a.rowid desc limit :limit offset :offset")


def _cards_of(page_sql: str) -> str:
    """The cards of a page of stories (rid, pub) found by page_sql. The page is found first, then
    its cards: a card's "also at" is a subquery, which SQLite would otherwise compute for every
    story it sorts."""
    return (f"select {CARD_COLUMNS} from ({page_sql}) page"
            " cross join stories a on a.rowid = page.rid"
            " left join sources s on s.id = a.source_id order by page.pub desc, page.rid desc")


async def listing(db: Any, kind: str, value: str = "", page: int = 1,
                  pinned: list[str] | None = None) -> tuple[list[dict], bool]:
    """One page of a listing's cards, and whether a next page has any."""
    offset = (page - 1) * PAGE_SIZE
    params = {"value": value, "limit": PAGE_SIZE + 1, "offset": offset,
              "pinned": json.dumps(pinned or [])}
    sql = listing_sql(kind)
    if kind == "topic" and not await _newest_first_is_cheaper(db, value, offset):
        sql = tagged_sql()
    rows = [dict(row) for row in (await db.execute(sql, params)).rows]
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


async def featured(db: Any) -> list[dict]:
    """The featured stories pinned on the front page, the latest chosen first (read through the
    status index, newest decision first)."""
    sql = _cards_of("select p.rowid as rid, p.status_at as pub"
                    " from articles p indexed by idx_articles_status_status_at"
                    " cross join stories a on a.rowid = p.rowid"
                    " where p.status = 'featured' and a.archived = 0"
                    " order by p.status_at desc limit :limit offset 0")
    return [dict(row) for row in (await db.execute(sql, {"limit": PINNED})).rows]


async def article(db: Any, article_id: str) -> dict | None:
    """The story readers may see under this id, with its source, or None."""
    sql = ("select a.id, a.title, a.url, a.canonical_url, a.source_id,"
           " coalesce(s.name, a.source_id) as source, s.organisation, s.homepage, a.author,"
           " a.published, a.updated, a.language, a.tags, a.summary, a.content_html, a.text,"
           " a.also_at_links, a.country"
           " from stories a left join sources s on s.id = a.source_id"
           f" where a.id = :id and {VISIBLE}")
    rows = (await db.execute(sql, {"id": article_id})).rows
    return dict(rows[0]) if rows else None


async def original_of(db: Any, article_id: str) -> str | None:
    """The story an article id was folded into as a copy, or None."""
    rows = (await db.execute("select duplicate_of from articles where id = :id",
                             {"id": article_id})).rows
    return rows[0][0] if rows and rows[0][0] and rows[0][0] != article_id else None


async def related(db: Any, story: dict, tag: str | None) -> list[dict]:
    """A few stories on the story's best topic (best scored first), then from its source."""
    found: list[dict] = []
    if tag:
        sql = (f"select {CARD_COLUMNS} from article_tags t"
               " cross join stories a on a.id = t.article_id"
               " left join sources s on s.id = a.source_id"
               f" where t.tag = :tag and a.id != :id and {VISIBLE}"
               " order by t.score desc limit :limit")
        found = [dict(r) for r in (await db.execute(sql, {"tag": tag, "id": story["id"],
                                                          "limit": RELATED})).rows]
    if len(found) < RELATED and story.get("source_id"):
        more, _ = await listing(db, "source", story["source_id"], 1, [story["id"]])
        found += [row for row in more if row["id"] not in {f["id"] for f in found}]
    return found[:RELATED]


async def best_topic(db: Any, article_id: str) -> str | None:
    """The article's best scored topic tag, or None."""
    rows = (await db.execute("select tag from article_tags where article_id = :id"
                             " and kind = 'topic' order by score desc limit 1",
                             {"id": article_id})).rows
    return rows[0][0] if rows else None


async def sources(db: Any) -> dict[str, dict]:
    """Every source by id: its name, organisation and country."""
    rows = (await db.execute("select id, name, organisation, country from sources")).rows
    return {row["id"]: dict(row) for row in rows}


async def counts(db: Any, kind: str) -> dict[str, int]:
    """How many stories readers see per language, country, source or tag. A count reads every
    story, so it is kept until the database file changes (a crawl or a decision)."""
    key = (db.path or db.name, kind)
    state = _file_state(db.path)
    cached = _counts_cache.get(key)
    if cached and cached[0] == state and state:
        return cached[1]
    rows = (await db.execute(COUNTS[kind])).rows
    result = {row["value"]: row["n"] for row in rows if row["value"]}
    _counts_cache[key] = (state, result)
    return result


async def _newest_first_is_cheaper(db: Any, tag: str, offset: int) -> bool:
    """Whether a topic's page at this offset costs less read newest first: ROW_COST x (offset +
    a page) x articles / tagged < tagged, so when tagged is at least the square root of ROW_COST x
    (offset + a page) x articles. Tagged is counted up to that bound only, articles is the
    largest rowid (one index lookup): estimates, both count copies and rejected stories alike."""
    articles = (await db.execute("select coalesce(max(rowid), 0) from articles")).rows[0][0]
    bound = math.isqrt(ROW_COST * (offset + PAGE_SIZE + 1) * articles) + 1
    sql = "select count(*) from (select 1 from article_tags where tag = :tag limit :most)"
    rows = (await db.execute(sql, {"tag": tag, "most": bound})).rows
    return rows[0][0] >= bound


def _file_state(path: str | None) -> tuple[int, ...]:
    """The database's files' modification times and sizes: any write changes one of them."""
    if not path:
        return ()
    state: list[int] = []
    for name in (path, path + "-wal"):
        if os.path.exists(name):
            stat = Path(name).stat()
            state += [stat.st_mtime_ns, stat.st_size]
    return (*state, int(time.time()) // 3600)  # and at least once an hour

