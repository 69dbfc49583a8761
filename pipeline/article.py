"""The one item type every spider yields and every pipeline stage enriches."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """An article as collected, then enriched stage by stage on its way to the database."""

    # What the spider found.
    url: str
    source: str
    title: str = ""
    summary: str = ""  # teaser, plain text or HTML as found
    content_html: str = ""  # full body as HTML, untrusted until the normalize stage
    text: str = ""  # full body as plain text, when extracted from a page
    published: str | None = None  # UTC ISO 8601
    updated: str | None = None
    author: str = ""
    origin: str = ""  # the outlet a "Source : ..." line names, when the page has one
    image: str | None = None
    categories: list[str] = field(default_factory=list)
    declared_language: str | None = None  # what the page or feed says
    canonical: str | None = None  # what the page says its URL is
    entry_id: str | None = None  # the feed's guid / atom:id
    via: str = "feed"  # "feed", "feed+page", "page" or "feed-teaser"
    page_html: str = ""  # the article page as fetched, kept (compressed) for reprocessing
    fetched: str = ""  # UTC ISO 8601
    # True for a page reached without a feed and without an operator's selector (a sitemap, a
    # listing read without selectors): stored only with evidence that it is an article.
    needs_evidence: bool = False
    # True for a page reached through a found listing read for the first time (a new or moved
    # news section's archive): undated, it is stored as archive (pipeline/backfill.py).
    first_read: bool = False

    # Filled in by the pipeline stages.
    id: str = ""
    canonical_url: str = ""
    # The id of the URL as found, to find a row stored before its canonical was known.
    url_id: str = ""
    text_hash: str | None = None
    language: str | None = None
    language_probability: float | None = None
    language_method: str = ""
    language_detail: str | None = None
    date_note: str | None = None  # "no date", or a future date clamped to the fetch time
    text_note: str | None = None  # how the text was cut to the stored cap, when it was
    minhash: bytes | None = None  # near-duplicate signature of the whole text
    lead_minhash: bytes | None = None  # ... and of its opening, to find teasers of it
    near_copy_of: str | None = None  # the stored article this one is a near copy of
    similarity: float | None = None  # how close (estimated Jaccard, or containment for a teaser)
    tags: list[dict] = field(default_factory=list)  # {"id", "kind", "score", "evidence"}
    relevance: float | None = None  # how much it is about pro bono, 0..1
    relevance_reason: str = ""
    # A general medium's article that is not about pro bono: stored, not shown.
    kept_aside: bool = False
