"""An article's language: py3langid, restricted to the network's languages, on a bounded slice of
title and text.

Why (figures in benchmarks/language_benchmark.py, on our labelled titles, teasers and menu
items): langdetect, choosing among its 55 languages, is right on 87% of short texts; py3langid
choosing among the network's languages (languages.yaml) on 97%, as lingua does (98%, a difference
within noise), with 80 MB of memory against lingua's 530-700 MB, and ten times faster than
langdetect. All are right on every labelled sentence.

A page or feed may declare a language. Only a sure detection overrules it; when the detector is
unsure, the declaration wins (the threshold is chosen on the labelled set: a right declaration is
almost never overruled, a wrong one is caught on most titles and on every sentence). The method
used is stored beside the answer, so it can be audited.

    ConfigError   languages.yaml is wrong (names the file, line and field)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from py3langid.langid import LanguageIdentifier

from pipeline.datafiles import LineDict, load
from pipeline.errors import ConfigError
from pipeline.language_model import full_model_file, load_cached, save_cached

LANGUAGES_FILE = Path(__file__).with_name("languages.yaml")
SAMPLE_CHARS = 1000  # the opening of an article says its language; the rest only costs time
# The detector's share for its best language (shares sum to 1 over the network's languages): at
# or over it a detection is sure and overrules a declared language; under it, it is "unsure".
# Chosen on the labelled set (the benchmark's "Declared language" tables).
SURE_CONFIDENCE = 0.70


@dataclass(frozen=True)
class Language:
    """The language decided for a text, how sure, and how it was decided."""

    code: str | None
    probability: float | None
    method: str  # "detected", "declared", "detected-unsure" or "none"
    detail: str | None = None  # the declared code as written, when the declaration won


@dataclass(frozen=True)
class NetworkLanguages:
    """The languages the detector may answer, and other codes declared for them (nb -> no)."""

    codes: tuple[str, ...]
    aliases: dict[str, str]
    lines: dict[str, int]  # code -> its line in languages.yaml, for errors found later


def fold_code(code: str | None) -> str | None:
    """Fold regional variants to the base language (zh-cn, zh-TW, fr-FR -> zh, zh, fr)."""
    if not code:
        return None
    return code.replace("_", "-").split("-")[0].lower() or None


def detect_text_language(text: str) -> str | None:
    """The language of one text with nothing declared (a title, a teaser): the detector's best
    guess among the network's languages, however unsure; None when it has no letters to go on."""
    return detect_language("", text).code


def detect_language(title: str, text: str, declared: str | None = None) -> Language:
    """Decide the language of an article from its title and text, falling back on the declared
    one."""
    sample = f"{title or ''}\n{text or ''}".strip()[:SAMPLE_CHARS]
    declared_code = fold_code(declared)
    if declared_code:
        declared_code = network_languages().aliases.get(declared_code, declared_code)
    shares = language_shares(sample)
    best = next(iter(shares), None)
    if best and shares[best] >= SURE_CONFIDENCE:
        return Language(best, round(shares[best], 4), "detected")
    if declared_code:
        # The detector's own share for the declared language, to show how unsure it was.
        probability = round(shares[declared_code], 4) if declared_code in shares else None
        return Language(declared_code, probability, "declared", declared)
    if best:
        return Language(best, round(shares[best], 4), "detected-unsure")
    return Language(None, None, "none")


def language_shares(text: str) -> dict[str, float]:
    """Network language -> the detector's share for it, best first, summing to 1; empty for a
    text without letters (digits, emoji, punctuation: nothing to detect)."""
    if not any(char.isalpha() for char in text):
        return {}
    return {code: float(share) for code, share in detector().rank(text)}


@cache
def detector(path: Path = LANGUAGES_FILE) -> LanguageIdentifier:
    """py3langid's model knowing the languages of languages.yaml only, loaded at first use: 0.2 s
    from the cache (pipeline/language_model.py), about a second from the full model, which then
    fills the cache. A language the model does not know is a ConfigError naming its line."""
    network = network_languages(path)
    # A cache file exists only for a list of codes that passed the check below: its key has them.
    identifier = load_cached(network.codes)
    if identifier is None:
        identifier = _restricted_full_model(network, path)
        save_cached(identifier, network.codes)
    # set_languages keeps a copy of the columns of the network's languages and, to restrict
    # again later, the full matrix of all 97 (27 MB of a crawl's memory). We never restrict
    # again: the full model is replaced by the restricted one (an identifier from the cache
    # already holds the restricted one there). An internal attribute of py3langid:
    # tests/test_crawl_memory.py fails if an upgrade renames it (then nothing is freed, but the
    # detector answers as before).
    if hasattr(identifier, "_full_model"):
        identifier._full_model = identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes
    return identifier


def _restricted_full_model(network: NetworkLanguages, path: Path) -> LanguageIdentifier:
    """py3langid's full model (0.7-0.9 s of CPU), restricted to the network's languages."""
    identifier = LanguageIdentifier.from_model_file(full_model_file(), norm_probs=True)
    unknown = [code for code in network.codes if code not in identifier.labels]
    if unknown:
        raise ConfigError(f"{unknown[0]!r}: a language the detector (py3langid) does not know",
                          path=str(path), line=network.lines[unknown[0]], field="languages")
    identifier.set_languages(list(network.codes))
    return identifier


@cache
def network_languages(path: Path = LANGUAGES_FILE) -> NetworkLanguages:
    """The network's languages from languages.yaml, checked: ISO 639-1 codes (the schema of
    pipeline/datafiles.py), aliases of listed ones."""
    data = load(path, "languages")
    listed = data["languages"]
    lines = dict(zip(listed, listed.item_lines))
    aliases = data.get("aliases") or LineDict()
    for alias, code in aliases.items():
        if code not in lines:
            raise ConfigError(f"{code!r}: not a listed language", path=str(path),
                              line=aliases.key_lines[alias], field=f"aliases.{alias}")
    return NetworkLanguages(tuple(lines), dict(aliases), lines)
