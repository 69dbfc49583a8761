"""Articles told from everything else on pages reached without a feed (issue 13).

A generated world of pages: articles in 21 languages and several markups (og:type article only,
JSON-LD only, neither but a date and a text, a written byline date, CJK texts), and the pages a
sitemap or a listing read without selectors also leads to: homepage, section, category, tag,
author, search, pagination, events calendar and event, job offers, legal notices, privacy,
contact, about, a list of teasers. Each page carries its expected verdict as data; the verdict
is what the store pipeline decides: the page's text and date as extraction finds them
(pipeline/extract.py, dates in UTC as pipeline/normalize.py keeps them), then
non_article_reason(..., needs_evidence=True). All content is invented for these tests.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import pytest

from pipeline.dates import to_utc_iso
from pipeline.extract import extract_article
from pipeline.pagekind import (
    article_evidence,
    evidence_of,
    no_feed_url_reason,
    non_article_reason,
    text_weight,
)
from pipeline.sources import parse_sources

SOURCE = parse_sources("""\
sources:
  - id: member
    name: Atelier de test
    organisation: Atelier
    country: FR
    homepage: http://member.test/
    languages: [fr]
    feeds: [http://member.test/feed.xml]
""")[0]
SITE = "http://member.test"

# One invented sentence per language, and the words of its site's URLs: events calendar, job
# offers, privacy or legal notice, contact page (as such sites spell them).
LANGUAGES = {
    "en": ("The volunteer lawyers of the clinic answered questions from tenants about their "
           "leases and deposits.", "events", "careers", "privacy-policy", "contact-us"),
    "fr": ("Les avocats bénévoles de la permanence ont répondu aux questions des locataires sur "
           "leurs baux.", "evenements", "recrutement", "mentions-legales", "nous-contacter"),
    "es": ("Los abogados voluntarios de la clínica respondieron a las preguntas de los "
           "inquilinos sobre sus contratos.", "eventos", "empleo", "aviso-legal", "contacto"),
    "pt": ("Os advogados voluntários da clínica responderam às perguntas dos inquilinos sobre "
           "os seus contratos.", "agenda", "vagas", "politica-de-privacidade", "contato"),
    "de": ("Die ehrenamtlichen Anwältinnen der Sprechstunde beantworteten Fragen von Mietern zu "
           "ihren Verträgen.", "veranstaltungen", "stellenangebote", "impressum", "kontakt"),
    "nl": ("De vrijwillige advocaten van het spreekuur beantwoordden vragen van huurders over "
           "hun contracten.", "evenementen", "vacatures", "privacyverklaring", "contact"),
    "it": ("Gli avvocati volontari dello sportello hanno risposto alle domande degli inquilini "
           "sui loro contratti.", "eventi", "lavora-con-noi", "note-legali", "contatti"),
    "pl": ("Wolontariusze prawnicy odpowiadali na pytania najemców dotyczące ich umów najmu i "
           "kaucji.", "wydarzenia", "praca", "polityka-prywatności", "kontakt"),
    "sk": ("Dobrovoľní advokáti poradne odpovedali na otázky nájomníkov o ich zmluvách a "
           "zálohách.", "podujatia", "kariéra", "ochrana-osobných-údajov", "kontakt"),
    "hu": ("Az önkéntes ügyvédek a bérlők szerződésekkel kapcsolatos kérdéseire válaszoltak a "
           "tanácsadáson.", "események", "állások", "adatvédelem", "kapcsolat"),
    "ro": ("Avocații voluntari ai clinicii au răspuns întrebărilor chiriașilor despre "
           "contractele lor.", "evenimente", "cariere", "politica-de-confidențialitate",
           "contact"),
    "sv": ("De frivilliga juristerna på mottagningen svarade på hyresgästernas frågor om deras "
           "avtal.", "evenemang", "lediga-jobb", "integritetspolicy", "kontakt"),
    "tr": ("Gönüllü avukatlar danışma gününde kiracıların sözleşmeleriyle ilgili sorularını "
           "yanıtladı.", "etkinlikler", "kariyer", "gizlilik-politikası", "iletişim"),
    "ru": ("Юристы-волонтёры консультации ответили на вопросы жильцов об их договорах аренды.",
           "мероприятия", "вакансии", "политика-конфиденциальности", "контакты"),
    "el": ("Οι εθελοντές δικηγόροι απάντησαν στις ερωτήσεις των ενοικιαστών για τα συμβόλαιά "
           "τους.", "εκδηλώσεις", "καριέρα", "απόρρητο", "επικοινωνία"),
    "zh": ("法律诊所的志愿律师回答了租户关于租赁合同和押金的问题。", "活动", "招聘", "隐私政策",
           "联系我们"),
    "ja": ("法律相談所のボランティア弁護士が、賃貸契約と敷金について借主の質問に答えました。",
           "イベント", "採用", "プライバシーポリシー", "お問い合わせ"),
    "ko": ("법률 상담소의 자원봉사 변호사들이 임대 계약과 보증금에 관한 세입자들의 질문에 "
           "답했습니다.", "행사", "채용", "개인정보처리방침", "연락처"),
    "ar": ("أجاب المحامون المتطوعون في العيادة على أسئلة المستأجرين حول عقودهم وودائعهم.",
           "فعاليات", "وظائف", "سياسة-الخصوصية", "اتصل-بنا"),
    "he": ("עורכי הדין המתנדבים במרפאה ענו על שאלות של שוכרים לגבי החוזים והפיקדונות שלהם.",
           "אירועים", "משרות", "מדיניות-פרטיות", "צור-קשר"),
    "id": ("Para pengacara sukarelawan di klinik menjawab pertanyaan penyewa tentang kontrak "
           "dan deposit mereka.", "acara", "karir", "kebijakan-privasi", "hubungi-kami"),
}
CJK = ("zh", "ja", "ko")
DAY = "2025-03-14"


@dataclass(frozen=True)
class Page:
    """One generated page and what must be decided about it."""

    name: str
    url: str
    html: str
    verdict: str | None  # non_article_reason with needs_evidence: None = stored as an article
    evidence: str | None = None  # article_evidence, when the page is an article
    legacy: str | None = None  # non_article_reason as before, from a listing with selectors


def _path(*parts: str, encode: bool = False) -> str:
    """A URL on the member's site; non-ASCII words percent-encoded when `encode`."""
    return SITE + "/" + "/".join(quote(p) if encode else p for p in parts) + "/"


def _text(lang: str, sentences: int) -> str:
    """Paragraphs of the language's sentence, each numbered so no two are alike."""
    sentence = LANGUAGES[lang][0]
    return "".join(f"<p>{sentence} ({n})</p>" for n in range(1, sentences + 1))


def _html(body: str, head: str = "", lang: str = "en", footer: bool = True) -> str:
    """A whole page: a navigation menu, the body, a footer with a copyright year."""
    menu = "".join(f'<li><a href="/{w}/">{w}</a></li>' for w in ("news", "about", "contact"))
    foot = ('<footer class="site-footer"><p>© 2024 Atelier. All rights reserved.</p>'
            '<a href="/privacy/">Privacy</a></footer>') if footer else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>Atelier</title>{head}</head><body><header><nav><ul>{menu}</ul></nav>"
            f"</header>{body}{foot}</body></html>")


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


