"""Canonical URLs: one spelling per page, so the same article found twice is one row."""

from __future__ import annotations

import pytest

from pipeline.urls import article_id, canonical_url, identity_url, same_site


@pytest.mark.parametrize("url, expected", [
    ("HTTP://Example.ORG:80/a/b/?utm_source=rss&utm_medium=feed#top", "http://example.org/a/b/"),
    ("https://example.org:443/x?id=3&fbclid=abc&gclid=z&mc_cid=1", "https://example.org/x?id=3"),
    ("https://example.org:8443/x?b=2&a=1", "https://example.org:8443/x?b=2&a=1"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/é?q=bénévolat", "https://example.org/é?q=b%C3%A9n%C3%A9volat"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_relative_link_is_resolved_against_its_page():
    assert canonical_url("../b/?utm_campaign=x", base="http://h.org/a/c/") == "http://h.org/a/b/"


def test_id_ignores_tracking_case_port_and_fragment_but_not_the_path():
    plain = article_id("https://example.org/news/one/")
    assert article_id("https://EXAMPLE.org:443/news/one/?utm_source=x#comments") == plain
    assert article_id("https://example.org/news/two/") != plain
    assert len(plain) == 16 and int(plain, 16) >= 0


def test_same_site_ignores_www():
    assert same_site("https://www.example.org/a", "http://example.org/b")
    assert not same_site("https://example.org/a", "https://media.example.com/a")


@pytest.mark.parametrize("variant", [
    "http://www.example.org/news/one",
    "https://example.org/news/one/amp/",
    "https://amp.example.org/news/one/",
    "https://example.org/amp/news/one/",
    "https://example.org/news/one/?amp=1&utm_medium=social",
    "https://example.org/news/one/?outputType=amp",
])
def test_variants_of_one_page_have_one_id(variant):
    assert article_id(variant) == article_id("https://example.org/news/one/")


def test_redundant_language_prefix_only_on_listed_hosts():
    assert article_id("https://www.probonolab.org/fr/articles/x") == article_id("https://probonolab.org/articles/x")
    assert article_id("https://example.org/fr/articles/x") != article_id("https://example.org/articles/x")
    assert article_id("https://example.org/news/amplifier/") != article_id("https://example.org/news/")
    assert article_id("https://example.org/tags/amp") != article_id("https://example.org/tags")
    assert article_id("https://example.org/amp") != article_id("https://example.org/")
    assert article_id("https://probonolab.org/go/x") != article_id("https://probonolab.org/x")
    assert identity_url("https://example.org/") == "//example.org/"


@pytest.mark.parametrize("value, expected", [
    ("https://m.example/a?b=1", True), ("HTTP://M.EXAMPLE/", True), ("javascript:alert(1)", False),
    ("mailto:a@b.example", False), ("https://m.example/<x>", False),
    ("https://m.example/a b", False),
    (None, False), (42, False),
])
def test_only_http_urls_fit_to_link_are_web_urls(value, expected):
    from pipeline.urls import is_web_url

    assert is_web_url(value) is expected


def test_same_site_reads_international_names_and_trailing_dots_alike():
    assert same_site("http://bücher.example/a", "http://xn--bcher-kva.example/b")
    assert same_site("http://A.Example./x", "https://www.a.example/")
    assert not same_site("http://a.example/", "http://a.example.evil.test/")
    assert not same_site("http://bücher.example/", "http://bucher.example/")
