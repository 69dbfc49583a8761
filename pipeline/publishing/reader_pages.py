"""What the reader site's templates show, built from query rows without any I/O: a story's card,
its readable address, search snippets and facets, page numbers. Nothing here shows a reader an
id, a hash, a score or JSON: a card holds titles, names, dates and links only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from babel.dates import format_date
from markupsafe import Markup, escape

from pipeline.publishing.interface import language_name, tag_name
from pipeline.urls import is_web_url

MATCH_START, MATCH_END = "\ue000", "\ue001"  # as the search query's snippets mark matches
SLUG_WORDS = 12
FALLBACK_SLUG = "story"
FACET_SIZE = 10
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def slugify(title: str | None) -> str:
    """A title as an address's last part: ASCII letters and digits (accents dropped), hyphens;
    a title with none (Chinese) gets FALLBACK_SLUG."""
    folded = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode()
    words = _NOT_SLUG.sub(" ", folded.lower()).split()[:SLUG_WORDS]
    return "-".join(words) or FALLBACK_SLUG


def article_path(story: dict[str, Any]) -> str:
    """A story's page, under the site's root: /article/<id>/<slug>."""
    return f"/article/{quote(story['id'], safe='')}/{slugify(story.get('title'))}"


def parse_page(value: str | None, most: int) -> int | None:
    """A page number from the address (1 when absent), or None when it is no page 1..most."""
    if value is None or value == "":
        return 1
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        return None
    page = int(value)
    return page if 1 <= page <= most else None


def json_list(value: str | None) -> list:
    """A JSON list column as a list (anything else: empty)."""
    try:
        data = json.loads(value or "[]")
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def shown_date(published: str | None, ui: str) -> tuple[str, str] | None:
    """(ISO date, the date as the interface language writes it), or None when unknown."""
    match = _DATE.match(published or "")
    if not match:
        return None
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day.isoformat(), format_date(day, "long", locale=ui)


def copies(also_at_links: str | None) -> list[dict[str, str]]:
    """A story's copies elsewhere as {"name", "url"}: web links only, named by source or host."""
    found = []
    for copy in json_list(also_at_links):
        url = copy.get("url") if isinstance(copy, dict) else copy
        if isinstance(url, str) and is_web_url(url):
            name = copy.get("source") if isinstance(copy, dict) else None
            found.append({"name": str(name or url.split("/")[2]), "url": url})
    return found


def card(row: dict[str, Any], ui: str, path: Callable[[str], str]) -> dict[str, Any]:
    """A story's card: title and its page, source, date, language, tags, teaser, copies."""
    tags = [tag for tag in json_list(row.get("tags")) if isinstance(tag, str)]
    teaser = " ".join((row.get("teaser") or "").split())
    return {
        "title": row.get("title") or "",
        "href": path(article_path(row)),
        "source": row.get("source") or "",
        "source_href": path("/source/" + quote(row.get("source_id") or "", safe="")),
        "date": shown_date(row.get("published"), ui),
        "language": row.get("language") or "",
        "language_name": language_name(row.get("language"), ui),
        "tags": [{"name": tag_name(tag, ui), "href": path("/topic/" + quote(tag, safe=""))}
                 for tag in tags],
        "teaser": teaser,
        "snippet": marked(row["snippet"]) if row.get("snippet") else None,
        "also_at": copies(row.get("also_at_links")),
        "featured": row.get("status") == "featured",
    }


def marked(snippet: str) -> Markup:
    """A search snippet as HTML: escaped first, then its marked matches in <mark>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))


def paragraphs(text: str | None) -> list[str]:
    """A plain text's paragraphs (separated by blank lines), for a story stored without HTML."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def year_of(row: dict[str, Any]) -> str | None:
    match = _DATE.match(row.get("published") or "")
    return match.group(1) if match else None


def facet_counts(rows: Iterable[dict[str, Any]]) -> dict[str, Counter]:
    """Counts of the results per language, topic, source and year."""
    counts: dict[str, Counter] = {key: Counter() for key in ("language", "topic", "source",
                                                             "year")}
    for row in rows:
        if row.get("language"):
            counts["language"][row["language"]] += 1
        for tag in json_list(row.get("tags")):
            if isinstance(tag, str):
                counts["topic"][tag] += 1
        if row.get("source_id"):
            counts["source"][row["source_id"]] += 1
        if year := year_of(row):
            counts["year"][year] += 1
    return counts


def facet_links(counts: dict[str, Counter], chosen: dict[str, str], base: str,
                names: dict[str, Callable[[str], str]]) -> list[dict[str, Any]]:
    """Per facet, links that narrow the search to one value (or undo it), with counts."""
    facets = []
    for key, counter in counts.items():
        values = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        if key == "year":
            values = sorted(values, reverse=True)
        links = [{"name": names[key](value), "count": count, "chosen": chosen.get(key) == value,
                  "href": with_args(base, chosen, **{key: None if chosen.get(key) == value
                                                     else value, "page": None})}
                 for value, count in values]
        if links:
            facets.append({"key": key, "links": links})
    return facets


def with_args(path: str, args: dict[str, str], **changes: str | None) -> str:
    """The path with these query arguments, some changed (None: left out)."""
    merged = {**args, **changes}
    kept = [(key, value) for key, value in merged.items() if value]
    return path + ("?" + urlencode(kept) if kept else "")


def page_links(page: int, has_next: bool, path: str, args: dict[str, str]) -> dict[str, Any]:
    """The newer/older links of a listing's page."""
    return {
        "page": page,
        "previous": with_args(path, args, page=str(page - 1) if page > 2 else None)
        if page > 1 else None,
        "next": with_args(path, args, page=str(page + 1)) if has_next else None,
    }
