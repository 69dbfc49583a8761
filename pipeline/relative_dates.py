"""Relative dates of bylines ("il y a 3 jours", "vor 2 Stunden", "3日前", "hier"), counted back from
the time the page was fetched, in the page's language (CLDR's phrases, pipeline/date_names.py).

Only for a byline's or a date element's short text: "hier" is French for yesterday and German for
here, and a running text's "three days ago" is what the article tells, not when it was written.
A month or a year ago names no day: only seconds to weeks are read (pipeline/date_names.py).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache

from pipeline.date_names import date_words, fold

# A byline: "Par A, B et C | il y a 3 jours · 4 min de lecture", not a paragraph.
MAX_RELATIVE_CHARS = 120
MAX_UNITS_AGO = 999
_NUMBER = r"(?<!\d)(?P<number>\d+)"
DAY = 86400


def relative_date(text: str, fetched: datetime, lang: str | None = None) -> str | None:
    """The day the text's relative date names (ISO 8601), or its UTC time for hours and minutes;
    None when the text states none. lang: the page's language, when it says one ("fr", "fr-FR")."""
    if not text or len(text) > MAX_RELATIVE_CHARS:
        return None
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    folded = fold(text)
    language = _language(lang)
    if not _any_phrase(language).search(folded):  # most date texts hold none: one pass says so
        return None
    for pattern, unit, days_back, count in _patterns(language):
        if not (match := pattern.search(folded)):
            continue
        number = int(match["number"]) if match.groupdict().get("number") else count
        if unit and number > MAX_UNITS_AGO:
            return None
        try:  # a fetch time near datetime.min or max must not raise: it would end the page
            if not unit:  # a word: yesterday, today
                return (fetched - timedelta(days=days_back)).date().isoformat()
            moment = fetched - timedelta(seconds=unit * number)
        except OverflowError:
            return None
        if unit >= DAY:
            return moment.date().isoformat()
        return moment.replace(microsecond=0).isoformat()
    return None


def _language(lang: str | None) -> str | None:
    """The primary language of a page's lang attribute ("pt-BR" -> "pt"), if the phrases know it."""
    primary = (lang or "").strip().replace("_", "-").split("-")[0].casefold()
    return primary if primary in date_words().relative_times else None


@cache
def _patterns(language: str | None) -> list[tuple[re.Pattern[str], int, int, int]]:
    """(regex, seconds per unit, days back, count without a number) of a language's phrases, or
    of every language when the page says none: "vor {0} Tagen" is (…, 86400, 0, 1), "gestern"
    (…, 0, 1, 0), Arabic's "قبل يومين" (…, 86400, 0, 2). Longest first."""
    words = date_words()
    languages = [language] if language else list(words.relative_times)
    patterns = [(_phrase(pattern), seconds, 0, count) for lang in languages
                for pattern, seconds, count in words.relative_times[lang]]
    patterns += [(_phrase(word), 0, -offset, 0) for lang in languages
                 for word, offset in words.relative_days[lang]]
    return sorted(patterns, key=lambda item: -len(item[0].pattern))


@cache
def _any_phrase(language: str | None) -> re.Pattern[str]:
    """All of a language's phrases (or every language's) as one regex."""
    return re.compile("|".join(pattern.pattern.replace("(?P<number>", "(?:")
                               for pattern, *_ in _patterns(language)))


def _phrase(phrase: str) -> re.Pattern[str]:
    """A folded CLDR phrase as a regex: "{0}" a number, any spacing, whole words where the
    script separates words with spaces."""
    pieces = [r"\s*".join(re.escape(word) for word in piece.split())
              for piece in phrase.split("{0}")]
    body = rf"\s*{_NUMBER}\s*".join(pieces)
    start = r"(?<![^\W\d_])" if _spaced(phrase[:1]) else ""
    end = r"(?![^\W\d_])" if _spaced(phrase[-1:]) else ""
    return re.compile(start + body + end)


def _spaced(char: str) -> bool:
    """Whether the character is a letter of a script that puts spaces between words."""
    if not char or not char.isalpha():
        return False
    return not unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
