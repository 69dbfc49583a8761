"""Chinese, Japanese and Korean words inside sentences, found through a full-text index.

FTS5's unicode61 tokenizer takes a whole run of CJK characters (a Chinese sentence, a Japanese
clause, a Korean word with its particle) for one token, so a word inside it is never matched. The
store keeps a shadow index (pipeline/store/cjk_index.py) holding every article's CJK runs as
overlapping bigrams, whatever the article's detected language; a query's CJK runs become phrases
of the same bigrams, so "公益" is found inside "为公益组织": an index lookup, not a scan.

Bigrams rather than FTS5's trigram tokenizer: most Chinese words have two characters, and a
trigram index cannot match a string shorter than three (benchmarks/search_scale.py measures both).
"""

from __future__ import annotations

import re

# Kana, CJK ideographs (and extension A, compatibility), Hangul jamo and syllables.
CJK_CHARS = ("\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
             "\uac00-\ud7af\uf900-\ufaff")
CJK = re.compile(f"[{CJK_CHARS}]")
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_QUERY_RUNS = 16  # a longer query looks for its first 16 runs


def has_cjk(text: str | None) -> bool:
    """True when the text has Chinese, Japanese or Korean characters."""
    return bool(CJK.search(text or ""))


def run_grams(run: str) -> list[str]:
    """One CJK run as the tokens indexed: its overlapping bigrams, then its last character alone
    (so a one-character query, a prefix query on the bigrams, finds it at a run's end too)."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def cjk_grams(*texts: str | None) -> str:
    """The CJK runs of the texts as space-separated bigram tokens; "" when there is none."""
    return " ".join(" ".join(run_grams(run)) for text in texts
                    for run in CJK_RUN.findall(text or ""))


def cjk_match(query: str | None) -> str:
    """The query's CJK runs as an FTS5 query on the bigram index: every run must be there, each
    as the phrase of its bigrams (a one-character run: any bigram starting with it). '""' (which
    matches nothing) when the query has no CJK character."""
    runs = list(dict.fromkeys(CJK_RUN.findall(query or "")))[:MAX_QUERY_RUNS]
    phrases = [f'"{run}"*' if len(run) == 1 else '"' + " ".join(run_grams(run)[:-1]) + '"'
               for run in runs]
    return " ".join(phrases) or '""'


def other_words(query: str | None) -> str:
    """The query's words that have no CJK character, as an FTS5 query on the main index (each a
    quoted string, never read as an operator); "" when there is none."""
    words = [w for w in CONTROL.sub(" ", query or "").split() if not CJK.search(w)]
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)
