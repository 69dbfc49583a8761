"""Main-text and title rules that hold on pages nobody tuned for (issue 14): each test fails
without its rule (teasers: without the prune XPath; listicle: with a looser one)."""

from __future__ import annotations

import lxml.html
import pytest

from pipeline.boilerplate import clean_lines, is_boilerplate, link_texts
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


def _titled(heading: str, html_title: str, og_title: str = "") -> str:
    og = f'<meta property="og:title" content="{og_title}">' if og_title else ""
    html = (f"<html lang='de'><head><title>{html_title}</title>{og}</head><body><article>"
            f"<h1>{heading}</h1><p>{PROSE * 3}</p><p>{PROSE * 2}</p></article></body></html>")
    return extract_article(html, "https://verein.example/news/1").title


HEADLINE = "Kostenloser Stromcheck für private Haushalte"


@pytest.mark.parametrize(("heading", "html_title", "og_title"), [
    # The <title> gives the kicker before a separator (its title part is shorter than the <h1>'s).
    (f'<span class="h1small">Initiative Energie</span> {HEADLINE}',
     "Initiative Energie - kostenloser Stromcheck | Bauen", ""),
    # og:title gives the kicker before a separator; the kicker's element inside the <h1>'s link.
    (f'<a href="/news/1"><span class="label">Patch Notes</span><span> </span>{HEADLINE}</a>',
     "Forum", f"Patch Notes - {HEADLINE}"),
    # The metadata give the rest alone; a colon ends the kicker's element.
    (f'<span class="sub-heading">Energiewende Oberland:</span> {HEADLINE}',
     f"{HEADLINE} - Stimme", ""),
    # A short Chinese title that the <title> gives as one of its parts.
    ("<span>志愿律师</span> 技能志愿服务回顾", "志愿律师 - 技能志愿服务回顾 - 网站", ""),
    # The kicker's colon is not part of the kicker the <title> gives.
    (f"<span>Initiative Energie:</span> {HEADLINE}",
     "Initiative Energie - Kostenloser Stromcheck | Bauen", ""),
])
def test_a_kicker_opening_the_h1_that_the_metadata_confirm_is_cut_off(heading, html_title,
                                                                      og_title):
    assert _titled(heading, html_title, og_title) in (HEADLINE, "技能志愿服务回顾")


@pytest.mark.parametrize(("heading", "html_title", "og_title"), [
    # The metadata give the whole <h1>: its first half in a <span> is no kicker.
    (f"<span>Initiative Energie</span> {HEADLINE}", "Bauen",
     f"Initiative Energie {HEADLINE}"),
    # Nothing confirms the opening: a <span> is how the page styles half of its headline.
    (f"<span>Initiative Energie</span> {HEADLINE}", "Bauen", "Ganz etwas anderes"),
    # Confirmed, but what is left is no title (three letters).
    ("<span>Initiative Energie</span> Ja!", "Initiative Energie - Ja! | Bauen", ""),
    # The <h1> opens with its own text: what follows in a <span> is no kicker.
    (f"Initiative Energie <span>{HEADLINE}</span>", f"Initiative Energie - {HEADLINE}", ""),
    # The title has a separator of its own, which the <title> starts with the whole <h1>.
    ('<span class="hl">Réforme des retraites :</span> ce qui change au 1er janvier', "Réforme "
     "des retraites : ce qui change au 1er janvier - Le Site", ""),
    ("<em>Brexit</em> – what happens next for charities",
     "Brexit – what happens next for charities | The Site", ""),
    # A title then its subtitle, og:title the title: "Title | Site" makes no kicker of it.
    ('<span class="main">Ein großer Tag</span> Der Verein feiert hundert Jahre',
     "Ein großer Tag | Vereinsname", "Ein großer Tag"),
    ('<span class="main">Ein großer Tag</span><br>Der Verein feiert hundert Jahre',
     "Ein großer Tag | Vereinsname", ""),
])
def test_an_h1_whose_opening_nothing_confirms_as_a_kicker_stays_whole(heading, html_title,
                                                                       og_title):
    whole = " ".join(lxml.html.fromstring(f"<h1>{heading}</h1>").itertext())
    assert _titled(heading, html_title, og_title) == " ".join(whole.split())


def test_a_kicker_cut_that_leaves_the_sites_name_is_not_the_title():
    candidates = TitleCandidates(
        h1s=["Willkommen beim Herzverein Musterstadt", "Sommerfest am Rathaus"],
        h1_openings={"Willkommen beim Herzverein Musterstadt": ("Willkommen beim",
                                                                "Herzverein Musterstadt")},
        html_title="Willkommen beim - Herzverein Musterstadt | Sommerfest am Rathaus",
        site_name="Herzverein Musterstadt")
    assert choose_title(candidates) != "Herzverein Musterstadt"


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
                      "mission, racontée ailleurs sur le site, avec assez de mots pour passer "
                      "pour un paragraphe, et même un peu plus que cela pour la longueur du "
                      "texte.</p></article>" for n in range(6))
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


