"""Exact copies: a hash of the normalised text, so the store folds the same text published twice.

Also the folding the near-copy signatures share (signatures.py): both stages fold the same text
one after the other, so the folded words are kept for the second (latin_folded_words).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
MIN_HASH_CHARS = 200  # shorter texts (a teaser, a title) are too common to call duplicates
# Texts whose folding is kept: the dedup and near-copy stages take an item one after the other.
FOLDED_KEPT = 4


def text_hash(text: str) -> str | None:
    """A hash of the text, case, accents, punctuation and spacing folded; None if too short."""
    folded = folded_words(text or "")
    if len(folded) < MIN_HASH_CHARS:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=FOLDED_KEPT)
def folded_words(text: str) -> str:
    """The text's words apart by one space: NFKD, case folded, without its combining marks (the
    accents NFKD split off), each run of characters that are no letter or digit a space."""
    decomposed, combining, _ = _decomposed(text)
    return _NOT_WORD.sub(" ", _without_combining(decomposed, combining)).strip()


def latin_folded_words(text: str) -> str:
    """As folded_words, but only the marks of U+0300-U+036F dropped, those NFKD splits off Latin
    letters (the near-copy signatures': other scripts' marks split words, alike in every copy)."""
    decomposed, combining, latin = _decomposed(text)
    if combining == latin:  # the same characters dropped: folded_words' result, kept
        return folded_words(text)
    return _NOT_WORD.sub(" ", _LATIN_MARKS.sub("", decomposed)).strip()


@lru_cache(maxsize=FOLDED_KEPT)
def _decomposed(text: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """NFKD of the text, case folded; its combining marks; its characters of U+0300-U+036F. Each
    distinct character is asked once, not each character of the text: a Python loop over every
    character (or str.translate, as slow) was half the hash's time."""
    if text.isascii():  # NFKD leaves ASCII as it is, and casefold is lower there
        return text.lower(), frozenset(), frozenset()
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    chars = set(decomposed)
    return (decomposed, frozenset(char for char in chars if unicodedata.combining(char)),
            frozenset(char for char in chars if "\u0300" <= char <= "\u036f"))


def _without_combining(text: str, marks: frozenset[str] | None = None) -> str:
    """The text less its combining marks (accents once NFKD split them off), or less `marks` when
    the caller already knows them. Each distinct character is asked once, not each character of
    the text: a Python loop over every character (or str.translate, as slow) was half the hash's
    time."""
    if text.isascii():  # no combining mark is ASCII
        return text
    if marks is None:
        marks = frozenset(char for char in set(text) if unicodedata.combining(char))
    for mark in marks:
        text = text.replace(mark, "")  # a few marks a text: a pass each, in C
    return text
