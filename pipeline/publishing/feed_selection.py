"""What a feed's address asks for, checked: the filters of feed_links.FEED_FILTERS, each at most
once; anything else refused in one line, never answered with the whole feed. And the feed's
title, which says the selection in words. Pure: arguments and stored facts in, answers out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from babel import Locale

from pipeline.publishing.feed_links import FEED_FILTERS
from pipeline.publishing.interface import is_country, is_language, tag_kind

# Whether a filter's value names a selection that may exist, the one rule of the feeds' 404 and
# the reader pages' (pipeline/publishing/reader.py): a language or a country CLDR names (ISO 639-1,
# ISO 3166-1 alpha-2 as stored: FR), a tag the taxonomy or the gazetteer defines or some article
# carries, a stored source. A real selection with nothing in it yet is an empty feed and a page
# that says so, never an error: a reader may subscribe to a topic before its first story.
FILTER_EXISTS_SQL = {
    "tag": "select exists(select 1 from article_tags where tag = :value)",
    "source": "select exists(select 1 from sources where id = :value)",
}
WHAT_IT_NAMES = {"language": "is not a language code (ISO 639-1, as fr)",
                 "tag": "is not a topic, organisation or country tag",
                 "source": "is not the id of a source",
                 "country": "is not a country code (ISO 3166-1, as FR)"}
SHOWN_CHARS = 60  # of a value quoted back in an error: a 10,000-character one stays one line
UNSHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ENGLISH = Locale("en")


class FeedRefusal(Exception):
    """Why a feed's address is refused: the HTTP status and a one-line text naming the cause."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def chosen_filters(args: list[tuple[str, str]]) -> dict[str, str]:
    """The filters asked for (the query's (key, value) pairs, blank values kept), empty ones left
    out, as an empty one asks for nothing (feed_links.atom_path leaves them out too). Datasette's
    own arguments (`_` first) pass. Raises FeedRefusal (400) for any other argument and for a
    filter given twice, even once empty: which of the two was meant is not ours to guess."""
    allowed = ", ".join(FEED_FILTERS)
    for key, _ in args:
        if not key.startswith("_") and key not in FEED_FILTERS:
            raise FeedRefusal(400, f"{shown(key)} is not a feed filter; the filters are {allowed}")
    counts = Counter(key for key, _ in args if key in FEED_FILTERS)
    twice = sorted(key for key, count in counts.items() if count > 1)
    if twice:
        raise FeedRefusal(400, f"{twice[0]} is given {counts[twice[0]]} times; give each filter"
                               f" ({allowed}) at most once")
    return {key: value for key, value in args if key in FEED_FILTERS and value}


async def names_a_selection(db: Any, key: str, value: str) -> bool:
    """Whether a filter's value names a selection (FILTER_EXISTS_SQL's comment says which); `db`
    is a Datasette Database, asked only for tags no data file defines and for sources."""
    if key == "language":
        return is_language(value)
    if key == "country":
        return is_country(value)
    if key == "tag" and tag_kind(value):
        return True
    return bool((await db.execute(FILTER_EXISTS_SQL[key], {"value": value})).first()[0])


def check_found(chosen: Mapping[str, str], found: Mapping[str, bool]) -> None:
    """Raises FeedRefusal (404) naming the first filter (in FEED_FILTERS' order) whose value names
    no selection; `found` says, per chosen filter, what names_a_selection answered."""
    for key in FEED_FILTERS:
        if key in chosen and not found.get(key):
            raise FeedRefusal(404, f"{key}={shown(chosen[key])}: {shown(chosen[key])}"
                                   f" {WHAT_IT_NAMES[key]}")


def shown(value: str) -> str:
    """A value as quoted back to the reader: no control character, no line break, at most
    SHOWN_CHARS characters."""
    value = UNSHOWN.sub("?", value)
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def selection_words(chosen: Mapping[str, str], topic_labels: Mapping[str, str],
                    source_names: Mapping[str, str]) -> str:
    """The selection in words, for a feed's title: "Legal pro bono · France (fr)". A topic tag by
    its label, a source by its name, a country and a language by their English names (the
    language's code kept, which feed readers' users know from the articles)."""
    parts = []
    if "tag" in chosen:
        parts.append(topic_labels.get(chosen["tag"], chosen["tag"]))
    if "source" in chosen:
        parts.append(source_names.get(chosen["source"], chosen["source"]))
    if "country" in chosen:
        parts.append(ENGLISH.territories.get(chosen["country"], chosen["country"]))
    words = " · ".join(parts)
    code = chosen.get("language")
    if code and words:
        return f"{words} ({code})"  # beside the rest of the selection, its code says it
    if code:
        name = ENGLISH.languages.get(code)
        return f"{name} ({code})" if name else code
    return words


def feed_title(site: str, chosen: Mapping[str, str], topic_labels: Mapping[str, str],
               source_names: Mapping[str, str], whole: str) -> str:
    """The feed's title: `whole` for the unfiltered feed, else "site: the selection in words"."""
    words = selection_words(chosen, topic_labels, source_names)
    return f"{site}: {words}" if words else whole
