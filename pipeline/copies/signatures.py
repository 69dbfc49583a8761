"""MinHash signatures of whole texts and of their openings, their similarity, and containment.

- Whole texts: shingles of 5 words (3 characters for Chinese, Japanese, Korean); a new header or
  byline, an added sentence or source line, a new date line leave most of them in common.
- Openings (leads): a teaser or a feed summary shares a fifth of its full text's shingles at most,
  out of whole-text reach, but most of its opening: the first 40 shingles (80 for CJK scripts),
  header lines skipped. `containment` then confirms the short text is cut from the long one.
- Out of reach: translations, paraphrases, a summary written by an editor rather than cut from
  the text, and a teaser made only of text every part of a series shares.

Stored signatures are valid for one SIGNATURE_FORMAT: compute them again when it changes.
Errors: ValueError for bytes that are not a signature of this format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from functools import lru_cache
from hashlib import sha1

import numpy as np

from pipeline.copies.thresholds import THRESHOLDS

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

_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_WORD = re.compile(r"[\W_]+")
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")


# datasketch 2's "affine32" MinHash, computed here: importing datasketch imports scipy (0.4 s of
# CPU and 40-50 MB), for 128 pairs of numbers. tests/test_minhash.py holds both to equal bytes.
_EMPTY = np.uint32(0xFFFFFFFF)  # the value of a permutation no shingle reached
_CHUNK = 4096  # shingles permuted at once: a (128, 4096) uint32 block is 2 MB, whatever the text


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the NUM_PERM permutations h -> a*h + b mod 2^32, drawn as datasketch draws them:
    from RandomState(SEED), all the a's then all the b's, in uint32 (the dtype sets how many
    random bits each draw uses). An odd `a` makes each permutation a bijection."""
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _shingle_hashes(shingles: Iterable[str]) -> np.ndarray:
    """datasketch's sha1_hash32 of each shingle's UTF-8, as one uint32 array."""
    # A SHA-1 digest is 20 bytes, five little-endian uint32; the hash is the first of them. Joining
    # whole digests and taking every fifth value saves slicing each one.
    digests = b"".join([sha1(s.encode("utf-8")).digest() for s in shingles])
    return np.frombuffer(digests, dtype="<u4")[::5]


def _premix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (fmix32), which datasketch applies to every hash once before
    the permutations. uint32 arithmetic wraps: the products are mod 2^32, as intended."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


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
    """MinHash of a set of shingles, as little-endian uint32 bytes: for each permutation, the
    least permuted hash of any shingle."""
    a, b = _permutations()
    hashes = _premix(_shingle_hashes(set(shingles)))
    values = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    for start in range(0, len(hashes), _CHUNK):  # one outer product a chunk: memory stays bounded
        # (NUM_PERM, chunk), mod 2^32. One array added to in place, and each permutation's row
        # reduced along contiguous memory: 4x faster than `h[:, None] * a + b` and a min down it.
        permuted = np.multiply.outer(a, hashes[start:start + _CHUNK])
        permuted += b[:, None]
        np.minimum(values, permuted.min(axis=1), out=values)
    return values.astype("<u4").tobytes()


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


def signature_values(sig: bytes) -> np.ndarray:
    if not isinstance(sig, (bytes, bytearray, memoryview)) or len(sig) != SIGNATURE_BYTES:
        raise ValueError(f"not a {SIGNATURE_FORMAT} signature ({SIGNATURE_BYTES} bytes expected)")
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (share of equal hash values)."""
    return float(np.count_nonzero(signature_values(a) == signature_values(b))) / NUM_PERM


def containment(short: str, long: str, language: str | None = None) -> float:
    """Share of the short text's shingles found in the long text (1.0: a verbatim excerpt)."""
    mode = shingling(short, language)  # both cut alike, even if the long one quotes more English
    part = set(_shingles(short or "", mode))
    if not part:
        return 0.0
    return len(part & set(_shingles(long or "", mode))) / len(part)


def excerpt_containment(a: str, b: str, language: str | None = None) -> float:
    """Containment of the shorter of two texts in the longer: 1.0 when one is cut from the other."""
    short, long = sorted((a or "", b or ""), key=len)
    return containment(short, long, language)


def is_excerpt(a: str, b: str, language: str | None = None,
               threshold: float = THRESHOLDS.containment) -> bool:
    """Whether the shorter text is cut from the longer: containment at the threshold."""
    return excerpt_containment(a, b, language) >= threshold
