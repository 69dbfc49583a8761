"""The enrichment stages as plain functions, shared by the Scrapy pipelines and `probono reprocess`.

normalise (URLs, HTML, text, dates) -> text hash -> language. Each takes an Article and fills
its fields; `enrich` runs them in order and returns None when nothing is left to keep.
"""

from __future__ import annotations

from pipeline.dedup import text_hash
from pipeline.extract import extract_article
from pipeline.language import detect_language
from pipeline.normalize import normalise_article
from spiders.items import Article


def with_page(article: Article, html: str, default_language: str | None = None) -> Article:
    """The article with its page's text and metadata; what a feed said first (title, date,
    author) stays, since a feed states it on purpose and a page is guessed at."""
    page = extract_article(html, article.url)
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


def enrich(item: Article) -> Article | None:
    """Every stage in the pipeline's order; None when the article has neither title nor text."""
    if normalise_article(item) is None:
        return None
    return add_language(add_text_hash(item))
