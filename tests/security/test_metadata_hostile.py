"""Hostile pages against the article metadata readers (authors, dates, relative dates).

A daily crawl reads untrusted HTML: one page must never raise, hang or poison the metadata of
the article it is about. Each test is a page or value an attacker can write, and the outcome the
crawl needs. (Speed is printed by benchmarks; the one time bound here is 10x what a linear reading
needs, against a quadratic one that takes many seconds.)
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import lxml.html

from pipeline import authors, published
from pipeline.extract import extract_article
from pipeline.relative_dates import relative_date

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
BODY = "<p>" + "Le bénévolat de compétences relie des associations et des salariés. " * 12 + "</p>"


def json_ld(article: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(article)}</script>'


def page_with_ld_author(author: object) -> str:
    head = json_ld({"@type": "NewsArticle", "headline": "Un titre", "author": author})
    return (f"<html><head>{head}</head>"
            f"<body><article><h1>Un titre</h1>{BODY}</article></body></html>")


def test_json_ld_author_id_that_is_not_a_string_does_not_raise():
    # {"@id": [...]} or {"@id": {...}} was looked up in a dict: TypeError (unhashable) ended the
    # page.
    for author in ({"@id": ["#a"]}, [{"@id": {"x": 1}}], {"@id": None}, 7, [None], {"name": ["A"]}):
        assert extract_article(page_with_ld_author(author), "https://example.org/a",
                               fetched=FETCHED).author == ""


def test_json_ld_author_with_escaped_markup_stays_plain_text():
    # "&lt;script&gt;" in a JSON-LD name was unescaped into a tag and stored as the author.
    for name in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;Ann Lee&lt;/b&gt;",
                 "&amp;lt;img src=x onerror=alert(1)&amp;gt;"):
        author = extract_article(page_with_ld_author({"@type": "Person", "name": name}),
                                 "https://example.org/a", fetched=FETCHED).author
        assert "<" not in author and ">" not in author, author
    # A plain name is still read.
    assert extract_article(page_with_ld_author({"@type": "Person", "name": "Ann Lee"}),
                           "https://example.org/a", fetched=FETCHED).author == "Ann Lee"


def test_huge_json_ld_author_array_gives_a_bounded_author():
    many = [{"@type": "Person", "name": f"Person Number{i}"} for i in range(10_000)]
    found = authors.json_ld_authors(many, [])
    assert 0 < len(found.persons) <= authors.MAX_LD_AUTHORS
    assert found.persons[0] == "Person Number0"
    author = extract_article(page_with_ld_author(many), "https://example.org/a",
                             fetched=FETCHED).author
    assert author.startswith("Person Number0, Person Number1")
    assert len(author.split(", ")) <= authors.MAX_LD_AUTHORS


def test_a_graph_of_many_profiles_is_read_only_so_far():
    # A @graph of 20,000 nodes, each a WebPage naming a profile of its own, a first name with a
    # biography: the first MAX_LD_NODES nodes of the document are read, the full names kept are
    # bounded; a byline's first name is completed by a profile read, not by one beyond.
    graph = []
    for i in range(10_000):
        graph += [{"@type": "WebPage", "author": {"@id": f"#p{i}"}},
                  {"@type": "Person", "@id": f"#p{i}", "name": f"Nils{i}",
                   "description": f"Nils{i} Pickert ist Autor"}]
    head = json_ld({"@context": "https://schema.org", "@graph": graph})

    def author_shown(name: str) -> str:
        html = (f"<html><head>{head}</head><body><article><h1>Un titre</h1>"
                f'<p class="byline">Von <a rel="author">{name}</a></p>{BODY}'
                "</article></body></html>")
        return extract_article(html, "https://example.org/a", fetched=FETCHED).author

    started = time.process_time()
    tree = lxml.html.fromstring(f"<html><head>{head}</head></html>")
    found = authors.json_ld_page_authors(tree)
    assert 0 < len(found.full_names) <= authors.MAX_LD_AUTHORS
    assert author_shown("Nils3") == "Nils3 Pickert"
    beyond = authors.MAX_LD_NODES // 2 + 1  # its Person is node MAX_LD_NODES + 3
    assert author_shown(f"Nils{beyond}") == f"Nils{beyond}"
    assert time.process_time() - started < 10


def test_dates_inside_many_comments_are_skipped_in_linear_time():
    # Each <time> of a comment section tested every ancestor's whole subtree (.//h1): 12,000
    # comments took ~10 s in _date_texts alone.
    comments = "".join('<div class="comment"><span class="author">Eve Mallory</span>'
                       "<time>1 janvier 2020</time></div>" for _ in range(12_000))
    html = ('<html lang="fr"><body><article><h1>Un titre</h1><p class="byline">Par Ann Lee</p>'
            f'<time datetime="2024-03-05">5 mars 2024</time>{BODY}'
            f'<section class="comments">{comments}</section></article></body></html>')
    tree = lxml.html.fromstring(html)
    started = time.monotonic()
    texts = published._date_texts(tree)
    elapsed = time.monotonic() - started
    assert texts == ["Par Ann Lee", "2024-03-05"]  # the article's byline and <time>, no comment's
    assert elapsed < 2.0, f"{elapsed:.1f} s for 12,000 comments"


def test_relative_date_counted_from_an_extreme_fetch_time_does_not_raise():
    # The fetch time comes from the crawler, but an out-of-range subtraction raised OverflowError.
    assert relative_date("il y a 3 jours", datetime.min, "fr") is None
    assert relative_date("il y a 3 jours", FETCHED, "fr") == "2025-12-29"


def test_a_day_written_in_many_comments_is_checked_in_linear_time():
    # Whether htmldate's day is written only in comments tested each comment's ancestors' whole
    # subtrees too.
    comments = "".join('<div class="comment"><p>Publié le 1 janvier 2020</p></div>'
                       for _ in range(12_000))
    html = (f'<html lang="fr"><body><article><h1>Un titre</h1>{BODY}'
            f'<section class="comments">{comments}</section></article></body></html>')
    tree = lxml.html.fromstring(html)
    started = time.monotonic()
    only_elsewhere = published._written_only_elsewhere("2020-01-01", tree)
    elapsed = time.monotonic() - started
    assert only_elsewhere is True
    assert elapsed < 2.0, f"{elapsed:.1f} s for 12,000 comments"


def page_with_ld_article(**fields: object) -> str:
    head = json_ld({"@type": "NewsArticle", **fields})
    return f"<html><head>{head}</head><body><article>{BODY}</article></body></html>"


def test_json_ld_headline_and_date_of_any_type_do_not_raise():
    # datePublished 2024 or ["2024-03-05"], headline ["A"] or 5: .strip() / .replace() on a
    # number or a list raised and ended the page.
    for value in (2024, ["2024-03-05"], {"@value": "2024-03-05"}, True, 1.5):
        page = extract_article(page_with_ld_article(headline=value, datePublished=value),
                               "https://example.org/a", fetched=FETCHED)
        assert page.text.startswith("Le bénévolat")
        assert page.published is None or page.published[:4] <= "2026"
    page = extract_article(page_with_ld_article(headline="Un titre", datePublished="2024-03-05"),
                           "https://example.org/a", fetched=FETCHED)
    assert (page.title, page.published[:10]) == ("Un titre", "2024-03-05")


def test_a_ten_kilobyte_lang_attribute_is_no_language():
    # The page's lang is stored and shown as the declared language: 10 KB of it is no tag.
    html = f'<html lang="fr-{"x" * 10_000}"><body><article>{BODY}</article></body></html>'
    assert extract_article(html, "https://example.org/a", fetched=FETCHED).lang is None
    html = f'<html lang="fr-FR"><body><article>{BODY}</article></body></html>'
    assert extract_article(html, "https://example.org/a", fetched=FETCHED).lang == "fr-FR"


def test_a_byline_line_reads_only_as_far_as_its_end():
    # Each text node's line listed all its element's following siblings before reading the few
    # it needs: a page of 10,000 "<p>Datum: …</p>" read 10,000 x 10,000 siblings.
    html = "<html><body>" + "<p>Datum: 03.02.2022</p>" * 20_000 + "</body></html>"
    paragraphs = lxml.html.fromstring(html).xpath("//p")[:2_000]
    started = time.monotonic()
    lines = [authors._line_from(p.text, False, p) for p in paragraphs]
    elapsed = time.monotonic() - started
    assert lines == ["Datum: 03.02.2022"] * 2_000
    assert elapsed < 2.0, f"{elapsed:.1f} s for 2,000 lines"


def test_a_comment_authors_byline_is_not_the_articles():
    # Comment lists whose class names "comment" inside a longer word or in the middle of a token
    # ("commentlist", "wpd-comment-author", "user-comments-section") were read as bylines.
    for comments in ('<ol class="commentlist"><li><p>Par Eve Mallory</p></li></ol>',
                     ('<div class="wpd-comment-header">'
                      '<span class="wpd-comment-author">Eve Mallory</span></div>'),
                     '<div class="user-comments-section"><p>Par Eve Mallory</p></div>'):
        html = (f'<html lang="fr"><body><article><h1>Un titre</h1>{BODY}</article>{comments}'
                "</body></html>")
        article = extract_article(html, "https://example.org/a", fetched=FETCHED)
        assert article.author == "", comments
    html = ('<html lang="fr"><body><article><h1>Un titre</h1><p class="byline">Par Ann Lee</p>'
            f"{BODY}</article></body></html>")
    assert extract_article(html, "https://example.org/a", fetched=FETCHED).author == "Ann Lee"


def test_an_impossible_stated_date_is_no_date_and_the_byline_decides():
    page = ('<html lang="en"><head>'
            '<meta property="article:published_time" content="2024-02-30T10:00:00Z">'
            '</head><body><article><h1>A clinic for small charities</h1>'
            '<p class="byline">By Ann Lee, 5 March 2024</p>'
            '<p>Volunteer lawyers met twelve charities to review their statutes and contracts.</p>'
            '</article></body></html>')
    assert extract_article(page).published[:10] == "2024-03-05"


def test_a_comment_section_named_in_capitals_gives_no_date():
    page = ('<html lang="en"><body><div class="Comments"><p class="date">1 January 2020</p>'
            '<p>Great piece, thanks.</p></div>'
            '<div id="CommentList"><p class="date">2 January 2020</p></div>'
            '<article><h1>Retired accountants help food banks</h1>'
            '<p class="date">5 March 2024</p>'
            '<p>Twelve retired accountants reviewed the books of four food banks this winter.</p>'
            '</article></body></html>')
    assert extract_article(page).published[:10] == "2024-03-05"


def test_a_fetch_time_at_the_end_of_the_calendar_does_not_raise():
    page = ('<html lang="en"><body><article><h1>Volunteer designers</h1>'
            '<p class="byline">3 days ago</p>'
            '<p>Designers gave a week to a small shelter.</p></article></body></html>')
    for fetched in (datetime.max, datetime.min, datetime.max.replace(tzinfo=UTC)):
        extract_article(page, fetched=fetched)  # raises OverflowError without the guard


def test_many_site_names_and_credit_words_cost_little_and_name_the_byline():
    # The site's names (og:site_name) are compared with the JSON-LD persons, and credit words
    # ("Foto:") end a byline: thousands of either must stay cheap and not hide the real byline.
    sites = "".join(f'<meta property="og:site_name" content="Site {i}">' for i in range(20_000))
    head = sites + json_ld({"@type": "NewsArticle", "headline": "Un titre",
                            "author": {"@type": "Person", "name": "Site 3"}})
    credits = "Foto: " * 50_000
    html = (f"<html><head>{head}</head><body><article><h1>Un titre</h1>"
            f'<p class="byline">{credits}</p><p>Par Ann Lee</p>{BODY}</article></body></html>')
    started = time.process_time()
    author = extract_article(html, "https://example.org/a", fetched=FETCHED).author
    assert time.process_time() - started < 10
    assert author == "Ann Lee"  # "Site 3" is the site, among the first names read
