"""An article's language: langdetect, seeded, on a bounded slice of title and text.

Short texts fool the detector, so when it is unsure and the page or feed declares a language,
the declaration wins. The method used is stored beside the answer, so it can be audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

# langdetect is random by design; a fixed seed makes the same text give the same answer every run.
DetectorFactory.seed = 0
SAMPLE_CHARS = 1000  # measured: 4 ms on 1,000 chars against 13.7 ms on a whole article
MIN_PROBABILITY = 0.80
MIN_CHARS = 40


@dataclass(frozen=True)
class Language:
    """The language decided for a text, how sure, and how it was decided."""

    code: str | None
    probability: float | None
    method: str  # "detected", "declared", "detected-unsure" or "none"
    detail: str | None = None  # the detector's full code when folded (zh-cn -> zh)


def fold_code(code: str | None) -> str | None:
    """Fold regional variants to the base language (zh-cn, zh-TW, fr-FR -> zh, zh, fr)."""
    if not code:
        return None
    return code.replace("_", "-").split("-")[0].lower() or None


def detect_language(title: str, text: str, declared: str | None = None) -> Language:
    """Decide the language of an article from its title and text, falling back on the declared one."""
    sample = f"{title or ''}\n{text or ''}".strip()[:SAMPLE_CHARS]
    declared_code = fold_code(declared)
    guesses = _detect(sample) if len(sample) >= MIN_CHARS or not declared_code else {}
    best = max(guesses, key=lambda code: guesses[code][1], default=None)
    if best and guesses[best][1] >= MIN_PROBABILITY:
        return Language(best, round(guesses[best][1], 4), "detected", guesses[best][0])
    if declared_code:
        # The detector's own probability for the declared language, to show how unsure it was.
        probability = round(guesses[declared_code][1], 4) if declared_code in guesses else None
        return Language(declared_code, probability, "declared", declared)
    if best:
        return Language(best, round(guesses[best][1], 4), "detected-unsure", guesses[best][0])
    return Language(None, None, "none")


def _detect(sample: str) -> dict[str, tuple[str, float]]:
    """Base language -> (the detector's best full code for it, summed probability: zh-cn + zh-tw)."""
    try:
        guesses = detect_langs(sample)
    except LangDetectException:  # no letters at all: nothing to detect
        return {}
    found: dict[str, tuple[str, float]] = {}
    for guess in guesses:
        base = fold_code(guess.lang)
        code, probability = found.get(base, (guess.lang, 0.0))
        found[base] = (code, probability + guess.prob)
    return found
