"""`probono reprocess`: extraction and enrichment run again over what is stored, with no network.

Articles read through a page are extracted again from the archived page (table `pages`); articles
that came whole in a feed are enriched again from their stored text. What the feed stated (title,
date, author) is kept: a feed states it on purpose. Rows are written only where something changed,
and the editors' columns are never touched (Store.save_article). A page is read as the crawl reads
it: with its source's default language, and compared for near copies by the same CopyFinder.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.article import Article
from pipeline.copies.finder import CopyFinder
from pipeline.enrich import default_language, enrich, with_page
from pipeline.store import Store

FEED_FIELDS = ("title", "summary", "published", "updated", "author", "image", "declared_language",
               "entry_id")


def article_of_row(row: dict[str, Any]) -> Article:
    """The Article as the spider first saw it: the feed's fields, or only the URL for a page."""
    article = Article(url=row["url"], source=row["source_id"], via=row["via"] or "page",
                      fetched=row["fetched"] or "",
                      categories=json.loads(row["categories"] or "[]"))
    if article.via != "page":
        for name in FEED_FIELDS:
            setattr(article, name, row[name] or getattr(article, name))
    if not row["html"]:  # came whole in the feed: its text is all there is
        article.text, article.content_html = row["text"] or "", row["content_html"] or ""
    return article


def default_languages(store: Store) -> dict[str, str | None]:
    """Each recorded source's default language, as the crawl passes it to with_page."""
    # The sources table holds what feeds.yaml said at the last crawl: no feeds.yaml needed here.
    return {row["id"]: default_language(json.loads(row["languages"] or "[]"))
            for row in store.db["sources"].rows_where(select="id, languages")}


def reprocess(db: str | Path, source_ids: tuple[str, ...] = ()) -> Counter:
    """Re-run extraction and enrichment on the stored articles; counts of new/updated/unchanged."""
    counts: Counter = Counter()
    with Store(db) as store:
        finder = CopyFinder.from_store(store)
        languages = default_languages(store)
        for row in store.articles_with_pages(source_ids):
            article = article_of_row(row)
            if row["html"]:
                article = with_page(article, row["html"], languages.get(article.source))
            enriched = enrich(article, finder, republisher=row["source_kind"] == "media")
            if enriched is None:
                counts["empty"] += 1
                continue
            if row["date_note"] and row["published"] == enriched.published:
                # Clamped when first fetched; clamping again against that same time finds no future.
                enriched.date_note = row["date_note"]
            counts[store.save_article(enriched)] += 1
    return counts
