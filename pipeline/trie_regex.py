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
    (a stem's "*", so that a longer phrase sharing its letters is tried first). char_regex is
    asked once per character."""
    trie: dict = {}
    regexes: dict[str, str] = {}  # each character's regex, made once: re.escape is not cheap
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
            if char not in regexes:
                regexes[char] = char_regex(char)
        node[""] = {}
    return _emit(trie, regexes, last)


def _emit(node: dict, regexes: dict[str, str], last: str | None) -> str:
    # Nodes of one child, on the way to a word's end, are most of them: walked, not recursed into,
    # with nothing to sort or join.
    chain: list[str] = []
    while len(node) == 1:
        char, node = next(iter(node.items()))
        if not char:  # a word's end, and nothing goes on from it
            return "".join(chain)
        chain.append(regexes[char])
    if not node:  # no words at all
        return ""
    branches = [regexes[char] + _emit(node[char], regexes, last)
                for char in sorted(node, key=lambda char: (char == last, char)) if char]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "".join(chain) + (f"(?:{body})?" if "" in node else body)
