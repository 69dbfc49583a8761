"""Page furniture left in extracted text: lines removed after the extractor has done its part.

trafilatura keeps some short lines that are not the article: the headline again, "read also"
prompts, share and subscribe calls, credits, a date-and-byline line, lists of links after the text.
The patterns are data (boilerplate.yaml); what this module knows is where such lines stand, how long
they are, and whether a line is all one link of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import lxml.html

from pipeline.datafiles import load

RULES_PATH = Path(__file__).with_name("boilerplate.yaml")
# A date or a time: what a dateline or byline line carries.
_DATE_TOKEN = re.compile(r"\b(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
                         r"|\d{1,2}:\d{2}|(19|20)\d{2})\b")
_WORDS = re.compile(r"\w+")
DATELINE_MAX_WORDS = 12
# "▷ Auteur : X", "Source : Y": a labelled line that carries a field, not text.
_FIELD_LINE = re.compile(
    r"^[\W_]{0,3}\s*(?P<label>auteure?|autora?|author|autor|source|fuente|fonte|quelle)\s*:\s*(?P<value>.{1,120})$",
    re.I)
FIELD_NAMES = {"auteur": "author", "auteure": "author", "autor": "author", "autora": "author",
               "author": "author", "source": "source", "fuente": "source", "fonte": "source",
               "quelle": "source"}


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], int, re.Pattern[str], int]:
    rules = load(RULES_PATH, "boilerplate")
    starts = "|".join(f"(?:{p})" for kind in rules["patterns"].values() for p in kind)
    anywhere = "|".join(f"(?:{p})" for p in rules["anywhere"])
    return (re.compile(starts, re.I), rules["max_chars"], re.compile(anywhere, re.I),
            rules["max_chars_anywhere"])


def words_of(text: str) -> str:
    """Lowercase words only: two lines with the same words are the same line."""
    return " ".join(_WORDS.findall(text.casefold()))


def is_boilerplate(line: str) -> bool:
    """True for a short line that matches a furniture pattern."""
    starts, max_chars, anywhere, max_chars_anywhere = _rules()
    # trafilatura writes a table row as "| cell | cell |": the furniture starts inside the cell.
    line = line.strip().strip("|").strip()
    return ((len(line) <= max_chars and starts.match(line) is not None)
            or (len(line) <= max_chars_anywhere and anywhere.search(line) is not None))


# How many link texts' words are remembered across pages (a site's menus and footers), and the
# longest text remembered (a menu item's; a teaser's link is read once).
MAX_REMEMBERED_LINKS = 8192
MAX_REMEMBERED_LINK_CHARS = 100


def link_texts(tree: lxml.html.HtmlElement) -> frozenset[str]:
    """The words of each link of the page (see clean_lines)."""
    return frozenset(words for link in tree.iter("a") if (words := _link_words(_text_of(link))))


def _link_words(text: str) -> str:
    return words_of(text) if len(text) > MAX_REMEMBERED_LINK_CHARS else _remembered_words(text)


@lru_cache(maxsize=MAX_REMEMBERED_LINKS)
def _remembered_words(text: str) -> str:
    return words_of(text)


def _text_of(element: lxml.html.HtmlElement) -> str:
    """element.text_content(), which is an XPath query: a link without children (most) has only
    its text."""
    return element.text_content() if len(element) else element.text or ""


def clean_lines(lines: list[str], titles: set[str],
                links: frozenset[str] = frozenset()) -> list[str]:
    """The lines without the repeated headline, furniture, a date-and-byline first or last line, and
    the links that end the text."""
    if lines and words_of(lines[0]) in titles:
        lines = lines[1:]
    lines = [line for line in lines if not is_boilerplate(line)]
    for index in (0, -1):
        if lines and _is_dateline(lines[index]):
            del lines[index]
    # A line that is one link's whole text, after the last line of prose, points to other pages:
    # "related" and "most read" lists the extractor kept. Inside the text such lines stay.
    while lines and words_of(lines[-1]) in links:
        lines.pop()
    return lines


def _is_dateline(line: str) -> bool:
    return bool(_DATE_TOKEN.search(line)) and len(line.split()) <= DATELINE_MAX_WORDS


def take_fields(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Lines such as "▷ Auteur : X" / "Source : Y" become fields and leave the text."""
    fields: dict[str, str] = {}
    kept = []
    for line in lines:
        match = _FIELD_LINE.match(line.strip())
        if match:
            value = match["value"].strip().rstrip(".")
            fields.setdefault(FIELD_NAMES[match["label"].lower()], value)
        else:
            kept.append(line)
    return kept, fields
