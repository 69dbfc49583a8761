"""An article page's author(s): who the page names as having written it.

In order: a labelled field line of the text ("Auteur : ..."), the JSON-LD article's author, the
author <meta>, then trafilatura's guess.
"""

from __future__ import annotations

import lxml.html

from pipeline.html import plain


def page_author(tree: lxml.html.HtmlElement, field_author: str | None, ld_author: str | None,
                found_author: str | None) -> str:
    """The article's author as the page names it, "" when it names none.

    field_author: a labelled line of the main text; ld_author: the JSON-LD article's author name;
    found_author: trafilatura's."""
    meta = tree.xpath('//meta[@name="author"]/@content')
    meta_author = next((v.strip() for v in meta if v.strip()), None)
    return field_author or plain(ld_author or meta_author) or plain(found_author)
