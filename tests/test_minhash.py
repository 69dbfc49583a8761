"""Our MinHash (pipeline/copies/signatures.py) gives datasketch's "affine32" signatures byte for
byte, and LSH_SHAPES datasketch's banding, so signatures and band keys stored before stay valid;
and a real crawl that stores new articles imports neither datasketch nor scipy."""

from __future__ import annotations

import hashlib
import random
import sqlite3

import pytest
from datasketch import MinHash, MinHashLSH

from pipeline.copies import signatures
from pipeline.copies.bands import lsh_shape
from pipeline.copies.signatures import (
    CHARACTERS,
    NUM_PERM,
    SCHEME,
    SEED,
    SIGNATURE_FORMAT,
    WORDS,
    lead_signature,
    shingle_list,
    shingling,
    signature,
)
from pipeline.copies.thresholds import LSH_SHAPES, THRESHOLDS
from tests.conftest import BIN, run

# Letters of each script, and how its words are made: (alphabet, letters a word, spaced).
SCRIPTS = {
    "latin": ("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæñßøåłžšćőğış", (1, 11), True),
    "cyrillic": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", (2, 10), True),
    "greek": ("αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐ", (2, 10), True),
    # Arabic and Hebrew letters with their vowel marks: marks split words when folded.
    "arabic": ("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءآأإ" + "\u064e\u064f\u0650\u0651", (2, 8), True),
    "hebrew": ("אבגדהוזחטיכלמנסעפצקרשתךםןףץ" + "\u05b0\u05b4\u05b7\u05bc", (2, 8), True),
    "devanagari": ("कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह" + "\u093e\u093f\u0940\u094d", (2, 8), True),
    "emoji": ("😀😃🎉🚀🌍🔥👍🏽👩‍⚖️🧑🏾‍💻❤️✨🇫🇷🇯🇵", (1, 4), True),
    "chinese": ("".join(map(chr, range(0x4E00, 0x4E00 + 900))), (0, 0), False),
    "japanese": ("".join(map(chr, range(0x3041, 0x3097))) + "法律事務所無料相談会社員",
                 (0, 0), False),
    "korean": ("".join(map(chr, range(0xAC00, 0xAC00 + 600))), (0, 0), True),
}


def words(rng: random.Random, script: str, count: int) -> list[str]:
    alphabet, (low, high), _ = SCRIPTS[script]
    return ["".join(rng.choices(alphabet, k=rng.randint(max(low, 1), max(high, 2))))
            for _ in range(count)]


