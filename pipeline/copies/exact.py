"""Exact copies: a hash of the normalised text, so the store folds the same text published twice."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
MIN_HASH_CHARS = 200  # shorter texts (a teaser, a title) are too common to call duplicates


def text_hash(text: str) -> str | None:
    """A hash of the text, case, accents, punctuation and spacing folded; None if too short."""
    folded = unicodedata.normalize("NFKD", text or "").casefold()
    folded = _without_combining(folded)
    folded = _NOT_WORD.sub(" ", folded).strip()
    if len(folded) < MIN_HASH_CHARS:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def _without_combining(text: str) -> str:
    """The text less its combining marks (accents once NFKD split them off). Each distinct
    character is asked once, not each character of the text: a Python loop over every character
    (or str.translate, as slow) was half the hash's time."""
    if text.isascii():  # no combining mark is ASCII
        return text
    for mark in [char for char in set(text) if unicodedata.combining(char)]:
        text = text.replace(mark, "")  # a few marks a text: a pass each, in C
    return text
