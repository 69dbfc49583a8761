"""Feed bytes -> Articles: links resolved, dates in UTC, full text told apart from teasers."""

from __future__ import annotations

from pathlib import Path

from pipeline.feed_parsing import parse_feed
from pipeline.normalize import normalise_article

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
NOW = "2026-01-01T00:00:00+00:00"


def parse(name: str, url: str):
    return parse_feed((FIXTURES / name).read_bytes(), url, "fixture", NOW)


def test_rss_items_with_full_content_and_relative_links():
    feed = parse("rss-relative.xml", "https://fixture.example/feed/")
    assert feed.malformed is None and feed.language == "fr" and feed.title == "Fixture & co"
    full, teaser_only = feed.articles  # the item without a link is skipped
    assert full.url == "https://fixture.example/actualites/mission/"
    assert full.title == "Une mission pro bono réussie"
    assert full.published == "2024-06-11T07:30:00+00:00"
    assert (full.author, full.categories, full.entry_id) == (
        "Claire Martin", ["Missions"], "fixture-1")
    assert full.text == "Premier paragraphe du texte complet.\n\nSecond paragraphe."
    assert "script" not in full.content_html
    assert teaser_only.text == "" and teaser_only.summary == "Une phrase qui annonce l'article."
    assert teaser_only.entry_id == teaser_only.url
    assert teaser_only.author == "王晓明"  # RSS "email (name)"


def test_atom_summary_only_entry_resolves_against_xml_base():
    (entry,) = parse("atom-summary.xml", "https://atom.example/atom.xml").articles
    assert entry.url == "https://atom.example/blog/skills-week/"
    assert (entry.published, entry.updated) == (
        "2025-03-04T14:00:00+00:00", "2025-03-05T09:00:00+00:00")
    assert entry.text == "" and entry.author == "Jane Doe, Li Wei"
    assert entry.declared_language == "en"


def test_malformed_feed_keeps_what_it_can():
    feed = parse("malformed.xml", "https://broken.example/feed")
    assert feed.malformed
    assert [a.title for a in feed.articles][:1] == ["Still readable"]


def test_html_page_is_no_feed():
    feed = parse_feed(b"<html><body><p>Not a feed</p></body></html>", "https://x.example/", "x",
                      NOW)
    assert feed.articles == [] and feed.malformed


def test_bytes_are_never_taken_for_a_path_or_url(tmp_path):
    # feedparser.parse(b"/some/path") opens the file; ours must read the bytes as the document.
    target = tmp_path / "local.xml"
    target.write_bytes((FIXTURES / "rss-relative.xml").read_bytes())
    feed = parse_feed(str(target).encode(), "https://x.example/", "x", NOW)
    assert feed.articles == [] and feed.malformed


def test_bytes_in_another_encoding_than_declared_are_still_read():
    feed = parse("wrong-encoding.xml", "https://enc.example/feed")
    (article,) = feed.articles
    assert "volat" in article.title and "\ufffd" not in article.title


def test_entities_future_and_missing_dates():
    feed = parse("entities-and-dates.xml", "https://ent.example/feed")
    future, undated = (normalise_article(a) for a in feed.articles)
    assert future.title == "Café & compétences <3"
    assert "script" not in future.content_html and "alert" not in future.text
    assert (future.published, future.date_note) == (
        NOW, "future date 2098-01-01T10:00:00+00:00 clamped to fetch time")
    assert (undated.published, undated.date_note) == (None, "no date")


def test_json_feed_items():
    feed = parse("feed.json", "https://json.example/feed.json")
    full, teaser_only = feed.articles  # the item without a URL is skipped
    assert feed.malformed is None and feed.language == "es"
    assert full.url == "https://json.example/noticias/uno/" and full.entry_id == "7"
    assert (full.author, full.categories, full.published) == (
        "Ana Ruiz", ["datos"], "2025-02-03T09:00:00+00:00")
    assert full.text == "Primer párrafo.\n\nSegundo párrafo."
    cleaned = normalise_article(full).content_html
    assert "onclick" not in cleaned and "javascript" not in cleaned
    assert teaser_only.text == "" and teaser_only.published == "2025-02-04T10:00:00+00:00"


def test_json_that_is_not_a_feed():
    assert parse_feed(b'{"hello": 1}', "https://x.example/", "x", NOW).malformed
    assert parse_feed(b"{not json", "https://x.example/", "x", NOW).malformed


def test_a_short_summary_without_a_tag_is_a_teaser_as_the_parser_would_say():
    # feed_parsing skips the sanitiser and the parser for a short summary without a tag: the same
    # answer as reading it, on texts made of what could lengthen it or break it into paragraphs
    # (entities, newlines, spaces of every kind, stray ">", "&" without an entity).
    import random

    from pipeline.feed_parsing import FULL_SUMMARY_CHARS, FULL_SUMMARY_PARAGRAPHS, _summary_is_full
    from pipeline.html import html_to_text

    separators = ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
    pieces = ["&amp;", "&lt;p&gt;", "&#10;", "&#x2029;", "&nbsp;", "\u00a0", " ", ">", "&",
              "&bogus;", "mot", "élan", "多语言", "\t", "\u3000", *separators]
    rng = random.Random(16)
    skipped = 0
    for _ in range(4000):
        pool = rng.choice([pieces, pieces[5:], [*pieces[5:], "&#x2029;"], pieces[:-10],
                           ["mot", "élan", "多语言", " ", "\t", "\u00a0", "\u3000", ">"],
                           ["mot", "élan", " ", *separators[1:]]])
        summary = "".join(rng.choice(pool) for _ in range(rng.randint(0, 150)))
        if len(summary) >= FULL_SUMMARY_CHARS:
            continue
        text = html_to_text(summary)
        paragraphs = text.count("\n\n") + 1 if text else 0
        full = len(text) >= FULL_SUMMARY_CHARS or paragraphs >= FULL_SUMMARY_PARAGRAPHS
        assert _summary_is_full(summary) == full, summary
        skipped += "<" not in summary and "&" not in summary and len(summary.splitlines()) <= 1
    assert skipped > 100  # the shortcut's own cases were tried, not only the parser's