OG_ARTICLE = '<meta property="og:type" content="article">'


def _article(lang: str, style: str) -> Page:
    """An article of one language in one markup style, and the evidence it must show."""
    title = f"<h1>{LANGUAGES[lang][0][:40]}</h1>"
    long = _text(lang, 14 if lang in CJK else 8)
    url = _path(lang, "news", f"clinic-{style}")
    if style == "og":
        return Page(f"{lang}-og", url, _html(f"<article>{title}{long}</article>", OG_ARTICLE,
                                             lang), None, "og-article")
    if style == "json-ld":
        kind = {"de": "BlogPosting", "ja": "Report"}.get(lang, "NewsArticle")
        head = _ld({"@context": "https://schema.org", "@type": kind, "headline": "x"})
        return Page(f"{lang}-json-ld", url, _html(f"<main>{title}{long}</main>", head, lang),
                    None, f"json-ld-{kind}")
    if style == "graph":  # Yoast's shape: a @graph, @type lists, the site's own snippets
        head = _ld({"@context": "https://schema.org", "@graph": [
            {"@type": "Organization", "name": "Atelier"}, {"@type": "WebSite"},
            {"@type": ["WebPage", "ItemPage"]}, {"@type": ["Article", "NewsArticle"],
                                                 "datePublished": f"{DAY}T09:30:00+01:00"}]})
        return Page(f"{lang}-graph", url, _html(f"<article>{title}{long}</article>", head, lang),
                    None, "json-ld-Article")
    if style == "time":  # no metadata at all: a <time> and the text
        body = (f'<article>{title}<p class="meta">'
                f'<time datetime="{DAY}T09:30:00+01:00">14/03/2025</time></p>{long}</article>')
        return Page(f"{lang}-time", url, _html(body, "", lang), None, "dated-text")
    if style == "byline":  # a date written for people in a byline, in a dated URL path
        body = f'<div class="content">{title}<span class="post-date">14.03.2025</span>{long}</div>'
        return Page(f"{lang}-byline", f"{SITE}/2025/03/14/{lang}-clinic/", _html(body, "", lang),
                    None, "dated-text")
    raise ValueError(style)


