"""Search snippets over a bounded text, with the reader's words marked.

FTS5's own snippet() reads the whole matching document and grows quadratically with it (a 9 MB
text took minutes, and no time limit interrupts a running SQL function), so the search query ranks
with bm25() on the index and builds its snippets here, from the first SNIPPET_SOURCE_CHARS
characters only. Words are compared as the FTS5 tokenizer compares them (unicode61 with
remove_diacritics: case and accents ignored), so `benevolat` marks `Bénévolat`.
"""

from __future__ import annotations

import re
import unicodedata

# snippet() marked matches with these private-use characters; render_cell turns them into <mark>
# after escaping the cell, so no text can become markup.
MATCH_START, MATCH_END = "\ue000", "\ue001"
SNIPPET_SOURCE_CHARS = 10_000  # the search query passes substr(text, 1, 10000) too
SNIPPET_WIDTH = 180  # characters shown, about the 24 words snippet() showed
SNIPPET_LEAD = 60  # characters shown before the first word found
MAX_QUERY_WORDS = 16  # a longer query marks its first 16 words
WORD = re.compile(r"\w+")


class _Folding(dict):
    """str.translate table: each character to its lowercase, accentless form when that is one
    character (so positions in the folded text are positions in the original)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c)).lower()
        folded = base if len(base) == 1 else (char.lower() if len(char.lower()) == 1 else char)
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lowercase, accents removed, same length as the text."""
    return text.translate(_FOLDING)


def query_pattern(query: str | None) -> re.Pattern[str] | None:
    """A regex finding any word of the query as a whole word of a folded text; None when the
    query has no word."""
    words = list(dict.fromkeys(WORD.findall(fold(query or ""))))[:MAX_QUERY_WORDS]
    words.sort(key=len, reverse=True)  # the longest first, so a word is not marked as its prefix
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


def match_snippet(text: str | None, query: str | None) -> str:
    """About SNIPPET_WIDTH characters of the text's beginning around the first word of the query
    found there (else its opening), each word of the query marked."""
    text = " ".join((text or "")[:SNIPPET_SOURCE_CHARS].split())
    pattern = query_pattern(query)
    folded = fold(text)
    first = pattern.search(folded) if pattern else None
    start = _word_start(text, max(0, first.start() - SNIPPET_LEAD)) if first else 0
    end = _word_end(text, start + SNIPPET_WIDTH)
    piece, folded_piece = text[start:end], folded[start:end]
    marked, done = [], 0
    for match in pattern.finditer(folded_piece) if pattern else ():
        marked += [piece[done:match.start()], MATCH_START, piece[match.start():match.end()],
                   MATCH_END]
        done = match.end()
    marked.append(piece[done:])
    return ("…" if start else "") + "".join(marked) + ("…" if end < len(text) else "")


def _word_start(text: str, index: int) -> int:
    """The index moved forward to the start of a word, unless that is too far."""
    space = text.find(" ", index, index + 20)
    return space + 1 if index and space >= 0 else index


def _word_end(text: str, index: int) -> int:
    """The index moved forward to the end of a word, unless that is too far."""
    if index >= len(text):
        return len(text)
    space = text.find(" ", index, index + 20)
    return space if space >= 0 else index
