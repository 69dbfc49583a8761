"""trafilatura's author guess, made on the tree parsed once (pipeline/extract.py), is the one
trafilatura.extract_metadata makes from the page's text: the cut of the second parse and of the
metadata nothing reads changes no answer; nor does skipping extract_author on pages where none of
its XPaths can match."""

from __future__ import annotations

import hashlib

import pytest
import trafilatura

from pipeline import extract
from pipeline.extract import _parse, _trafilatura_author

BODY = "<p>" + "Des salariés partagent leurs compétences avec une association. " * 8 + "</p>"
PAGES = {
    "meta author": '<meta name="author" content="Claire Fontaine">',
    "meta author, one word": '<meta name="author" content="Redaction">',
    "JSON-LD author": ('<script type="application/ld+json">{"@context": "https://schema.org", '
                       '"@type": "NewsArticle", "author": {"@type": "Person", '
                       '"name": "Jonas Weber"}}</script>'),
    "broken JSON-LD": '<script type="application/ld+json">{"author": [</script>',
    "byline element": "",
    "no author": "",
}
BYLINES = {"byline element": '<p class="author"><span>Inès Moreau</span></p>'}
# A byline of each kind trafilatura's AUTHOR_XPATHS read, where the page has no other author:
# _trafilatura_author asks extract_author only on pages holding one of their attribute pieces.
MARKUP_BYLINES = [
    '<span rel="author">Inès Moreau</span>', '<div id="author">Inès Moreau</div>',
    '<div itemprop="author name">Inès Moreau</div>', '<author>Inès Moreau</author>',
    '<div data-testid="AuthorCard">Inès Moreau</div>',
    '<span class="authorName">Inès Moreau</span>',
    '<p class="byl">Inès Moreau</p>', '<p class="BBL">Inès Moreau</p>',
    '<span class="username">Inès Moreau</span>', '<span id="zuozhe">Inès Moreau</span>',
    '<span class="xiaobian">Inès Moreau</span>', '<span class="bianji">Inès Moreau</span>',
    '<span class="channel-name">Inès Moreau</span>', '<div class="posted-by">Inès Moreau</div>',
    '<div class="submitted-by">Inès Moreau</div>', '<p class="journalist-name">Inès Moreau</p>',
    '<b data-component="Byline">Inès Moreau</b>', '<b class="screenname">Inès Moreau</b>',
    '<b class="writer">Inès Moreau</b>', '<b class="Byline">Inès Moreau</b>',
    '<b id="postAuthor">Inès Moreau</b>', '<div><rel>me</rel> Inès Moreau</div>',
]


def page(case: str) -> str:
    return (f"<!doctype html><html><head><title>Pro bono</title>{PAGES[case]}</head><body>"
            f"<article><h1>Pro bono</h1>{BYLINES.get(case, '')}{BODY}</article></body></html>")


@pytest.mark.parametrize("case", sorted(PAGES))
def test_the_author_is_trafilaturas_own_guess(case):
    html = page(case)
    tree = _parse(html)
    assert tree is not None
    assert _trafilatura_author(tree) == trafilatura.extract_metadata(html).author


def test_the_guess_finds_names_and_leaves_the_tree_whole():
    tree = _parse(page("byline element"))
    assert tree is not None
    before = len(list(tree.iter()))
    assert _trafilatura_author(tree) == "Inès Moreau"
    assert _trafilatura_author(_parse(page("meta author"))) == "Claire Fontaine"
    assert _trafilatura_author(_parse(page("no author"))) is None
    assert len(list(tree.iter())) == before  # the tree is the rest of the extraction's too


@pytest.mark.parametrize("markup", MARKUP_BYLINES)
def test_each_kind_of_byline_trafilatura_reads_is_still_read(markup):
    html = page("no author").replace("<h1>", markup + "<h1>")
    tree = _parse(html)
    assert tree is not None
    expected = trafilatura.extract_metadata(html).author
    assert expected  # a byline trafilatura does read
    assert _trafilatura_author(tree) == expected


def test_a_page_without_any_byline_markup_is_not_searched(monkeypatch):
    asked = []
    monkeypatch.setattr(extract, "extract_author", lambda tree: asked.append(tree))
    plain_page = page("no author").replace("<h1>", '<p class="lead">Inès Moreau</p><h1>')
    assert _trafilatura_author(_parse(plain_page)) is None
    assert trafilatura.extract_metadata(plain_page).author is None
    assert asked == []
    assert _trafilatura_author(_parse(page("byline element"))) is None  # asked: the fake's None
    assert len(asked) == 1


def test_the_precheck_was_written_for_these_xpaths():
    """pipeline/extract.py's _TRAFILATURA_BYLINE_PIECES were read off trafilatura 2.3.1's
    AUTHOR_XPATHS: an upgrade that changes them must be read again (a new attribute or piece the
    precheck lacks would skip trafilatura's guess where it finds a name)."""
    from trafilatura.xpaths import AUTHOR_XPATHS

    text = " ".join(" ".join(xpath.path.split()) for xpath in AUTHOR_XPATHS)
    assert hashlib.sha256(text.encode()).hexdigest()[:16] == "1786364624caf88c", (
        "trafilatura's AUTHOR_XPATHS changed: check _TRAFILATURA_BYLINE_PIECES and "
        "_TRAFILATURA_BYLINE_ATTRIBUTES in pipeline/extract.py, then this digest")