STYLES = ("og", "json-ld", "graph", "time", "byline")


def _listing(n: int, lang: str = "fr", og: str = "website", excerpts: bool = True) -> str:
    """A section's listing: n teasers in <article>s, each with its date, title and excerpt."""
    excerpt = f"<p>{LANGUAGES[lang][0]}</p>" if excerpts else ""
    teasers = "".join(
        f'<article class="post"><h2><a href="/news/story-{i}/">Story {i}</a></h2>'
        f'<time datetime="2025-02-{i % 28 + 1:02d}">{i % 28 + 1} février 2025</time>'
        f"{excerpt}</article>" for i in range(n))
    return _html(f"<main><h1>Actualités</h1>{teasers}</main>",
                 f'<meta property="og:type" content="{og}">', lang)


def _per_language_non_articles(lang: str) -> list[Page]:
    """The events calendar, a job offer, a legal notice and a contact page of one language's
    site, by their URL shapes (ASCII and percent-encoded both)."""
    sentence, events, jobs, legal, contact = LANGUAGES[lang]
    encode = lang in ("ru", "zh", "ar", "hu", "tr")
    body = f"<main><h1>{sentence[:30]}</h1>{_text(lang, 8)}</main>"
    page = _html(body, OG_ARTICLE, lang)
    return [
        Page(f"{lang}-events", _path(events, encode=encode), _listing(4, lang, "article"),
             "event-url"),
        Page(f"{lang}-event", _path(lang, events, "2025", "spring-forum", encode=encode), page,
             "event-url"),
        Page(f"{lang}-job", _path(jobs, "paralegal-2025", encode=encode), page, "job-url"),
        Page(f"{lang}-legal", _path(lang, legal, encode=encode), page, "legal-url"),
        Page(f"{lang}-contact", _path(contact, encode=encode), page, "contact-url"),
    ]


LEGAL_TEXT = ("This website is published by the association Atelier. The publisher is "
              "responsible for its content and the hosting company keeps its servers. ") * 6
JOB_TEXT = ("We are looking for a paralegal to join the team in the spring and to help the "
            "volunteer lawyers with the files of the families they advise. ") * 5


