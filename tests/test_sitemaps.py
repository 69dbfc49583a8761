"""Sitemaps, robots.txt Sitemap lines and article URL patterns, as pure functions on our own
bytes."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime

import pytest

from pipeline.errors import ParseError
from pipeline.sitemaps import (
    age_cutoff,
    archive_patterns,
    is_article_url,
    is_too_old,
    lastmod_utc,
    parse_sitemap,
    robots_sitemaps,
)

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
MB = 1024 * 1024
INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex {NS}>
  <sitemap><loc>https://site.example/post-sitemap.xml.gz</loc><lastmod>2026-05-12T08:00:00-03:00</lastmod></sitemap>
  <sitemap><loc> https://site.example/page-sitemap.xml </loc></sitemap>
</sitemapindex>""".encode()
URLSET = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {NS} xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://site.example/noticias/a/?x=1&amp;y=2</loc>
    <lastmod>2024-04-16T10:00:00-03:00</lastmod>
    <image:image><image:loc>https://site.example/a.jpg</image:loc></image:image>
  </url>
  <url><loc>https://site.example/noticias/b/</loc><lastmod>2024-10</lastmod></url>
  <url><loc>https://site.example/noticias/c/</loc><lastmod>yesterday</lastmod></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>""".encode()


def test_sitemap_index_lists_its_child_sitemaps():
    sitemap = parse_sitemap(INDEX, max_size=MB)
    assert sitemap.is_index and sitemap.malformed is None
    assert sitemap.entries == (
        ("https://site.example/post-sitemap.xml.gz", "2026-05-12T11:00:00+00:00"),
        ("https://site.example/page-sitemap.xml", None))


def test_urlset_lists_pages_with_lastmod_in_utc_and_ignores_image_locs():
    sitemap = parse_sitemap(URLSET, max_size=MB)
    assert not sitemap.is_index
    # The entry without <loc> is dropped; an unreadable lastmod is None, never an error.
    assert sitemap.entries == (
        ("https://site.example/noticias/a/?x=1&y=2", "2024-04-16T13:00:00+00:00"),
        ("https://site.example/noticias/b/", "2024-10-01T00:00:00+00:00"),
        ("https://site.example/noticias/c/", None))


def test_gzip_is_recognised_by_its_magic_bytes_not_its_name():
    assert parse_sitemap(gzip.compress(URLSET), max_size=MB) == parse_sitemap(URLSET, max_size=MB)


def test_gzip_bomb_is_refused_without_inflating_it_all():
    bomb = gzip.compress(b"<urlset>" + b" " * (21 * MB) + b"</urlset>")
    assert len(bomb) < 100_000
    refused = r"larger than 20,971,520 bytes: refused \(a gzip bomb\?\)"
    with pytest.raises(ParseError, match=refused):
        parse_sitemap(bomb, max_size=20 * MB)


@pytest.mark.parametrize("body, reason", [
    (b"", "not XML"),
    (b"<html><body>Not found</body></html>", "not a sitemap: the root element is <html>"),
    (b'<rss version="2.0"><channel/></rss>', "not a sitemap: the root element is <rss>"),
    (b"\x1f\x8b\x08\x00garbage", "not a readable gzip file"),
])
def test_what_is_not_a_sitemap_says_why(body, reason):
    with pytest.raises(ParseError, match=re.escape(reason)):
        parse_sitemap(body, max_size=MB)


def test_entities_are_never_expanded_nor_fetched():
    entities = b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">'
    laughs = b"""<?xml version="1.0"?><!DOCTYPE u [""" + entities + b"""
    <!ENTITY file SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>https://site.example/&b;&file;</loc></url></urlset>"""
    assert parse_sitemap(laughs, max_size=MB).entries == (("https://site.example/", None),)


