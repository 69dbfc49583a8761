"""The parts of extraction: dates written in words, titles among candidates, furniture lines,
fields."""

from __future__ import annotations

import pytest

from pipeline.boilerplate import clean_lines, is_boilerplate, take_fields, words_of
from pipeline.dates import date_in_text
from pipeline.extract import extract_article
from pipeline.titles import TitleCandidates, choose_title


@pytest.mark.parametrize("text, expected", [
    ("le 11 septembre 2014 dans Actualités, International", "2014-09-11"),
    ("Publié le 17 juin 2020 - 12:48", "2020-06-17T12:48:00"),
    ("13 avr. 2021", "2021-04-13"),
    ("20 de junho de 2023", "2023-06-20"),
    ("14. 08. 2017", "2017-08-14"),
    ("2014年9月11日", "2014-09-11"),
    ("17/06/2020", "2020-06-17"),
    ("Drive Pro Bono Forward17/06/2020", "2020-06-17"),
    ("Por Lucía Ortega · 12 de marzo de 2024 · Pro bono jurídico", "2024-03-12"),
    ("March 3, 2024", "2024-03-03"),
    ("5. März 2021", "2021-03-05"),
    ("1er mai 2019 à 18h30", "2019-05-01T18:30:00"),
])
def test_dates_written_in_the_members_languages(text, expected):
    assert date_in_text(text) == expected


@pytest.mark.parametrize("text", ["version 3.12", "31/06/2020", "Tel. 01 23 45 67 89", ""])
def test_no_date_where_there_is_none(text):
    assert date_in_text(text) is None


@pytest.mark.parametrize("heading, expected", [
    ("<small>Tunisie</small><br> De nouvelles missions pour les juristes", None),
    ('<span class="article__kicker">Mentorat</span><span class="colon">: </span>'
     "<span>De nouvelles missions pour les juristes</span>", None),
    ('<span class="sr-only">Titre :</span> De nouvelles missions pour les juristes', None),
    ('<span class="supertitle"><time datetime="2024-03-05">5 mars 2024</time></span> '
     "<span>De nouvelles missions pour les juristes</span>", None),
    ("De nouvelles missions <em>pour</em> les juristes<!-- a comment -->", None),
    # Asides that are the whole <h1> are its text; a subtitle stays (pages use the class for
    # either half of a headline).
    ("<small>De nouvelles missions pour les juristes</small>", None),
    ('De nouvelles missions <span class="subtitle">pour les juristes</span>', None),
])
def test_the_headline_inside_an_h1_without_its_kicker_date_or_label(heading, expected):
    sentence = "Des juristes bénévoles accompagnent des associations de quartier. "
    html = (f"<html lang='fr'><head><title>Atelier</title></head><body><article><h1>{heading}</h1>"
            f"<p>{sentence * 6}</p><p>{sentence * 5}</p></article></body></html>")
    page = extract_article(html, "https://atelier.example/missions/")
    assert page.title == (expected or "De nouvelles missions pour les juristes")


def test_the_h1_confirmed_by_metadata_wins_over_the_site_name():
    candidates = TitleCandidates(h1s=["Atelier Pro Bono", "Le bénévolat de compétences"],
                                 metadata=["Le bénévolat de compétences"],
                                 html_title="Le bénévolat de compétences | Atelier Pro Bono")
    assert choose_title(candidates) == "Le bénévolat de compétences"


def test_the_site_name_is_taken_off_the_metadata_title():
    candidates = TitleCandidates(h1s=[], metadata=["Une mission réussie - Atelier Pro Bono"],
                                 html_title="Une mission réussie - Atelier Pro Bono")
    assert choose_title(candidates) == "Une mission réussie"
    assert choose_title(TitleCandidates(html_title="Un article | Le site")) == "Un article"
    assert choose_title(TitleCandidates()) == ""


def test_a_lone_h1_of_a_real_length_beats_an_seo_title():
    candidates = TitleCandidates(h1s=["Des avocats bénévoles aident les associations"],
                                 metadata=["Avocats bénévoles : ce qu'il faut savoir en 2024"],
                                 html_title="Avocats bénévoles : ce qu'il faut savoir en 2024")
    assert choose_title(candidates) == "Des avocats bénévoles aident les associations"


@pytest.mark.parametrize("line", [
    "Lire aussi : le bilan de la Pro Bono Week", "Read more: a year of audits",
    "Partager sur LinkedIn",
    "Inscrivez-vous à notre newsletter", "Leave a Comment", "© 2024 Atelier Pro Bono",
    "Photo : Claire Martin", "Nous utilisons des cookies pour mesurer l'audience.",
    "Aller au contenu principal", "Lee también: voluntariado", "Tags: pro bono, seniors",
])
def test_furniture_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Le bénévolat de compétences permet aux salariés de partager leur savoir-faire.",
    ("Read the report in full on our site, where the figures of the 2024 survey "
     "are detailed at length ") * 3,
])
def test_article_lines_are_kept(line):
    assert not is_boilerplate(line)


def test_repeated_headline_and_edge_dateline_leave_the_text():
    lines = ["Le bénévolat en chiffres", "Publié le 17 juin 2020 - 12:48",
             "Premier paragraphe du texte.", "Second paragraphe.", "Partager sur Facebook"]
    assert clean_lines(lines, {words_of("Le bénévolat en chiffres")}) == [
        "Premier paragraphe du texte.", "Second paragraphe."]


def test_author_and_source_lines_become_fields():
    lines, fields = take_fields(["Un paragraphe.", "▷ Auteur : Claire Martin",
                                 "▷ Source : Actu Solidaire, août 2019."])
    assert lines == ["Un paragraphe."]
    assert fields == {"author": "Claire Martin", "source": "Actu Solidaire, août 2019"}


