"""The article's lead (standfirst): the paragraph under the headline that the page's description
repeats.

Pages set their lead apart from the body (a header, a "teaser", "excerpt" or "chapo" block), and
trafilatura leaves it out with the header furniture. The page's own description (og:description,
meta description) says which block it is: the block of the body whose text starts like the
description is the lead, and it goes first when the extracted text lacks it. A one-line summary
under the headline (a "dek"), a pull quote and a list item (a ticker, other posts' teasers) show
the description too, but they are display copy, not the article's first paragraph.
"""

from __future__ import annotations

import re

import lxml.html

# Shorter descriptions ("News from Berlin") match menus and labels, not a lead.
DESCRIPTION_MIN_WORDS = 6
# A lead is a paragraph; a shorter block is a headline's one-line summary (display copy).
LEAD_MIN_WORDS = 20
# The start of the description that is looked for: long enough to be one block's text only,
# short enough to stay clear of an inline tag or a cut ("...") further on.
_PREFIX_CHARS = 40
# Inline tags are part of the paragraph around them: the lead is the block that holds them.
_INLINE = frozenset({"a", "abbr", "b", "em", "font", "i", "small", "span", "strong", "u"})
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "textarea", "option"})
# A block much longer than the description is the article (or a page section), not its lead.
_MAX_LEAD_CHARS = 1200
# Class and id words that mark display copy: a dek ("p-dek", "articleDek"), a pull quote.
_DISPLAY_COPY = frozenset({"dek", "quote", "pullquote"})
_CLASS_WORDS = re.compile(r"[A-Z]?[a-z]+")


def page_lead(tree: lxml.html.HtmlElement, description: str, text: str) -> str:
    """The lead's text when the body shows the description as a block of its own that `text`
    lacks, else ""."""
    description = " ".join(description.split())
    if len(description.split()) < DESCRIPTION_MIN_WORDS:
        return ""
    prefix = description[:_PREFIX_CHARS]
    holders = tree.xpath("//body//*[text()[contains(normalize-space(.), $prefix)]]",
                         prefix=prefix)
    for holder in holders:
        block = holder
        while block.tag in _INLINE and block.getparent() is not None:
            block = block.getparent()
        if block.tag in _NOT_TEXT or not isinstance(block.tag, str):
            continue
        lead = " ".join(block.text_content().split())
        if len(lead) > max(_MAX_LEAD_CHARS, 2 * len(description)):
            continue
        if len(lead.split()) < LEAD_MIN_WORDS or _is_display_copy(block):
            return ""
        return lead if lead not in " ".join(text.split()) else ""
    return ""


def _is_display_copy(block: lxml.html.HtmlElement) -> bool:
    """A list item, or a block that it or its two nearest containers call a dek or a quote."""
    ancestors = list(block.iterancestors())
    if any(element.tag == "li" for element in [block, *ancestors[:3]]):
        return True
    near = [block, *ancestors[:2]]
    names = " ".join(f"{element.get('class') or ''} {element.get('id') or ''}" for element in near)
    return any(word.lower() in _DISPLAY_COPY for word in _CLASS_WORDS.findall(names))
