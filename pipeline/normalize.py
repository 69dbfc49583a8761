"""An Article as collected -> an Article with canonical URL, stable id, safe HTML and plain text.

Stored text and HTML are capped (TEXT_CAP, HTML_CAP characters): a longer body is cut at a paragraph
or word boundary and the cut is noted in `text_note`; an article page that was fetched is archived
whole (the pages table). Readers' searches and pages then work on bounded values whatever a site
publishes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.article import Article
from pipeline.dates import checked_date, to_utc_iso, utc_now_iso
from pipeline.html import (
    TEXT_SOURCE_CAP,
    html_to_text,
    normalise_text,
    plain,
    sanitise_html,
    teaser,
)
from pipeline.sitemaps import archive_patterns
from pipeline.urls import article_id, canonical_url, same_site

# About 30,000 words, longer than any article or report a reader reads on a page; a 9 MB "article"
# made FTS5 snippets take minutes. HTML carries markup, hence twice the room.
TEXT_CAP = 200_000
HTML_CAP = 2 * TEXT_CAP
# A cut falls at the last paragraph (else word) end within this share of the cap.
BOUNDARY_WINDOW = 0.2
_ANY_SPACE = re.compile(r"\s+")
# A page's canonical URL is put in canonical form to judge its shape, then again as the article's:
# worked out once.
_canonical_form = lru_cache(maxsize=16)(canonical_url)


def normalise_article(item: Article) -> Article | None:
    """Clean one article in place; None when nothing is left to show (no title and no text)."""
    item.canonical_url = _canonical_form(_trusted_canonical(item.canonical, item.url))
    item.id = article_id(item.canonical_url)
    item.url_id = article_id(item.url)
    item.content_html = _capped_html(sanitise_html(item.content_html))
    item.text, item.text_note = capped_text(item.text or html_to_text(item.content_html))
    item.title = plain(item.title)
    item.author = plain(item.author)
    item.summary = teaser(summary_text(item.summary) or item.text)
    item.fetched = item.fetched or utc_now_iso()
    # Pages state dates in their own offset; the database keeps UTC.
    item.published, item.date_note = checked_date(to_utc_iso(item.published), item.fetched)
    if not item.title and not item.text:
        return None
    return item


def _trusted_canonical(canonical: str | None, url: str) -> str:
    """The page's rel=canonical when it can be believed, else the URL it was found at.

    Elsewhere than on its own site a canonical is a claim of copy (handled by dedup), and a
    canonical pointing from an article at the homepage, a language home (/fr/) or an archive
    (/category/x/) is a template mistake that would merge every article, then drop it as no
    article.
    """
    if not canonical or not same_site(canonical, url):
        return url
    if _archive_shaped(canonical) and not _archive_shaped(url):
        return url
    return canonical


def _archive_shaped(url: str) -> bool:
    """True when the URL has the shape of no article: a site root, a language home, an archive."""
    url = _canonical_form(url)
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        return True
    return any(pattern.search(url) for pattern in archive_patterns())


def summary_text(summary: str | None) -> str:
    """html_to_text(summary), without parsing a summary that holds no markup: most feeds' plain
    descriptions cost an HTML sanitiser and parser pass each, for the same text. Plain means no
    tag or entity (no "<" or "&") and only printable characters, tabs and newlines: what the
    parser would keep as it is (tests/test_normalize_summary.py holds the two equal)."""
    summary = summary or ""
    if "<" in summary or "&" in summary or not _printable(summary):
        return html_to_text(summary)
    summary = summary[:TEXT_SOURCE_CAP].strip()
    # As html_to_text: line breaks in a text node are spaces (a node with none is kept as is).
    return normalise_text(_ANY_SPACE.sub(" ", summary) if "\n" in summary else summary)


def _printable(text: str) -> bool:
    return text.replace("\n", "").replace("\t", "").isprintable()


def capped_text(text: str, cap: int = TEXT_CAP) -> tuple[str, str | None]:
    """The text cut to at most `cap` characters at a paragraph or word end, and a note of the cut
    (None when nothing was cut)."""
    if len(text) <= cap:
        return text, None
    head = text[:cap]
    floor = int(cap * (1 - BOUNDARY_WINDOW))
    end = head.rfind("\n\n", floor)
    if end < 0:
        end = max(head.rfind(" ", floor), head.rfind("\n", floor))
    cut = head[:end].rstrip() if end > 0 else head
    note = f"text cut at {len(cut):,} characters (the stored cap is {cap:,})"
    return cut, note


def _capped_html(html: str, cap: int = HTML_CAP) -> str:
    """The HTML cut after the last tag end within `cap`, then sanitised again so every element the
    cut left open is closed."""
    if len(html) <= cap:
        return html
    head = html[:cap]
    end = head.rfind(">")
    return sanitise_html(head[:end + 1] if end > 0 else head)