def _non_articles() -> list[Page]:
    """The pages that are not articles, each with the reason it must be dropped for."""
    news = _html(f"<main><h1>Actualités</h1>{_text('fr', 1)}</main>",
                 '<meta property="og:type" content="website">', "fr")
    fourteen = _listing(14, excerpts=False)
    event = _ld({"@context": "https://schema.org", "@type": "EducationEvent", "name": "Forum",
                 "startDate": "2030-05-04T10:00"})
    job = _ld({"@context": "https://schema.org", "@type": "JobPosting", "title": "Paralegal",
               "datePosted": DAY})
    yoast_page = _ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "datePublished": DAY}, {"@type": "WebSite"}]})
    about = _ld({"@context": "https://schema.org", "@type": "AboutPage"})
    legal_body = (f"<main><h1>Legal notice</h1><p>Last updated: 3 March 2025</p>"
                  f"<p>{LEGAL_TEXT}</p></main>")
    pages = [
        Page("homepage", f"{SITE}/", fourteen, "site-root", legacy="site-root"),
        Page("language home", f"{SITE}/fr/", fourteen, "archive-url", legacy="archive-url"),
        Page("section", f"{SITE}/actualites/", news, "og-website-root",
             legacy="og-website-root"),
        Page("section listing", f"{SITE}/dossiers/logement/", fourteen, "listing-links",
             legacy="listing-links"),
        Page("category", f"{SITE}/category/logement/", fourteen, "archive-url",
             legacy="archive-url"),
        Page("tag", f"{SITE}/tag/bail/", fourteen, "archive-url", legacy="archive-url"),
        Page("author", f"{SITE}/author/marie/", fourteen, "archive-url", legacy="archive-url"),
        Page("search", f"{SITE}/?s=bail", fourteen, "archive-url", legacy="archive-url"),
        Page("pagination", f"{SITE}/news/page/2/", fourteen, "archive-url",
             legacy="archive-url"),
        # Five teasers: too few links for a listing's shape, og:type article on every page.
        Page("teasers", f"{SITE}/dossiers/bail/", _listing(5, og="article"), "teaser-list"),
        Page("teasers in divs", f"{SITE}/dossiers/caution/",
             _listing(5, og="x").replace("<article", "<div").replace("</article", "</div"),
             "no-article-evidence"),
        Page("event calendar", f"{SITE}/agenda/", _listing(6), "event-url",
             legacy="og-website-root"),
        Page("event (JSON-LD)", f"{SITE}/forum-2030/",
             _html(f"<main><h1>Forum</h1>{_text('en', 8)}</main>", event + OG_ARTICLE),
             "json-ld-EducationEvent"),
        Page("job (JSON-LD)", f"{SITE}/paralegal-2025/",
             _html(f"<main><h1>Paralegal</h1><p>{JOB_TEXT}</p></main>", job + OG_ARTICLE),
             "json-ld-JobPosting"),
        Page("job (plain)", f"{SITE}/paralegal/",
             _html(f"<main><h1>Paralegal</h1><p>{JOB_TEXT}</p></main>"),
             "no-article-evidence"),
        Page("legal notice", f"{SITE}/mentions-legales/",
             _html(legal_body, OG_ARTICLE), "legal-url"),
        # The same notice where the URL says nothing: its dates are an update and a copyright.
        Page("legal notice, plain URL", f"{SITE}/notice/", _html(legal_body),
             "no-article-evidence"),
        Page("privacy", f"{SITE}/privacy/", _html(legal_body), "legal-url"),
        Page("contact", f"{SITE}/contact/",
             _html("<main><h1>Contact</h1><p>12 rue des Lilas, Lyon</p></main>"), "contact-url"),
        Page("about", f"{SITE}/qui-sommes-nous/", _html(legal_body), "about-url"),
        # Yoast on a page: og:type article, but its JSON-LD calls it a WebPage.
        Page("about, Yoast", f"{SITE}/notre-histoire/",
             _html(f"<main><h1>Histoire</h1><p>{LEGAL_TEXT}</p></main>",
                   OG_ARTICLE + yoast_page), "no-article-evidence"),
        Page("about (JSON-LD)", f"{SITE}/atelier/",
             _html(f"<main><h1>Atelier</h1><p>{LEGAL_TEXT}</p></main>", about + OG_ARTICLE),
             "json-ld-AboutPage"),
        Page("donate", f"{SITE}/faire-un-don/", _html(legal_body), "donate-url"),
        Page("newsletter", f"{SITE}/newsletter/", _html(legal_body), "newsletter-url"),
        Page("login", f"{SITE}/wp-login.php", _html(legal_body), "login-url"),
    ]
    return pages + [page for lang in LANGUAGES for page in _per_language_non_articles(lang)]


