"""One regular expression for many words or phrases, factored by their common prefixes.

Hundreds of month names or keywords cost one pass over a text this way, where an alternation of
them all would try each at every position. Shared by pipeline/dates.py and pipeline/tagging.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def trie_regex(words: Iterable[str], char_regex: Callable[[str], str] = re.escape,
               last: str | None = None) -> str:
    """A regex source matching any of `words`, the longest one where several start alike (a word
    that ends where a longer one goes on is an optional part of it, and regexes are greedy).

    char_regex: the regex of one character (re.escape by default; a caller may let a space stand
    for any run of spaces and hyphens); last: a character whose branch is tried after the others
    (a stem's "*", so that a longer phrase sharing its letters is tried first)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie, char_regex, last)


def _emit(node: dict, char_regex: Callable[[str], str], last: str | None) -> str:
    branches = [char_regex(char) + _emit(child, char_regex, last)
                for char, child in sorted(node.items(), key=lambda item: (item[0] == last, item[0]))
                if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
