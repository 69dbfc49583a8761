"""trafilatura's author guess, made on the tree parsed once (pipeline/extract.py), is the one
trafilatura.extract_metadata makes from the page's text: the cut of the second parse and of the
metadata nothing reads changes no answer."""

from __future__ import annotations

import pytest
import trafilatura

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
