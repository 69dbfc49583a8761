"""Exact duplicates: a hash of the normalised text, and which copy of a story is the original.

Near duplicates (edited headers, teasers) come later; this finds the same text published twice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
MIN_HASH_CHARS = 200  # shorter texts (a teaser, a title) are too common to call duplicates


def text_hash(text: str) -> str | None:
    """A hash of the text with case, accents, punctuation and spacing folded; None when too short."""
    folded = unicodedata.normalize("NFKD", text or "").casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _NOT_WORD.sub(" ", folded).strip()
    if len(folded) < MIN_HASH_CHARS:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Copy:
    """One stored copy of a story, as much as choosing the original needs."""

    id: str
    published: str | None
    republisher: bool
    text_length: int


def choose_original(copies: list[Copy]) -> Copy:
    """The member's own copy before a republisher's, then the earliest date, then the fullest text."""
    return min(copies, key=lambda c: (c.republisher, c.published is None, c.published or "",
                                      -c.text_length, c.id))
