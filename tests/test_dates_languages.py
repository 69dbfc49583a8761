"""Publication dates in the network's 24 languages: written in words and numbers, relative to the
fetch, and never taken from a copyright, an update, a sidebar, comments or the site's header.

The expected answers below are written by hand for these tests, not derived from the CLDR data
the code reads (pipeline/date_names.py), so a wrong or missing name there fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline import date_names
from pipeline.date_names import DateWordsError
from pipeline.dates import date_in_text
from pipeline.extract import extract_article
from pipeline.relative_dates import relative_date

# language: (a date in words, a date in numbers, the day both mean)
WRITTEN = {
    "fr": ("Publié le 1er février 2023 à 18h30", "01/02/2023", "2023-02-01"),
    "en": ("Posted on Sept. 14, 2022", "14/09/2022", "2022-09-14"),
    "es": ("Madrid, 7 de octubre de 2021", "07/10/2021", "2021-10-07"),
    "pt": ("Publicado em 20 de junho de 2023", "20/06/2023", "2023-06-20"),
    "de": ("Veröffentlicht am 3. Dezember 2020", "03.12.2020", "2020-12-03"),
    "nl": ("Gepubliceerd op 19 mrt. 2024", "19-3-2024", "2024-03-19"),
    "it": ("Pubblicato il 30 gennaio 2019", "30/01/2019", "2019-01-30"),
    "pl": ("Opublikowano 11 listopada 2022 r.", "11.11.2022 r.", "2022-11-11"),
    "sk": ("Publikované 8. júla 2021", "8. 7. 2021", "2021-07-08"),
    "cs": ("Publikováno 15. dubna 2020", "15. 4. 2020", "2020-04-15"),
    "hu": ("Közzétéve: 2023. augusztus 21.", "2023. 08. 21.", "2023-08-21"),
    "ro": ("Publicat: 2 mai 2024", "02.05.2024", "2024-05-02"),
    "sv": ("Publicerad 27 februari 2022", "2022-02-27", "2022-02-27"),
    "da": ("Udgivet 9. oktober 2019", "09.10.2019", "2019-10-09"),
    "fi": ("Julkaistu 12. kesäkuuta 2023", "12.6.2023", "2023-06-12"),
    "el": ("Δημοσιεύθηκε: 25 Νοεμβρίου 2021", "25/11/2021", "2021-11-25"),
    "tr": ("Yayınlanma: 4 Ağustos 2020", "04.08.2020", "2020-08-04"),
    "ru": ("Опубликовано: 5 марта 2024 г.", "05.03.2024", "2024-03-05"),
    "zh": ("发布时间：2022年9月3日", "2022/09/03", "2022-09-03"),
    "ja": ("公開日：2021年12月24日(金)", "2021/12/24", "2021-12-24"),
    "ko": ("입력 2023년 1월 16일", "2023. 1. 16.", "2023-01-16"),
    "ar": ("نُشر في ١٧ يوليو ٢٠٢٣", "١٧/٠٧/٢٠٢٣", "2023-07-17"),
    "he": ("פורסם: 6 בספטמבר 2022", "06.09.2022", "2022-09-06"),
    "id": ("Diterbitkan 28 Januari 2024", "28/01/2024", "2024-01-28"),
}

# Other forms sites write: genitive and nominative months, abbreviations, regional names.
OTHER_FORMS = [
    ("13 avr. 2021", "2021-04-13"),
    ("Tuesday, March 5th, 2024", "2024-03-05"),
    ("5 Jänner 2024", "2024-01-05"),  # Austrian German
    ("5 setiembre 2023", "2023-09-05"),  # Peruvian Spanish
    ("5 آذار 2024", "2024-03-05"),  # Levantine Arabic
    ("5 كانون الثاني 2024", "2024-01-05"),
    ("18 дек. 2023", "2023-12-18"),
    ("3 Οκτ 2022", "2022-10-03"),
    ("2024. márc. 5.", "2024-03-05"),
    ("5 MAYIS 2024", "2024-05-05"),  # Turkish capitals fold to a dotted i
    ("Στις 5 Μαΐου 2024", "2024-05-05"),
    ("2 ינו׳ 2024", "2024-01-02"),
    ("2024-03-05T08:15", "2024-03-05T08:15:00"),
]


@pytest.mark.parametrize("language", sorted(WRITTEN))
def test_a_date_in_words_and_in_numbers_in_each_language(language):
    words, numbers, day = WRITTEN[language]
    assert date_in_text(words)[:10] == day
    assert date_in_text(numbers) == day


@pytest.mark.parametrize("text, expected", OTHER_FORMS)
def test_other_written_forms(text, expected):
    assert date_in_text(text) == expected


def test_numeric_order_is_day_first_unless_the_page_is_american_or_the_day_says_so():
    assert date_in_text("03/05/2024") == "2024-05-03"
    assert date_in_text("03/05/2024", month_first=True) == "2024-03-05"
    assert date_in_text("06/17/2020") == "2020-06-17"  # 17 cannot be a month
    assert date_in_text("17/06/2020", month_first=True) == "2020-06-17"


FETCHED = datetime(2024, 3, 10, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("text, lang, expected", [
    ("il y a 3 jours", "fr", "2024-03-07"),
    ("vor 2 Tagen", "de-DE", "2024-03-08"),
    ("3 days ago", "en", "2024-03-07"),
    ("yesterday", "en-GB", "2024-03-09"),
    ("hace 4 días", "es", "2024-03-06"),
    ("3日前", "ja", "2024-03-07"),
    ("3일 전", "ko", "2024-03-07"),
    ("3天前", "zh-CN", "2024-03-07"),
    ("2 gün önce", "tr", "2024-03-08"),
    ("5 дней назад", "ru", "2024-03-05"),
    ("πριν από 2 ημέρες", "el", "2024-03-08"),
    ("منذ ٣ أيام", "ar", "2024-03-07"),
    ("قبل يومين", "ar", "2024-03-08"),
    ("לפני שבועיים", "he", "2024-02-25"),
    ("2 weeks ago", "en", "2024-02-25"),
    ("5 hours ago", "en", "2024-03-10T10:00:00+00:00"),
    ("hier", None, "2024-03-09"),  # no language declared: every language's words
])
def test_relative_dates_count_back_from_the_fetch(text, lang, expected):
    assert relative_date(text, FETCHED, lang) == expected


@pytest.mark.parametrize("text, lang", [
    ("Hier klicken", "de"),  # "hier" is French for yesterday, German for here
    ("3 months ago", "en"),  # a month ago names no day
    ("1000000 days ago", "en"),
    ("Il y a 3 jours, " + "une longue phrase qui raconte autre chose " * 5, "fr"),
])
def test_no_relative_date_where_none_is_meant(text, lang):
    assert relative_date(text, FETCHED, lang) is None


@pytest.mark.parametrize("text", [
    "31 février 2024", "2023-02-29", "30/02/2024", "5 mars 3024", "5 mars 0024", "99/99/2024",
    "© 2019-2025 Tous droits réservés", "version 3.12.2", "", "\x00\ufffd" * 50,
])
def test_no_date_where_there_is_none(text):
    assert date_in_text(text) is None


def test_a_megabyte_of_text_is_read_and_never_raises():
    text = ("12 mars 24 | 2024年 | 31.02. " * 40_000)[:1_000_000] + " 5 mars 2024"  # near misses
    assert date_in_text(text) == "2024-03-05"


def test_the_words_file_is_checked_and_errors_name_the_field(tmp_path, monkeypatch):
    bad = tmp_path / "date_words.yaml"
    bad.write_text("locales: [fr, xx_NOPE]\nconnectors: [de]\nupdated_labels: [updated]\n",
                   encoding="utf-8")
    monkeypatch.setattr(date_names, "WORDS_PATH", bad)
    with pytest.raises(DateWordsError, match="locales"):
        date_names.date_words.__wrapped__()
    bad.write_text("locales: [fr]\nconnectors: [de]\nupdated_labels: [updated]\n"
                   "extra_relative: {ar: {'منذ يومين': day}}\n", encoding="utf-8")
    with pytest.raises(DateWordsError, match="extra_relative"):
        date_names.date_words.__wrapped__()


# ------------------------------------------------------------------ on whole pages

TEXT = ("<p>Des juristes bénévoles accompagnent les associations de quartier dans leurs démarches, "
        "de la rédaction des statuts aux contrats de travail, quatre heures par mois.</p>") * 4


def page(meta: str = "", head: str = "", after: str = "", lang: str = "fr") -> str:
    return (f'<html lang="{lang}"><head><title>Un bilan</title>{head}</head><body>'
            '<header class="site-header"><a href="/">Juristes solidaires</a></header>'
            "<main><article>"
            f'<h1>Un premier bilan</h1>{meta}{TEXT}</article>{after}</main></body></html>')


def test_a_byline_date_in_words_is_the_publication_date():
    html = page('<p class="entry-meta">Publié le 12 mars 2024</p>')
    assert extract_article(html).published[:10] == "2024-03-12"


def test_a_relative_byline_counts_from_the_fetch_time_given():
    html = page('<p class="byline">Par Marie Dupont · il y a 3 jours</p>')
    fetched = datetime(2024, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    assert extract_article(html, fetched=fetched).published == "2024-03-07"


def test_an_update_label_is_not_the_publication():
    html = page('<p class="entry-meta">Mis à jour le 20 avril 2024</p>'
                '<p class="entry-meta">Publié le 12 mars 2024</p>')
    assert extract_article(html).published[:10] == "2024-03-12"


def test_a_copyright_year_alone_is_no_date():
    html = page(after='<footer class="site-footer">© 2019-2025 Juristes solidaires</footer>')
    assert extract_article(html).published is None


def test_sidebar_comments_and_header_dates_are_not_the_articles():
    sidebar = ('<aside class="sidebar related"><ul><li><a href="/a">Autre</a> '
               '<span class="date">3 janvier 2024</span></li></ul></aside>')
    comments = ('<section id="comments"><div class="comment"><span class="comment-date">'
                '20 mars 2024</span><p>Merci !</p></div></section>')
    html = page('<p class="entry-meta">Publié le 12 mars 2024</p>', after=sidebar + comments)
    html = html.replace('<a href="/">Juristes',
                        '<span class="date">Lundi 6 mai 2024</span><a href="/">Juristes')
    assert extract_article(html).published[:10] == "2024-03-12"


def test_the_publishers_offset_keeps_the_publishers_day():
    head = '<meta property="article:published_time" content="2024-03-05T23:30:00-05:00">'
    assert extract_article(page(head=head, lang="en-US")).published[:10] == "2024-03-05"


def test_an_american_page_reads_its_numeric_dates_month_first():
    html = page('<p class="entry-meta">Posted 03/05/2024</p>', lang="en-US")
    assert extract_article(html).published[:10] == "2024-03-05"
    html = page('<p class="entry-meta">Publié le 03/05/2024</p>', lang="fr-FR")
    assert extract_article(html).published[:10] == "2024-05-03"


@pytest.mark.parametrize("text, expected", [
    ("Tuesday 03/05/2024", "2024-03-05"),  # 5 March 2024 was a Tuesday, 3 May a Friday
    ("vendredi 03/05/2024", "2024-05-03"),
    ("Wednesday 03/05/2024", "2024-05-03"),  # neither order fits: day first, as the page has no say
])
def test_a_named_weekday_settles_an_ambiguous_numeric_date(text, expected):
    assert date_in_text(text) == expected
