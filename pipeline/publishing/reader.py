"""The reader site: a news site over the database, as Datasette routes of the plugin.

    /                          latest stories (featured first), search box, ways to browse
    /article/<id>/<slug>       one story (a wrong or missing slug: 301 to the right one)
    /search?q=&language=&topic=&source=&year=&page=   results as cards, with facets
    /topic/<tag>  /language/<code>  /country/<cc>  /source/<id>   listings, newest first
    /topics  /languages  /countries  /sources                     the index pages, with counts

Every page is in the interface language (interface.py), links its selection's Atom feed
(feed_links.atom_path) and shows no id, hash, score or SQL. The SQL is in reader_queries.py
(search: the `search` canned query of data/metadata.yaml); the cards in reader_pages.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from markupsafe import Markup

from pipeline.html import sanitise_html
from pipeline.publishing import reader_queries as queries
from pipeline.publishing.feed_links import atom_path
from pipeline.publishing.feed_selection import names_a_selection
from pipeline.publishing.interface import (
    COOKIE,
    choose_language,
    country_name,
    language_name,
    load_labels,
    own_language_name,
    tag_kind,
    tag_name,
)
from pipeline.publishing.reader_pages import (
    article_path,
    card,
    copies,
    facet_counts,
    facet_links,
    page_links,
    paragraphs,
    parse_page,
    shown_date,
    slugify,
    with_args,
)
from pipeline.urls import is_web_url

ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
SEARCH_QUERY = "search"
SEARCH_PAGE_SIZE = 20
SEARCH_MOST = 100  # what the search query returns at most
QUERY_CHARS = 200
COOKIE_DAYS = 365
# Each listing page: the feed filter its selection is (feed_links.FEED_FILTERS).
LISTING_KINDS = {"topic": "tag", "language": "language", "country": "country",
                 "source": "source"}
INDEX_PAGES = {"topics": "topic", "languages": "language", "countries": "country",
               "sources": "source"}


class Page:
    """What every reader page needs: the database, the interface language, links."""

    def __init__(self, request: Any, datasette: Any):
        self.request, self.datasette = request, datasette
        self.database = next(n for n in datasette.databases if not n.startswith("_"))
        self.db = datasette.get_database(self.database)
        labels = load_labels()
        asked = request.args.get("ui")
        self.ui = choose_language(asked, request.cookies.get(COOKIE),
                                  request.headers.get("accept-language"), tuple(labels))
        self.set_cookie = bool(asked) and asked.lower() == self.ui
        self.t = labels[self.ui]
        self.path = datasette.urls.path

    def card(self, row: dict) -> dict:
        return card(row, self.ui, self.path)

    async def render(self, template: str, status: int = 200, feed: dict | None = None,
                     **context: Any) -> Response:
        datasette, request = self.datasette, self.request
        can_review = await datasette.permission_allowed(
            request.actor, "view-query", (self.database, "decide"), default=False)
        args = {key: request.args.get(key) for key in request.args if key != "ui"}
        switch = [{"code": code, "name": own_language_name(code),
                   "href": with_args(request.path, args, ui=code)}
                  for code in load_labels() if code != self.ui]
        html = await datasette.render_template(template, {
            "ui": self.ui, "t": self.t, "path": self.path, "switch": switch,
            "feed": feed or self.feed(), "can_review": can_review, "actor": request.actor,
            "database_path": datasette.urls.database(self.database), **context,
        }, request=request)
        response = Response.html(html, status=status)
        response.headers["Vary"] = "Accept-Language, Cookie"
        if self.set_cookie:
            response.set_cookie(COOKIE, self.ui, max_age=COOKIE_DAYS * 86400, samesite="lax")
        return response

    def feed(self, selection: str | None = None, **filters: str) -> dict:
        """The Atom feed of a selection: its address and title."""
        return {"href": atom_path(self.datasette.urls.database(self.database), **filters),
                "title": self.t("feed_title", selection=selection or self.t("feed_everything"))}

    async def not_found(self, message: str, index: str | None = None) -> Response:
        return await self.render("reader_404.html", status=404, message=message, index=index,
                                 title=self.t("not_found_title"))


async def front(request, datasette) -> Response:
    """The latest stories, featured ones pinned first."""
    page = Page(request, datasette)
    number = parse_page(request.args.get("page"), queries.MAX_PAGE)
    pinned = await queries.featured(page.db)
    if number is None:
        return await page.not_found(page.t("no_such_page", page=request.args.get("page")[:12]))
    rows, more = await queries.listing(page.db, "front", page=number,
                                       pinned=[row["id"] for row in pinned])
    if number > 1 and not rows:
        return await page.not_found(page.t("no_such_page", page=number))
    return await page.render(
        "reader_front.html", title=page.t("front_title"),
        featured=[page.card(row) for row in pinned] if number == 1 else [],
        cards=[page.card(row) for row in rows],
        pages=page_links(number, more, request.path, {}))


async def article(request, datasette) -> Response:
    """One story, at the address its title gives."""
    page = Page(request, datasette)
    article_id = unquote(request.url_vars["id"])
    story = await queries.article(page.db, article_id) if ARTICLE_ID.match(article_id) else None
    if story is None and ARTICLE_ID.match(article_id):
        original = await queries.original_of(page.db, article_id)
        story = await queries.article(page.db, original) if original else None
    if story is None:
        return await page.not_found(page.t("unknown_article"))
    wanted = page.path(article_path(story))
    slug = unquote(request.url_vars.get("slug") or "")
    if story["id"] != article_id or slug != slugify(story["title"]) or request.path.endswith("/"):
        return Response.redirect(wanted, status=301)
    topic = await queries.best_topic(page.db, story["id"])
    related = await queries.related(page.db, story, topic)
    body = sanitise_html(story["content_html"]) if story.get("content_html") else ""
    original = next((url for url in (story.get("url"), story.get("canonical_url"))
                     if is_web_url(url)), None)
    view = page.card({**story, "teaser": story.get("summary")})
    return await page.render(
        "reader_article.html", title=story["title"] or "", story=view,
        author=story.get("author") or "", organisation=story.get("organisation") or "",
        body=Markup(body) if body.strip() else None,
        text=paragraphs(story.get("text") or story.get("summary")) if not body.strip() else [],
        original=original, copies=copies(story.get("also_at_links")),
        related=[page.card(row) for row in related],
        updated=shown_date(story.get("updated"), page.ui))


async def search(request, datasette) -> Response:
    """Search results as cards, with facets that narrow them."""
    page = Page(request, datasette)
    q = " ".join((request.args.get("q") or "").split())[:QUERY_CHARS]
    chosen = {key: value[:QUERY_CHARS] for key in ("language", "topic", "source", "year")
              if (value := (request.args.get(key) or "").strip())}
    number = parse_page(request.args.get("page"), SEARCH_MOST // SEARCH_PAGE_SIZE)
    if number is None:
        return await page.not_found(page.t("no_such_page", page=request.args.get("page")[:12]))
    rows, failed = [], False
    if q:
        query = await datasette.get_canned_query(page.database, SEARCH_QUERY, request.actor)
        params = {"q": q, **{key: chosen.get(key, "") for key in ("language", "topic",
                                                                   "source", "year")}}
        try:
            rows = [dict(row) for row in (await page.db.execute(query["sql"], params)).rows]
        except QueryInterrupted:
            failed = True
    names = await _facet_names(page)
    args = {"q": q, **chosen}
    shown = rows[(number - 1) * SEARCH_PAGE_SIZE:number * SEARCH_PAGE_SIZE]
    if number > 1 and not shown:
        return await page.not_found(page.t("no_such_page", page=number))
    return await page.render(
        "reader_search.html", title=page.t("results_for", q=q) if q else page.t("search_title"),
        q=q, chosen=chosen, failed=failed, count=len(rows), most=SEARCH_MOST,
        cards=[page.card(row) for row in shown],
        facets=facet_links(facet_counts(rows), {"q": q, **chosen}, request.path, names)
        if rows else [],
        clear=with_args(request.path, {"q": q}) if chosen else None,
        pages=page_links(number, len(rows) > number * SEARCH_PAGE_SIZE, request.path, args))


async def listing(request, datasette) -> Response:
    """A topic's, language's, country's or source's stories, newest first."""
    page = Page(request, datasette)
    kind = request.url_vars["kind"]
    value = unquote(request.url_vars["value"])
    index = page.path("/" + next(name for name, k in INDEX_PAGES.items() if k == kind))
    name = await _listing_name(page, kind, value)
    if name is None:
        return await page.not_found(page.t(f"unknown_{kind}", value=value[:80]), index)
    number = parse_page(request.args.get("page"), queries.MAX_PAGE)
    if number is None:
        return await page.not_found(page.t("no_such_page", page=request.args.get("page")[:12]),
                                    index)
    rows, more = await queries.listing(page.db, kind, value, number)
    if number > 1 and not rows:
        return await page.not_found(page.t("no_such_page", page=number), index)
    title = page.t(f"{kind}_title", name=name)
    return await page.render(
        "reader_listing.html", title=title, cards=[page.card(row) for row in rows],
        index=index, index_name=page.t(next(n for n, k in INDEX_PAGES.items() if k == kind)),
        feed=page.feed(name, **{LISTING_KINDS[kind]: value}),
        pages=page_links(number, more, request.path, {}))


async def index(request, datasette) -> Response:
    """The topics, languages, countries or sources, each with its number of stories."""
    page = Page(request, datasette)
    name = request.url_vars["name"]
    kind = INDEX_PAGES[name]
    counts = await queries.counts(page.db, kind)
    groups = await _index_groups(page, kind, counts)
    return await page.render("reader_index.html", title=page.t(f"{name}_title"),
                             intro=page.t(f"{name}_intro"), groups=groups)


async def _listing_name(page: Page, kind: str, value: str) -> str | None:
    """The name a listing's value has for readers, or None when it names no selection (the
    feeds' rule: feed_selection.names_a_selection)."""
    if not await names_a_selection(page.db, LISTING_KINDS[kind], value):
        return None
    if kind == "topic":
        return tag_name(value, page.ui)
    if kind == "language":
        return language_name(value, page.ui)
    if kind == "country":
        return country_name(value, page.ui)
    source = (await queries.sources(page.db)).get(value)
    return (source or {}).get("name") or value


