"""Language: detected the same way every run, with the declared language for short texts."""

from __future__ import annotations

import pytest

from pipeline.language import detect_language, fold_code

TEXTS = {
    "fr": "Les salariés de l'entreprise ont donné de leur temps et de leurs compétences aux associations du quartier pendant toute une semaine.",
    "en": "Employees gave their time and professional skills to local non-profits during a whole week of volunteering.",
    "es": "Los empleados dedicaron su tiempo y sus habilidades profesionales a las organizaciones sociales del barrio.",
    "zh": "企业员工利用自己的专业技能，为社区公益组织提供了为期一周的志愿服务，帮助他们改进财务管理。",
}


@pytest.mark.parametrize("code, text", TEXTS.items())
def test_detects_each_language_with_its_probability(code, text):
    result = detect_language("", text)
    assert (result.code, result.method) == (code, "detected")
    assert result.probability >= 0.8


def test_same_text_same_answer_every_time():
    mixed = "pro bono skills compétences"
    answers = {detect_language("", mixed) for _ in range(20)}
    assert len(answers) == 1


def test_short_text_falls_back_on_the_declared_language():
    result = detect_language("Pro Bono Week", "", declared="fr-FR")
    assert (result.code, result.method, result.probability) == ("fr", "declared", None)


def test_unsure_detection_keeps_the_declared_language_with_the_detectors_probability():
    mixed = "Pro bono skills volunteering compétences bénévolat Stiftung voluntariado"
    result = detect_language(mixed, "", declared="fr")
    assert (result.code, result.method) == ("fr", "declared")
    assert result.probability is not None and 0 < result.probability < 0.8


def test_chinese_variants_fold_to_zh_and_keep_the_detail():
    result = detect_language("", TEXTS["zh"])
    assert result.code == "zh" and result.detail in ("zh-cn", "zh-tw")
    assert fold_code("zh_TW") == "zh" and fold_code(None) is None


def test_nothing_to_detect():
    assert detect_language("", "12345 !!!").method == "none"
