"""The reader site's interface language: its words (labels.yaml), which language a request gets,
and the names a page shows in it (languages, countries, topics, organisations).

A request's interface language is `?ui=xx` (which the site then keeps in a cookie), else that
cookie, else the best of the browser's Accept-Language, else English. Language and country names
come from CLDR (babel) in that language, topic names from taxonomy.yaml's `label` (English when
a topic has none in it), organisation names from gazetteer.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale

from pipeline.datafiles import line_of, load
from pipeline.errors import ConfigError
from pipeline.tagging import load_gazetteer, load_taxonomy

LABELS_PATH = Path(__file__).parents[1] / "labels.yaml"
DEFAULT_LANGUAGE = "en"
COOKIE = "probono_ui"
_ACCEPTED = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?")


@dataclass(frozen=True)
class Labels:
    """The words of one interface language."""

    language: str
    words: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The label, its {name} places filled."""
        text = self.words[key]
        return text.format(**values) if values else text


@lru_cache(maxsize=4)
def load_labels(path: Path = LABELS_PATH) -> dict[str, Labels]:
    """labels.yaml, checked: a mapping per language, each with the keys of the default one."""
    document = load(path, "labels")
    data = document["labels"]
    listed = list(document["languages"])
    if sorted(listed) != sorted(data):
        raise ConfigError(f"languages {listed} are not the languages of labels {sorted(data)}",
                          path=str(path), line=document.key_lines["languages"], field="languages")
    if DEFAULT_LANGUAGE not in data:
        raise ConfigError(f"no '{DEFAULT_LANGUAGE}' labels", path=str(path), line=1)
    expected = set(data[DEFAULT_LANGUAGE])
    for language, words in data.items():
        missing, extra = sorted(expected - set(words)), sorted(set(words) - expected)
        if missing or extra:
            what = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
            raise ConfigError(f"labels differ from '{DEFAULT_LANGUAGE}': {what}", path=str(path),
                              line=line_of(data, str(language)), field=f"labels.{language}")
    return {language: Labels(language, dict(data[language])) for language in listed}


def choose_language(asked: str | None, cookie: str | None, accept_language: str | None,
                    available: tuple[str, ...]) -> str:
    """The interface language of a request (module docstring)."""
    for chosen in (asked, cookie):
        if chosen and chosen.lower() in available:
            return chosen.lower()
    best, best_weight = DEFAULT_LANGUAGE, 0.0
    for part in (accept_language or "")[:500].split(","):
        match = _ACCEPTED.match(part)
        if not match:
            continue
        code = match.group(1).lower()
        try:
            weight = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if code in available and weight > best_weight:
            best, best_weight = code, weight
    return best


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def language_name(code: str | None, ui: str) -> str:
    """A language's name in the interface language ("chinois"), or its code when CLDR has none."""
    if not code:
        return ""
    return _locale(ui).languages.get(code, code)


def own_language_name(code: str) -> str:
    """An interface language's name in itself ("Français"), for the language switch."""
    name = _locale(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def country_name(code: str | None, ui: str) -> str:
    """A country's name in the interface language, or its code when CLDR has none."""
    if not code:
        return ""
    return _locale(ui).territories.get(code.upper(), code)


def is_language(code: str) -> bool:
    """A code CLDR names as a language (ISO 639-1: two lowercase letters)."""
    return bool(re.fullmatch(r"[a-z]{2}", code)) and code in _locale(DEFAULT_LANGUAGE).languages


def is_country(code: str) -> bool:
    """A code CLDR names as a country (ISO 3166-1 alpha-2; not ZZ, CLDR's unknown region)."""
    return (bool(re.fullmatch(r"[A-Z]{2}", code)) and code != "ZZ"
            and code in _locale(DEFAULT_LANGUAGE).territories)


@lru_cache(maxsize=1)
def _tag_names() -> tuple[dict[str, dict[str, str]], dict[str, str], frozenset[str]]:
    topics = {topic.id: topic.labels for topic in load_taxonomy().topics}
    gazetteer = load_gazetteer()
    organisations = {o.id: o.name for o in gazetteer.organisations.values()}
    return topics, organisations, frozenset(gazetteer.countries)


def tag_kind(tag: str) -> str | None:
    """topic, organisation or country for a tag the taxonomy or the gazetteer defines, or None."""
    topics, organisations, countries = _tag_names()
    if tag in topics:
        return "topic"
    if tag in organisations:
        return "organisation"
    return "country" if tag in countries else None


def tag_name(tag: str, ui: str) -> str:
    """A tag as readers read it: a topic's label, an organisation's or a country's name."""
    topics, organisations, countries = _tag_names()
    if tag in topics:
        labels = topics[tag]
        return labels.get(ui) or labels.get(DEFAULT_LANGUAGE) or tag
    if tag in organisations:
        return organisations[tag]
    return country_name(tag, ui) if tag in countries else tag
