"""The day's digest: featured first, approved by topic, copies as "also at", nothing executable."""

from __future__ import annotations

import re

from pipeline.publishing.digest import build_digest, render_html, render_markdown

LABELS = {"legal-pro-bono": {"en": "Legal pro bono", "fr": "Pro bono juridique"},
          "skills-based-volunteering": {"en": "Skills-based volunteering"}}


def row(article_id: str, status: str = "approved", topic: str | None = "legal-pro-bono",
        **fields) -> dict:
    base = {"id": article_id, "title": f"Title {article_id}", "url": f"https://m.example/{article_id}",
            "summary": f"Summary of {article_id}.", "text": "",
            "published": "2026-11-20T09:00:00+00:00",
            "status": status, "source": "Member", "topic": topic, "copies": []}
    return {**base, **fields}


def test_featured_come_first_then_topics_in_taxonomy_order():
    rows = [row("a", topic=None), row("b"),
            row("c", status="featured", topic="skills-based-volunteering"),
            row("d", topic="skills-based-volunteering")]
    digest = build_digest(rows, "2026-11-22", None, LABELS)
    assert [item.title for item in digest.featured] == ["Title c"]
    assert [(s.label, [i.title for i in s.items]) for s in digest.sections] == [
        ("Legal pro bono", ["Title b"]), ("Skills-based volunteering", ["Title d"]),
        ("Other news", ["Title a"])]
    markdown = render_markdown(digest)
    assert (markdown.index("## Featured") < markdown.index("## Legal pro bono")
            < markdown.index("## Other news"))
    assert "### [Title b](<https://m.example/b>)" in markdown and "*Member*, 2026-11-20" in markdown
    assert digest.count == 4


def test_labels_follow_the_language_and_copies_are_listed_as_also_at():
    copies = [{"source": "Carenews", "url": "https://carenews.example/x"},
              {"source": "Bad", "url": "javascript:alert(1)"}]
    digest = build_digest([row("b", copies=copies)], "2026-11-22", "fr", LABELS)
    markdown = render_markdown(digest)
    assert "## Pro bono juridique" in markdown
    assert "Also at: [Carenews](<https://carenews.example/x>)" in markdown
    assert "javascript" not in markdown
    html = render_html(digest)
    assert '<a href="https://carenews.example/x">Carenews</a>' in html and "javascript" not in html


def test_hostile_text_is_escaped_in_both_formats_and_bad_links_are_dropped():
    hostile = row("x", title='<script>alert("t")</script> [a](javascript:b)',
                  url="javascript:alert(1)", summary='<img src=x onerror="alert(2)">',
                  source="<b>Src</b>")
    digest = build_digest([hostile], "2026-11-22", None, LABELS)
    html = render_html(digest)
    assert "<script>alert" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Src" in html
    markdown = render_markdown(digest)
    # Every "<" is escaped but those that open a link's <http...> target; no link to javascript:.
    assert re.findall(r"(?<!\\)<(?!https?://)", markdown) == []
    assert not re.search(r"(?<!\\)\]\(<?javascript", markdown)
    # The title's text stays, its would-be markup escaped: no link, no tag.
    assert r"\<script\>" in markdown and r"\[a\](javascript:b)" in markdown


def test_markdown_escapes_only_what_would_become_markup():
    digest = build_digest([row("a", title="Pro-bono: 2024 *review*", summary="- not a list item")],
                          "2026-11-22", None, LABELS)
    markdown = render_markdown(digest)
    assert "[Pro-bono: 2024 \\*review\\*]" in markdown and "\n\\- not a list item\n" in markdown


def test_long_summaries_are_cut_at_a_word_and_an_empty_day_says_so():
    digest = build_digest([row("a", summary="mot " * 200)], "2026-11-22", None, LABELS)
    summary = digest.sections[0].items[0].summary
    assert len(summary) <= 281 and summary.endswith("mot…")
    empty = build_digest([], "2026-11-22", "es", LABELS)
    assert "No article was approved or featured" in render_markdown(empty)
    assert "No article was approved or featured" in render_html(empty)