def test_page_with_a_byline_date_and_fields():
    sentence = ("Les salariés ont mis leurs compétences au service de six associations "
                "du quartier. ")
    paragraph = "<p>" + sentence * 4 + "</p>"
    html = f"""<html lang="fr"><head><title>Un marathon pro bono | Atelier</title></head><body>
      <nav>Accueil Actualités</nav><article><h1>Un marathon pro bono</h1>
      <p class="post-date">Publié le 17 juin 2020 - 12:48</p>{paragraph}{paragraph}
      <p>▷ Auteur : Claire Martin</p><p>▷ Source : Actu Solidaire, août 2019.</p>
      <p>Partager sur LinkedIn</p></article><footer>© 2020 Atelier</footer></body></html>"""
    page = extract_article(html, "https://atelier.example/marathon/")
    assert (page.title, page.published, page.author) == (
        "Un marathon pro bono", "2020-06-17T12:48:00", "Claire Martin")
    assert page.source == "Actu Solidaire, août 2019"
    assert "Auteur" not in page.text and "Partager" not in page.text and "©" not in page.text
    assert page.text.startswith("Les salariés ont mis leurs compétences")


_SENTENCE = ("Des consultants bénévoles ont accompagné une association de quartier "
             "pendant trois mois. ")
BODY = "<p>" + _SENTENCE * 4 + "</p>"


def test_a_dateline_opening_the_text_gives_the_date():
    dateline = ("<p>Lyon, (12.11.2021). Des consultants bénévoles ont accompagné "
                "une association.</p>")
    html = f"""<html><body><article><h1>Un bilan</h1>
      {dateline}{BODY}</article>
      <aside><p class="date">Sa. 13.11.2021</p></aside></body></html>"""
    assert extract_article(html).published.startswith("2021-11-12")


def test_a_date_inside_the_first_sentence_is_not_a_dateline():
    html = f"""<html><body><article><h1>Un bilan</h1>
      <p>Depuis le 1. Januar 2022, des consultants bénévoles accompagnent une association.</p>{BODY}
      <p class="byline">Publié le 3 février 2022</p></article></body></html>"""
    assert extract_article(html).published.startswith("2022-02-03")


def test_readers_comments_do_not_date_the_article():
    head = '<html><head><meta name="date" content="2022-02-03"></head>'
    html = f"""{head}<body><article><h1>Un bilan</h1>
      {BODY}</article><section><div class="comment__date">04.02.2022 - 00:00 Uhr</div><p>Bravo !</p>
      </section></body></html>"""
    assert extract_article(html).published.startswith("2022-02-03")


def test_a_labelled_date_is_read_before_other_dates():
    html = f"""<html><body><article><h1>Un bilan</h1><div><h5>Datum:</h5> 03.02.2022</div>{BODY}
      <p class="meta">Mis à jour le 09.02.2022</p></article></body></html>"""
    assert extract_article(html).published.startswith("2022-02-03")


def test_a_list_of_teasers_dates_is_not_a_byline():
    teasers = "".join(f'<li><a href="/a{i}">Autre article</a>'
                      f' <span class="date">{day} 2019</span></li>'
                      for i, day in enumerate(["December 17,", "October 11,", "August 06,"]))
    html = ('<html><head><meta name="date" content="2019-08-06"></head><body><article>'
            f"<h1>Tackling trade imbalances</h1>{BODY}</article><ul>{teasers}</ul></body></html>")
    assert extract_article(html).published.startswith("2019-08-06")


def test_the_urls_day_wins_over_another_day_on_the_page():
    dated = '<p class="date">19.05.2007</p>'
    html = f"""<html><head><link rel="canonical" href="https://club.example/2007/05/20/ergebnisse/"></head>
      <body><article><h1>Ergebnisse</h1>{dated}{BODY}</article></body></html>"""
    assert extract_article(html).published == "2007-05-20"
    with_time = html.replace("19.05.2007", "20.05.2007 18:30")
    assert extract_article(with_time).published == "2007-05-20T18:30:00"


def test_a_label_after_an_html_comment_is_read_without_error():
    html = f"""<html><body><article><h1>Un bilan</h1>
      <div class="infos"><!-- date -->Publié le 17 juin 2020</div>{BODY}</article></body></html>"""
    assert extract_article(html).published.startswith("2020-06-17")


def test_dates_are_taken_in_page_order_and_an_events_date_does_not_win():
    html = f"""<html><body><article><h1>Un atelier</h1><time>2 février 2025</time>{BODY}
      <p>Date : jeudi 12 juin 2025</p></article></body></html>"""
    assert extract_article(html).published.startswith("2025-02-02")


def test_a_body_class_mentioning_comments_does_not_hide_the_byline():
    head = '<html><head><meta name="date" content="2019-01-01"></head>'
    byline = '<p class="byline">Publié le 3 février 2022</p>'
    html = f"""{head}<body class="single showing-comments">
      <article><h1>Un bilan</h1>{byline}{BODY}</article></body></html>"""
    assert extract_article(html).published.startswith("2022-02-03")


@pytest.mark.parametrize("path", ["/2023/02/31/bilan/", "/agenda/2099/09/15/atelier/"])
def test_an_impossible_or_future_url_day_says_nothing(path):
    html = f"""<html><head><link rel="canonical" href="https://club.example{path}"></head>
      <body><article><h1>Bilan</h1><p class="date">19.05.2023</p>{BODY}</article></body></html>"""
    assert extract_article(html).published.startswith("2023-05-19")
