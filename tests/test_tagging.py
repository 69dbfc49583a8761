"""Tagging: topics, organisations and countries in 16 languages, relevance, and the YAML checks."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
import yaml

from pipeline import tagging
from pipeline.errors import ConfigError
from pipeline.tagging import (
    GAZETTEER_PATH,
    TAXONOMY_PATH,
    Tag,
    _families,
    fold,
    load_gazetteer,
    load_taxonomy,
    relevance,
    tag_article,
)
from pipeline.trie_regex import trie_regex

# Our own short texts, one per language: (language, title, text, topics, organisations, countries,
# evidence that must be shown for some tag).
ARTICLES = [
    ("fr", "Le bénévolat de compétences gagne les campagnes",
     "Dans un village de la Creuse, trois cadres d'une banque passent une journée par mois auprès "
     "d'une association d'aide à domicile. Leur employeur finance ces missions de mécénat de "
     "compétences dans le cadre de sa politique RSE, et Pro Bono Lab a préparé les salariés à leur "
     "première mission. En France, les associations du milieu rural peinent à trouver des "
     "bénévoles qualifiés, et les collectivités territoriales s'en inquiètent.",
     {"skills-based-volunteering", "corporate-engagement", "territories"}, {"pro-bono-lab"}, {"FR"},
     {"mécénat de compétences", "RSE", "Pro Bono Lab", "France"}),
    ("en", "Taproot+ volunteers rebuild a food bank's fundraising strategy",
     "Over six weeks, a marketing manager and a data analyst helped a small nonprofit in Ohio "
     "rethink how it asks for donations. The match was made on Taproot+, a platform for pro bono "
     "projects in the United States. The charity's board now has a fundraising plan for two years.",
     {"nonprofit-management", "skills-based-volunteering"}, {"taproot-foundation"}, {"US"},
     {"Taproot+", "fundraising", "pro bono", "United States"}),
    ("es", "Voluntariado profesional para entidades sociales en España",
     "Hazloposible conecta a profesionales con entidades sociales a través de probonos.net. Este "
     "año, doscientos voluntarios asesoraron en comunicación y estrategia a organizaciones sin "
     "ánimo de lucro de toda España.",
     {"skills-based-volunteering", "nonprofit-management"}, {"fundacion-hazloposible"}, {"ES"},
     {"voluntariado profesional", "probonos.net", "España"}),
    ("pt", "Maratona pro bono reúne voluntários em São Paulo",
     "A Phomenta organizou um hackathon de fim de semana em que designers e programadores ajudaram "
     "ONGs a melhorar seus sites. O voluntariado de competências cresce no Brasil.",
     {"marathons-hackathons", "skills-based-volunteering"}, {"phomenta"}, {"BR"},
     {"maratona pro bono", "hackathon", "voluntariado de competências", "Brasil"}),
    ("de", "Pro-bono-Engagement für den Klimaschutz",
     "Proboneo vermittelt Fachleute aus Unternehmen an gemeinnützige Organisationen in "
     "Deutschland. In einem neuen Programm beraten Ingenieurinnen Umweltvereine beim Klimaschutz.",
     {"climate-environment", "skills-based-volunteering"}, {"proboneo"}, {"DE"},
     {"Klimaschutz", "pro bono", "Proboneo", "Deutschland"}),
    ("zh", "惠泽人推动专业志愿服务",
     "北京惠泽人公益发展中心组织律师和会计师等专业人士，为中国的社区公益组织提供专业志愿服务，"
     "帮助它们提升财务管理和品牌传播能力。",
     {"skills-based-volunteering", "nonprofit-management"}, {"beijing-huizeren"}, {"CN"},
     {"专业志愿", "惠泽人", "中国"}),
    ("ja", "サービスグラント、シニアのプロボノを後押し",
     "認定NPO法人サービスグラントは、定年退職したシニアが経験を活かして地域のNPOを支えるプロボノの"
     "仕組みを日本各地に広げています。",
     {"skills-based-volunteering", "seniors-retirees"}, {"service-grant-japan"}, {"JP"},
     {"プロボノ", "シニア", "サービスグラント", "日本"}),
]


def ids(tags: list[Tag], kind: str) -> set[str]:
    return {tag.id for tag in tags if tag.kind == kind}


def tag_of(tags: list[Tag], tag_id: str) -> Tag:
    return next(tag for tag in tags if tag.id == tag_id)


@pytest.mark.parametrize("language, title, text, topics, organisations, countries, evidence",
                         ARTICLES, ids=[article[0] for article in ARTICLES])
def test_each_language_gets_its_topics_organisations_and_countries(
        language, title, text, topics, organisations, countries, evidence):
    tags = tag_article(title, text, language)
    assert topics <= ids(tags, "topic")
    assert ids(tags, "organisation") == organisations
    assert ids(tags, "country") == countries
    assert evidence <= {word for tag in tags for word in tag.evidence}
    score, reason = relevance(title, text, tags)
    assert score >= load_taxonomy().relevance.scoring.threshold
    assert reason.startswith("mentions '")


def test_tags_sorted_by_kind_then_score_with_at_most_five_evidence():
    language, title, text = ARTICLES[0][:3]
    tags = tag_article(title, text, language)
    order = [("topic", "organisation", "country").index(tag.kind) for tag in tags]
    assert order == sorted(order)
    topics = [tag.score for tag in tags if tag.kind == "topic"]
    assert topics == sorted(topics, reverse=True)
    assert all(0 < tag.score <= 1 and 1 <= len(tag.evidence) <= 5 for tag in tags)
    with pytest.raises(dataclasses.FrozenInstanceError):
        tags[0].score = 1.0


def test_general_news_gets_low_relevance_and_the_reason_says_so():
    title = "Le conseil municipal vote le budget de la piscine"
    text = ("Après deux heures de débat, les élus ont adopté le budget de rénovation de la piscine "
            "municipale. Les travaux commenceront au printemps et dureront huit mois.")
    tags = tag_article(title, text, "fr")
    score, reason = relevance(title, text, tags)
    assert score < 0.1
    assert reason == "no pro bono term found"


def test_relevance_counts_the_core_terms_and_names_the_network():
    text = ("Le mécénat de compétences progresse : une PME sur cinq pratique le mécénat de "
            "compétences, et le mécénat de compétences séduit les cadres. Proboneo le confirme.")
    score, reason = relevance("", text, tag_article("", text))
    assert score > 0.9
    assert reason == "mentions 'mécénat de compétences' 3 times; names Proboneo"


def test_a_regex_keyword_may_overlap_a_phrase():
    text = "Trois avocats bénévoles d'un cabinet d'avocats ont relu les statuts d'une association."
    tags = tag_article("", text, "fr")
    assert "avocat" in tag_of(tags, "legal-pro-bono").evidence
    assert relevance("", text, tags)[1] == "mentions '(métier) bénévole' once"


def test_a_member_named_without_any_pro_bono_term_is_said_so():
    text = "Empact a fêté ses dix ans à Singapour."
    score, reason = relevance("", text, tag_article("", text))
    assert 0 < score < load_taxonomy().relevance.scoring.threshold
    assert reason == "no pro bono term found, but names Empact"


def test_accents_and_case_do_not_matter():
    accented = tag_article("", "Le bénévolat de compétences, une idée qui fait son chemin.")
    for variant in ("Le benevolat de competences, une idée qui fait son chemin.",
                    "LE BÉNÉVOLAT DE COMPÉTENCES, une idée qui fait son chemin."):
        tags = tag_article("", variant)
        assert tags == accented
        assert tag_of(tags, "skills-based-volunteering").evidence == ("bénévolat de compétences",)


def test_hyphens_spaces_and_line_breaks_are_alike():
    for text in ("Une mission pro-bono au service d'une ONG.", "Une mission pro\nbono au service."):
        assert "pro bono" in tag_of(tag_article("", text), "skills-based-volunteering").evidence


def test_a_word_inside_another_word_does_not_match():
    text = "Rendez-vous sur probonolab.org, ou écrivez à xprobono."
    tags = tag_article("", text)
    assert ids(tags, "organisation") == {"pro-bono-lab"}  # probonolab.org is an alias
    assert tag_of(tags, "pro-bono-lab").evidence == ("probonolab.org",)
    assert "skills-based-volunteering" not in ids(tags, "topic")
    assert "'pro bono'" not in relevance("", text, tags)[1]


def test_esg_is_not_found_inside_esgotado():
    base = "Programa de responsabilidade social empresarial e voluntariado corporativo"
    found = tag_article("", f"Ingressos ESGOTADOS! {base}.", "pt")
    assert "ESG" not in tag_of(found, "corporate-engagement").evidence
    assert "ESG" in tag_of(tag_article("", f"Critérios ESG. {base}.", "pt"),
                           "corporate-engagement").evidence


def test_title_hits_count_more_than_text_hits():
    in_title = tag_article("Un hackathon pour les associations", "Rendez-vous samedi.")
    in_text = tag_article("Rendez-vous samedi", "Un hackathon pour les associations.")
    assert tag_of(in_title, "marathons-hackathons").score > tag_of(in_text,
                                                                   "marathons-hackathons").score


def test_aliases_in_other_scripts_find_the_organisation():
    cases = {"惠澤人發起專業志願服務周": "beijing-huizeren",  # Traditional script
             "ｻｰﾋﾞｽｸﾞﾗﾝﾄの新しいプロジェクト": "service-grant-japan",  # half-width katakana
             "グローバル・プロボノ・ネットワークの年次総会": "global-pro-bono-network",
             "A summit of the GPBN in Tokyo": "global-pro-bono-network",
             "Nadácia Pontis hosted the event": "pontis-foundation"}
    for text, organisation in cases.items():
        assert organisation in ids(tag_article("", text), "organisation"), text


def test_the_longest_name_wins_and_still_counts_what_it_holds():
    tags = tag_article("", "The Pro Bono Week opens on Monday, with events everywhere.", "en")
    assert {"pro-bono-week"} == ids(tags, "organisation")
    assert "international-network" in ids(tags, "topic")
    assert "'pro bono' once" in relevance("", "The Pro Bono Week opens on Monday, with events "
                                              "everywhere.", tags)[1]
    assert ids(tag_article("", "A talk by Service Grant Japan."), "country") == {"JP"}
    assert ids(tag_article("", "インドネシアのNPOを訪問"), "country") == {"ID"}
    assert ids(tag_article("", "インドネシアとインドのNPO"), "country") == {"ID", "IN"}


def test_a_name_listed_only_under_another_language_counts_less():
    assert ids(tag_article("", "Un voyage au Chili.", "fr"), "country") == {"CL"}
    assert ids(tag_article("", "Un voyage au Chili.", "fr-CA"), "country") == {"CL"}
    assert ids(tag_article("", "A bowl of chili for lunch.", "en"), "country") == set()


def test_chinese_and_japanese_match_inside_words_latin_terms_touch_them():
    tags = tag_article("", "ＣＳＲ活動の一環として、ＣＳＲ担当者がプロボノに参加した。", "ja")
    assert "CSR" in tag_of(tags, "corporate-engagement").evidence
    assert "プロボノ" in tag_of(tags, "skills-based-volunteering").evidence


def test_regex_keywords_catch_german_compounds():
    tags = tag_article("Coronapandemie: Hilfe in der Coronazeit", "", "de")
    assert tag_of(tags, "covid-19").evidence[0] == "Corona-"  # Dutch "corona*" counts less here


def test_empty_article_gets_nothing():
    assert tag_article("", "") == []
    assert relevance("", "", []) == (0.0, "no pro bono term found")


def test_fold():
    assert fold("Mécénat DE Compétences") == "mecenat de competences"
    assert fold("ＣＳＲ d’avocats – Œuvre") == "csr d'avocats - oeuvre"
    assert fold("ｻｰﾋﾞｽｸﾞﾗﾝﾄ・プロボノ") == "サービスグラントプロボノ"


# The bundled files


NETWORK_LANGUAGES = {"fr", "en", "es", "pt", "de", "nl", "it", "pl", "zh", "ja", "ko", "sv", "tr",
                     "ro", "id", "cs"}


def test_bundled_taxonomy_covers_every_topic_in_the_network_languages():
    taxonomy = load_taxonomy()
    assert {topic.id for topic in taxonomy.topics} == {
        "skills-based-volunteering", "legal-pro-bono", "covid-19", "climate-environment",
        "digital-skills", "seniors-retirees", "students-youth", "corporate-engagement",
        "territories", "international-network", "events", "studies-research",
        "marathons-hackathons", "nonprofit-management", "social-entrepreneurship"}
    for topic in taxonomy.topics:
        assert {"en", "fr"} <= set(topic.labels)
        languages = {language for term in topic.terms for language in term.languages}
        assert languages >= NETWORK_LANGUAGES, topic.id
    assert NETWORK_LANGUAGES | {"mul"} <= {
        language for term in taxonomy.relevance.terms for language in term.languages}
    assert set(taxonomy.languages) >= NETWORK_LANGUAGES


def test_bundled_gazetteer_has_the_network_and_its_countries():
    gazetteer = load_gazetteer()
    for organisation in ("pro-bono-lab", "taproot-foundation", "service-grant-japan",
                         "beijing-huizeren", "empact", "proboneo", "fundacion-hazloposible",
                         "phomenta", "atados", "pontis-foundation", "global-pro-bono-network",
                         "pro-bono-week", "carenews", "bmw-foundation"):
        assert organisation in gazetteer.organisations
    assert len(gazetteer.countries) >= 45
    for code, names in gazetteer.countries.items():
        languages = {language for name in names for language in name.languages}
        assert languages >= NETWORK_LANGUAGES, code


# Broken files are refused, naming the file, the entry and the field


def broken_copy(tmp_path: Path, bundled: Path, change) -> Path:
    """The bundled file, changed by `change`, written to tmp_path."""
    document = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / bundled.name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def topic(document: dict, topic_id: str) -> dict:
    return next(entry for entry in document["topics"] if entry["id"] == topic_id)


# Where a keyword appended to covid-19's German list lands.
COVID_DE = len(topic(yaml.safe_load(TAXONOMY_PATH.read_text(encoding="utf-8")),
                     "covid-19")["keywords"]["de"])


@pytest.mark.parametrize("change, field, words", [
    (lambda d: topic(d, "covid-19").update(keywords={}), "keywords", "no keywords"),
    (lambda d: topic(d, "covid-19").pop("keywords"), "keywords", "missing"),
    (lambda d: topic(d, "covid-19").update(colour="red"), "colour", "unknown key"),
    (lambda d: topic(d, "covid-19")["keywords"]["de"].append({"regex": "corona(krise"}),
     f"keywords.de[{COVID_DE}].regex", "expected a valid regular expression"),
    (lambda d: topic(d, "covid-19")["keywords"]["de"].append({"regex": "corona(krise)"}),
     f"keywords.de[{COVID_DE}].regex", "(?:...) groups"),
    (lambda d: topic(d, "covid-19")["keywords"].pop("ja"), "keywords.ja", "no keywords in 'ja'"),
    (lambda d: topic(d, "covid-19")["keywords"]["fr"].append({"term": "PANDEMIE"}),
     "keywords.fr[5]", "listed twice"),
    (lambda d: topic(d, "covid-19")["keywords"]["fr"].append({"term": "x", "weight": -1}),
     "keywords.fr[5].weight", "number above 0"),
    (lambda d: topic(d, "covid-19")["keywords"].update(french=["virus"]), "keywords.french",
     "expected a language code"),
])
def test_a_broken_topic_is_refused_naming_the_topic_and_the_field(tmp_path, change, field, words):
    path = broken_copy(tmp_path, TAXONOMY_PATH, change)
    with pytest.raises(ConfigError) as caught:
        load_taxonomy(path)
    # Shape errors (pipeline/datafiles.py) name the topic in the field, topics[covid-19].keywords;
    # the others in the message, topic 'covid-19': keywords. Both give the line.
    assert caught.value.field.endswith(field)
    assert str(path) in str(caught.value) and caught.value.line is not None
    assert "covid-19" in str(caught.value)
    assert words in str(caught.value)


def test_taxonomy_settings_and_relevance_are_checked(tmp_path):
    path = broken_copy(tmp_path, TAXONOMY_PATH, lambda d: d["settings"].update(treshold=0.5))
    with pytest.raises(ConfigError, match=r"field 'settings\.treshold': unknown key"):
        load_taxonomy(path)
    path = broken_copy(tmp_path, TAXONOMY_PATH, lambda d: d["relevance"].update(topic="nothing"))
    with pytest.raises(ConfigError, match="no topic 'nothing'"):
        load_taxonomy(path)


def test_a_key_given_twice_is_refused(tmp_path):
    text = TAXONOMY_PATH.read_text(encoding="utf-8").replace(
        "  - id: covid-19\n", "  - id: covid-19\n    id: covid\n", 1)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="key 'id' appears twice") as caught:
        load_taxonomy(path)
    assert caught.value.line is not None


def test_a_broken_gazetteer_is_refused_naming_the_entry_and_the_field(tmp_path):
    def bad_country(document):
        document["organisations"][0]["country"] = "XX"

    with pytest.raises(ConfigError, match="organisation 'pro-bono-lab': expected a code") as caught:
        load_gazetteer(broken_copy(tmp_path, GAZETTEER_PATH, bad_country))
    assert caught.value.field == "country"
    def unknown_language(document):  # CLDR has no name in it, nor does the file
        document["settings"]["languages"].append("qq")

    with pytest.raises(ConfigError, match="country 'FR': no name in 'qq'") as caught:
        load_gazetteer(broken_copy(tmp_path, GAZETTEER_PATH, unknown_language))
    assert caught.value.field == "qq"
    with pytest.raises(ConfigError, match=r"settings\.inflected_languages"):
        load_gazetteer(broken_copy(tmp_path, GAZETTEER_PATH,
                                   lambda d: d["settings"].update(inflected_languages=["Polish"])))


def test_a_stem_is_checked(tmp_path):
    def stem(term):
        return lambda d: topic(d, "covid-19")["keywords"]["de"].append({"term": term})

    for term, words in (("Co*", "at least 3 letters"), ("Co*rona", "at least 3 letters"),
                        ("疫情*", "match inside words already")):
        with pytest.raises(ConfigError, match=words) as caught:
            load_taxonomy(broken_copy(tmp_path, TAXONOMY_PATH, stem(term)))
        assert caught.value.field.startswith("keywords.de[")


# Korean, stems, CLDR country names, folding of Turkish and Greek


def test_korean_matches_inside_words_as_chinese_and_japanese_do():
    # A Korean word carries its particle (재능기부를, 프로보노는) and goes into compounds.
    tags = tag_article(
        "", "직원들이 재능기부를 통해 ESG와 프로보노는 물론 기업자원봉사에 참여했다.", "ko")
    assert {"재능기부", "프로보노"} <= set(tag_of(tags, "skills-based-volunteering").evidence)
    assert "ESG" in tag_of(tags, "corporate-engagement").evidence  # a Latin term touching Hangul
    assert ids(tag_article("", "인도네시아의 비영리단체", "ko"), "country") == {"ID"}
    # 인도 (India) is also the start of 인도적 (humanitarian): it weighs little in Korean.
    assert ids(tag_article("", "인도적 지원과 인도적 활동", "ko"), "country") == set()


def test_a_stem_finds_the_inflected_words_and_only_whole_words():
    tags = tag_article("Wolontariat kompetencyjny w firmach",
                       "Rośnie liczba firm, które wspierają wolontariatu kompetencyjnego.", "pl")
    assert "wolontariat* kompetencyjn*" in tag_of(tags, "skills-based-volunteering").evidence
    text = "Niewolontariatowe kompetencyjności."  # the stems, but not at the start of a word
    assert "skills-based-volunteering" not in ids(tag_article("", text, "pl"), "topic")


def test_country_names_come_from_cldr_and_decline_in_inflected_languages():
    cases = [("Fundacja działa we Francji i w Niemczech.", "pl", {"FR", "DE"}),
             ("Projekt běží na Slovensku a ve Spojených státech.", "cs", {"SK", "US"}),
             ("Yayasan ini bekerja di Jepang dan Belanda.", "id", {"JP", "NL"}),
             ("Stiftelsen arbetar i Sverige och Norge.", "sv", {"SE", "NO"}),
             ("L'associazione opera in Italia e in Svizzera.", "it", {"IT", "CH"}),
             ("Dernek Türkiye'de ve Almanya'da çalışıyor.", "tr", {"TR", "DE"}),
             ("Το δίκτυο στην Ελλάδα και στη Γαλλία.", "el", {"GR", "FR"})]
    for text, language, countries in cases:
        assert ids(tag_article("", text, language), "country") == countries, text
    # A name listed with a low weight keeps it: タイ is also in タイトル and スタイル.
    assert ids(tag_article("", "タイトルとスタイルの変更", "ja"), "country") == set()
    # A stem needs five letters when the name is one word: no "indi*" in "individual".
    assert ids(tag_article("", "Individual donors and children.", "en"), "country") == set()


def test_turkish_dotted_and_dotless_i_fold_alike():
    assert fold("IŞIK") == fold("ışık") == fold("Işık") == "isik"
    assert fold("İSTANBUL") == fold("istanbul")
    for title in ("PROFESYONEL GÖNÜLLÜLÜK", "profesyonel gönüllülük", "Profesyonel Gönüllülüğü"):
        assert "skills-based-volunteering" in ids(tag_article(title, "", "tr"), "topic"), title


def test_greek_folds_final_sigma_and_accents():
    assert fold("ΕΘΕΛΟΝΤΙΣΜΟΣ") == fold("εθελοντισμός") == fold("Εθελοντισμος") == "εθελοντισμοσ"
    assert fold("Ёлка") == fold("елка")


def test_each_hit_of_a_phrase_or_a_regex_keyword_counts():
    # The hits are counted per distinct phrase or regex found (family.count): each still counts.
    text = ("Deux avocats bénévoles et une juriste bénévole ont aidé ; des avocats bénévoles "
            "reviendront. Le mécénat de compétences, puis le mécénat de compétences encore.")
    assert relevance("", text, tag_article("", text))[1] == (
        "mentions '(métier) bénévole' 3 times and 'mécénat de compétences' twice")
    for family in _families():  # findall gives whole matches only when the trie captures nothing
        assert family.phrases.groups == 0


# What makes tagging cheap changes no result: the CJK terms built when a text needs them, only the
# regex keywords a text may hold tried, the checked files kept as JSON.

MIXED_TEXTS = [
    "Des avocats bénévoles et des juristes bénévoles pour le mécénat de compétences.",
    "Ehrenamtliche Anwälte und die Coronapandemie; volunteer lawyers in 12 countries.",
    "Un hackathon solidaire, puis un datathon et un minimarathon; klimaatverandering in de buurt.",
    "プロボノの専門家ボランティア、弁護士のボランティアとIT人材。企業のCSR活動。",
    "变革律师志愿者和IT志愿者，企业社会责任。자원봉사자와 변호사 재능기부, IT 전문가.",
    "Pro Bono Lab à Paris, Taproot Foundation in New York, Polska i Francja, we Francji.",
    "",
]


def test_a_text_without_cjk_letters_never_builds_the_cjk_terms(monkeypatch):
    lazy = [tag_article("T", text) for text in MIXED_TEXTS if not tagging._HAS_CJK.search(text)]
    tagging._family.cache_clear(), tagging._hits.cache_clear()
    for text in MIXED_TEXTS:
        if not tagging._HAS_CJK.search(text):
            tag_article("T", text)
    assert tagging._family.cache_info().currsize == 1  # the other scripts' only
    tag_article("", MIXED_TEXTS[3])
    assert tagging._family.cache_info().currsize == 2
    # Built one at a time or both at once (as before), the same tags.
    tagging._family.cache_clear(), tagging._hits.cache_clear()
    tagging._families()
    assert [tag_article("T", text) for text in MIXED_TEXTS
            if not tagging._HAS_CJK.search(text)] == lazy


@pytest.mark.parametrize("source, needed", [
    ("corona(?:pandemie|zeit)\\w*", {"corona"}),
    ("(?:avocat|juriste)e?s? benevoles?", {" benevole"}),
    ("(?:gratis|kosteloos) (?:advies|hulp)", {"gratis", "kosteloos"}),
    ("(?:abc|de)+x", {"abc", "de"}),
    ("\\w+hackathons?", {"hackathon"}),
    ("climates?(?! of )", {"climate"}),
    ("\\w+", None),
    ("(?:ab|\\d+)x?", None),  # a branch without letters: nothing a match must hold
    ("(?i)corona", None),  # a case-insensitive one may hold CORONA: not known
    ("(?i:corona)\\d", None),
])
def test_what_every_match_of_a_regex_keyword_holds(source, needed):
    assert tagging._needed(source) == (None if needed is None else frozenset(needed))


def test_without_pythons_private_regex_parser_every_keyword_is_tried(monkeypatch):
    # re._parser is CPython's own: where it is missing or reads otherwise, nothing is skipped.
    monkeypatch.setattr(tagging, "sre_parser", None)
    assert tagging._needed("corona(?:pandemie|zeit)\\w*") is None
    monkeypatch.undo()
    monkeypatch.setattr(tagging, "sre_constants", object())  # its names moved
    assert tagging._needed("corona(?:pandemie|zeit)\\w*") is None


def test_every_match_of_every_regex_keyword_holds_what_it_needs():
    texts = [tagging.fold(title + " " + text) for _, title, text, *_ in ARTICLES] + [
        tagging.fold(text) for text in MIXED_TEXTS]
    family_regexes = [regex for family in tagging._families() for regex in family.regexes]
    assert len(family_regexes) >= 25
    found = set()
    for _name, source, needed in family_regexes:
        for text in texts:
            for match in re.finditer(source, text):
                found.add(source)
                assert needed is None or any(string in match.group() for string in needed)
    assert len(found) >= 10  # the texts do hold regex keywords


def test_trying_only_the_regex_keywords_a_text_holds_finds_what_all_of_them_find(monkeypatch):
    def hits(text):
        tagging._hits.cache_clear()
        return tagging._hits("", text)

    tagging._family.cache_clear()
    try:
        # Each set of keywords a text holds compiled apart, from its first text on.
        monkeypatch.setattr(tagging, "_USES_TO_COMPILE", 1)
        fewer = [hits(text) for text in MIXED_TEXTS]
        assert any(term.is_regex for counts in fewer for term in counts[1])
        latin = tagging._family(False)
        assert len(latin.alternations) >= 3
        assert all(len(regexes) < len(latin.regexes) for regexes in latin.alternations)
        # None compiled apart: every text tried against all of them, as before.
        monkeypatch.setattr(tagging, "_MOST_ALTERNATIONS", 0)
        tagging._family.cache_clear()
        assert [hits(text) for text in MIXED_TEXTS] == fewer
        assert all(len(family.alternations) == 1 for family in tagging._families())
    finally:
        tagging._family.cache_clear(), tagging._hits.cache_clear()


def test_the_files_are_kept_checked_and_read_back_alike(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBONO_CACHE_DIR", str(tmp_path / "cache"))
    taxonomy, gazetteer = (tagging._read_taxonomy(TAXONOMY_PATH),
                           tagging._read_gazetteer(GAZETTEER_PATH))
    assert load_taxonomy.__wrapped__(TAXONOMY_PATH) == taxonomy  # read, then kept
    assert load_gazetteer.__wrapped__(GAZETTEER_PATH) == gazetteer
    kept = sorted(path.name for path in (tmp_path / "cache").iterdir())
    assert [name.split("-")[1] for name in kept] == ["gazetteer", "taxonomy"]
    monkeypatch.setattr(tagging, "_read_taxonomy", None)  # from the cache now, not the YAML
    monkeypatch.setattr(tagging, "_read_gazetteer", None)
    assert load_taxonomy.__wrapped__(TAXONOMY_PATH) == taxonomy
    assert load_gazetteer.__wrapped__(GAZETTEER_PATH) == gazetteer


def test_a_damaged_cache_file_is_made_again_and_a_broken_file_never_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBONO_CACHE_DIR", str(tmp_path / "cache"))
    taxonomy = load_taxonomy.__wrapped__(TAXONOMY_PATH)
    (kept,) = (tmp_path / "cache").iterdir()
    stored = json.loads(kept.read_text(encoding="utf-8"))
    wrong_weight = json.loads(json.dumps(stored))
    wrong_weight["data"]["topics"][0][2][0][4] = "1.0"  # a keyword's weight as a string
    for damage in ("{not json", json.dumps({**stored, "data": {"scoring": [1, 2]}}),
                   json.dumps({**stored, "data": []}), json.dumps(wrong_weight)):
        kept.write_text(damage, encoding="utf-8")
        assert load_taxonomy.__wrapped__(TAXONOMY_PATH) == taxonomy
        assert json.loads(kept.read_text(encoding="utf-8")) == stored  # made and written again
    broken = broken_copy(tmp_path, TAXONOMY_PATH, lambda document: document["topics"].append(
        {"id": "x", "label": {"en": "x", "fr": "x"}, "keywords": {"en": ["a"]}}))
    for _ in range(2):
        with pytest.raises(ConfigError, match="no keywords in 'fr'"):
            load_taxonomy.__wrapped__(broken)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    # A cache dir that cannot be written costs time only.
    monkeypatch.setenv("PROBONO_CACHE_DIR", str(kept))  # a file: no directory can be made there
    assert load_gazetteer.__wrapped__(GAZETTEER_PATH) == tagging._read_gazetteer(GAZETTEER_PATH)


def test_the_trie_of_the_phrases_is_kept_for_those_phrases(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBONO_CACHE_DIR", str(tmp_path / "cache"))
    keys = sorted(tagging._family(False).table)
    made = tagging._trie_regex(keys, True)
    assert made == trie_regex(keys, lambda char: tagging._TRIE_CHARS.get(char, re.escape(char)),
                              last="*")
    monkeypatch.setattr(tagging, "trie_regex", None)  # from now on, only read back
    assert tagging._trie_regex(keys, True) == made
    with pytest.raises(TypeError):  # other phrases: made again, not read
        tagging._trie_regex(keys[1:], True)


@pytest.mark.parametrize("words, expected", [
    ([], ""),
    (["a"], "a"),
    (["ab", "abc", "abd"], "ab(?:(?:c|d))?"),
    (["x*", "xy"], "x(?:y|\\*)"),
    (["a.b", "a"], "a(?:\\.b)?"),
])
def test_trie_regex(words, expected):
    last = "*" if any("*" in word for word in words) else None
    assert trie_regex(words, last=last) == expected
    for word in words:
        if "*" not in word:
            assert re.fullmatch(expected, word)