def _hostile() -> list[Page]:
    """Pages built to mislead: broken or odd JSON-LD, a copyright year, dates of other texts."""
    long = _text("en", 8)
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    related = "".join(f'<article><h3>Other {i}</h3><time datetime="2024-0{i}-02">x</time>'
                      f"<p>{LANGUAGES['en'][0]}</p></article>" for i in range(1, 5))
    return [
        Page("invalid JSON-LD", _path("news", "a"), _html(
            f"<article>{long}</article>", '<script type="application/ld+json">{"@type": '
            '"NewsArticle",</script>' + OG_ARTICLE), None, "og-article"),
        Page("invalid JSON-LD only", _path("news", "b"), _html(
            f"<article>{long}</article>", '<script type="application/ld+json">{"@type": '
            '"NewsArticle",</script>'), "no-article-evidence"),
        Page("JSON-LD nested past the recursion limit", _path("news", "c"),
             _html(f"<article>{long}</article>", deep + OG_ARTICLE), None, "og-article"),
        Page("JSON-LD odd values", _path("news", "d"), _html(
            f"<article>{long}</article>", _ld([None, 3, "x", {"@graph": 5},
                                                {"@graph": {"@type": "Article"}},
                                                {"@type": [None, 7, {"a": 1}]},
                                                {"@type": "https://schema.org/BlogPosting",
                                                 "mainEntity": "x"}])),
            None, "json-ld-BlogPosting"),
        Page("JSON-LD mainEntity", _path("news", "e"), _html(
            f"<article>{long}</article>", _ld({"@type": "WebPage", "mainEntity": [
                {"@type": "schema:Report"}]})), None, "json-ld-Report"),
        Page("post about an event", _path("news", "f"), _html(
            f"<article>{long}</article>", _ld({"@graph": [{"@type": "Event"},
                                                          {"@type": "NewsArticle"}]})),
            None, "json-ld-NewsArticle"),
        Page("job offer posted as a blog post", _path("news", "g"), _html(
            f"<article>{long}</article>", _ld({"@graph": [{"@type": "JobPosting"},
                                                          {"@type": "BlogPosting"}]})),
            "json-ld-JobPosting"),
        # A real article, no metadata: a footer's copyright and dated related posts are not its.
        Page("article beside dated related posts", _path("news", "h"), _html(
            f'<article><h1>Clinic</h1><time datetime="{DAY}">14 March 2025</time>{long}'
            f'</article><div class="related-posts">{related}</div>'), None, "dated-text"),
        # A date only of the future (the event's day), a copyright year in its footer.
        Page("future date only", _path("news", "i"), _html(
            f'<main><h1>Forum</h1><p class="date">4 May 2031</p>{long}</main>'),
            "no-article-evidence"),
        Page("XHTML", _path("news", "j"), '<?xml version="1.0" encoding="utf-8"?>\n'
             + _html(f"<article>{long}</article>", OG_ARTICLE).replace("<!DOCTYPE html>", ""),
             None, "og-article"),
        Page("events in a slug", _path("news", "the-events-we-ran-in-2024"), _html(
            f"<article>{long}</article>", OG_ARTICLE), None, "og-article"),
        Page("legal section of a lawyers' network", _path("legal", "reform-of-legal-aid"),
             _html(f"<article>{long}</article>", OG_ARTICLE), None, "og-article"),
    ]


