"""A feed's summary made plain text: a summary without markup skips the HTML parser
(normalize.summary_text) and must come out exactly as html_to_text would make it."""

from __future__ import annotations

import pytest

import pipeline.normalize as normalize
from pipeline.html import html_to_text
from pipeline.normalize import summary_text

PLAIN = [
    "", "   ", "Un résumé simple.", "  Lead and trail  ", "Two\nlines\nhere",
    "\nstarts on a break", "ends on a break\n", "tabs\tand  spaces\t here",
    "para one\n\npara two", "a > b, 'quoted' \"too\"",
    "emoji 😀 and € and «guillemets» — dash… ellipsis", "中文摘要，没有空格。",
    "한국어 요약\n두 줄", "Ελληνικά και Русский", "x" * 600_000,
]
MARKUP = ["<p>Un <b>résumé</b></p>", "Tom &amp; Jerry", "a&nbsp;b", "line\r\nbreak",
          "no\u00a0break", "zero\u200bwidth", "ctrl\x0bchar", "<script>x</script>text"]


@pytest.mark.parametrize("summary", PLAIN + MARKUP)
def test_summary_text_is_what_the_html_parser_makes_of_it(summary):
    assert summary_text(summary) == html_to_text(summary)


def test_a_plain_summary_is_not_parsed_and_markup_is(monkeypatch):
    parsed = []
    monkeypatch.setattr(normalize, "html_to_text", lambda html: parsed.append(html) or "parsed")
    assert summary_text("Deux\nlignes  de texte") == "Deux lignes de texte"
    assert summary_text(None) == ""
    assert parsed == []
    assert [summary_text(markup) for markup in MARKUP] == ["parsed"] * len(MARKUP)
    assert parsed == MARKUP
