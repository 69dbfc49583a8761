"""author_words.yaml read and checked: the words a byline writes its names with, the roles,
generic names, credits and page parts pipeline/authors.py knows (the file says what each field
holds).

Errors: a bad author_words.yaml raises AuthorWordsError naming the file, the line and the field
(its shape is checked by pipeline/datafiles.py: SCHEMAS["author_words"]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.datafiles import load
from pipeline.date_names import date_words, fold
from pipeline.errors import ConfigError

WORDS_PATH = Path(__file__).with_name("author_words.yaml")
WORD_LISTS = ("roles", "role_stems", "role_endings", "generic", "accounts", "date_words",
              "not_names", "skip_places", "comment_places", "site_places", "places")


class AuthorWordsError(ConfigError):
    """author_words.yaml is missing a field or holds a wrong value."""


@dataclass(frozen=True)
class AuthorWords:
    before: re.Pattern[str]  # byline words before the names, at the start of a segment
    starts: re.Pattern[str]  # a byline word before names, alone or not: "By" of "<span>By</span>"
    first_words: frozenset[str]  # the first word of each byline word before names, casefolded
    last_words: frozenset[str]  # the byline words after names, casefolded
    glued_before: tuple[str, ...]  # byline words written onto the names: "文/李明", "作者：李明"
    glued_after: tuple[str, ...]  # "佐藤健記者"
    places_hint: re.Pattern[str]  # any place word in a class, a cheap first look at an element
    after: re.Pattern[str]  # byline words after the names, at the end of a segment
    roles: frozenset[str]
    role_stems: tuple[str, ...]
    role_endings: tuple[str, ...]
    generic: frozenset[str]
    date_words: frozenset[str]
    not_names: tuple[str, ...]
    byline_words: frozenset[str]  # the before and after words alone, folded, without ":"
    updated_words: frozenset[str]  # the words of "updated" labels (dates.py's), folded
    joiners: re.Pattern[str]  # what joins several names: ", ", " et ", "、"
    skip_places: frozenset[str]
    comment_places: frozenset[str]
    site_places: frozenset[str]
    places: frozenset[str]
    accounts: frozenset[str]  # the generic names that are the site's account, not its newsroom
    credits: re.Pattern[str]  # "Foto: X", "Übersetzung X": another's credit starts there
    credits_after: re.Pattern[str]  # "王伟 摄": the text is another's credit


@lru_cache(maxsize=1)
def author_words() -> AuthorWords:
    """author_words.yaml, read and checked once per process."""
    try:  # its shape: pipeline/datafiles.py, SCHEMAS["author_words"]
        data = load(WORDS_PATH, "author_words")
    except ConfigError as error:
        raise AuthorWordsError(error.reason, path=error.path, line=error.line,
                               field=error.field) from None
    before = _words_by_language(data, "before")
    after = _words_by_language(data, "after")
    credits = _words_by_language(data, "credits")
    credits_after = _words_by_language(data, "credits_after")
    lists = {field: [fold(v.strip()) for v in data[field]] for field in WORD_LISTS}
    return AuthorWords(
        before=re.compile(rf"^(?:{_alternatives(before)})(?P<rest>.+)$", re.I | re.S),
        starts=re.compile(rf"^(?:{_alternatives(before)})", re.I),
        first_words=frozenset(w.split()[0].casefold().rstrip(":：") for w in before),
        last_words=frozenset(w.casefold().rstrip(":：") for w in after),
        glued_before=tuple(w.casefold().rstrip(":：") for w in before if _is_cjk(w[0])),
        glued_after=tuple(w.casefold() for w in after if _is_cjk(w[0])),
        places_hint=re.compile("|".join(re.escape(w) for w in lists["places"]), re.I),
        after=re.compile(rf"^(?P<rest>.+?)\s*(?:{_alternatives(after, suffix=True)})[\s.:]*$",
                         re.I | re.S),
        roles=frozenset(lists["roles"]), role_stems=tuple(lists["role_stems"]),
        role_endings=tuple(lists["role_endings"]),
        generic=frozenset(lists["generic"]), date_words=frozenset(lists["date_words"]),
        not_names=tuple(lists["not_names"]),
        byline_words=frozenset(fold(w.rstrip(":：/／・ ")) for w in before + after),
        updated_words=frozenset(w for label in date_words().updated_labels for w in label.split()),
        joiners=_joiners(data),
        skip_places=frozenset(lists["skip_places"]),
        comment_places=frozenset(lists["comment_places"]),
        site_places=frozenset(lists["site_places"]), places=frozenset(lists["places"]),
        accounts=frozenset(lists["accounts"]),
        credits=re.compile(rf"(?:^|(?<=[\s,;|·(]))(?:{_alternatives(credits)})", re.I),
        credits_after=re.compile(rf"(?:{_alternatives(credits_after, suffix=True)})"
                                 r"[\s,;:|·•/()\[\]\"'.。]*$"))


def _joiners(data: dict[str, Any]) -> re.Pattern[str]:
    values = data["joiners"]
    words = [rf"\s+{re.escape(v)}\s+" for v in values if v[0].isalpha()]
    marks = [rf"\s*{re.escape(v)}\s*" for v in values if not v[0].isalpha()]
    return re.compile("|".join(words + marks), re.I)


def _words_by_language(data: dict[str, Any], field: str) -> list[str]:
    return [v.strip() for values in data[field].values() for v in values]


def _alternatives(words: list[str], *, suffix: bool = False) -> str:
    """One regex alternation, longest words first ("written by" before "by")."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        if suffix:
            parts.append(escaped)
        elif word[-1] in ":：":
            parts.append(rf"{re.escape(word[:-1])}\s*[:：]\s*")
        elif word[-1] in "/／・":
            parts.append(rf"{escaped}\s*")
        elif _is_cjk(word[-1]):
            parts.append(rf"{escaped}(?:\s*[:：]\s*|\s*)")
        else:
            parts.append(rf"{escaped}(?:\s*[:：]\s*|\s+)")
    return "|".join(parts)


def _is_cjk(char: str) -> bool:
    """Chinese, Japanese and Korean: scripts that write a byline word onto the name."""
    return ("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"
            or "\u3040" <= char <= "\u30ff")
