"""Topics and organisations on the labelled multilingual set, and texts made to break the tagger.

The set (tests/fixtures/labelled/topics/<language>.yaml) was labelled by people who did not see the
tagger's output. The loader and the scoring are benchmarks/topics_benchmark.py's, which prints the
same figures per tag and per fold. The targets are the issue's: precision 0.90 and recall 0.85 in
each language; the broad topics (skills-based-volunteering, nonprofit-management) are never false
positives, as in test_labelled_set.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.errors import ConfigError
from pipeline.tagging import load_taxonomy, relevance, tag_article

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "topics_benchmark.py"
_spec = importlib.util.spec_from_file_location("topics_benchmark", BENCHMARK)
topics_benchmark = importlib.util.module_from_spec(_spec)
sys.modules["topics_benchmark"] = topics_benchmark  # dataclasses look their module up there
_spec.loader.exec_module(topics_benchmark)

LANGUAGES = ("fr", "en", "es", "pt", "de", "nl", "it", "pl", "zh", "ja", "ko", "sv", "tr", "ro",
             "id", "cs")
PRECISION, RECALL = 0.90, 0.85


@pytest.fixture(scope="module")
def scored():
    articles = topics_benchmark.load_labelled()
    assert {article.language for article in articles} == set(LANGUAGES)
    return topics_benchmark.score(articles)


@pytest.mark.parametrize("language", LANGUAGES)
def test_topics_reach_the_targets_in_each_language(scored, language):
    # Measured (2026-12-06): nl 0.92 precision and 0.96 recall, en 0.95 and 1.00, on 20 articles
    # each; their last ten were held out while keywords were chosen on the first ten, then added.
    counts = scored["topic", "language", language]
    assert counts.labelled >= 10  # ten articles or more, most with a specific topic
    assert counts.precision >= PRECISION, f"{language}: precision {counts.precision:.2f}"
    assert counts.recall >= RECALL, f"{language}: recall {counts.recall:.2f}"


def test_topics_overall_and_organisations_as_measured(scored):
    topics, organisations = scored["topic", "all", "all"], scored["organisation", "all", "all"]
    assert topics.precision >= 0.95 and topics.recall >= 0.92  # measured 0.97 and 0.96
    # Measured 1.00 and 0.90; the misses are aliases weighed down because they are common words
    # elsewhere (ÖKA is Polish "oka", Haron a first name, Osmia a bee).
    assert organisations.labelled >= 80
    assert organisations.precision >= 0.98 and organisations.recall >= 0.85


def test_countries_as_measured(scored):
    countries = scored["country", "all", "all"]
    # Measured 0.99 and 0.84; most misses are adjectives ("associazioni italiane"), not names.
    assert countries.precision >= 0.95 and countries.recall >= 0.80


def test_the_fold_is_the_lowest_bit_of_the_ids_sha1():
    articles = topics_benchmark.load_labelled()
    for article in articles:
        assert article.fold == int(hashlib.sha1(article.id.encode()).hexdigest(), 16) % 2
    assert 0.35 < sum(article.fold for article in articles) / len(articles) < 0.65


# The loader refuses a broken file, naming the file, the article and the field


def labelled_copy(tmp_path: Path, change) -> Path:
    source = topics_benchmark.LABELLED / "fr.yaml"
    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(document)
    folder = tmp_path / "topics"
    folder.mkdir()
    (folder / "fr.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize("change, field, words", [
    (lambda d: d["articles"][1].update(id="fr-01"), "articles[1].id", "also in fr.yaml"),
    (lambda d: d["articles"][1].update(id="en-99"), "articles[1].id", "expected 'fr-NN'"),
    (lambda d: d["articles"][2].update(topics=["covid"]), "topics", "unknown id 'covid'"),
    (lambda d: d["articles"][2].update(organisations=["nobody"]), "organisations", "unknown id"),
    (lambda d: d["articles"][2].update(countries=["France"]), "countries", "unknown id"),
    (lambda d: d["articles"][3].pop("title"), "articles[3].title", "expected exactly the keys"),
    (lambda d: d["articles"][3].update(text=""), "text", "non-empty string"),
    (lambda d: d.update(language="en"), "language", "expected 'language: fr'"),
])
def test_a_broken_labelled_file_is_refused(tmp_path, change, field, words):
    folder = labelled_copy(tmp_path, change)
    with pytest.raises(ConfigError) as caught:
        topics_benchmark.load_labelled(folder)
    assert str(folder / "fr.yaml") in str(caught.value)
    assert field in caught.value.field
    assert words in str(caught.value)


# Hostile texts


def test_an_empty_or_blank_text_gets_nothing():
    for title, text in (("", ""), ("  ", "\n\n\t"), ("", "\u200b\u00a0")):
        assert tag_article(title, text, "ko") == []
        assert relevance(title, text, []) == (0.0, "no pro bono term found")


def test_a_text_of_one_megabyte_is_tagged_like_its_paragraph():
    paragraph = ("Des avocats bénévoles accompagnent les associations du milieu rural dans le "
                 "cadre du mécénat de compétences. ")
    long_text = paragraph * (1_000_000 // len(paragraph))
    assert len(long_text) > 990_000
    short, long = tag_article("", paragraph, "fr"), tag_article("", long_text, "fr")
    assert {tag.id for tag in short} <= {tag.id for tag in long}
    assert {"legal-pro-bono", "territories", "skills-based-volunteering"} <= {t.id for t in long}
    assert all(0 < tag.score <= 1 and len(tag.evidence) <= 5 for tag in long)


def test_a_keyword_repeated_counts_a_bounded_number_of_times():
    scoring = load_taxonomy().scoring
    few = tag_article("", "Hackathon. " * scoring.max_hits_per_keyword, "en")
    many = tag_article("", "Hackathon. " * 50_000, "en")
    assert few == many  # past max_hits_per_keyword, repeating a keyword adds nothing
    everything = " ".join(term.label for topic in load_taxonomy().topics for term in topic.terms
                          if not term.is_regex) * 20
    tags = tag_article(everything, everything, "en")
    assert len({tag.id for tag in tags if tag.kind == "topic"}) == len(load_taxonomy().topics)
    assert all(tag.score <= 1 and len(tag.evidence) <= 5 for tag in tags)
    score, _ = relevance(everything, everything, tags)
    assert 0.99 < score <= 1