def text_in(rng: random.Random, script: str, size: int) -> str:
    """About `size` words (characters for Chinese and Japanese) of one script, with punctuation,
    digits and line breaks as articles have them."""
    alphabet, _, spaced = SCRIPTS[script]
    if not spaced:
        parts = ["".join(rng.choices(alphabet, k=rng.randint(8, 30)))
                 for _ in range(size // 15 + 1)]
        return "。\n".join(parts)[:size]
    vocabulary = words(rng, script, 300)
    chosen = rng.choices(vocabulary, k=size)
    for i in range(0, size, rng.randint(7, 15)):
        chosen[i] += rng.choice([",", ".", " —", ":", " 2024", "!", ".\n\n"])
    if rng.random() < 0.3:
        chosen[0] = chosen[0].upper()  # case folded away
    return " ".join(chosen)


def mixed(rng: random.Random, size: int) -> str:
    """A text jumping between scripts sentence by sentence: its shingles cross them."""
    return " ".join(text_in(rng, rng.choice(list(SCRIPTS)), rng.randint(5, 40))
                    for _ in range(size // 20 + 1))


def exactly(mode_size: int, minimum: int, cjk: bool, rng: random.Random) -> str:
    """A text with exactly `minimum` distinct shingles."""
    units = minimum + mode_size - 1  # distinct words (characters): as many distinct shingles
    if cjk:
        return "".join(rng.sample(SCRIPTS["chinese"][0], units))
    return " ".join(f"{word}{i}" for i, word in enumerate(words(rng, "latin", units)))


def corpus(count: int = 560, seed: int = 16) -> list[tuple[str, str | None]]:
    """(text, declared language): every script at every length, from a few words to ~30,000."""
    rng = random.Random(seed)
    languages = [None, "fr", "ru", "el", "ar", "he", "hi", "zh", "ja", "ko", "en"]
    texts: list[tuple[str, str | None]] = []
    for i in range(count):
        size = rng.choice([3, 12, 40, 80, 200, 600, 1500, 3000])
        script = list(SCRIPTS)[i % len(SCRIPTS)]
        text = mixed(rng, size) if i % 7 == 0 else text_in(rng, script, size)
        texts.append((text, rng.choice(languages)))
    for cjk, mode in ((False, WORDS), (True, CHARACTERS)):
        text = exactly(mode.size, mode.minimum, cjk, rng)
        texts += [(text, None), (text[:-1] if cjk else text.rsplit(" ", 1)[0], None)]
    # Tens of thousands of shingles: several chunks of the outer product.
    texts += [(text_in(rng, "latin", 30_000), "fr"), (text_in(rng, "chinese", 25_000), "zh"),
              (text_in(rng, "korean", 12_000), "ko"), (mixed(rng, 20_000), None)]
    return texts


def datasketch_bytes(shingles: list[str]) -> bytes:
    """The signature as the code before ours computed it: datasketch's MinHash."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in set(shingles)])
    return minhash.hashvalues.astype("<u4").tobytes()


def test_signatures_are_datasketchs_byte_for_byte():
    texts = corpus()
    assert len(texts) >= 500
    computed = skipped = long = 0
    for text, language in texts:
        mode = shingling(text, language)
        shingles = set(shingle_list(text, language))
        expected = datasketch_bytes(list(shingles)) if len(shingles) >= mode.minimum else None
        assert signature(text, language) == expected, (text[:80], language)
        computed += expected is not None
        skipped += expected is None
        long += len(shingles) > 2 * 4096
        lead = lead_signature(text, language)
        if lead is not None:
            lead_shingles = set(signatures._lead(text, mode))
            assert lead == datasketch_bytes(list(lead_shingles)), (text[:80], language)
    # The corpus reaches what it is meant to: signatures, texts under the minimum, long texts.
    assert computed > 300 and skipped > 50 and long >= 4


def test_the_minimum_is_exact_and_both_shingle_modes_are_covered():
    rng = random.Random(3)
    for cjk, mode in ((False, WORDS), (True, CHARACTERS)):
        text = exactly(mode.size, mode.minimum, cjk, rng)
        assert shingling(text) is mode and len(set(shingle_list(text))) == mode.minimum
        assert signature(text) == datasketch_bytes(shingle_list(text))
        shorter = text[:-1] if cjk else text.rsplit(" ", 1)[0]
        assert signature(shorter) is None


@pytest.mark.parametrize("count", [0, 1, 2, 4095, 4096, 4097, 8192, 9001])
def test_sets_of_shingles_at_and_around_the_chunk_size(count):
    rng = random.Random(count)
    # Raw strings of every script, emoji sequences included (folding drops those from texts).
    alphabet = "".join(letters for letters, *_ in SCRIPTS.values())
    shingles = {"".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(count)}
    shingles |= {f"filler {i}" for i in range(count - len(shingles))}  # the odd repeat drawn
    assert len(shingles) == count
    ours = signatures._minhash_bytes(shingles)
    assert ours == datasketch_bytes(list(shingles))
    if count == 0:  # nothing hashed: every value at its maximum, as datasketch starts
        assert ours == b"\xff" * 4 * NUM_PERM


def test_a_signature_stored_before_is_computed_again_unchanged():
    # The first signatures stored (datasketch's): if this changes, so must SIGNATURE_FORMAT.
    text = " ".join(f"Le cabinet {i} offre des heures de conseil pro bono, à Lyon"
                    for i in range(9))
    assert hashlib.sha256(signature(text, "fr")).hexdigest() == (
        "672c45ec69612dc2d7f74b7b0edfe96dfe96453630c2e9e85a45d61542be10a2")
    assert SIGNATURE_FORMAT == "minhash-affine32-128-seed1729-fold1-5/30/20/40/1500-3/60/50/80/400"


def test_lsh_shapes_are_datasketchs_for_every_configured_threshold():
    configured = {THRESHOLDS.lsh, THRESHOLDS.lead_lsh}
    assert configured <= set(LSH_SHAPES), "add the shape of a new LSH threshold to LSH_SHAPES"
    for threshold, shape in LSH_SHAPES.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        assert shape == (lsh.b, lsh.r) == lsh_shape(threshold)


def test_another_threshold_is_asked_of_datasketch():
    # What benchmarks/neardup_threshold.py tries: not in the table, still datasketch's banding.
    for threshold in (0.3, 0.55, 0.9):
        assert threshold not in LSH_SHAPES
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        assert lsh_shape(threshold) == (lsh.b, lsh.r)


def test_a_crawl_storing_new_articles_imports_neither_datasketch_nor_scipy(demo_network,
                                                                            tmp_path):
    feeds, db = demo_network.write_feeds(tmp_path / "feeds.yaml"), tmp_path / "crawl.db"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds),
                  "--source", "demo-fr-rss", "--source", "demo-zh-rss"],
                 env_extra={"PROBONO_LOOPBACK_PROXY": demo_network.proxy,
                            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_AUTOTHROTTLE_ENABLED": "false",
                            "PYTHONPROFILEIMPORTTIME": "1"}, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    # Python's -X importtime: one line per module imported, "import time: self | total | name".
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert {"scrapy", "numpy", "pipeline"} <= imported  # the lines are there to read
    assert sorted(imported & {"datasketch", "scipy"}) == []

    connection = sqlite3.connect(db)
    try:
        stored = connection.execute("select text, language, minhash, lead_minhash from articles"
                                    " where minhash is not null").fetchall()
        bands = connection.execute("select count(*) from lsh_bands").fetchone()[0]
    finally:
        connection.close()
    languages = {language for _, language, _, _ in stored}
    assert len(stored) >= 15 and {"fr", "zh"} <= languages
    for text, language, minhash, _ in stored:  # what the crawl stored is datasketch's MinHash
        assert minhash == datasketch_bytes(shingle_list(text, language))
    leads = sum(lead is not None for *_, lead in stored)
    assert bands == (len(stored) * LSH_SHAPES[THRESHOLDS.lsh][0]
                     + leads * LSH_SHAPES[THRESHOLDS.lead_lsh][0])