def _shapes() -> list[Page]:
    """Markups of real CMSs without metadata: where their dates stand, and their listings."""
    long = _text("pl", 8)
    teaser = ('<div class="item"><h2><a href="/news/{n}/">Story {n}</a></h2>'
              '<dl class="article-info"><dd>{day}</dd></dl><p>{text}</p></div>')
    card = ('<div class="_a1"><div class="_b2"><span>Ana</span> · <time>{day}</time></div>'
            '<a href="/post/{n}"><p class="_c3">Story {n}</p></a><div>{text}</div></div>')
    sentence = LANGUAGES["pt"][0]
    return [
        # An old PHP site: tables, the byline in a cell after the title's, no class that says so.
        Page("php table byline", f"{SITE}/news.php?id=12", _html(
            '<table class="article"><tr><td class="title"><h2>Clinique</h2></td></tr>'
            '<tr><td class="info"><small>Por <a href="author.php?id=2">Inês</a> | 24 de '
            f"novembro de 2024</small></td></tr><tr><td>{_text('pt', 8)}</td></tr></table>",
            lang="pt"), None, "dated-text"),
        # A site builder's hashed classes: the date alone in a <span> above the title.
        Page("site builder byline", f"{SITE}/single-post/clinic", _html(
            '<div class="_x1"><div class="_x2"><span>Ana</span> · <span>19/01/2025</span></div>'
            f'<div class="_x3"><h1>Clinic</h1></div><div class="_x4">{_text("en", 8)}</div>'
            "</div>"), None, "dated-text"),
        # Drupal: the article's own <footer> holds its byline; a Polish date in words.
        Page("article footer byline", f"{SITE}/node/126", _html(
            '<h1>Wolontariat</h1><article><footer><p>Autor: M, <time>6 kwietnia 2025</time>'
            f"</p></footer>{long}</article>", lang="pl"), None, "dated-text"),
        # Ghost: the author's name is an <h4> link beside the date: no teaser's title.
        Page("ghost byline", f"{SITE}/in-kassel/", _html(
            '<article><h1>Kassel</h1><div class="byline"><h4><a href="/author/m/">M</a></h4>'
            f'<span class="byline-date">8. Januar 2025</span></div>{_text("de", 8)}</article>',
            lang="de"), None, "dated-text"),
        Page("korean byline", f"{SITE}/news/ko-1.html", _html(
            f'<article><h1>상담</h1><span class="date">2025년 2월 26일</span>{_text("ko", 14)}'
            "</article>", lang="ko"), None, "dated-text"),
        Page("dateline", f"{SITE}/actu/clinique", _html(
            f"<main><h1>Clinique</h1><p>14 mars 2025 - Lyon. {LANGUAGES['fr'][0] * 3}</p>"
            f"{_text('fr', 6)}</main>", lang="fr"), None, "dated-text"),
        # A listing's last page: one teaser, its title a link to the article.
        Page("one-teaser listing page", f"{SITE}/index.php?view=category&limitstart=24", _html(
            "<main><h1>Notizie</h1>" + teaser.format(n=1, day="05/01/2025", text=sentence * 7)
            + "</main>", lang="it"), "no-article-evidence"),
        # Two teasers without headings, a table of two documents: different days in the same
        # place of repeated blocks.
        Page("two cards", f"{SITE}/blog/hashtags/tag-4", _html(
            "".join(card.format(n=n, day=f"1{n}/08/2025", text=sentence * 8) for n in (1, 2))),
            "no-article-evidence"),
        Page("table of documents", f"{SITE}/SitePages/Topic.aspx?TermId=13", _html(
            "<main><h1>Rapports</h1><table>" + "".join(
                f'<tr><td><a href="/doc/{n}">{sentence[:60]} {n}</a></td><td>0{n}/03/2025</td>'
                "</tr>" for n in range(1, 3)) + f"</table><p>{sentence * 6}</p></main>"),
             "no-article-evidence"),
        # A short line with a date in the text, after the title's block began: not a byline.
        Page("about page founded on", f"{SITE}/atelier-histoire/", _html(
            f"<main><h1>Histoire</h1><p>{LEGAL_TEXT}</p><p>Fondé le 3 mars 1998.</p></main>"),
            "no-article-evidence"),
    ]


ARTICLES = [_article(lang, style) for lang in LANGUAGES for style in STYLES]
WORLD = ARTICLES + _non_articles() + _hostile() + _shapes()


@cache
def _extracted(url: str, html: str) -> tuple[str, str | None]:
    """The page's text and publication date (UTC) as the crawl finds them."""
    found = extract_article(html, url)
    return found.text, to_utc_iso(found.published)


def verdict(page: Page, needs_evidence: bool = True) -> str | None:
    """What the store pipeline decides for the page reached from a sitemap or a listing."""
    text, published = _extracted(page.url, page.html)
    return non_article_reason(page.url, SOURCE, page.html, text, from_page_spider=True,
                              published=published, needs_evidence=needs_evidence)


