"""The enrichment stages as plain functions, shared by the Scrapy pipelines and `probono reprocess`.

normalise (URLs, HTML, text, dates) -> text hash -> language. Each takes an Article and fills
its fields; `enrich` runs them in order and returns None when nothing is left to keep.
"""

from __future__ import annotations

from pipeline.dedup import text_hash
from pipeline.language import detect_language
from pipeline.normalize import normalise_article
from spiders.items import Article


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
