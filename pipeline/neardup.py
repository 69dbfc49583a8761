"""Near duplicates: MinHash signatures of texts, LSH indexes over them, containment for teasers.

Pure: no SQL, no Scrapy. The store keeps `signature()` and `lead_signature()` bytes in BLOB columns
and rebuilds two indexes from them at spider start; which copy of a story is the original stays
`pipeline.dedup.choose_original`'s call.

- Whole texts: two texts are one story when LSH makes their signatures candidates and the
  estimated Jaccard similarity of their shingles (5 words; 3 characters for Chinese, Japanese,
  Korean) reaches SIMILARITY_FLOOR. This covers a new header or byline, an added sentence or
  source line, and a new date line.
- Teasers: a paragraph shares a fifth of its full text's shingles at most, out of whole-text reach.
  An index of lead signatures (the opening 40 words or 80 characters, header lines skipped) at
  LEAD_THRESHOLD finds the text whose opening it repeats, and `is_excerpt()` confirms it on the
  two texts (CONTAINMENT_THRESHOLD).
- Out of reach: translations, paraphrases, a summary written by an editor rather than cut from
  the text, and a teaser made only of text every part of a series shares.

    whole = NearDupIndex.from_signatures(rows)  # (id, signature) pairs read from the store
    leads = NearDupIndex.from_signatures(lead_rows, LEAD_THRESHOLD, floor=0.0)
    copies = whole.query(sig, exclude=article_id)  # [(id, similarity)], the closest first
    excerpts = [c for c in leads.candidates(lead)
                if c != article_id and is_excerpt(text, text_of(c))]

Thresholds: benchmarks/neardup_threshold.py on tests/fixtures/neardup/pairs.yaml (figures below).
Stored signatures are valid for one SIGNATURE_FORMAT: compute them again when it changes.
Errors: ValueError for bytes that are not a signature of this format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import astuple, dataclass
from typing import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1729  # fixed: signatures stored in the database must compare across runs and processes
# datasketch 2's default scheme: 32-bit values (512 bytes a signature), a bijective permutation.
SCHEME = "affine32"
SIGNATURE_BYTES = NUM_PERM * 4
SCRIPT_SAMPLE_CHARS = 2000  # enough to tell the script; counting a whole article cost 0.3 ms


@dataclass(frozen=True)
class Shingling:
    """How one kind of script is cut into shingles, and the lengths that matter, in shingles."""

    size: int  # words (spaced scripts) or characters (Chinese, Japanese, Korean) per shingle
    # Fewer shingles than `minimum` (about two sentences): no signature. A one-sentence teaser
    # shares a third of its shingles with any text repeating one stock phrase ("dans le cadre de
    # la Semaine du pro bono"), so its similarity says nothing about the story.
    minimum: int
    prose: int  # a shorter line is furniture (title, byline, date line) and cannot start the lead
    lead: int  # the opening a teaser repeats: a WordPress excerpt is 55 words, a lede 40 to 80
    lead_chars: int  # characters read for the lead: enough for `lead` shingles, not the whole text


WORDS = Shingling(size=5, minimum=30, prose=20, lead=40, lead_chars=1500)
# A Chinese sentence is 30 to 60 characters: the same counts, in characters, would be one sentence.
CHARACTERS = Shingling(size=3, minimum=60, prose=50, lead=80, lead_chars=400)
# What stored signatures depend on; bump "fold" when the folding or shingling code changes.
SIGNATURE_FORMAT = "-".join(["minhash", SCHEME, str(NUM_PERM), f"seed{SEED}", "fold1",
                             *("/".join(map(str, astuple(m))) for m in (WORDS, CHARACTERS))])

# Chosen by benchmarks/neardup_threshold.py on tests/fixtures/neardup/pairs.yaml (57 articles, 60
# pairs, fr/en/es/zh): best F1, ties to the higher precision, then the middle of what is still tied.
# Whole text (43 pairs, teasers left out): LSH 0.30-0.40 (32 bands of 4) with a 0.60 floor give
# P 1.00 R 1.00 F1 1.00. LSH 0.45-0.55 misses a rewrite at similarity 0.63 (F1 0.97; the lead path
# still finds it), 0.65 and up more (F1 0.94 to 0.67). With no floor, two template press releases
# (0.45, 0.58) pass: P 0.90. The floor sits in a narrow gap: templates reach 0.58, rewrites 0.63.
# Teasers (42 pairs): lead LSH 0.30-0.70 with containment 0.75-0.85 give F1 1.00. From lead 0.75 up,
# 36-word excerpts (lead similarity 0.77-0.81) are lost (F1 0.97 to 0.87). At containment 0.70 a
# series teaser passes, because 0.75 of it is the series intro; at 0.90, teasers ending in a
# "read more" line are lost.
LSH_THRESHOLD = 0.35
SIMILARITY_FLOOR = 0.6
LEAD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8

_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_WORD = re.compile(r"[\W_]+")
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
# Drawing 128 permutations costs more than hashing a short text: draw them once, copy them.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def shingling(text: str, language: str | None = None) -> Shingling:
    """CHARACTERS for text without spaces between words (Chinese, Japanese, Korean), else WORDS."""
    sample = (text or "")[:SCRIPT_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    share = len(_CJK.findall(sample)) / letters if letters else 0.0
    # The script decides: before the language step only the declared language is known, and sites
    # declare one for all their pages. It settles mixed texts (Chinese quoting English at length).
    base = (language or "").split("-")[0].lower()
    cjk = share >= 0.5 or (share >= 0.2 and base in _CJK_LANGUAGES)
    return CHARACTERS if cjk else WORDS


def _fold(text: str, mode: Shingling) -> str:
    """Case, accents and punctuation folded; spaces kept between words where words have them."""
    if mode is CHARACTERS:
        # NFKC, not NFKD: NFKD splits Hangul syllables into jamo and kana from their voicing marks.
        return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())
    # Only the marks NFKD splits off Latin letters go (a regex: 3x faster than testing each
    # character); other scripts' marks split words, the same way in every copy of a text.
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text).casefold())
    return _NOT_WORD.sub(" ", folded).strip()


def _shingles(text: str, mode: Shingling) -> list[str]:
    folded = _fold(text, mode)
    units: str | list[str] = folded if mode is CHARACTERS else folded.split()
    joiner = "" if mode is CHARACTERS else " "
    return [joiner.join(units[i:i + mode.size]) for i in range(len(units) - mode.size + 1)]


def shingle_list(text: str, language: str | None = None) -> list[str]:
    """The text's shingles in reading order: 5 words, or 3 characters for CJK scripts."""
    return _shingles(text or "", shingling(text, language))