def test_the_world_has_what_it_must():
    assert len(LANGUAGES) >= 12 and len(ARTICLES) == len(LANGUAGES) * len(STYLES)
    assert len({page.name for page in WORLD}) == len(WORLD)
    assert {"og-article", "dated-text"} <= {page.evidence for page in ARTICLES}


@pytest.mark.parametrize("page", WORLD, ids=lambda page: page.name)
def test_every_page_gets_its_verdict(page):
    assert verdict(page) == page.verdict


@pytest.mark.parametrize("page", [page for page in WORLD if page.evidence],
                         ids=lambda page: page.name)
def test_an_article_shows_its_evidence(page):
    text, published = _extracted(page.url, page.html)
    assert article_evidence(page.html, page.url, text, published) == page.evidence


@pytest.mark.parametrize("page", WORLD, ids=lambda page: page.name)
def test_without_needs_evidence_nothing_changes(page):
    """A listing read with selectors decides as before: events, jobs and legal pages too."""
    assert verdict(page, needs_evidence=False) == page.legacy


@pytest.mark.parametrize("page", [p for p in WORLD if p.verdict and p.verdict.endswith("-url")
                                  and p.verdict not in ("site-root", "archive-url")],
                         ids=lambda page: page.name)
def test_a_feed_item_keeps_any_url_shape(page):
    """A feed names its items on purpose: /events/annual-report/ from a feed is stored."""
    assert non_article_reason(page.url, SOURCE) is None
    assert evidence_of(page.verdict) == "page"  # never skipped by the feeds spider


@pytest.mark.parametrize(("url", "reason"), [
    (f"{SITE}/events/annual-report-2024/", "event-url"),
    (f"{SITE}/fr/agenda/2025/03/forum/", "event-url"),
    (f"{SITE}/Veranstaltungen/", "event-url"),
    (f"{SITE}/%E6%B4%BB%E5%8A%A8/", "event-url"),
    (f"{SITE}/jobs/", "job-url"),
    (f"{SITE}/karriere/stellenangebote/jurist-in", "job-url"),
    (f"{SITE}/lavora_con_noi/", "job-url"),
    (f"{SITE}/Impressum.html", "legal-url"),
    (f"{SITE}/datenschutzerklärung/", "legal-url"),
    (f"{SITE}/legal/privacy/", "legal-url"),
    (f"{SITE}/cookies", "legal-url"),
    (f"{SITE}/İletişim/", "contact-url"),
    (f"{SITE}/hakkımızda/", "about-url"),
    (f"{SITE}/über-uns/", "about-url"),
    (f"{SITE}/støt-os/", "donate-url"),
    (f"{SITE}/newsletter/?subscribe=1", "newsletter-url"),
    (f"{SITE}/wp-login.php?redirect_to=x", "login-url"),
    # A word inside a slug, a section the page itself is below, or the query: no shape.
    (f"{SITE}/the-events-we-ran-in-2024/", None),
    (f"{SITE}/news/eventually-a-ruling/", None),
    (f"{SITE}/legal/reform-of-legal-aid/", None),
    (f"{SITE}/about/annual-report-2024/", None),
    (f"{SITE}/news/newsletter-march-2025/", None),
    (f"{SITE}/contacted-by-the-court/", None),
    (f"{SITE}/news/a/?from=events", None),
    (f"{SITE}/", None),
])
def test_no_feed_url_reason(url, reason):
    assert no_feed_url_reason(url) == reason


@pytest.mark.parametrize(("reason", "evidence"), [
    ("site-root", "url"), ("source-page", "url"), ("archive-url", "url"),
    ("event-url", "page"), ("job-url", "page"), ("legal-url", "page"),
    ("json-ld-JobPosting", "page"), ("json-ld-Event", "page"), ("teaser-list", "page"),
    ("no-article-evidence", "page"), ("listing-links", "page"),
])
def test_evidence_of_the_reasons(reason, evidence):
    assert evidence_of(reason) == evidence


