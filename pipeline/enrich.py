"""The enrichment stages as plain functions, shared by the Scrapy pipelines and `probono reprocess`.

normalise (URLs, HTML, text, dates) -> text hash -> language. Each takes an Article and fills
its fields; `enrich` runs them in order and returns None when nothing is left to keep.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable

from pipeline.dedup import text_hash
from pipeline.extract import extract_article
from pipeline.language import detect_language
from pipeline.neardup import (LEAD_THRESHOLD, NearDupIndex, containment, is_excerpt, lead_signature,
                              signature)
from pipeline.normalize import normalise_article
from pipeline.tagging import load_taxonomy, relevance, tag_article
from spiders.items import Article


def with_page(article: Article, html: str, default_language: str | None = None) -> Article:
    """The article with its page's text and metadata; what a feed said first (title, date,
    author) stays, since a feed states it on purpose and a page is guessed at."""
    # article.fetched is the crawler's UTC ISO 8601 time; empty (a page read from elsewhere) is now
    fetched = datetime.fromisoformat(article.fetched) if article.fetched else None
    page = extract_article(html, article.url, fetched=fetched)
    if article.via in ("feed", "feed-teaser"):
        article.via = "feed+page"
    article.text = page.text or article.text
    article.content_html = "" if page.text else article.content_html
    article.title = article.title or page.title
    article.summary = article.summary or page.description
    article.published = article.published or page.published
    article.author = article.author or page.author
    article.origin = page.source
    article.page_html = html
    article.image = article.image or page.image
    article.canonical = page.url
    article.declared_language = page.lang or article.declared_language or default_language
    return article


def add_text_hash(item: Article) -> Article:
    """A hash of the normalised text, so the store can fold exact copies across sources."""
    item.text_hash = text_hash(item.text)
    return item


def add_language(item: Article) -> Article:
    """The article's language, detected and checked against what the page or feed declares."""
    language = detect_language(item.title, item.text or item.summary, item.declared_language)
    item.language, item.language_probability = language.code, language.probability
    item.language_method, item.language_detail = language.method, language.detail
    return item


def add_tags(item: Article, republisher: bool = False) -> Article:
    """Topics, organisations and countries with their evidence, and how much it is about pro bono.

    A general medium's article that is not about pro bono is kept aside with the reason: stored
    and queryable, never silently dropped, but out of the editors' queue.
    """
    tags = tag_article(item.title, item.text or item.summary, item.language)
    item.tags = [{"id": t.id, "kind": t.kind, "score": round(t.score, 3), "evidence": list(t.evidence)}
                 for t in tags]
    score, reason = relevance(item.title, item.text or item.summary, tags)
    item.relevance, item.relevance_reason = round(score, 3), reason
    item.kept_aside = republisher and score < load_taxonomy().relevance.scoring.threshold
    return item


def add_signatures(item: Article) -> Article:
    """The near-duplicate signatures of the whole text and of its opening."""
    item.minhash = signature(item.text, item.language)
    item.lead_minhash = lead_signature(item.text, item.language)
    return item


class CopyFinder:
    """The near-duplicate indexes of the stored articles, kept up to date as articles arrive."""

    def __init__(self, signatures: Iterable[tuple[str, bytes | None, bytes | None]],
                 text_of: Callable[[str], str]):
        rows = list(signatures)
        self.whole = NearDupIndex.from_signatures((i, whole) for i, whole, _ in rows)
        self.leads = NearDupIndex.from_signatures(((i, lead) for i, _, lead in rows),
                                                  threshold=LEAD_THRESHOLD)
        self.text_of = text_of

    def match(self, item: Article) -> tuple[str, float] | None:
        """The stored article this one is a copy of: close as a whole, or one is a teaser of the other."""
        itself = {item.id, item.url_id}  # under its canonical id, or the one it was first stored under
        if item.minhash:
            found = [(c, s) for c, s in self.whole.query(item.minhash) if c not in itself]
            if found:
                return found[0]
        if item.lead_minhash:
            for candidate, _ in self.leads.query(item.lead_minhash):
                if candidate in itself:
                    continue
                other = self.text_of(candidate)
                if is_excerpt(item.text, other, item.language):
                    shorter, longer = sorted((item.text, other), key=len)
                    return candidate, round(containment(shorter, longer, item.language), 3)
        return None

    def add(self, item: Article) -> None:
        """Index the article, so the next ones are compared with it too."""
        for index, sig in ((self.whole, item.minhash), (self.leads, item.lead_minhash)):
            if item.url_id and item.url_id != item.id:
                index.remove(item.url_id)  # the row is re-keyed to its canonical id when stored
            if sig:
                index.add(item.id, sig)
            else:
                index.remove(item.id)


def find_copy(item: Article, finder: CopyFinder) -> Article:
    """Mark the article as a near copy of a stored one (the store folds the cluster)."""
    match = finder.match(item)
    item.near_copy_of, item.similarity = (match[0], round(match[1], 3)) if match else (None, None)
    finder.add(item)
    return item


def enrich(item: Article, finder: CopyFinder | None = None, republisher: bool = False
           ) -> Article | None:
    """Every stage in the pipeline's order; None when the article has neither title nor text."""
    if normalise_article(item) is None:
        return None
    item = add_signatures(add_language(add_text_hash(item)))
    if finder:
        item = find_copy(item, finder)
    return add_tags(item, republisher)