def test_a_broken_sitemap_keeps_what_it_can_and_says_so():
    body = URLSET.replace(b"<url><loc>https://site.example/noticias/b/", b"<url><loc>https://site.example/\x01b/")
    sitemap = parse_sitemap(body, max_size=MB)
    assert sitemap.malformed == "line 8: PCDATA invalid Char value 1"
    # The bad character is dropped; the entries before and after it are kept.
    assert [e.url for e in sitemap.entries] == ["https://site.example/noticias/a/?x=1&y=2",
                                                "https://site.example/b/", "https://site.example/noticias/c/"]


@pytest.mark.parametrize("value, expected", [
    ("2015", "2015-01-01T00:00:00+00:00"),
    ("2015-06", "2015-06-01T00:00:00+00:00"),
    ("2015-06-10", "2015-06-10T00:00:00+00:00"),
    ("2025-03-21T09:15Z", "2025-03-21T09:15:00+00:00"),
    ("2025-03-21T09:15:30.5+01:00", "2025-03-21T08:15:30+00:00"),
    ("", None),
    ("soon", None),
])
def test_lastmod_in_every_w3c_form_becomes_utc(value, expected):
    assert lastmod_utc(value) == expected


def test_entries_older_than_max_age_are_too_old_and_undated_ones_never():
    now = datetime(2026, 11, 22, tzinfo=UTC)
    cutoff = age_cutoff(3650, now)
    assert cutoff == "2016-11-24T00:00:00+00:00"
    assert is_too_old("2015-06-10T00:00:00+00:00", cutoff)
    assert not is_too_old("2024-04-16T13:00:00+00:00", cutoff)
    assert not is_too_old(None, cutoff)
    assert age_cutoff(None) is None and not is_too_old("1999-01-01T00:00:00+00:00", None)


def test_robots_sitemap_lines_in_order_resolved_and_http_only():
    robots = ("\ufeffUser-agent: *\nDisallow: /admin/\n\nSitemap: https://site.example/sitemap_index.xml\n"
              "sitemap:/news-sitemap.xml   # relative, which some sites write\n"
              "SITEMAP: https://site.example/sitemap_index.xml\nSitemap: ftp://site.example/s.xml\n"
              "Sitemap:\n# Sitemap: https://site.example/commented.xml\n")
    assert robots_sitemaps(robots, "https://site.example/robots.txt") == [
        "https://site.example/sitemap_index.xml", "https://site.example/news-sitemap.xml"]
    assert robots_sitemaps("User-agent: *\nDisallow:\n", "https://site.example/robots.txt") == []


@pytest.mark.parametrize("url", [
    "https://site.example/",
    "https://site.example/noticias/page/2/",
    "https://site.example/page/3",
    "https://site.example/author/jane/",
    "https://site.example/autor/maria/",
    "https://site.example/tag/pro-bono/",
    "https://site.example/category/news/",
    "https://site.example/categorie/actualites/",
    "https://site.example/etiqueta/voluntariado/",
    "https://site.example/feed/",
    "https://site.example/noticias/?page=2",
    "https://site.example/?s=pro+bono",
])
def test_archive_and_listing_pages_are_never_articles(url):
    assert not is_article_url(url)


@pytest.mark.parametrize("url", [
    "https://site.example/noticias/advogados-voluntarios/",
    "https://site.example/2024/05/the-author-speaks/",  # a word in a slug is not an archive
    "https://site.example/blog/feedback-from-volunteers/",
    "https://site.example/news/page-turners-book-club/",
    "https://site.example/article?id=12",
])
def test_article_urls_pass_the_default_patterns(url):
    assert is_article_url(url)


def test_include_and_exclude_patterns_of_a_source():
    include, exclude = [re.compile(r"/noticias/")], [re.compile(r"/noticias/eventos/")]
    assert is_article_url("https://site.example/noticias/a/", include, exclude)
    assert not is_article_url("https://site.example/sobre/", include, exclude)  # not included
    assert not is_article_url("https://site.example/noticias/eventos/b/", include, exclude)
    assert not is_article_url("https://site.example/noticias/tag/x/", include, exclude)  # archive


def test_default_patterns_are_data_and_compile():
    patterns = archive_patterns()
    assert len(patterns) >= 8 and all(isinstance(p, re.Pattern) for p in patterns)
