"""The feeds as Datasette serves them: the `.atom` renderer (the published selection narrowed by
feed_links.FEED_FILTERS, its arguments checked by feed_selection.py, an ETag for readers that
ask again) and /feeds.opml, every feed of ours and every source's own in one subscription list.
The SQL of the selection itself is the `published` canned query of data/metadata.yaml.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from functools import lru_cache
from typing import Any

from datasette.utils.asgi import Response

from pipeline.publishing.atom import FeedInfo, build_atom
from pipeline.publishing.feed_links import PUBLISHED_QUERY, atom_path
from pipeline.publishing.feed_selection import (
    ENGLISH,
    FILTER_EXISTS_SQL,
    FeedRefusal,
    check_found,
    chosen_filters,
    feed_title,
    names_a_selection,
)
from pipeline.publishing.opml import Outline, build_opml
from pipeline.tagging import load_taxonomy
from pipeline.urls import is_web_url

SITE = "probono-feed"
SUBTITLE = "Approved and featured articles of the pro bono world, chosen by its editors."
# The feed's moment when it has no entry, read from the database rather than the clock, so that
# an unchanged feed is the same bytes on every read: the latest editorial decision (the last
# time any feed could have changed), else when the database was made.
STABLE_MOMENT_SQL = (
    "select coalesce((select max(decided) from editorial_decisions),"
    " (select min(applied_at) from _sqlite_migrations))")
NO_MOMENT = "2000-01-01T00:00:00Z"  # a database without migrations' record: tests' own files
# Every language some article is in, by the language index, one step per language (a skip
# scan) rather than a read of every row: a few lookups at 1M articles.
LANGUAGES_SQL = (
    "with recursive found(language) as ("
    " select min(language) from articles where language > ''"
    " union all select (select min(language) from articles where language > found.language)"
    " from found where found.language is not null)"
    " select language from found where language is not null")
COUNTRIES_SQL = ("select distinct country from sources where country > '' order by country")
SOURCES_SQL = "select id, name, homepage, feeds from sources order by name collate nocase, id"
OPML_CONTENT_TYPE = "text/x-opml; charset=utf-8"


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """Each taxonomy topic's English label, by its id (the tag articles carry)."""
    return {topic.id: topic.labels.get("en", topic.id) for topic in load_taxonomy().topics}


async def render_atom(datasette, request, rows, columns, database, query_name) -> Response:
    """The `.atom` output of a canned query. For the published selection, its filters are
    checked first (400 for an argument that is not one or one given twice, 404 for a value that
    names nothing stored): an address is never answered with another selection than its own."""
    db = datasette.get_database(database)
    chosen: dict[str, str] = {}
    whole = SITE
    if query_name:
        query = await datasette.get_canned_query(database, query_name, request.actor) or {}
        whole = query.get("title") or whole
    if query_name == PUBLISHED_QUERY:
        try:
            chosen = chosen_filters(urllib.parse.parse_qsl(request.query_string,
                                                           keep_blank_values=True))
            check_found(chosen, {key: await names_a_selection(db, key, value)
                                 for key, value in chosen.items()})
        except FeedRefusal as refusal:
            return FixedStatusResponse.text(refusal.message, status=refusal.status)
        feed_url = datasette.absolute_url(
            request, atom_path(datasette.urls.database(database), **chosen))
    else:
        feed_url = _without_underscored_arguments(request)
    names = {}
    if "source" in chosen:
        names = {chosen["source"]: (await db.execute(
            "select name from sources where id = ?", [chosen["source"]])).first()[0]}
    stable = (await db.execute(STABLE_MOMENT_SQL)).first()[0]
    feed = FeedInfo(
        id=feed_url,  # the canonical address: the same selection, the same id, however asked
        title=feed_title(SITE, chosen, topic_labels(), names, whole),
        self_url=feed_url,
        home_url=datasette.absolute_url(request, datasette.urls.instance()),
        updated=stable or NO_MOMENT,
        subtitle=SUBTITLE,
        language=chosen.get("language"),  # checked by build_atom
    )
    body = build_atom(feed, [dict(zip(columns, row)) for row in rows])
    # The same bytes for an unchanged feed (build_atom reads no clock): their hash is the ETag,
    # and a reader that sends it back gets a 304 without the body.
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag_matches(request.headers.get("if-none-match"), etag):
        return FixedStatusResponse("", status=304, headers={"ETag": etag})
    return Response(body, headers={"ETag": etag},
                    content_type="application/atom+xml; charset=utf-8")


