"""The day a page shows its readers, when the markup states it and the day otherwise chosen is
written nowhere (pipeline/published.py, _shown_statement): the markup's datePublished that the
byline writes, over the URL's day of a draft; the markup's dateModified that is the only day the
page shows, over a first day kept in the markup only. Dates are written by CLDR (babel) in each
language, as a publisher's template would write them."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date

from pipeline.extract import extract_article

TEXTS = {
    "fr": "Des juristes bénévoles accompagnent les associations de quartier dans leurs démarches, "
          "de la rédaction des statuts aux contrats de travail, quatre heures par mois.",
    "de": "Ehrenamtliche Juristinnen begleiten die Vereine des Viertels bei ihren Verträgen, "
          "von der Satzung bis zum Arbeitsvertrag, vier Stunden im Monat.",
    "en": "Volunteer lawyers help neighbourhood associations with their paperwork, from their "
          "articles of association to employment contracts, four hours a month.",
    "es": "Juristas voluntarios acompañan a las asociaciones del barrio en sus trámites, desde "
          "los estatutos hasta los contratos de trabajo, cuatro horas al mes.",
    "it": "Giuristi volontari accompagnano le associazioni di quartiere nelle loro pratiche, "
          "dallo statuto ai contratti di lavoro, quattro ore al mese.",
    "pl": "Prawnicy wolontariusze pomagają stowarzyszeniom dzielnicy w formalnościach, od statutu "
          "po umowy o pracę, cztery godziny w miesiącu.",
    "ru": "Юристы-волонтёры помогают объединениям района с документами, от устава до трудовых "
          "договоров, четыре часа в месяц.",
    "ja": "ボランティアの弁護士が地域の団体の書類作成を手伝い、定款から雇用契約まで、毎月四時間の"
          "相談を受け付けています。",
}
# How each language labels a change, before its day.
UPDATED = {"fr": "Mis à jour le", "de": "Aktualisiert am", "en": "Updated", "es": "Actualizado el",
           "it": "Aggiornato il", "pl": "Zaktualizowano", "ru": "Обновлено", "ja": "更新"}
LANGUAGES = sorted(TEXTS)
FIRST, CHANGED = date(2017, 8, 21), date(2019, 4, 3)


def written(day: date, lang: str) -> str:
    """The day as the language writes it in full (CLDR's long format)."""
    return format_date(day, format="long", locale=lang)


def page(lang: str, ld: str, header: str = "", under_title: str = "", after: str = "",
         site_header: str = "", sidebar: str = "") -> str:
    """An article page: JSON-LD, the site's header, then the article (its own <header> before
    its headline, as some themes write it), the text and a sidebar."""
    text = f"<p>{TEXTS[lang]}</p>" * 4
    return (f'<html lang="{lang}"><head><title>Bilan</title>'
            f'<script type="application/ld+json">{{"@context": "https://schema.org", '
            f'"@type": "NewsArticle", "headline": "Un premier bilan", {ld}}}</script></head>'
            f"<body><header><a href='/'>Juristes solidaires</a>{site_header}</header><main>"
            f'<article><header><div class="row"><div class="col-md-3">{header}</div></div>'
            f"</header><h1>Un premier bilan</h1>{under_title}{text}{after}</article>"
            f'<div class="sidebar">{sidebar}</div></main></body></html>')


def republished(**parts: str) -> str:
    lang = parts.pop("lang")
    ld = (f'"datePublished": "{FIRST.isoformat()}T13:09:00Z", '
          f'"dateModified": "{CHANGED.isoformat()}T08:04:01Z"')
    return page(lang, ld, **parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_markup_and_the_byline_beat_the_urls_draft_day(lang):
    # The URL was made on the 8th (the draft's day); the markup states the 9th, and so does the
    # byline: two statements against one, which no reader sees.
    url = "https://juristes-solidaires.example/2020/07/08/un-premier-bilan/"
    ld = '"datePublished": "2020-07-09T10:04:04Z"'
    html = page(lang, ld, under_title=f'<div class="display-date">'
                                      f"{written(date(2020, 7, 9), lang)}</div>")
    assert extract_article(html, url).published[:10] == "2020-07-09"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("shown", ["long", "numeric"])
def test_a_republished_article_is_of_the_day_it_shows(lang, shown):
    # The markup keeps the first day (2017) nobody reads; the page shows the day of its last
    # change, in the article's own <header> (not the site's: it is inside the <article>).
    day = written(CHANGED, lang) if shown == "long" else CHANGED.strftime("%d.%m.%Y")
    html = republished(lang=lang, header=day)
    assert extract_article(html).published[:10] == CHANGED.isoformat()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_shown_as_a_change_is_no_publication(lang):
    # "Updated 3 April 2019", labelled in words or by its class: the first day stands.
    for shown in (f"{UPDATED[lang]} {written(CHANGED, lang)}",
                  f'<time class="updated">{written(CHANGED, lang)}</time>',
                  f"<b>{UPDATED[lang]}</b> <span>{written(CHANGED, lang)}</span>"):
        html = republished(lang=lang, header=shown)
        assert extract_article(html).published[:10] == FIRST.isoformat(), shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_first_day_written_anywhere_stands(lang):
    # The page writes the markup's first day too, even where the byline places are not read (a
    # note under the text): the page does not hide it, the markup's published day stands.
    html = republished(lang=lang, header=written(CHANGED, lang),
                       after=f"<p><small>{written(FIRST, lang)}</small></p>")
    assert extract_article(html).published[:10] == FIRST.isoformat()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_changed_day_in_other_texts_or_a_sentence_is_not_shown(lang):
    # The day in the site's header, a sidebar, or inside the article's own sentence is another
    # text's date or what the article tells: the markup's published day stands.
    day = written(CHANGED, lang)
    sentence = f"<p>{TEXTS[lang][:40]} {day} {TEXTS[lang][40:]}</p>"
    for parts in ({"site_header": f"<span>{day}</span>"}, {"sidebar": f"<p>{day}</p>"},
                  {"after": sentence}):
        html = republished(lang=lang, **parts)
        assert extract_article(html).published[:10] == FIRST.isoformat(), parts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_days_shown_leave_the_published_one(lang):
    # The page shows its last change and another day the markup states nowhere: not one day
    # shown, and the markup's published day (never written) stands.
    html = republished(lang=lang, header=written(CHANGED, lang),
                       under_title=f"<p>{written(date(2018, 5, 6), lang)}</p>")
    assert extract_article(html).published[:10] == FIRST.isoformat()