@pytest.mark.parametrize(("lang", "sentences", "evidence"), [
    ("zh", 14, "dated-text"), ("zh", 3, None), ("ja", 14, "dated-text"), ("ja", 3, None),
    ("ko", 14, "dated-text"), ("ko", 2, None), ("en", 8, "dated-text"), ("en", 2, None),
])
def test_dated_text_needs_an_articles_length_in_any_script(lang, sentences, evidence):
    html = _html(f'<article><time datetime="{DAY}">x</time>{_text(lang, sentences)}</article>')
    text = extract_article(html, f"{SITE}/news/a/").text
    assert article_evidence(html, f"{SITE}/news/a/", text, f"{DAY}T08:30:00+00:00") == evidence


def test_cjk_characters_weigh_more_than_latin_letters():
    assert text_weight("法律诊所") == 12 and text_weight("clinic  law") == 9


@pytest.mark.parametrize(("stated", "published", "evidence"), [
    (f'<time datetime="{DAY}">x</time>', f"{DAY}T08:30:00+00:00", "dated-text"),
    # Extraction may prefer another date of the page (its oldest): the page is dated all the same.
    (f'<time datetime="{DAY}">x</time>', "2024-01-02T00:00:00+00:00", "dated-text"),
    (f'<time datetime="{DAY}">x</time>', None, None),
    (f'<time datetime="{DAY}">x</time>', "not a date", None),
    (f'<meta property="article:published_time" content="{DAY}T10:00:00+02:00">', DAY,
     "dated-text"),
    (f'<span itemprop="datePublished" content="{DAY}"></span>', DAY, "dated-text"),
    (_ld({"@type": "CreativeWork", "datePublished": DAY}), DAY, "dated-text"),
    (_ld({"@type": "WebPage", "datePublished": DAY}), DAY, None),  # Yoast dates every page
    ('<meta name="date" content="2025">', "2025-01-01T00:00:00+00:00", None),  # a year
    ("<p>Copyright 2024</p>", "2024-01-01T00:00:00+00:00", None),  # the copyright's guess
    ('<time datetime="2031-05-04">x</time>', "2031-05-04T00:00:00+00:00", None),  # to come
])
def test_dated_text_needs_a_date_of_the_pages_own(stated, published, evidence):
    html = _html(f"<article>{stated}{_text('en', 8)}</article>")
    text = extract_article(html, f"{SITE}/news/a/").text
    assert article_evidence(html, f"{SITE}/news/a/", text, published) == evidence


def test_a_last_updated_date_is_no_publication_date():
    for before in ("Last updated", "Mis à jour le", "Stand:", "最終更新日"):
        html = _html(f"<main><p>{before} <time datetime='{DAY}'>14/03/2025</time></p>"
                     f"{_text('en', 8)}</main>")
        assert article_evidence(html, f"{SITE}/x/", "x" * 900, DAY) is None, before
    html = _html(f"<main><p>Published <time datetime='{DAY}'>14/03/2025</time></p></main>")
    assert article_evidence(html, f"{SITE}/x/", "x" * 900, DAY) == "dated-text"


def test_no_page_no_evidence():
    assert article_evidence("", f"{SITE}/news/a/", "x" * 900, DAY) is None
    assert article_evidence("   ", f"{SITE}/news/a/", "x" * 900, DAY) is None
    assert non_article_reason(f"{SITE}/news/a/", SOURCE, needs_evidence=True) == \
        "no-article-evidence"


def test_a_huge_page_is_judged_quickly():
    """A 6 MB page of teasers in <article>s, and one of deep nesting, each under a few seconds."""
    teasers = _listing(20_000, og="article").replace("<a ", "<span ").replace("</a>", "</span>")
    nested = _html("<div>" * 50_000 + _text("en", 8) + "</div>" * 50_000, OG_ARTICLE)
    for html, reason in ((teasers, "teaser-list"), (nested, None)):
        started = time.monotonic()
        found = non_article_reason(f"{SITE}/news/a/", SOURCE, html, "x" * 900,
                                   from_page_spider=True, published=DAY, needs_evidence=True)
        assert found == reason
        assert time.monotonic() - started < 10
