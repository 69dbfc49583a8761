"""RSS/Atom bytes (already fetched by Scrapy) -> Articles.

feedparser only parses here: it is handed a byte stream, never a URL or a path, because its own
fetching has no timeout and no size limit, and a string that looks like a path would be opened.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import feedparser

from pipeline.article import Article
from pipeline.backoff import feed_refresh_seconds
from pipeline.dates import to_utc_iso
from pipeline.html import html_to_text, plain

# A summary is taken as the full article when it is long or has several paragraphs;
# otherwise the article page is fetched (full_text: auto in feeds.yaml).
FULL_SUMMARY_CHARS = 600
FULL_SUMMARY_PARAGRAPHS = 3


_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")
# Complaints about HTTP headers (a missing or wrong Content-Type), not about the document itself.
HEADER_COMPLAINTS = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


@dataclass
class ParsedFeed:
    """The articles of one feed document, and what went wrong reading it."""

    articles: list[Article] = field(default_factory=list)
    title: str = ""
    language: str | None = None
    malformed: str | None = None  # feedparser's complaint, when the XML was not well-formed
    refresh_s: int | None = None  # how often it says it changes (<ttl>, sy:updatePeriod)


def parse_feed(body: bytes, url: str, source_id: str, fetched: str,
               content_type: str | None = None, keep_linkless: bool = False) -> ParsedFeed:
    """Parse an RSS, Atom or JSON Feed document into Articles with links resolved against its URL.

    An entry without a link cannot be shown or identified and is left out, unless `keep_linkless`
    (used to run every entry of a test corpus through the conversion).
    """
    if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return parse_json_feed(body, url, source_id, fetched, keep_linkless)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    language = parsed.feed.get("language")
    result = ParsedFeed(title=plain(parsed.feed.get("title")), language=language,
                        refresh_s=feed_refresh_seconds(parsed.feed))
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, HEADER_COMPLAINTS):
        result.malformed = str(problem or "malformed feed")
    elif not parsed.get("version"):
        result.malformed = "not an RSS or Atom document"
    for entry in parsed.entries:
        article = entry_to_article(entry, source_id, fetched, language)
        if article.url or keep_linkless:
            result.articles.append(article)
    return result


def parse_json_feed(body: bytes, url: str, source_id: str, fetched: str,
                    keep_linkless: bool = False) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (jsonfeed.org), which feedparser 6 does not read."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        return ParsedFeed(malformed=f"not valid JSON: {error}")
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
            "https://jsonfeed.org/version/"):
        return ParsedFeed(malformed="JSON without a jsonfeed.org version")
    language = document.get("language")
    result = ParsedFeed(title=plain(_text(document.get("title"))), language=language)
    items = document.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        article = _json_item_to_article(item, url, source_id, fetched, language)
        if article.url or keep_linkless:
            result.articles.append(article)
    return result


def _json_item_to_article(item: dict, feed_url: str, source_id: str, fetched: str,
                          language: str | None) -> Article:
    link = _text(item.get("url")) or _text(item.get("external_url"))
    content = _text(item.get("content_html")) or _text_to_html(_text(item.get("content_text")))
    summary = _text(item.get("summary"))
    one_author = [item["author"]] if isinstance(item.get("author"), dict) else []
    authors = _list(item.get("authors")) or one_author
    names = [plain(_text(a.get("name"))) for a in authors if isinstance(a, dict) and a.get("name")]
    return Article(
        url=urljoin(feed_url, link) if link else "",
        source=source_id,
        title=plain(_text(item.get("title"))),
        summary=summary,
        content_html=content,
        text=html_to_text(content) if content else "",
        published=to_utc_iso(_text(item.get("date_published")) or _text(item.get("date_modified"))),
        updated=to_utc_iso(_text(item.get("date_modified"))),
        author=", ".join(names),
        image=_text(item.get("image")) or _text(item.get("banner_image")) or None,
        categories=[plain(t) for t in _list(item.get("tags")) if isinstance(t, str)],
        declared_language=_text(item.get("language")) or language,
        entry_id=_text(item.get("id")) or link or None,
        via="feed",
        fetched=fetched,
    )


def _text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs, one per blank-line-separated block."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return "".join(f"<p>{html_lib.escape(block)}</p>" for block in blocks)


def _list(value: object) -> list:
    """A JSON value that should be a list, or [] (null, a string, an object)."""
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    """A JSON value as a string ("" for null, numbers as written); JSON Feed ids may be numbers."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


def entry_to_article(entry: dict, source_id: str, fetched: str,
                     feed_language: str | None = None) -> Article:
    """One feed entry as an Article (url "" when the entry has no link)."""
    link = entry.get("link") or _alternate_link(entry) or ""
    content = _best_content(entry)
    summary_html = entry.get("summary") or ""
    if not content and _summary_is_full(summary_html):
        content = summary_html
    text = html_to_text(content) if content else ""
    return Article(
        url=link,
        source=source_id,
        title=plain(entry.get("title")),
        summary=summary_html,
        content_html=content,
        text=text,
        # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed, with a
        # warning.
        published=to_utc_iso(dict.get(entry, "published_parsed")
                             or dict.get(entry, "updated_parsed")),
        updated=to_utc_iso(dict.get(entry, "updated_parsed")),
        author=_author(entry),
        image=_image(entry),
        categories=[plain(t.get("term")) for t in entry.get("tags", []) if t.get("term")],
        declared_language=_entry_language(entry) or feed_language,
        entry_id=entry.get("id") or link or None,
        via="feed",
        fetched=fetched,
    )


def _alternate_link(entry: dict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _best_content(entry: dict) -> str:
    """The longest HTML or text body the entry carries (content:encoded, atom:content)."""
    bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    return max(bodies, key=len) if bodies else ""


def _summary_is_full(summary_html: str) -> bool:
    # Plain text on one line (no tag, no entity, no line boundary of any kind: "\u2029" splits
    # paragraphs too) reads as itself, spaces squeezed: a short one is a teaser, told without the
    # sanitiser and the HTML parser (0.2-0.9 ms an entry).
    if (len(summary_html) < FULL_SUMMARY_CHARS and "<" not in summary_html
            and "&" not in summary_html and len(summary_html.splitlines()) <= 1):
        return False
    text = html_to_text(summary_html)
    paragraphs = text.count("\n\n") + 1 if text else 0
    return len(text) >= FULL_SUMMARY_CHARS or paragraphs >= FULL_SUMMARY_PARAGRAPHS


def _author(entry: dict) -> str:
    """The authors' names, comma-separated; RSS writes "email (Name)" (feedparser's own split
    mangles non-ASCII names, so we split it ourselves)."""
    first = plain(entry.get("author"))
    if email_and_name := _EMAIL_NAME.match(first):
        return email_and_name.group(1).strip()
    names = [plain(a.get("name")) for a in entry.get("authors", []) if isinstance(a, dict)]
    return ", ".join(dict.fromkeys(n for n in [*names, first] if n and "@" not in n)) or first


def _entry_language(entry: dict) -> str | None:
    for detail in (entry.get("title_detail"), entry.get("summary_detail")):
        if detail and detail.get("language"):
            return detail["language"]
    return None


def _image(entry: dict) -> str | None:
    for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
        if media.get("url"):
            return media["url"]
    for enclosure in entry.get("enclosures", []):
        if enclosure.get("type", "").startswith("image/") and enclosure.get("href"):
            return enclosure["href"]
    return None
