"""Untrusted HTML made safe (nh3) and turned into plain text.

Every HTML body from a feed or page goes through `sanitise_html` before it is stored or shown:
no script, no event handler, no `javascript:` link, no tracking pixel survives.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Iterable
from typing import Any

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"},
                      "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr",
              "figcaption", "dd", "dt")
# A 1x1 image is a tracking pixel, not an illustration.
_PIXEL = re.compile(r'<img\b[^>]*\b(?:width|height)\s*=\s*["\']?[01]["\'\s/>][^>]*>', re.I)
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# html_to_text reads this much HTML at most: a 9 MB body took 46 s, and the stored text is cut to
# 200,000 characters anyway (pipeline/normalize.py), which this much HTML always covers.
TEXT_SOURCE_CAP = 500_000


def sanitise_html(fragment: str) -> str:
    """The fragment with only harmless tags, attributes and http(s)/mailto links left."""
    fragment = _PIXEL.sub("", fragment or "")
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block, paragraphs separated by a blank
    line.

    The fragment is sanitised first, so no text can come from what the sanitiser removes
    (script bodies, comments, malformed markup that hides a tag).
    """
    # Imported at first use: bs4 (and soupsieve with it) is 50 ms of a crawl's start-up, which a
    # re-crawl with nothing new would pay for nothing.
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(sanitise_html((fragment or "")[:TEXT_SOURCE_CAP]), "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    # Line breaks in the HTML source are spaces; only <br> and block ends break lines.
    for node in soup.find_all(string=True):
        if node.parent is not None and node.parent.name != "pre" and "\n" in node:
            node.replace_with(_ANY_SPACE.sub(" ", node))
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    return normalise_text(soup.get_text())


def normalise_text(text: str) -> str:
    """Collapse runs of spaces, trim each line, keep paragraph breaks as one blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in (text or "").splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain(value: str | None) -> str:
    """A one-line plain-text field (title, author) from text that may hold entities or tags."""
    if not value:
        return ""
    if "<" in value:
        value = html_to_text(value)
    return _SPACES.sub(" ", html_module.unescape(value).replace("\n", " ")).strip()


def teaser(text: str, limit: int = 400) -> str:
    """The first paragraph of a text, cut at a word boundary when longer than `limit`."""
    first = normalise_text(text).split("\n\n")[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def any_in_line(nodes: Iterable[Any], test: Callable[[Any], bool], memo: dict[Any, bool]) -> bool:
    """Whether `test` holds for any of `nodes` (an element and its ancestors, nearest first), each
    node's answer kept in `memo`: the nodes below a hit share its answer, so a page of thousands
    of siblings asks each ancestor once, not once per sibling."""
    climbed, answer = [], False
    for node in nodes:
        if node in memo:
            answer = memo[node]
            break
        climbed.append(node)
        if test(node):
            answer = True
            break
    for node in climbed:
        memo[node] = answer
    return answer


def elements_by_tag(tree: Any, tags: Iterable[str]) -> dict[str, list[Any]]:
    """The page's elements of these tags, by tag, in page order: what `//tag` finds from any
    element of the page, found in one walk of the page (each XPath query walks it again)."""
    found: dict[str, list[Any]] = {tag: [] for tag in tags}
    for element in tree.getroottree().getroot().iter(*found):
        found[element.tag].append(element)
    return found


class MetaContents:
    """The content of a page's <meta> elements by their property or name: what
    `//meta[@property="og:title"]/@content` finds, read from the <meta>s once for all questions."""

    def __init__(self, metas: Iterable[Any]):
        self._by_key: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for position, meta in enumerate(metas):
            content = meta.get("content")
            if content is None:
                continue
            for attribute in ("property", "name"):
                value = meta.get(attribute)
                if value is not None:
                    self._by_key.setdefault((attribute, value), []).append((position, content))

    def __call__(self, *keys: tuple[str, str]) -> list[str]:
        """The contents of the <meta>s that have any of these (attribute, value) pairs, in page
        order, each <meta> once."""
        found = dict(pair for key in keys for pair in self._by_key.get(key, ()))
        return [found[position] for position in sorted(found)]