async def _facet_names(page: Page) -> dict:
    sources = await queries.sources(page.db)
    return {"language": lambda code: language_name(code, page.ui),
            "topic": lambda tag: tag_name(tag, page.ui),
            "source": lambda sid: (sources.get(sid) or {}).get("name") or sid,
            "year": str}


async def _index_groups(page: Page, kind: str, counts: dict[str, int]) -> list[dict]:
    """An index page's entries, in groups (a topic index: topics, organisations, countries)."""
    def entry(value: str, name: str) -> dict:
        count = counts.get(value, 0)
        return {"name": name, "href": page.path(f"/{kind}/{value}"),
                "count": page.t("story_count_one") if count == 1
                else page.t("story_count", count=count)}

    if kind == "source":
        sources = await queries.sources(page.db)
        entries = [entry(sid, s["name"] or sid) for sid, s in sources.items()]
        return [{"title": None, "entries": sorted(entries, key=lambda e: e["name"].casefold())}]
    if kind == "topic":
        grouped: dict[str, list[dict]] = {"topic": [], "organisation": [], "country": []}
        for tag in counts:
            grouped.setdefault(tag_kind(tag) or "topic", []).append(
                entry(tag, tag_name(tag, page.ui)))
        titles = {"topic": page.t("topics"), "organisation": page.t("organisations"),
                  "country": page.t("countries_mentioned")}
        return [{"title": titles[k], "entries": sorted(v, key=lambda e: e["name"].casefold())}
                for k, v in grouped.items() if v]
    names = language_name if kind == "language" else country_name
    entries = [entry(value, names(value, page.ui)) for value in
               sorted(counts, key=lambda v: (-counts[v], v))]
    return [{"title": None, "entries": entries}]


def is_reader_address(path: str, databases: Iterable[str]) -> bool:
    """Whether an address belongs to the reader site rather than to Datasette's own pages (the
    database browser under /<database>, its /-/ pages, the static files): the site answers its
    own 404 there, in the reader's language, without naming a database."""
    first = path.lstrip("/").split("/", 1)[0]
    return first not in {"-", *databases} and not path.startswith("/assets/")


async def unknown_address(request, datasette) -> Response:
    """The reader site's 404 for an address no route has."""
    page = Page(request, datasette)
    return await page.not_found(page.t("not_found"))


ROUTES = [
    (r"^/$", front),
    (r"^/article/(?P<id>[^/]+)(?:/(?P<slug>[^/]*))?/?$", article),
    (r"^/search$", search),
    (r"^/(?P<kind>topic|language|country|source)/(?P<value>[^/]+)$", listing),
    (r"^/(?P<name>topics|languages|countries|sources)$", index),
]
