"""feedparser's own test corpus (../shared/eval/feeds/feedparser-tests) through our whole
feed-to-article conversion: no exception on any file, and nothing that runs left in what we keep."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from pipeline.feed_parsing import parse_feed
from pipeline.normalize import normalise_article
from tests.conftest import SHARED

CORPUS = SHARED / "eval" / "feeds" / "feedparser-tests"
NOW = "2026-01-01T00:00:00+00:00"
pytestmark = pytest.mark.skipif(not (CORPUS / "manifest.json").is_file(),
                                reason="../shared/eval/feeds is not beside this clone")


def runs_nothing(fragment: str) -> bool:
    """True when an HTML fragment has no script, no event handler and no javascript: URL."""
    if not fragment:
        return True
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    if tree.xpath("//script | //iframe | //object | //embed | //style"):
        return False
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or "javascript:" in value.lower().replace(" ", ""):
                return False
    return True


def convert(path: Path) -> tuple[list, object]:
    """Every entry of a corpus file through parse_feed and normalise_article, links or not."""
    feed = parse_feed(path.read_bytes(), f"http://corpus.test/{path.name}", "corpus", NOW,
                      keep_linkless=True)
    entries = len(feed.articles)
    kept = [a for a in (normalise_article(article) for article in feed.articles) if a]
    return kept, feed, entries


def test_every_corpus_feed_converts_without_exception_and_without_script():
    paths = sorted(p for p in CORPUS.rglob("*")
                   if p.is_file() and p.suffix in (".xml", ".json", ".rdf"))
    assert len(paths) > 2000
    figures, unsafe = Counter(), []
    for path in paths:
        articles, feed, entries = convert(path)  # an exception fails the test, naming the file
        figures["files"] += 1
        figures["entries"] += entries
        figures["with articles"] += bool(articles)
        figures["articles"] += len(articles)
        figures["malformed"] += bool(feed.malformed)
        for article in articles:
            fields = (article.title, article.summary, article.text, article.author)
            if not runs_nothing(article.content_html) or any(
                    "<script" in field.lower() for field in fields):
                unsafe.append(path.relative_to(CORPUS))
    print(json.dumps(figures))
    assert unsafe == []
    # Most corpus files test one feed-level element; entries with neither title nor text are
    # dropped.
    assert figures["entries"] > 1000 and figures["with articles"] > 250


def test_the_corpus_xss_cases_come_out_clean():
    # feedparser's sanitizer tests: each embeds script, event handlers or javascript: URLs.
    paths = sorted(CORPUS.glob("wellformed/sanitize/*.xml"))
    checked = 0
    for path in paths:
        articles, _, _ = convert(path)
        for article in articles:
            assert runs_nothing(article.content_html), path.name
            assert "<script" not in article.text and "alert(" not in article.text, path.name
            checked += bool(article.content_html)
    assert len(paths) > 100 and checked > 50
