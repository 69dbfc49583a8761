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
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _NOT_WORD.sub(" ", folded).strip()
    if len(folded) < MIN_HASH_CHARS:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]
