"""Relative dates of bylines ("il y a 3 jours", "vor 2 Stunden", "3日前", "hier"), counted back from
the time the page was fetched, in the page's language (CLDR's phrases, pipeline/date_names.py).

Only for a byline's or a date element's short text: "hier" is French for yesterday and German for
here, and a running text's "three days ago" is what the article tells, not when it was written.
A month or a year ago names no day: only seconds to weeks are read (pipeline/date_names.py).

A page without a language known here is read with every language's 438 phrases: their regexes
are compiled one by one as a text reaches them, and the one pass that says whether a text holds
any phrase is a trie of their parts (a regex 40% the size): 0.05-0.09 s of CPU less at the
first such page of a process, for the same matches (tests/test_relative_dates_regex.py).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from pipeline.date_names import date_words, fold

# A byline: "Par A, B et C | il y a 3 jours · 4 min de lecture", not a paragraph.
MAX_RELATIVE_CHARS = 120
MAX_UNITS_AGO = 999
_NUMBER = r"(?<!\d)(?P<number>\d+)"
_ANY_NUMBER = _NUMBER.replace("(?P<number>", "(?:")  # in the one pass: no group to read
_SPACES = r"\s*"
_WORD_START, _WORD_END = r"(?<![^\W\d_])", r"(?![^\W\d_])"
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
    for source, unit, days_back, count in _patterns(language):
        if not (match := _compiled(source).search(folded)):
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
def _patterns(language: str | None) -> list[tuple[str, int, int, int]]:
    """(regex source, seconds per unit, days back, count without a number) of a language's
    phrases, or of every language when the page says none: "vor {0} Tagen" is (…, 86400, 0, 1),
    "gestern" (…, 0, 1, 0), Arabic's "قبل يومين" (…, 86400, 0, 2). Longest first."""
    words = date_words()
    languages = [language] if language else list(words.relative_times)
    patterns = [(_phrase(pattern), seconds, 0, count) for lang in languages
                for pattern, seconds, count in words.relative_times[lang]]
    patterns += [(_phrase(word), 0, -offset, 0) for lang in languages
                 for word, offset in words.relative_days[lang]]
    return sorted(patterns, key=lambda item: -len(item[0]))


@cache
def _compiled(source: str) -> re.Pattern[str]:
    """A phrase's regex, compiled when a text first reaches it (most never are)."""
    return re.compile(source)


@cache
def _any_phrase(language: str | None) -> re.Pattern[str]:
    """Whether a text holds any of a language's phrases (or every language's), in one pass: the
    phrases' regexes (without the number's group) as a trie of their parts, "il y a {0} jours"
    and "il y a {0} heures" sharing "il y a {0} ". A text holds a match of the trie exactly
    where it holds one of a phrase: the same alternatives, only factored."""
    words = date_words()
    languages = [language] if language else list(words.relative_times)
    phrases = [phrase for lang in languages for phrase, _, _ in words.relative_times[lang]]
    phrases += [word for lang in languages for word, _ in words.relative_days[lang]]
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for part in phrase_parts(phrase, _ANY_NUMBER):
            node = node.setdefault(part, {})
        node[""] = {}  # a phrase ends here
    return re.compile(_trie_source(trie) or "(?!)")


def _trie_source(node: dict[str, Any]) -> str:
    """The regex of a trie of regex parts: the branches after each shared prefix as one
    alternation, optional where a phrase ends and a longer one goes on."""
    branches = [part + _trie_source(child) for part, child in node.items() if part]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def phrase_parts(phrase: str, number: str = _NUMBER) -> list[str]:
    """A folded CLDR phrase's regex as its parts, whole regex atoms, each character its own
    ("{0}" a number, any spacing, whole words where the script separates words with spaces):
    joined, they are the phrase's regex."""
    parts = [_WORD_START] if _spaced(phrase[:1]) else []
    for index, piece in enumerate(phrase.split("{0}")):
        if index:
            parts += [_SPACES, number, _SPACES]
        for position, word in enumerate(piece.split()):
            if position:
                parts.append(_SPACES)
            parts += [re.escape(char) for char in word]
    return parts + ([_WORD_END] if _spaced(phrase[-1:]) else [])


def _phrase(phrase: str) -> str:
    """A folded CLDR phrase as a regex's source."""
    return "".join(phrase_parts(phrase))


def _spaced(char: str) -> bool:
    """Whether the character is a letter of a script that puts spaces between words."""
    if not char or not char.isalpha():
        return False
    return not unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
