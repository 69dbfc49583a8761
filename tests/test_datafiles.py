"""The one loader of the YAML data files (pipeline/datafiles.py): every file of the repository
fits its schema, and a broken copy of each is refused with one line naming the file, the line
and the field; the modules that read the files go through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline import (
    boilerplate,
    datafiles,
    date_names,
    discovery,
    language,
    sitemaps,
    tagging,
    urls,
)
from pipeline.dates import date_in_text
from pipeline.errors import ConfigError

PIPELINE = Path(datafiles.__file__).parent
KINDS = sorted(datafiles.SCHEMAS)


def bundled(kind: str) -> Path:
    return PIPELINE / f"{kind}.yaml"


def test_every_data_file_has_a_schema():
    assert sorted(path.stem for path in PIPELINE.glob("*.yaml")) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_every_data_file_loads_and_fits_its_schema(kind):
    data = datafiles.load(bundled(kind), kind)
    assert isinstance(data, datafiles.LineDict) and data


def error_of(path: Path, kind: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        datafiles.load(path, kind)
    message = str(caught.value)
    assert "\n" not in message
    return caught.value


def line_holding(text: str, needle: str, after: int = 0) -> int:
    """The number of the first line after line `after` that is `needle`, stripped."""
    lines = text.splitlines()
    return next(n for n in range(after + 1, len(lines) + 1) if lines[n - 1].strip() == needle)


def dumped(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_key_is_refused_at_its_line(tmp_path, kind):
    text = bundled(kind).read_text(encoding="utf-8")
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text + "colour: red\n", encoding="utf-8")
    error = error_of(path, kind)
    line = text.count("\n") + 1
    assert str(error).startswith(f"{path}:{line}: field 'colour': unknown key (known: ")


@pytest.mark.parametrize("kind", KINDS)
def test_bad_yaml_is_refused_at_its_line(tmp_path, kind):
    text = bundled(kind).read_text(encoding="utf-8")
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text + "- a list item in a mapping\n", encoding="utf-8")
    assert str(error_of(path, kind)).startswith(f"{path}:{text.count(chr(10)) + 1}: not valid YAML")


@pytest.mark.parametrize("kind", KINDS)
def test_a_wrong_type_is_refused_at_its_line(tmp_path, kind):
    data = yaml.safe_load(bundled(kind).read_text(encoding="utf-8"))
    key = list(data)[-1]
    data[key] = 12345
    path = tmp_path / f"{kind}.yaml"
    path.write_text(dumped(data), encoding="utf-8")
    line = line_holding(dumped(data), f"{key}: 12345")
    assert re.fullmatch(rf"{re.escape(str(path))}:{line}: field '{key}': expected .*, got 12345",
                        str(error_of(path, kind)))


def first_word_list(value: object, field: str = "") -> tuple[str, list] | None:
    """The first list of words in the data, depth first, and its field."""
    if isinstance(value, dict):
        for key, item in value.items():
            found = first_word_list(item, f"{field}.{key}" if field else str(key))
            if found:
                return found
    if isinstance(value, list) and len(value) > 1 and all(isinstance(v, str) for v in value):
        return field, value
    return None


@pytest.mark.parametrize("kind", KINDS)
def test_a_word_listed_twice_is_refused_at_its_second_line(tmp_path, kind):
    data = yaml.safe_load(bundled(kind).read_text(encoding="utf-8"))
    field, words = first_word_list(data)
    words.append(words[0])
    text = dumped(data)
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    item = dumped([words[0]]).strip()
    first = line_holding(text, item)
    second = line_holding(text, item, after=first)
    assert str(error_of(path, kind)) == (
        f"{path}:{second}: field '{field}[{len(words) - 1}]': {words[0]!r} is listed twice "
        f"(first on line {first})")


def test_words_are_compared_folded_and_regexes_exactly(tmp_path):
    path = tmp_path / "date_words.yaml"
    path.write_text("locales: [de]\nconnectors: [de]\nupdated_labels: [Geändert,\n  geandert]\n",
                    encoding="utf-8")
    assert str(error_of(path, "date_words")) == (
        f"{path}:4: field 'updated_labels[1]': 'geandert' is listed twice (first on line 3)")
    path = tmp_path / "boilerplate.yaml"
    path.write_text("max_chars: 9\npatterns: {a: ['\\W', '\\w']}\nmax_chars_anywhere: 9\n"
                    "anywhere: ['(', x]\n", encoding="utf-8")
    assert str(error_of(path, "boilerplate")) == (
        f"{path}:4: field 'anywhere[0]': expected a valid regular expression, got '('")


def test_a_key_twice_an_alias_and_a_missing_key_are_refused(tmp_path):
    path = tmp_path / "url_rules.yaml"
    path.write_text("tracking_params: [a]\ntracking_prefixes: [b]\ntracking_params: [c]\n",
                    encoding="utf-8")
    assert str(error_of(path, "url_rules")) == (
        f"{path}:3: field 'tracking_params': key 'tracking_params' appears twice in one mapping")
    path.write_text("tracking_params: &x [a]\ntracking_prefixes: *x\n", encoding="utf-8")
    assert str(error_of(path, "url_rules")).startswith(
        f"{path}:1: YAML anchors and aliases (&name, *name) are not allowed")
    path.write_text("\ntracking_params: [a]\n", encoding="utf-8")
    assert str(error_of(path, "url_rules")) == (
        f"{path}:2: field 'tracking_prefixes': missing (required)")


def test_an_entry_with_an_id_is_named_by_it(tmp_path):
    text = bundled("gazetteer").read_text(encoding="utf-8").replace(
        "    kind: member\n", "    kind: memberr\n", 1)
    path = tmp_path / "gazetteer.yaml"
    path.write_text(text, encoding="utf-8")
    line = line_holding(text, "kind: memberr")
    assert str(error_of(path, "gazetteer")).startswith(
        f"{path}:{line}: field 'organisations[pro-bono-lab].kind': expected one of member, ")
    data = datafiles.read_yaml(bundled("gazetteer"))
    assert datafiles.line_of(data, "organisations[pro-bono-lab].kind") == line


# Each module's loader goes through datafiles: a broken file is refused with the same line.
LOADERS = {
    "url_rules": (urls, "RULES_PATH", lambda: urls._rules.__wrapped__()),
    "boilerplate": (boilerplate, "RULES_PATH", lambda: boilerplate._rules.__wrapped__()),
    "discovery": (discovery, "RULES_PATH", lambda: discovery.rules.__wrapped__()),
    "url_patterns": (sitemaps, "PATTERNS_PATH", lambda: sitemaps.url_patterns.__wrapped__()),
    "date_words": (date_names, "WORDS_PATH", lambda: date_names.date_words.__wrapped__()),
    "languages": (language, "LANGUAGES_FILE",
                  lambda: language.network_languages.__wrapped__(language.LANGUAGES_FILE)),
    "taxonomy": (tagging, "TAXONOMY_PATH",
                 lambda: tagging.load_taxonomy.__wrapped__(tagging.TAXONOMY_PATH)),
    "gazetteer": (tagging, "GAZETTEER_PATH",
                  lambda: tagging.load_gazetteer.__wrapped__(tagging.GAZETTEER_PATH)),
}


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_each_module_reads_its_file_through_the_loader(tmp_path, monkeypatch, kind):
    module, attribute, call = LOADERS[kind]
    text = bundled(kind).read_text(encoding="utf-8")
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text + "colour: red\n", encoding="utf-8")
    monkeypatch.setattr(module, attribute, path)
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}:{text.count(chr(10)) + 1}: "
                                          r"field 'colour': unknown key"):
        call()


def test_what_the_schema_cannot_say_is_checked_by_the_module_with_the_line(tmp_path, monkeypatch):
    path = tmp_path / "date_words.yaml"
    monkeypatch.setattr(date_names, "WORDS_PATH", path)
    path.write_text("locales: [fr,\n  qq]\nconnectors: [de]\nupdated_labels: [updated]\n",
                    encoding="utf-8")
    with pytest.raises(date_names.DateWordsError) as caught:
        date_names.date_words.__wrapped__()
    assert str(caught.value) == f"{path}:2: field 'locales': unknown locale 'qq'"
    path.write_text("locales: [fr]\nconnectors: [de]\nupdated_labels: [updated]\nextra_relative:\n"
                    "  ar: {'منذ {0} يوم': day,\n       'منذ يومين': day}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        date_names.date_words.__wrapped__()
    expected = f"{path}:6: field 'extra_relative.ar.منذ يومين': expected a unit"
    assert str(caught.value).startswith(expected)
    path = tmp_path / "languages.yaml"
    path.write_text("languages: [fr, en]\naliases:\n  nb: en\n  nn: 'no'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        language.network_languages.__wrapped__(path)
    assert str(caught.value) == f"{path}:4: field 'aliases.nn': 'no': not a listed language"


def test_an_austrian_january_is_read_with_and_without_its_umlaut():
    assert date_in_text("3. Jänner 2021") == "2021-01-03"  # CLDR's de_AT
    assert date_in_text("3. Jaenner 2021") == "2021-01-03"  # typed without it (extra_months)
    assert date_in_text("Wien, am 3. Jänner 2021 um 10:15") == "2021-01-03T10:15:00"
