"""Article pages -> main text and metadata, on the demo network's own pages."""

from __future__ import annotations

import pytest
import trafilatura.core
import trafilatura.utils

from pipeline.dates import to_utc_iso
from pipeline.demo_network import DemoNetwork
from pipeline.extract import extract_article

NETWORK = DemoNetwork()


def page(site: str, path: str) -> tuple[bytes, str]:
    body, _ = NETWORK.render(site, path)
    assert body is not None, path
    return body, NETWORK.bases[site] + path


def test_page_with_json_ld_gives_exact_metadata_and_clean_text():
    body, url = page("demo-en-atom", "/blog/nonprofit-tech-audits-lessons/")
    article = extract_article(body, url + "?utm_source=x")
    assert article.url == url  # the page's canonical link
    assert article.title == "What 40 volunteer tech audits taught us about small nonprofits"
    assert (article.published, article.author, article.lang) == (
        "2024-02-27T15:00:00Z", "Jane Doe", "en")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) >= 4 and paragraphs[0].startswith("Over the past twelve months")
    for boilerplate in ("cookies", "Subscribe", "Share on", "Accept"):
        assert boilerplate not in article.text, boilerplate
    assert article.description.startswith("After a year of pro bono technology audits")


def test_page_without_json_ld_uses_time_and_html_lang():
    body, url = page("demo-es-html", "/noticias/abogados-voluntarios-cooperativas-agricolas/")
    article = extract_article(body, url)
    # The page's own offset is kept here; the pipeline stores it in UTC.
    assert article.published == "2024-03-12T10:00:00+01:00" and article.lang == "es"
    assert to_utc_iso(article.published) == "2024-03-12T09:00:00+00:00"
    assert "Usamos cookies" not in article.text and "Compartir" not in article.text


def test_empty_or_garbage_input_gives_an_empty_result():
    assert extract_article(b"") == extract_article("   ") == extract_article(b"<html></html>")
    assert extract_article(b"").title == "" and extract_article(b"").published is None


def test_what_a_feed_stated_is_not_looked_for_in_the_page_and_the_rest_is_the_same():
    """A feed's author and date are kept over the page's guess (pipeline/enrich.py with_page):
    the page's are not looked for; every other field is as a full extraction gives it, and the
    article ends with the same fields as when the page's were read and set aside."""
    from pipeline.article import Article
    from pipeline.enrich import with_page

    body, url = page("demo-en-atom", "/blog/nonprofit-tech-audits-lessons/")
    full = extract_article(body, url)
    assert full.author and full.published  # the page names both: skipping them is a saving
    for known in ({"author"}, {"published"}, {"author", "published"}):
        partial = extract_article(body, url, known=frozenset(known))
        assert partial.author == ("" if "author" in known else full.author)
        assert partial.published == (None if "published" in known else full.published)
        rest = {name: value for name, value in vars(partial).items()
                if name not in ("author", "published")}
        assert rest == {name: value for name, value in vars(full).items()
                        if name not in ("author", "published")}
    stated = {"author": "A. Feed", "published": "2024-02-26T08:00:00+00:00"}
    for given in ({}, {"author": stated["author"]}, {"published": stated["published"]}, stated):
        article = with_page(Article(url=url, source="demo-en-atom", via="feed", **given),
                            body.decode("utf-8"))
        assert article.author == given.get("author", full.author)
        assert article.published == given.get("published", full.published)
        assert (article.title, article.text) == (full.title, full.text)


# ---------------------------------------------------------------- one parse, as trafilatura parses

PROSE = "".join(f"<p>{'Les bénévoles de compétences ont aidé une association du quartier. ' * 6}"
                f"Paragraphe {n}.</p>" for n in range(5))


def shaped_page(head: str = "", before: str = "", inside: str = "") -> str:
    """A small article page; head, before and inside are what each case adds to it."""
    return (f"{before}<html lang=\"fr\"><head><title>Une journée de mécénat</title>{head}</head>"
            f"<body><article><h1>Une journée de mécénat</h1>{inside}{PROSE}</article>"
            "</body></html>")


@pytest.mark.parametrize("html", [
    shaped_page(),
    shaped_page(before='<?xml version="1.0" encoding="utf-8"?>\n'),  # XHTML: lxml refuses a str
    shaped_page(before="<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\n"),
    shaped_page(before="<!-- built by a CMS -->\n"),
    shaped_page(inside="<p>Texte\x0b avec\x01 des caractères de contrôle.</p>"),
    shaped_page(head="<?php echo 'x'; ?>"),
])
def test_every_page_shape_is_parsed_once_and_read_whole(html, monkeypatch):
    loaded: list[str] = []  # what trafilatura's loader was given, wherever it is called from
    real = trafilatura.utils.load_html

    def load_html(page, *args):
        loaded.append(type(page).__name__)
        return real(page, *args)

    for module in (trafilatura, trafilatura.core):
        monkeypatch.setattr(module, "load_html", load_html)
    article = extract_article(html, "http://127.0.0.1/a/")
    assert article.title == "Une journée de mécénat" and article.lang == "fr"
    assert article.text.count("Paragraphe") == 5
    assert loaded == ["str", "HtmlElement"]  # parsed once; trafilatura given the tree


def test_a_date_inside_an_html_comment_is_no_publication_date():
    # A shop's debug comment ("Date" = "26.02.2020"), left out as trafilatura and htmldate parse
    html = shaped_page(inside='<!-- DEBUG "Date" = "26.02.2020 17:58:26h" -->')
    assert extract_article(html, "http://127.0.0.1/a/").published is None


def test_a_fragment_trafilatura_rejects_still_gives_its_metadata():
    # Not HTML enough for trafilatura (one block, no <html>): no text, the title still read
    article = extract_article("<title>Une journée de mécénat</title>", "http://127.0.0.1/a/")
    assert article.title == "Une journée de mécénat" and article.text == ""