class FixedStatusResponse(Response):
    """A response whose status is the one it was made with. Datasette sets a canned query's own
    status (200) on whatever its renderer returns; a refused feed address keeps its 400 or 404
    (raising instead would print a traceback in the server's log for every mistyped address),
    and a "not modified" its 304."""

    @property
    def status(self) -> int:
        return self._status

    @status.setter
    def status(self, value: int) -> None:
        if not hasattr(self, "_status"):
            self._status = value


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names this ETag (weakly, as RFC 9110 says for GET), or
    is `*`."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


async def feeds_opml(request, datasette) -> Response:
    """/feeds.opml: the whole feed, one per topic, language and country that has articles, and
    per source our feed of it beside its own site and feeds."""
    database = next(name for name in datasette.databases if not name.startswith("_"))
    db = datasette.get_database(database)
    base = datasette.urls.database(database)

    def feed(text: str, **filters: str) -> Outline:
        return Outline(text, xml_url=datasette.absolute_url(request, atom_path(base, **filters)))

    query = await datasette.get_canned_query(database, PUBLISHED_QUERY, request.actor) or {}
    topics = [feed(label, tag=tag) for tag, label in topic_labels().items()
              if (await db.execute(FILTER_EXISTS_SQL["tag"], {"value": tag})).first()[0]]
    languages = [feed(_named(ENGLISH.languages, row[0]), language=row[0])
                 for row in await db.execute(LANGUAGES_SQL)]
    countries = [feed(_named(ENGLISH.territories, row[0]), country=row[0])
                 for row in await db.execute(COUNTRIES_SQL)]
    sources = [_source_outline(row, feed) for row in await db.execute(SOURCES_SQL)]
    home = datasette.absolute_url(request, datasette.urls.instance())
    body = build_opml(f"{SITE}: every feed", [
        Outline(query.get("title") or SITE, xml_url=datasette.absolute_url(request,
                                                                           atom_path(base)),
                html_url=home),
        Outline("Topics", children=tuple(topics)),
        Outline("Languages", children=tuple(languages)),
        Outline("Countries", children=tuple(countries)),
        Outline("Sources", children=tuple(sources)),
    ])
    return Response(body, content_type=OPML_CONTENT_TYPE)


def _source_outline(row: Any, feed) -> Outline:
    """A source: our feed of it, and its own feeds (the sources table's JSON list, http(s) only),
    under its name, linked to its site."""
    source_id, name, homepage, feeds = row[0], row[1] or row[0], row[2], row[3]
    try:
        listed = json.loads(feeds or "[]")
    except ValueError:
        listed = []  # a hand-edited row that is not JSON: its own feeds are not listed
    own = [url for url in listed if is_web_url(url)] if isinstance(listed, list) else []
    children = [feed(f"{name}, chosen by the editors", source=source_id)]
    children += [Outline(f"{name}: its own feed", xml_url=url,
                         html_url=homepage if is_web_url(homepage) else None) for url in own]
    return Outline(name, html_url=homepage if is_web_url(homepage) else None,
                   children=tuple(children))


def _named(names: Any, code: str) -> str:
    name = names.get(code)
    return f"{name} ({code})" if name else code


def _without_underscored_arguments(request) -> str:
    """Another query's feed id: its URL without Datasette's own arguments, the same on every
    read."""
    kept = sorted((key, request.args.get(key)) for key in request.args
                  if request.args.get(key) and not key.startswith("_"))
    query = urllib.parse.urlencode(kept)
    return request.url.split("?")[0] + (f"?{query}" if query else "")
