"""Where a page writes its publication date, and where it writes another day: a byline sentence
opening a long footer, the site's "today" above the headline, a CMS's 1st of January placeholder,
a bracketed dateline with a two-digit year (pipeline/published.py, on whole pages)."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_article

TEXTS = {
    "de": "Ehrenamtliche Juristinnen begleiten die Vereine des Viertels bei ihren Verträgen, "
          "von der Satzung bis zum Arbeitsvertrag, vier Stunden im Monat.",
    "fr": "Des juristes bénévoles accompagnent les associations de quartier dans leurs démarches, "
          "de la rédaction des statuts aux contrats de travail, quatre heures par mois.",
    "en": "Volunteer lawyers help neighbourhood associations with their paperwork, from their "
          "articles of association to employment contracts, four hours a month.",
    "it": "Giuristi volontari accompagnano le associazioni di quartiere nelle loro pratiche, "
          "dallo statuto ai contratti di lavoro, quattro ore al mese.",
    "es": "Juristas voluntarios acompañan a las asociaciones del barrio en sus trámites, desde "
          "los estatutos hasta los contratos de trabajo, cuatro horas al mes.",
    "pl": "Prawnicy wolontariusze pomagają stowarzyszeniom dzielnicy w formalnościach, od statutu "
          "po umowy o pracę, cztery godziny w miesiącu.",
}


def page(lang: str, top: str = "", under_title: str = "", after: str = "",
         head: str = "") -> str:
    text = f"<p>{TEXTS[lang]}</p>" * 4
    return (f'<html lang="{lang}"><head><title>Ein Bilan</title>{head}</head><body>'
            f'<div class="site-top">{top}<a href="/">Juristes solidaires</a></div>'
            f"<main><article><h1>Un premier bilan</h1>{under_title}{text}{after}"
            "</article></main></body></html>")


@pytest.mark.parametrize("lang, sentence, expected", [
    ("de", "Dieser Beitrag wurde am Samstag, 3. Dezember 2011 um 10:12 Uhr veröffentlicht",
     "2011-12-03"),
    ("en", "This entry was posted on Tuesday, 14 March 2017 at 09:30", "2017-03-14"),
    ("fr", "Cet article a été publié le mardi 7 mai 2019 à 18:05", "2019-05-07"),
])
def test_a_long_post_footer_opens_with_its_byline_sentence(lang, sentence, expected):
    # A theme's footer: the byline sentence, then its categories and how to comment, far past
    # a byline's length; and an archive's older day elsewhere in the text.
    tags = ", ".join(f'<a href="/tag/{n}" rel="tag">Thema {n}</a>' for n in range(12))
    footer = (f'<p class="postmetadata"><small>{sentence} und unter {tags} abgelegt. '
              "Kommentare sind geschlossen, aber ein Trackback ist möglich.</small></p>")
    html = page(lang, after=footer + "<p>Archiv: 01/06/2010</p>")
    assert extract_article(html).published[:10] == expected


@pytest.mark.parametrize("lang, today, published, shown", [
    ("de", "Mittwoch, 8. Juli 2020", "2020-04-27T20:10:40+02:00", "27.04.2020, 20:10 Uhr"),
    ("fr", "Lundi 14 septembre 2020", "2020-06-02T08:00:00+02:00", "2 juin 2020"),
    ("en", "Friday, March 5, 2021", "2021-01-19T15:45:00+00:00", "January 19, 2021"),
])
def test_the_sites_today_above_the_headline_is_not_the_articles(lang, today, published, shown):
    top = f'<time class="nav-top--date">{today}</time>'
    stated = f'<time itemprop="datePublished" content="{published}">{shown}</time>'
    html = page(lang, top=top, under_title=f'<div class="author-box">{stated}</div>')
    assert extract_article(html).published[:10] == published[:10]


def json_ld(published: str) -> str:
    return ('<script type="application/ld+json">{"@type": "NewsArticle", '
            f'"datePublished": "{published}"}}</script>')


@pytest.mark.parametrize("lang, byline, expected", [
    ("de", "01.04.2023, 12:00 Uhr", "2023-04-01"),
    ("fr", "Publié le 3 avril 2023", "2023-04-03"),
    ("en", "Published 18 October 2022", "2022-10-18"),
])
def test_a_stated_first_of_january_is_a_placeholder_when_the_byline_writes_another_day(
        lang, byline, expected):
    head = json_ld("2021-01-01T11:00:00.000Z")
    html = page(lang, under_title=f'<p class="date">{byline}</p>', head=head)
    assert extract_article(html).published[:10] == expected


def test_a_stated_first_of_january_the_byline_confirms_stays():
    head = json_ld("2023-01-01T09:00:00+01:00")
    html = page("de", under_title='<p class="date">1. Januar 2023</p>', head=head)
    assert extract_article(html).published[:10] == "2023-01-01"


@pytest.mark.parametrize("lang, dateline, expected", [
    ("it", "( Pescasseroli, 14 Gennaio 20 )", "2020-01-14"),
    ("fr", "(Lyon, 3 mars 21)", "2021-03-03"),
    ("es", "(Madrid, 5 de mayo 22)", "2022-05-05"),
    ("pl", "(Warszawa, 5 marca 24)", "2024-03-05"),
])
def test_a_bracketed_dateline_with_a_two_digit_year(lang, dateline, expected):
    html = page(lang, under_title=f"<p><em>{dateline}</em></p>",
                after="<p>Aggiornamento: 03/2020</p>")
    assert extract_article(html).published[:10] == expected


@pytest.mark.parametrize("line", ["(see 14 pages 20)", "(Lyon, 3 mars)", "(14 Gennaio 20 e 21)",
                                  "(Roma, 3 marzo 99)"])  # not 2099
def test_no_dateline_from_brackets_that_hold_no_date(line):
    html = page("it", under_title=f"<p><em>{line}</em></p>")
    assert extract_article(html).published is None


# A byline written where no class says so, its date after the name, in each language's own
# byline word (author_words.yaml) and date order; readers' comments below it, in blocks whose
# class names a comment only inside a longer word ("kb-recipe-comment-box", "post_comment_body").
BYLINES_WITH_DATES = [
    ("de", "von Marianne am 20.09.2020", "2020-09-20"),
    ("fr", "par Léa Martin le 20/09/2020", "2020-09-20"),
    ("en", "by Sam Okoro on 2020-09-20", "2020-09-20"),
    ("es", "por Ana Ruiz el 20/09/2020", "2020-09-20"),
    ("it", "di Marco Bianchi, 20.09.2020", "2020-09-20"),
    ("pl", "autor: Anna Nowak, 20.09.2020", "2020-09-20"),
]


@pytest.mark.parametrize("lang, byline, expected", BYLINES_WITH_DATES)
@pytest.mark.parametrize("comment_class", ["kb-recipe-comment-box", "post_comment_body"])
def test_a_byline_with_its_date_where_no_class_says_so(lang, byline, expected, comment_class):
    comments = "".join(
        f'<div class="{comment_class}"><time datetime="2020-09-2{n}T18:19:06+02:00">'
        f"2{n}.09.20</time><p>{TEXTS[lang][:60]}</p></div>" for n in (2, 3, 6))
    html = page(lang, under_title=f'<div class="user-box"><span>{byline}</span></div>',
                after=comments)
    assert extract_article(html).published[:10] == expected


@pytest.mark.parametrize("lang, byline, expected", BYLINES_WITH_DATES)
def test_other_articles_bylines_in_a_sidebar_are_not_the_pages(lang, byline, expected):
    # The hostile case beside it: the same kind of byline, other days, in a related-posts list.
    word = byline.split()[0]
    related = "".join(f'<li><span>{word} Paul Roy, 1{n}.03.2019</span></li>' for n in range(3))
    html = page(lang, under_title=f"<span>{byline}</span>",
                after=f'<div class="related-posts"><ul>{related}</ul></div>')
    assert extract_article(html).published[:10] == expected
    html = page(lang, after=f'<div class="related-posts"><ul>{related}</ul></div>')
    assert (extract_article(html).published or "")[:4] != "2019"


def yoast_graph(page_date: str, article_first: bool = False) -> str:
    # WordPress's SEO plugins: one @graph, the page's date on its WebPage, often none on the
    # Article (listed before or after it; the WebPage's type alone or in a list).
    web_page = (f'{{"@type": {["WebPage", "ItemPage"] if article_first else ["WebPage"]}, '
                f'"datePublished": "{page_date}", "dateModified": "2024-05-02T10:00:00+02:00"}}'
                ).replace("'", '"')
    article = '{"@type": "Article", "headline": "Un premier bilan"}'
    parts = [article, web_page] if article_first else [web_page, article]
    return ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
            '{"@type": "Organization", "name": "Juristes solidaires"}, '
            f'{", ".join(parts)}]}}</script>')


@pytest.mark.parametrize("article_first", [False, True])
@pytest.mark.parametrize("lang, byline", [(lang, byline) for lang, byline, _ in BYLINES_WITH_DATES])
def test_the_webpage_date_of_a_json_ld_graph_over_a_byline_showing_the_update(lang, byline,
                                                                              article_first):
    # The byline shows the last change (2024-05-02); the graph's WebPage states the first day.
    shown = byline.replace("2020-09-20", "2024-05-02").replace("20.09.2020", "02.05.2024")
    shown = shown.replace("20/09/2020", "02/05/2024")
    html = page(lang, under_title=f"<span>{shown}</span>",
                head=yoast_graph("2023-11-14T08:30:00+01:00", article_first))
    assert extract_article(html).published == "2023-11-14T08:30:00+01:00"
    # A graph without the page's date leaves the byline's.
    html = page(lang, under_title=f"<span>{shown}</span>",
                head=yoast_graph("2023-11-14").replace('"datePublished": "2023-11-14", ', ""))
    assert extract_article(html).published[:10] == "2024-05-02"


def test_other_texts_test_in_python_answers_as_its_xpath():
    # published.py asks OTHER_TEXTS (the rule, written as XPath) in Python for speed: both must
    # give one answer on every kind of class, id, tag and subtree.
    import random

    import lxml.etree
    import lxml.html

    from pipeline.published import OTHER_TEXTS, _is_other_text

    rule = lxml.etree.XPath(f"self::*[{OTHER_TEXTS}]")
    words = ["comment", "Comments", "COMMENT__date", "kb-recipe-comment-box", "post_comment",
             "showing-comments", "sidebar", "one-sidebar", "Widget_text", "related-posts",
             "unrelated", "nocomment", "entry", "date", "K\u212aomment", "\u0130tem", "side bar"]
    spaces = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", ""]
    rng = random.Random(14)
    for _ in range(3000):
        tag = rng.choice(["div", "section", "header", "body", "aside", "ul"])
        classes = "".join(rng.choice(spaces) + rng.choice(words) for _ in range(rng.randint(0, 3)))
        identifier = rng.choice(["", "comments", "Comment-1", " comments", "main", "commentList"])
        inner = rng.choice(["<p>x</p>", "<h1>Titre</h1>", "<div><h1>T</h1></div>", ""])
        attributes = (f' class="{classes}"' if classes or rng.random() < 0.3 else "") + (
            f' id="{identifier}"' if identifier else "")
        html = f"<html><body><{tag}{attributes}>{inner}</{tag}></body></html>"
        document = lxml.html.document_fromstring(html)
        element = document.find(".//body") if tag == "body" else document.find(f".//body/{tag}")
        if element is None:  # the parser moved it (a <body> inside <body>): nothing to compare
            continue
        assert _is_other_text(element) == bool(rule(element)), html


@pytest.mark.parametrize("lang, label", [("de", "Veröffentlicht am"), ("fr", "Publié le"),
                                         ("de", "von Marianne am")])
def test_a_labelled_date_in_indented_markup(lang, label):
    # Pretty-printed templates indent what follows a label: read as it shows, spaces squeezed.
    html = page(lang, under_title=f"<p>{label}\n{chr(9) * 50} 03.02.2022</p>")
    assert extract_article(html).published[:10] == "2022-02-03"
