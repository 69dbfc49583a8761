"""Exact copies: the same text hashes the same, and the member's earliest copy is the original."""

from __future__ import annotations

import unicodedata

from pipeline.copies.exact import _without_combining, text_hash
from pipeline.copies.original import Copy, choose_original

BODY = "Le bénévolat de compétences change la donne pour les associations. " * 5


def test_hash_folds_case_accents_punctuation_and_spacing():
    variant = BODY.upper().replace("é", "e").replace(".", " ;  ")
    assert text_hash(BODY) == text_hash(variant)
    assert text_hash(BODY) != text_hash(BODY + " Une phrase de plus.")


def test_short_text_has_no_hash():
    assert text_hash("Trop court.") is None


def test_original_is_the_members_copy_then_the_earliest_then_the_fullest():
    member_late = Copy("a", "2024-05-03T00:00:00+00:00", False, 900)
    media_early = Copy("b", "2024-05-01T00:00:00+00:00", True, 900)
    member_early = Copy("c", "2024-05-02T00:00:00+00:00", False, 800)
    undated = Copy("d", None, False, 2000)
    assert choose_original([member_late, media_early]).id == "a"
    assert choose_original([member_late, member_early, undated, media_early]).id == "c"
    assert choose_original([Copy("x", None, False, 10), Copy("y", None, False, 20)]).id == "y"


def test_hash_drops_every_combining_mark_and_only_those():
    # _without_combining asks each distinct character once (not each character of the text):
    # what it keeps must be what asking each character keeps, over every code point.
    every = "".join(chr(point) for point in range(0x110000) if not 0xD800 <= point < 0xE000)
    kept = "".join(char for char in every if not unicodedata.combining(char))
    assert _without_combining(every) == kept
    assert _without_combining("plain ascii") == "plain ascii"
    decomposed = unicodedata.normalize("NFKD", "Ǖ ḗ ọ́ 한국 Ελλάδα")
    # Hangul splits into its letters (jamo), which are no combining marks: they stay.
    assert _without_combining(decomposed) == unicodedata.normalize("NFKD", "U e o 한국 Ελλαδα")


def test_hash_of_a_text_in_decomposed_accents_is_that_of_the_plain_letters():
    composed = "Le bénévolat crée des liens entre salariés et associations. " * 5
    decomposed = unicodedata.normalize("NFD", composed)
    plain = composed.replace("é", "e")
    assert text_hash(composed) == text_hash(decomposed) == text_hash(plain) is not None
