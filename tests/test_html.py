"""Untrusted HTML: sanitised before storage, turned into paragraphs of plain text."""

from __future__ import annotations

from pipeline.html import html_to_text, plain, sanitise_html, teaser

HOSTILE = ('<p onclick="steal()">Bonjour <script>alert(1)</script>'
           '<a href="javascript:alert(2)">x</a>'
           '<img src="https://t.example/p.gif" width="1" height="1">'
           '<img src=x onerror="alert(3)">'
           '<a href="https://ok.example/">lien</a><iframe src="https://evil.example/"></iframe></p>')


def test_sanitise_leaves_nothing_that_runs():
    clean = sanitise_html(HOSTILE)
    for bad in ("script", "onclick", "onerror", "javascript:", "iframe", "t.example/p.gif",
                "alert"):
        assert bad not in clean, bad
    assert '<a href="https://ok.example/" rel="noopener noreferrer nofollow">lien</a>' in clean


def test_text_keeps_paragraphs_apart_and_drops_scripts():
    html = ("<h2>Titre</h2><p>Un  premier\n paragraphe.</p><script>var x;</script>"
            "<ul><li>a</li><li>b</li></ul>")
    assert html_to_text(html) == "Titre\n\nUn premier paragraphe.\n\na\n\nb"


def test_plain_unescapes_and_strips_tags():
    assert plain("Caf&eacute; <b>pro</b>\n bono ") == "Café pro bono"
    assert plain(None) == ""


def test_teaser_is_the_first_paragraph_cut_at_a_word():
    assert teaser("Court.\n\nSuite.") == "Court."
    long = "mot " * 200
    cut = teaser(long, limit=50)
    assert cut.endswith("…") and len(cut) <= 51 and not cut[:-1].endswith(" ")
