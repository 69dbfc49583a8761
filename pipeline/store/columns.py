"""Which `Article` field (pipeline/article.py) goes to which column of `articles`, declared: every
column comes from a field of its name or is named here as derived, and every field is stored or
named here as not stored (tests/test_store_columns.py holds both sides to this). A renamed field
then fails loudly (getattr) instead of storing NULL. Pure."""

from __future__ import annotations

import json
from typing import Any

from pipeline.article import Article
from pipeline.urls import canonical_url

# Fields a crawl writes to the column of the same name, compared to decide "unchanged".
CRAWLED_FIELDS = (
    "url", "canonical_url", "title", "summary", "text", "content_html", "author", "image",
    "categories", "published", "updated", "declared_language", "language",
    "language_probability", "language_method", "language_detail", "text_hash", "entry_id", "via",
    "date_note", "origin", "minhash", "lead_minhash", "tags", "relevance", "relevance_reason",
    "kept_aside", "text_note",
)
# Fields stored in the column of the same name, but not as a crawl's comparable content.
FIELDS_STORED_APART = {
    "id": "the row's key",
    "fetched": "written when the story is first stored, never after",
    "similarity": "written with duplicate_of, when copies are folded (pipeline/store/clusters.py)",
}
# Columns no field has: where their values come from.
DERIVED_COLUMNS = {
    "source_id": "Article.source",
    "country": "the source's country (sources.country), for Datasette's facets",
    "canonical_declared": "1 when Article.canonical names the article's own canonical_url",
    "changed": "when the crawled columns last changed",
    "duplicate_of": "the story's original, when copies are folded (pipeline/store/clusters.py)",
    "archived": "save_article's `archived` (pipeline/backfill.py), set once",
    "status": "the editors' (editorial_decisions); never written by a crawl",
    "status_by": "the editors' (editorial_decisions); never written by a crawl",
    "status_at": "the editors' (editorial_decisions); never written by a crawl",
}
# Fields no column holds: why not.
FIELDS_NOT_STORED = {
    "source": "stored as source_id",
    "canonical": "stored as canonical_declared (whether it names canonical_url)",
    "url_id": "finds a row stored under the URL as found, which then takes the canonical id",
    "near_copy_of": "stored as duplicate_of, once the copy is folded into its original's cluster",
    "page_html": "stored compressed in the pages table (Store.save_page)",
    "needs_evidence": "decides at crawl time whether the page is stored at all",
    "first_read": "decides `archived` at crawl time (pipeline/backfill.py)",
}
# The columns a crawl owns: compared to decide "unchanged", rewritten on "updated".
CRAWLED_COLUMNS = (*CRAWLED_FIELDS, "source_id", "country", "canonical_declared")


def article_row(article: Article, country: str | None) -> dict[str, Any]:
    """The crawled columns of an article, as stored: lists as JSON, tags as their ids, flags as
    0/1, the URL without tracking parameters (a copy's "also at" shows it)."""
    row = {name: _column_value(getattr(article, name)) for name in CRAWLED_FIELDS}
    row["tags"] = json.dumps([tag["id"] for tag in article.tags], ensure_ascii=False)
    row["kept_aside"] = int(bool(article.kept_aside))
    row["url"] = canonical_url(article.url) if article.url else article.url
    row["id"] = article.id
    row["source_id"] = article.source
    row["country"] = country
    row["canonical_declared"] = int(bool(
        article.canonical and row["canonical_url"]
        and canonical_url(article.canonical) == row["canonical_url"]))
    return row


def _column_value(value: Any) -> Any:
    """Lists are stored as JSON text, so that the row compares equal on a re-crawl."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return value
