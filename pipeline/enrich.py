"""The enrichment stages as plain functions, shared by the Scrapy pipelines and `probono reprocess`.

normalise (URLs, HTML, text, dates) -> text hash -> language -> near copies -> tags. Each takes an
Article and fills its fields; `enrich` runs them in order and returns None when nothing is left to
keep. Near copies are pipeline/copies' business: `CopyFinder.mark` here and in the crawl.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pipeline.article import Article
from pipeline.copies.exact import text_hash
from pipeline.copies.finder import CopyFinder, add_signatures
from pipeline.language import detect_language
from pipeline.normalize import normalise_article
from pipeline.tagging import load_taxonomy, relevance, tag_article


def default_language(languages: Sequence[str]) -> str | None:
    """A source's language when it publishes in only one: what a page that declares none is in."""
    return languages[0] if len(languages) == 1 else None


def with_page(article: Article, html: str, default_language: str | None = None) -> Article:
    """The article with its page's text and metadata; what a feed said first (title, date,
    author) stays, since a feed states it on purpose and a page is guessed at."""
    # article.fetched is the crawler's UTC ISO 8601 time; empty (a page read from elsewhere) is now
    fetched = datetime.fromisoformat(article.fetched) if article.fetched else None
    # Imported with the first page: trafilatura and its kin are half a second of start-up, which a
    # crawl that fetches no article page (nothing new) never needs.
    from pipeline.extract import extract_article

    # What the feed stated is kept over the page's guess: not looked for in the page (a byline's
    # search and the date's read the page several times: 1-2 ms an article).
    known = frozenset(name for name, value in (("published", article.published),
                                               ("author", article.author)) if value)
    page = extract_article(html, article.url, fetched=fetched, known=known)
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
    item.tags = [{"id": t.id, "kind": t.kind, "score": round(t.score, 3),
                  "evidence": list(t.evidence)} for t in tags]
    score, reason = relevance(item.title, item.text or item.summary, tags)
    item.relevance, item.relevance_reason = round(score, 3), reason
    item.kept_aside = republisher and score < load_taxonomy().relevance.scoring.threshold
    return item


def enrich(item: Article, finder: CopyFinder | None = None, republisher: bool = False
           ) -> Article | None:
    """Every stage in the pipeline's order; None when the article has neither title nor text."""
    if normalise_article(item) is None:
        return None
    item = add_language(add_text_hash(item))
    item = finder.mark(item) if finder else add_signatures(item)
    return add_tags(item, republisher)