def _lead(text: str, mode: Shingling) -> list[str]:
    """The first `mode.lead` shingles from the first line long enough to be prose."""
    lines = [line for line in text.splitlines() if line.strip()]
    # A header left by extraction ("Par X - Publié le ...", the title again) would shift the
    # opening of the full text against its teaser, which the feed gives without one.
    start = next((i for i, line in enumerate(lines) if len(_shingles(line, mode)) >= mode.prose), 0)
    return _shingles("\n".join(lines[start:])[:mode.lead_chars], mode)[:mode.lead]


def _minhash_bytes(shingles: Iterable[str]) -> bytes:
    """MinHash of a set of shingles, as little-endian uint32 bytes."""
    minhash = _TEMPLATE.copy()
    minhash.update_batch([s.encode("utf-8") for s in set(shingles)])  # 7x faster than update()
    return minhash.hashvalues.astype("<u4").tobytes()


def signature(text: str, language: str | None = None) -> bytes | None:
    """MinHash of the whole text's shingles (SIGNATURE_BYTES bytes); None under the minimum."""
    mode = shingling(text, language)
    shingles = set(_shingles(text or "", mode))
    return _minhash_bytes(shingles) if len(shingles) >= mode.minimum else None


def lead_signature(text: str, language: str | None = None) -> bytes | None:
    """MinHash of the text's opening, the part a teaser repeats; None when that is too short."""
    mode = shingling(text, language)
    lead = set(_lead(text or "", mode))
    return _minhash_bytes(lead) if len(lead) >= mode.minimum else None


def _values(sig: bytes) -> np.ndarray:
    if not isinstance(sig, (bytes, bytearray, memoryview)) or len(sig) != SIGNATURE_BYTES:
        raise ValueError(f"not a {SIGNATURE_FORMAT} signature ({SIGNATURE_BYTES} bytes expected)")
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (share of equal hash values)."""
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM


def containment(short: str, long: str, language: str | None = None) -> float:
    """Share of the short text's shingles found in the long text (1.0: a verbatim excerpt)."""
    mode = shingling(short, language)  # both cut alike, even if the long one quotes more English
    part = set(_shingles(short or "", mode))
    if not part:
        return 0.0
    return len(part & set(_shingles(long or "", mode))) / len(part)


def is_excerpt(a: str, b: str, language: str | None = None) -> bool:
    """Whether the shorter text is cut from the longer: containment at CONTAINMENT_THRESHOLD."""
    short, long = sorted((a or "", b or ""), key=len)
    return containment(short, long, language) >= CONTAINMENT_THRESHOLD


def _lean(sig: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=_values(sig), scheme=SCHEME)


class NearDupIndex:
    """Signatures by article id, and an LSH index that finds those close to a given signature."""

    def __init__(self, threshold: float = LSH_THRESHOLD, floor: float = SIMILARITY_FLOOR) -> None:
        self.threshold = threshold
        self.floor = floor
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, bytes] = {}

    @classmethod
    def from_signatures(cls, pairs: Iterable[tuple[str, bytes | None]],
                        threshold: float = LSH_THRESHOLD,
                        floor: float = SIMILARITY_FLOOR) -> NearDupIndex:
        """An index of (article id, signature) pairs, e.g. read from the database; None skipped."""
        index = cls(threshold, floor)
        for article_id, sig in pairs:
            if sig is not None:
                index.add(article_id, sig)
        return index

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, sig: bytes) -> None:
        """Index an article's signature, replacing the one it had (its text changed)."""
        if article_id in self._signatures:
            self.remove(article_id)
        self._lsh.insert(article_id, _lean(sig), check_duplication=False)
        self._signatures[article_id] = bytes(sig)

    def remove(self, article_id: str) -> None:
        """Forget an article (deleted, or its text now too short for a signature)."""
        if self._signatures.pop(article_id, None) is not None:
            self._lsh.remove(article_id)

    def candidates(self, sig: bytes) -> list[str]:
        """Ids sharing an LSH band with the signature, sorted (set order varies by process)."""
        return sorted(self._lsh.query(_lean(sig)))

    def query(self, sig: bytes, exclude: str | None = None) -> list[tuple[str, float]]:
        """Candidates with their estimated similarity, at least the floor, the closest first."""
        scored = [(c, similarity(sig, self._signatures[c])) for c in self.candidates(sig)
                  if c != exclude]
        return sorted(((c, s) for c, s in scored if s >= self.floor), key=lambda p: (-p[1], p[0]))
