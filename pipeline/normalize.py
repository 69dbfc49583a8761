"""An Article as collected -> an Article with canonical URL, stable id, safe HTML and plain text."""

from __future__ import annotations

from urllib.parse import urlsplit

from pipeline.dates import checked_date, to_utc_iso, utc_now_iso
from pipeline.html import html_to_text, plain, sanitise_html, teaser
from pipeline.urls import article_id, canonical_url, same_site
from spiders.items import Article


def normalise_article(item: Article) -> Article | None:
    """Clean one article in place; None when nothing is left to show (no title and no text)."""
    item.canonical_url = canonical_url(_trusted_canonical(item.canonical, item.url))
    item.id = article_id(item.canonical_url)
    item.url_id = article_id(item.url)
    item.content_html = sanitise_html(item.content_html)
    item.text = item.text or html_to_text(item.content_html)
    item.title = plain(item.title)
    item.author = plain(item.author)
    item.summary = teaser(html_to_text(item.summary) or item.text)
    item.fetched = item.fetched or utc_now_iso()
    # Pages state dates in their own offset; the database keeps UTC.
    item.published, item.date_note = checked_date(to_utc_iso(item.published), item.fetched)
    if not item.title and not item.text:
        return None
    return item


def _trusted_canonical(canonical: str | None, url: str) -> str:
    """The page's rel=canonical when it can be believed, else the URL it was found at.

    Elsewhere than on its own site a canonical is a claim of copy (handled by dedup), and a canonical
    pointing at the homepage from an article is a template mistake that would merge every article.
    """
    if not canonical or not same_site(canonical, url):
        return url
    if urlsplit(canonical).path in ("", "/") and urlsplit(url).path not in ("", "/"):
        return url
    return canonical
