"""pipeline/relative_dates.py's cheaper regexes match what the plain ones did: the phrases'
regexes, now compiled as a text reaches them, are the same sources; the one pass that says
whether a text holds any phrase, now a trie of their parts, says so for exactly the texts the
flat alternation of every phrase did (thousands of texts made from the phrases themselves)."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest

from pipeline import relative_dates
from pipeline.date_names import date_words, fold
from pipeline.relative_dates import phrase_parts, relative_date

FETCHED = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def plain_phrase(phrase: str) -> str:
    """The phrase's regex as the module wrote it before (its source)."""
    pieces = [r"\s*".join(re.escape(word) for word in piece.split())
              for piece in phrase.split("{0}")]
    body = rf"\s*{relative_dates._NUMBER}\s*".join(pieces)
    start = r"(?<![^\W\d_])" if relative_dates._spaced(phrase[:1]) else ""
    end = r"(?![^\W\d_])" if relative_dates._spaced(phrase[-1:]) else ""
    return start + body + end


def phrases(language: str | None) -> list[str]:
    words = date_words()
    languages = [language] if language else list(words.relative_times)
    return ([p for lang in languages for p, _, _ in words.relative_times[lang]]
            + [w for lang in languages for w, _ in words.relative_days[lang]])


def plain_any(language: str | None) -> re.Pattern[str]:
    """The one pass as it was: every phrase's regex in one flat alternation."""
    return re.compile("|".join(plain_phrase(p).replace("(?P<number>", "(?:")
                               for p in phrases(language)))


def plain_relative_date(text: str, language: str | None) -> str | None:
    """relative_date as it was, every regex compiled up front."""
    if not text or len(text) > relative_dates.MAX_RELATIVE_CHARS:
        return None
    text = fold(text)
    words = date_words()
    languages = [language] if language else list(words.relative_times)
    patterns = [(re.compile(plain_phrase(p)), s, 0, c) for lang in languages
                for p, s, c in words.relative_times[lang]]
    patterns += [(re.compile(plain_phrase(w)), 0, -o, 0) for lang in languages
                 for w, o in words.relative_days[lang]]
    patterns.sort(key=lambda item: -len(item[0].pattern))
    if not plain_any(language).search(text):
        return None
    for pattern, unit, days_back, count in patterns:
        if not (match := pattern.search(text)):
            continue
        number = int(match["number"]) if match.groupdict().get("number") else count
        if unit and number > relative_dates.MAX_UNITS_AGO:
            return None
        if not unit:
            return (FETCHED - timedelta(days=days_back)).date().isoformat()
        moment = FETCHED - timedelta(seconds=unit * number)
        return (moment.date().isoformat() if unit >= relative_dates.DAY
                else moment.replace(microsecond=0).isoformat())
    return None


def texts(language: str | None, rng: random.Random, count: int) -> list[str]:
    """Texts near the phrases: whole, cut, glued to letters or digits, spaced otherwise, two
    phrases at once, a word swapped, random letters of the phrases' scripts."""
    known = phrases(language)
    letters = sorted({c for p in known for c in p if not c.isspace()}) + list("ab12 ")
    made = []
    for _ in range(count):
        phrase = rng.choice(known).replace("{0}", str(rng.choice([0, 1, 3, 12, 999, 1000])))
        kind = rng.randrange(8)
        if kind == 0:
            text = phrase
        elif kind == 1:
            cut = rng.randrange(len(phrase) + 1)
            text = phrase[:cut] if rng.random() < 0.5 else phrase[cut:]
        elif kind == 2:
            text = rng.choice(["x", "1", "é", "", " "]) + phrase + rng.choice(["x", "2", "", "."])
        elif kind == 3:
            text = phrase.replace(" ", rng.choice(["", "  ", "\t", "-"]))
        elif kind == 4:
            text = f"par a · {phrase} | {rng.choice(known).replace('{0}', '2')}"
        elif kind == 5:
            words = phrase.split()
            words[rng.randrange(len(words))] = rng.choice(known).split()[0]
            text = " ".join(words)
        elif kind == 6:
            text = "".join(rng.choice(letters) for _ in range(rng.randrange(1, 30)))
        else:
            position = rng.randrange(len(phrase) + 1)
            text = phrase[:position] + rng.choice(letters) + phrase[position:]
        made.append(text)
    return made


def test_the_sources_are_the_same_and_joined_parts_make_them():
    for phrase in phrases(None):
        assert relative_dates._phrase(phrase) == plain_phrase(phrase) == "".join(
            phrase_parts(phrase)), phrase


LANGUAGES = [None, "fr", "de", "ar", "he", "ja", "zh", "ko", "ru", "el", "tr", "pl", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_trie_finds_a_phrase_in_exactly_the_texts_the_flat_alternation_did(language):
    assert language is None or language in date_words().relative_times
    rng = random.Random(f"any {language}")
    flat, trie = plain_any(language), relative_dates._any_phrase(language)
    assert len(trie.pattern) < len(flat.pattern)
    found = 0
    for text in texts(language, rng, 3000 if language is None else 1500):
        assert bool(flat.search(text)) == bool(trie.search(text)), (language, text)
        found += bool(flat.search(text))
    assert 0.2 < found / (3000 if language is None else 1500) < 0.95  # both outcomes tried


@pytest.mark.parametrize("language", [None, "fr", "ar", "he", "ja"])
def test_relative_date_reads_every_text_as_before(language):
    rng = random.Random(f"date {language}")
    lang = language or "xx"  # a language the phrases do not know: every language's
    dated = 0
    for text in texts(language, rng, 600):
        expected = plain_relative_date(text, language)
        assert relative_date(text, FETCHED, lang) == expected, (language, text)
        dated += expected is not None
    assert dated > 100
