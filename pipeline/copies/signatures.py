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
from operator import methodcaller

import numpy as np

from pipeline.copies.exact import latin_folded_words
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
_LETTERS = re.compile(r"[^\W\d_]+")
_NOT_WORD = re.compile(r"[\W_]+")


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
    return _byte_hashes([s.encode("utf-8") for s in shingles])


_DIGEST = methodcaller("digest")


def _byte_hashes(shingles: Iterable[bytes]) -> np.ndarray:
    """sha1_hash32 of each shingle already in UTF-8: hashed and joined in C (map), no Python
    bytecode per shingle."""
    # A SHA-1 digest is 20 bytes, five little-endian uint32; the hash is the first of them. Joining
    # whole digests and taking every fifth value saves slicing each one.
    digests = b"".join(map(_DIGEST, map(sha1, shingles)))
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
    cjk_letters = len(_CJK.findall(sample))
    # Letters counted only beside CJK ones (most texts have none: share 0), by runs, not one by one.
    letters = sum(map(len, _LETTERS.findall(sample))) if cjk_letters else 0
    share = cjk_letters / letters if letters else 0.0
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
    # Only the marks NFKD splits off Latin letters go; other scripts' marks split words, the same
    # way in every copy of a text. Mostly the exact hash's folding of the same text, kept.
    return latin_folded_words(text)


def _shingles(text: str, mode: Shingling) -> list[str]:
    folded = _fold(text, mode)
    units: str | list[str] = folded if mode is CHARACTERS else folded.split()
    joiner = "" if mode is CHARACTERS else " "
    return [joiner.join(units[i:i + mode.size]) for i in range(len(units) - mode.size + 1)]


def _shingle_count(text: str, mode: Shingling) -> int:
    """len(_shingles(text, mode)), without making them."""
    folded = _fold(text, mode)
    units = len(folded) if mode is CHARACTERS else len(folded.split())
    return max(0, units - mode.size + 1)


def _utf8_shingles(text: str, mode: Shingling, most: int | None = None) -> list[bytes]:
    """The UTF-8 of _shingles(text, mode)[:most], cut from the folded text's UTF-8 in one pass.

    A folded text has its words apart by one space (ASCII, one byte in UTF-8), so a shingle of
    words runs from one word's first byte to the last byte of the word `size - 1` further; a
    shingle of characters, from one character's first byte to the first byte `size` further.
    Joining and encoding each shingle in Python was half the signatures' time."""
    # Folding drops every character that is no letter or digit, lone surrogates too: it encodes.
    data = _fold(text, mode).encode("utf-8")
    raw = np.frombuffer(data, dtype=np.uint8)
    if mode is CHARACTERS:  # a character starts at each byte that is no continuation byte
        starts = np.flatnonzero((raw & 0xC0) != 0x80)
        ends = np.append(starts[mode.size:], len(data))
    else:
        spaces = np.flatnonzero(raw == 0x20)  # no space at either end: _fold strips them
        starts = np.concatenate(([0], spaces + 1)) if data else spaces
        ends = np.append(spaces, len(data))[mode.size - 1:]
    count = max(0, len(starts) - mode.size + 1)
    if most is not None:
        count = min(count, most)
    # slice objects made and applied in C; tolist() gives Python ints for them.
    return list(map(data.__getitem__,
                    map(slice, starts[:count].tolist(), ends[:count].tolist())))


def shingle_list(text: str, language: str | None = None) -> list[str]:
    """The text's shingles in reading order: 5 words, or 3 characters for CJK scripts."""
    return _shingles(text or "", shingling(text, language))


def _lead_text(text: str, mode: Shingling) -> str:
    """The opening a teaser repeats: `mode.lead_chars` characters from the first line long enough
    to be prose."""
    lines = [line for line in text.splitlines() if line.strip()]
    # A header left by extraction ("Par X - Publié le ...", the title again) would shift the
    # opening of the full text against its teaser, which the feed gives without one.
    start = next((i for i, line in enumerate(lines) if _shingle_count(line, mode) >= mode.prose),
                 0)
    return "\n".join(lines[start:])[:mode.lead_chars]


def _lead(text: str, mode: Shingling) -> list[str]:
    """The first `mode.lead` shingles from the first line long enough to be prose."""
    return _shingles(_lead_text(text, mode), mode)[:mode.lead]


def _minhash_bytes(shingles: Iterable[str]) -> bytes:
    """MinHash of a set of shingles, as little-endian uint32 bytes: for each permutation, the
    least permuted hash of any shingle."""
    return _minhash_of_hashes(_shingle_hashes(set(shingles)))


def _minhash_of_hashes(hashes: np.ndarray) -> bytes:
    """MinHash of the sha1_hash32 values of a set of shingles."""
    a, b = _permutations()
    hashes = _premix(hashes)
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
    return _whole_signature(text or "", shingling(text, language))


def lead_signature(text: str, language: str | None = None) -> bytes | None:
    """MinHash of the text's opening, the part a teaser repeats; None when that is too short."""
    return _lead_signature(text or "", shingling(text, language))


def both_signatures(text: str, language: str | None = None) -> tuple[bytes | None, bytes | None]:
    """(signature, lead_signature) of a text, its script told once."""
    mode = shingling(text, language)
    return _whole_signature(text or "", mode), _lead_signature(text or "", mode)


def _whole_signature(text: str, mode: Shingling) -> bytes | None:
    shingles = set(_utf8_shingles(text, mode))
    return _minhash_of_hashes(_byte_hashes(shingles)) if len(shingles) >= mode.minimum else None


def _lead_signature(text: str, mode: Shingling) -> bytes | None:
    lead = set(_utf8_shingles(_lead_text(text, mode), mode, mode.lead))
    return _minhash_of_hashes(_byte_hashes(lead)) if len(lead) >= mode.minimum else None


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
