"""Main-text and title rules that hold on pages nobody tuned for (issue 14): each test fails
without its rule (teasers: without the prune XPath; listicle: with a looser one)."""

from __future__ import annotations

import lxml.html

from pipeline.boilerplate import clean_lines, link_texts
from pipeline.extract import extract_article
from pipeline.titles import TitleCandidates, choose_title

PROSE = ("Les avocats bénévoles de l'association ont accompagné douze structures cette année, "
         "de la rédaction des statuts à la négociation des baux, sans facturer une heure. ")


def test_a_kicker_before_the_title_in_the_h1_is_cut_off():
    title = "Douze associations conseillées gratuitement"
    candidates = TitleCandidates(h1s=[f"Bénévolat : {title}"], metadata=[title],
                                 html_title=f"{title} | Le Journal")
    assert choose_title(candidates) == title


def test_the_site_name_after_the_title_in_the_h1_is_cut_off():
    candidates = TitleCandidates(h1s=["Douze associations conseillées | Le Journal"],
                                 metadata=["Douze associations conseillées"],
                                 html_title="Douze associations conseillées | Le Journal")
    assert choose_title(candidates) == "Douze associations conseillées"


def test_an_h1_naming_the_section_and_site_is_not_the_title():
    candidates = TitleCandidates(
        h1s=["Nos missions - Atelier Pro Bono"],
        html_title="Un conseil juridique gratuit - Nos missions - Atelier Pro Bono")
    assert choose_title(candidates) == "Un conseil juridique gratuit"


def test_og_site_name_is_taken_off_the_metadata_title():
    candidates = TitleCandidates(
        metadata=["Un conseil juridique gratuit - Atelier Pro Bono"],
        html_title="Un conseil juridique gratuit - Atelier Pro Bono Atelier Pro Bono",
        site_name="Atelier Pro Bono")
    assert choose_title(candidates) == "Un conseil juridique gratuit"
    # Without og:site_name nothing says which part is the site: the metadata title stays whole.
    assert choose_title(TitleCandidates(metadata=candidates.metadata)) == candidates.metadata[0]


def test_links_ending_the_text_leave_it_and_links_inside_stay():
    tree = lxml.html.fromstring("""<html><body><p>Texte <a href="/a">Voir le rapport annuel</a></p>
        <ul><li><a href="/b">Une autre mission réussie</a></li>
        <li><a href="/c">Le rapport des bénévoles</a></li></ul>
        </body></html>""")
    lines = ["Premier paragraphe de l'article.", "Voir le rapport annuel", "Dernier paragraphe.",
             "- Une autre mission réussie", "- Le rapport des bénévoles"]
    assert clean_lines(lines, set(), link_texts(tree)) == lines[:3]
    assert clean_lines(lines, set()) == lines  # no links known, nothing taken


def _page(first_article_extra: str = "", later_article: str = "") -> str:
    return f"""<html><head><title>Un bilan</title></head><body><div id="primary">
        <article class="post"><h1>Un bilan</h1><p>{PROSE * 6}</p>{first_article_extra}</article>
        {later_article}</div><div id="sidebar"><ul><li><a href="/x">Accueil</a></li></ul></div>
        </body></html>"""


def test_teasers_listed_in_a_later_article_are_not_text():
    teasers = "".join(f"<article class='post'><span>Partager</span><p>Teaser {n} : une autre "
                      f"mission, racontée ailleurs sur le site, avec assez de mots pour passer "
                      f"pour un paragraphe, et même un peu plus que cela pour la longueur du texte.</p>"
                      f"</article>" for n in range(6))
    text = extract_article(_page(later_article=f"<article class='post'><h3>Vous aimerez aussi</h3>"
                                               f"{teasers}</article>")).text
    assert "douze structures" in text
    assert "Teaser" not in text


def test_sections_of_a_listicle_nested_in_the_first_article_stay():
    sections = "".join(f"<article class='post'><h2>Étape {n}</h2><p>Section {n} de l'article. "
                       f"{PROSE}</p></article>" for n in range(3))
    text = extract_article(_page(first_article_extra=sections)).text
    assert all(f"Section {n} de l'article" in text for n in range(3))


def test_the_title_is_in_composed_unicode_form():
    decomposed = "Cafe\u0301 solidaire : douze bénévoles"  # "e" + combining acute accent
    assert choose_title(TitleCandidates(h1s=[decomposed])) == "Café solidaire : douze bénévoles"


def test_a_long_h1_after_the_blocks_short_ones_is_not_the_title():
    title = "Douze associations conseillées gratuitement"
    footer = TitleCandidates(h1s=["Partenaires", "Contact", "Politique de confidentialité"],
                             metadata=[title])
    assert choose_title(footer) == title
    # The article's own <h1> comes first, before the blocks' headings: it stays the title.
    first = TitleCandidates(h1s=["Un atelier juridique ouvert aux associations", "Contact"],
                            metadata=["Rejoignez notre réseau de bénévoles"])
    assert choose_title(first) == "Un atelier juridique ouvert aux associations"


def test_an_h1_found_inside_the_metadata_title_is_the_title():
    candidates = TitleCandidates(h1s=["Atelier Pro Bono le guide", "Mécénat de compétences"],
                                 metadata=["Qu'est-ce que le mécénat de compétences ? Définition"],
                                 site_name="Atelier Pro Bono")
    assert choose_title(candidates) == "Mécénat de compétences"


def test_an_h2_the_title_tag_confirms_heads_a_page_whose_h1_is_the_site():
    candidates = TitleCandidates(
        h1s=["atelier-probono.example"], h2s=["Archives", "Nos juristes bénévoles en région"],
        metadata=["Atelier - Nos juristes bénévoles en région"],
        html_title="Actualités » Nos juristes bénévoles en région - atelier-probono.example")
    assert choose_title(candidates) == "Nos juristes bénévoles en région"


def test_furniture_inside_a_table_row_is_removed():
    lines = ["Premier paragraphe de l'article.", "| Laisser un commentaire | |"]
    assert clean_lines(lines, set()) == lines[:1]
