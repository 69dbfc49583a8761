"""Exact copies: the same text hashes the same, and the member's earliest copy is the original."""

from __future__ import annotations

from pipeline.copies.exact import text_hash
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
