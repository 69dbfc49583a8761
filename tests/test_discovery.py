"""Feed discovery: the shared cases (trafilatura's and coldsweat's) and our own."""

from __future__ import annotations

import json

import pytest

from pipeline.discovery import candidate_urls, feed_links, looks_like_feed, sitemap_candidates
from tests.conftest import SHARED

CASES_PATH = SHARED / "eval" / "feeds" / "discovery-cases.json"
CASES = json.loads(CASES_PATH.read_text(encoding="utf-8")) if CASES_PATH.is_file() else []


@pytest.mark.skipif(not CASES, reason="../shared/eval/feeds is not beside this clone")
@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{c['note'][:30]}" for n, c in enumerate(CASES)])
def test_shared_discovery_cases(case):
    found = feed_links(case["html"], case["base_url"])
    if case.get("expected") is not None:
        assert found == case["expected"]
    if case.get("expected_count") is not None:
        assert len(found) == case["expected_count"]
    if case.get("expected_first") is not None:
        assert found[:1] == [case["expected_first"]]


def test_link_types_order_and_comments():
    html = """<html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" href="/feed/">
      <link rel="alternate" type="application/rss+xml" href="/comments/feed/">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="ALTERNATE" type="application/feed+json" href="https://cdn.example/feed.json">
      <link rel="alternate" type="application/atom+xml" href="/feed/">
    </head><body><a href="/rss.xml">RSS</a></body></html>"""
    assert feed_links(html, "https://site.example/blog/") == [
        "https://site.example/feed/", "https://cdn.example/feed.json"]


def test_no_feed_and_garbage():
    page = "<html><body><a href='/about/'>About</a></body></html>"
    assert feed_links(page, "https://x.example/") == []
    assert feed_links(b"\x00\x01", "https://x.example/") == []
    assert not looks_like_feed("https://x.example/comments/feed/")


def test_candidates_are_the_usual_paths_on_the_site():
    candidates = candidate_urls("https://site.example/some/page")
    assert candidates[:3] == ["https://site.example/feed/", "https://site.example/rss/",
                              "https://site.example/rss.xml"]
    assert "https://site.example/index.xml" in candidates


def test_sitemap_candidates_are_the_usual_cms_paths_at_the_site_root():
    found = sitemap_candidates("https://site.example/fr/accueil.html?lang=fr#top")
    assert found == ["https://site.example/sitemap.xml", "https://site.example/sitemap_index.xml",
                     "https://site.example/wp-sitemap.xml", "https://site.example/sitemap.xml.gz"]
    assert sitemap_candidates("http://Site.Example:8080/")[0] == (
        "http://site.example:8080/sitemap.xml")
    assert sitemap_candidates("not a url") == []
