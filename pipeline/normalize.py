"""An Article as collected -> an Article with canonical URL, stable id, safe HTML and plain text."""

from __future__ import annotations

from pipeline.dates import checked_date, utc_now_iso
from pipeline.html import html_to_text, plain, sanitise_html, teaser
from pipeline.urls import article_id, canonical_url, same_site
from spiders.items import Article


def normalise_article(item: Article) -> Article | None:
    """Clean one article in place; None when nothing is left to show (no title and no text)."""
    # A page's rel=canonical is trusted only on its own site: elsewhere it is a claim of copy.
    own = item.canonical if item.canonical and same_site(item.canonical, item.url) else item.url
    item.canonical_url = canonical_url(own)
    item.id = article_id(item.canonical_url)
    item.content_html = sanitise_html(item.content_html)
    item.text = item.text or html_to_text(item.content_html)
    item.title = plain(item.title)
    item.author = plain(item.author)
    item.summary = teaser(html_to_text(item.summary) or item.text)
    item.fetched = item.fetched or utc_now_iso()
    item.published, item.date_note = checked_date(item.published, item.fetched)
    if not item.title and not item.text:
        return None
    return item
