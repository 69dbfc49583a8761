"""Near duplicates: MinHash signatures of article texts, an LSH index over them, containment for teasers.

Pure: no SQL, no Scrapy. The store keeps `signature()` (and `lead_signature()`) bytes in BLOB
columns and rebuilds the indexes from them at spider start with `NearDupIndex.from_signatures`;
which copy of a story is the original stays `pipeline.dedup.choose_original`'s call.

- Same story, whole texts: LSH makes two signatures candidates and their estimated Jaccard
  similarity (5-word shingles; 3-character shingles for Chinese, Japanese, Korean) reaches
  SIMILARITY_FLOOR. A new header or byline, an added sentence or source line, a new date line.
- Teaser and full text: a paragraph shares a tenth of the full text's shingles, out of reach of
  whole-text similarity. A second index over lead signatures (the first LEAD_SHINGLES shingles)
  finds the full text whose opening the teaser is, and `containment()` of the teaser's shingles in
  that text confirms it (CONTAINMENT_THRESHOLD); the caller reads the two texts from the store.

The thresholds come from benchmarks/neardup_threshold.py on tests/fixtures/neardup/pairs.yaml.
Signatures depend on SIGNATURE_FORMAT: when it changes, stored signatures must be computed again.
Errors: ValueError for bytes that are not a signature of this format.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1729  # fixed: signatures stored in the database must compare across runs and processes
# datasketch 2's default scheme: 32-bit values (512 bytes a signature), a bijective permutation.
SCHEME = "affine32"
WORDS_PER_SHINGLE = 5
CHARS_PER_SHINGLE = 3
# Under ~2 sentences (30 shingles: 34 words, or 32 Chinese characters) a text gets no signature: a
# one-sentence teaser shares a third of its shingles with any text that repeats one common phrase
# ("dans le cadre de la Semaine du pro bono"), so its similarity says nothing about the story.
MIN_SHINGLES = 30
LEAD_SHINGLES = 40  # the opening a teaser repeats: a WordPress excerpt is 55 words, a lede 40-80
SCRIPT_SAMPLE_CHARS = 2000  # enough to tell the script; counting a whole article cost 0.3 ms
SIGNATURE_BYTES = NUM_PERM * 4
SIGNATURE_FORMAT = (f"minhash-{SCHEME}-{NUM_PERM}-seed{SEED}-w{WORDS_PER_SHINGLE}"
                    f"c{CHARS_PER_SHINGLE}-fold1")

# Chosen by benchmarks/neardup_threshold.py on the 48 labelled pairs (see its output):
# FIGURES_PLACEHOLDER
LSH_THRESHOLD = 0.5
SIMILARITY_FLOOR = 0.5
LEAD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8

_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_WORD = re.compile(r"[\W_]+")
# Drawing 128 permutations costs more than hashing a short text: draw them once, copy them.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def _uses_characters(text: str, language: str | None) -> bool:
    """Whether the text is written without spaces between words (Chinese, Japanese, Korean)."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    share = len(_CJK.findall(sample)) / letters if letters else 0.0
    # The script decides: before the language step only the declared language is known, and sites
    # declare one for all their pages. It settles mixed texts (Chinese quoting English at length).
    base = (language or "").split("-")[0].lower()
    return share >= 0.5 or (share >= 0.2 and base in _CJK_LANGUAGES)


def _fold(text: str, spaced: bool) -> str:
    """Case, accents and punctuation folded; spaces kept between words only where words have them."""
    if not spaced:
        # NFKC, not NFKD: NFKD splits Hangul syllables into jamo and kana from their voicing marks.
        folded = unicodedata.normalize("NFKC", text).casefold()
        return _NOT_WORD.sub("", folded)
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", folded).strip()


def shingle_list(text: str, language: str | None = None) -> list[str]:
    """The text's shingles in reading order: 5 words, or 3 characters for Chinese, Japanese, Korean."""
    text = text or ""
    if _uses_characters(text, language):
        chars = _fold(text, spaced=False)
        n = CHARS_PER_SHINGLE
        return [chars[i:i + n] for i in range(len(chars) - n + 1)]
    words = _fold(text, spaced=True).split()
    n = WORDS_PER_SHINGLE
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]


def _minhash_bytes(shingles: Iterable[str]) -> bytes:
    """MinHash of a set of shingles, as little-endian uint32 bytes."""
    minhash = _TEMPLATE.copy()
    minhash.update_batch([s.encode("utf-8") for s in set(shingles)])  # 7x faster than update()
    return minhash.hashvalues.astype("<u4").tobytes()


def signature(text: str, language: str | None = None) -> bytes | None:
    """MinHash of the whole text's shingles (SIGNATURE_BYTES bytes); None under MIN_SHINGLES."""
    shingles = shingle_list(text, language)
    return _minhash_bytes(shingles) if len(set(shingles)) >= MIN_SHINGLES else None


def lead_signature(text: str, language: str | None = None) -> bytes | None:
    """MinHash of the text's first LEAD_SHINGLES shingles, the part a teaser repeats; None if short."""
    shingles = shingle_list(text, language)
    return _minhash_bytes(shingles[:LEAD_SHINGLES]) if len(set(shingles)) >= MIN_SHINGLES else None


def _values(sig: bytes) -> np.ndarray:
    if not isinstance(sig, (bytes, bytearray, memoryview)) or len(sig) != SIGNATURE_BYTES:
        raise ValueError(f"not a {SIGNATURE_FORMAT} signature ({SIGNATURE_BYTES} bytes expected)")
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (share of equal hash values)."""
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM


def containment(short: str, long: str, language: str | None = None) -> float:
    """Share of the short text's shingles found in the long text (1.0: a verbatim excerpt)."""
    part = set(shingle_list(short, language))
    if not part:
        return 0.0
    return len(part & set(shingle_list(long, language))) / len(part)


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
    def from_signatures(cls, pairs: Iterable[tuple[str, bytes | None]], threshold: float = LSH_THRESHOLD,
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
        """Ids sharing an LSH band with the signature, sorted (set order varies between processes)."""
        return sorted(self._lsh.query(_lean(sig)))

    def query(self, sig: bytes, exclude: str | None = None) -> list[tuple[str, float]]:
        """Candidates with their estimated similarity, at least the floor, the closest first."""
        scored = [(c, similarity(sig, self._signatures[c])) for c in self.candidates(sig)
                  if c != exclude]
        return sorted(((c, s) for c, s in scored if s >= self.floor), key=lambda p: (-p[1], p[0]))
