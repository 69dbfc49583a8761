"""Where each selection's Atom feed is: one spelling of the feed addresses, for every page that
links one (`<link rel="alternate">`, the subscribe links, the OPML export) and for the feed itself.

The feeds are the `published` canned query of data/metadata.yaml through the Atom renderer of
plugin.py, narrowed by the filters below (each at most once; any other argument is refused there).
"""

from __future__ import annotations

from urllib.parse import urlencode

PUBLISHED_QUERY = "published"
# The selections a feed can be narrowed to: an article's language (ISO 639-1), one of its tags
# (topic, organisation or country tag), its source's id, its source's country (ISO 3166-1 alpha-2).
FEED_FILTERS = ("language", "tag", "source", "country")


def atom_path(database_path: str, **filters: str | None) -> str:
    """The feed's path for these filters (empty ones left out, in one order), under the database's
    path (`datasette.urls.database(name)`): the same selection is always the same address."""
    unknown = set(filters) - set(FEED_FILTERS)
    if unknown:
        raise ValueError(f"unknown feed filter(s): {', '.join(sorted(unknown))}")
    chosen = [(key, filters[key]) for key in FEED_FILTERS if filters.get(key)]
    query = urlencode(chosen)
    return f"{database_path}/{PUBLISHED_QUERY}.atom" + (f"?{query}" if query else "")