# The lead (standfirst) set apart above the body, which the page's description repeats.
LEADS = {
    "de": ("Der Verein hat in diesem Jahr zwölf Initiativen kostenlos beraten, von der Satzung "
           "bis zum Mietvertrag, und zieht nun eine erste Bilanz seiner ehrenamtlichen Arbeit."),
    "es": ("La asociación asesoró gratis a doce iniciativas este año, desde los estatutos hasta "
           "el contrato de alquiler, y hace ahora un primer balance de su trabajo voluntario."),
    "pl": ("Stowarzyszenie doradzało w tym roku bezpłatnie dwunastu inicjatywom, od statutu po "
           "umowę najmu, i przedstawia teraz pierwsze podsumowanie swojej pracy wolontariackiej."),
}


def _page_with_lead(lead: str, lead_markup: str = '<p class="entry-excerpt">{}</p>',
                    description: str | None = None) -> str:
    description = lead if description is None else description
    return f"""<html><head><title>Un bilan</title>
        <meta property="og:description" content="{description}"></head><body>
        <header class="entry-header"><h1>Un bilan</h1>{lead_markup.format(lead)}</header>
        <div class="entry-content"><p>{PROSE * 4}</p><p>{PROSE * 3}</p></div></body></html>"""


@pytest.mark.parametrize("language", sorted(LEADS))
def test_the_lead_the_description_repeats_opens_the_text(language):
    lead = LEADS[language]
    text = extract_article(_page_with_lead(lead)).text
    assert text.startswith(lead + "\n\n")
    assert PROSE.strip() in text


def test_a_cut_description_finds_the_whole_lead_in_a_teaser_block():
    lead = LEADS["de"]
    page = _page_with_lead(lead, '<div class="teaser-text"><p><strong>{}</strong></p></div>',
                           description=lead[:90] + "…")
    assert extract_article(page).text.startswith(lead + "\n\n")


@pytest.mark.parametrize("markup", [
    '<p class="article-dek">{}</p>',  # a dek, however long: display copy
    '<div class="pull-quote"><p>{}</p></div>',  # a pull quote
    '<ul class="ticker"><li><a href="/x">{}</a></li></ul>',  # a ticker's item
])
def test_display_copy_showing_the_description_is_not_a_lead(markup):
    text = extract_article(_page_with_lead(LEADS["es"], markup)).text
    assert LEADS["es"] not in text
    assert PROSE.strip() in text


def test_a_one_line_summary_under_the_headline_is_not_a_lead():
    summary = "Douze associations conseillées gratuitement, de la rédaction des statuts au bail."
    assert summary not in extract_article(_page_with_lead(summary)).text


# Furniture kinds added for issue 14, each in several languages (our own wording).
@pytest.mark.parametrize("line", [
    # a typographic apostrophe, as most pages write it
    "If you’re seeing this message, you’re already a member: log in to read on.",
    # reading time, and a Polish photo credit
    "Lesezeit: 4 Minuten", "Temps de lecture : 3 min", "Czas czytania: 2 min",
    "Ten tekst przeczytasz w 3 minuty", "Fot. Anna Nowak / Archiwum stowarzyszenia",
    # how long a broadcaster keeps a video online
    "Video verfügbar bis 31.12.2027", "Disponible jusqu’au 12/03/2027",
    # a consent placeholder standing in for an embedded map or video
    "Klicken Sie auf den Button, um den Inhalt von maps.example.org zu laden.",
    "Mit dem Laden des Videos akzeptieren Sie die Datenschutzerklärung von Videoportal.",
    "Click the button below to load the content from maps.example.org.",
    # app and newsletter promotion, subscription terms
    "Descarga nuestra app gratuita para iOS y Android.",
    "Stay informed: download the Atelier app for iOS and Android.",
    "Lust auf mehr? Die besten Geschichten jede Woche in deinen Posteingang.",
    "Vous aimez nos portraits ? Découvrez aussi notre newsletter !",
    "Sigue informado. Cancela cuando quieras.",
    # advertising and affiliate disclosure
    "Dieser Beitrag enthält Werbung für eine Stiftung.",
    "Les liens de cette page sont des affiliate links / Mise à jour le 2 mars",
    "Este artículo contiene publicidad de nuestros socios.",
])
def test_furniture_kinds_added_for_issue_14(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Die Stiftung will die App bis zum Sommer fertig haben.",
    "Reading time for children has dropped, the survey says.",
    "This article takes a look at the new law on volunteering.",
    "The volunteers can cancel their shift when a client calls off the meeting.",
    "Le bilan est disponible en ligne depuis mars, comme les années précédentes.",
    "Czytelnicy pytali, ile czasu zajmuje doradztwo prawne dla organizacji.",
])
def test_article_lines_near_those_kinds_are_kept(line):
    assert not is_boilerplate(line)
