"""Selector-free listing analysis (pipeline/listings.py) on a generated world of listing pages.

Every page is written here, by code, in one of 13 markup styles (WordPress, Drupal, Joomla, Ghost,
Hugo, Wix-like and Squarespace-like div soup, Webflow collection lists, SharePoint tables,
hand-made PHP tables, a one-page homepage with news cards, Bootstrap cards whose only link is
"read more", Japanese-style <dl> news lists), in 12 languages, around the same distractors: menus
with long entries, sidebars of dated event teasers, tag clouds, topic lists, job teasers, author
and category links, share bars, footers with legal and social links, and pagination. The invented
articles are the expected answer: recall and precision must both be 1.0 on every page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from pipeline.listings import article_links, news_sections, next_page

MONTHS = {
    "fr": ["mars", "avril", "mai"], "en": ["March", "April", "May"],
    "es": ["marzo", "abril", "mayo"], "pt": ["março", "abril", "maio"],
    "de": ["März", "April", "Mai"], "nl": ["maart", "april", "mei"],
    "it": ["marzo", "aprile", "maggio"], "pl": ["marca", "kwietnia", "maja"],
    "sk": ["marca", "apríla", "mája"],
}
DATE_SHAPES: dict[str, Callable[[date, str], str]] = {
    "fr": lambda d, m: f"{d.day} {m} {d.year}", "en": lambda d, m: f"{m} {d.day}, {d.year}",
    "es": lambda d, m: f"{d.day} de {m} de {d.year}",
    "pt": lambda d, m: f"{d.day} de {m} de {d.year}",
    "de": lambda d, m: f"{d.day}. {m} {d.year}", "nl": lambda d, m: f"{d.day} {m} {d.year}",
    "it": lambda d, m: f"{d.day} {m} {d.year}", "pl": lambda d, m: f"{d.day} {m} {d.year}",
    "sk": lambda d, m: f"{d.day}. {m} {d.year}",
    "zh": lambda d, m: f"{d.year}年{d.month}月{d.day}日",
    "ja": lambda d, m: f"{d.year}年{d.month}月{d.day}日",
    "ko": lambda d, m: f"{d.year}년 {d.month}월 {d.day}일",
}
TITLES = {
    "fr": ["Permanence juridique gratuite pour les locataires",
           "Nos bénévoles aident les familles expulsées",
           "Un nouveau guide sur le droit du travail",
           "Rapport annuel de la clinique juridique", "Partenariat avec le barreau de Lyon"],
    "en": ["Free legal clinic opens for tenants", "Volunteers help families facing eviction",
           "A new guide to employment rights", "Annual report of the legal clinic",
           "Partnership with the city bar association"],
    "es": ["Asesoría jurídica gratuita para inquilinos",
           "Voluntarios ayudan a familias desalojadas",
           "Nueva guía sobre derechos laborales", "Informe anual de la clínica jurídica",
           "Acuerdo con el colegio de abogados"],
    "pt": ["Atendimento jurídico gratuito para inquilinos",
           "Voluntários apoiam famílias despejadas",
           "Novo guia sobre direitos trabalhistas", "Relatório anual da clínica jurídica",
           "Parceria com a ordem dos advogados"],
    "de": ["Kostenlose Rechtsberatung für Mieter", "Ehrenamtliche helfen Familien bei Räumungen",
           "Ein neuer Leitfaden zum Arbeitsrecht", "Jahresbericht der Rechtsklinik erschienen",
           "Partnerschaft mit der Anwaltskammer"],
    "nl": ["Gratis juridisch spreekuur voor huurders",
           "Vrijwilligers helpen gezinnen bij uitzetting",
           "Nieuwe gids over arbeidsrecht", "Jaarverslag van de rechtswinkel",
           "Samenwerking met de orde van advocaten"],
    "it": ["Sportello legale gratuito per gli inquilini", "Volontari aiutano le famiglie sfrattate",
           "Una nuova guida sul diritto del lavoro", "Relazione annuale della clinica legale",
           "Accordo con l'ordine degli avvocati"],
    "pl": ["Bezpłatne porady prawne dla najemców", "Wolontariusze pomagają rodzinom w eksmisji",
           "Nowy przewodnik po prawie pracy", "Raport roczny kliniki prawa",
           "Współpraca z izbą adwokacką"],
    "sk": ["Bezplatná právna poradňa pre nájomníkov", "Dobrovoľníci pomáhajú rodinám pri sťahovaní",
           "Nová príručka o pracovnom práve", "Výročná správa právnej kliniky",
           "Spolupráca s advokátskou komorou"],
    "zh": ["为租户提供免费法律咨询", "志愿者帮助被驱逐的家庭", "劳动权利新指南发布",
           "法律诊所年度报告", "与律师协会签署合作协议"],
    "ja": ["借家人のための無料法律相談", "ボランティアが立ち退き家族を支援",
           "労働法の新しいガイドを公開", "法律クリニック年次報告書", "弁護士会との連携協定"],
    "ko": ["세입자를 위한 무료 법률 상담", "자원봉사자들이 퇴거 가족을 지원합니다",
           "노동법 새 안내서 발간", "법률 클리닉 연간 보고서", "변호사협회와 협력 협약 체결"],
}
READ_MORE = {"fr": "Lire la suite", "en": "Read more", "es": "Leer más", "pt": "Leia mais",
             "de": "Weiterlesen", "nl": "Lees meer", "it": "Leggi tutto", "pl": "Czytaj więcej",
             "sk": "Čítať viac", "zh": "阅读更多", "ja": "続きを読む", "ko": "더보기"}
TEASER = {"zh": "我们的志愿律师每周为社区居民提供帮助，欢迎大家前来咨询相关的法律问题。",
          "ja": ("私たちのボランティア弁護士は毎週地域の皆さんを支援しています。"
                 "お気軽にご相談ください。"),
          "ko": ("우리 자원봉사 변호사들은 매주 지역 주민을 돕고 있습니다. "
                 "언제든지 상담을 신청하세요.")}
LATIN_TEASER = "Our volunteer lawyers help people in the neighbourhood every week, free of charge."


@dataclass(frozen=True)
class Item:
    number: int
    slug: str
    title: str
    day: str  # the date as the language writes it
    iso: str  # the date as 2024-05-03
    teaser: str


def items_of(lang: str) -> list[Item]:
    """The invented articles of one language, newest first."""
    found = []
    for index, title in enumerate(TITLES[lang]):
        when = date(2024, 5 - index % 3, 20 - index)
        month = MONTHS.get(lang, ["", "", ""])[when.month - 3]
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
        slug = "-".join(re.findall(r"[a-z0-9]+", ascii_title.lower())) or f"item-{index + 1}"
        found.append(Item(40 + index, slug, title, DATE_SHAPES[lang](when, month),
                          when.isoformat(), TEASER.get(lang, LATIN_TEASER)))
    return found


# -- the page's furniture and distractors ---------------------------------------------------------

MENU = [("/", "Home"), ("/about-us/", "About our legal aid association"),
        ("/services/", "Free legal services for everyone"), ("/events/", "Events and trainings"),
        ("/contact/", "Contact us today")]
EVENTS = [("/events/annual-conference-of-volunteers/", "Annual conference of volunteer lawyers",
           "12/06/2024"),
          ("/events/training-on-housing-law/", "Training day on housing law", "20/06/2024")]
TAGS = [("/tag/housing-rights/", "housing rights law"), ("/tag/labour/", "labour law and work"),
        ("/tag/asylum/", "asylum and migration help")]


def semantic_chrome(main: str, pager: str, lang: str) -> str:
    """A page with HTML5 furniture: header and nav, aside widgets, footer."""
    menu = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in MENU)
    events = "".join(f'<li><a href="{h}">{t}</a> <span>{d}</span></li>' for h, t, d in EVENTS)
    tags = "".join(f'<a href="{h}" class="tag-cloud-link">{t}</a> ' for h, t in TAGS)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
      <title>News</title></head><body class="blog archive">
      <header class="site-header"><a href="/" class="logo">Legal Aid Network of the City</a>
      <nav class="main-navigation"><ul>{menu}</ul></nav></header>
      <div id="content" class="site-content"><main id="main">{main}{pager}</main>
      <aside id="secondary" class="widget-area"><section class="widget"><h2>Events</h2>
      <ul>{events}</ul></section><section class="widget widget_tag_cloud">{tags}</section>
      <section class="widget"><h2>Recent comments</h2><ul><li>
      <a href="/2023/01/old-story-about-tenants/#comment-12">A reader on an old story about
      tenants</a></li></ul></section></aside></div>
      <footer class="site-footer"><a href="/legal-notice/">Legal notice and terms of use</a>
      <a href="/privacy-policy/">Privacy policy of the site</a>
      <a href="https://twitter.example/legalaid">Follow us on the social network</a></footer>
      </body></html>"""


def soup_chrome(main: str, pager: str, lang: str) -> str:
    """A page of <div>s only: the furniture is named by ids and classes."""
    menu = "".join(f'<div class="menu-item"><a href="{h}">{t}</a></div>' for h, t in MENU)
    events = "".join(f'<div class="ev"><a href="{h}">{t}</a><div>{d}</div></div>'
                     for h, t, d in EVENTS)
    tags = "".join(f'<a href="{h}">{t}</a>' for h, t in TAGS)
    return f"""<html lang="{lang}"><head><meta http-equiv="Content-Type"
      content="text/html; charset=utf-8"></head><body>
      <div id="header"><div id="logo"><a href="/">Legal Aid Network of the City</a></div>
      <div id="topmenu" class="menu horizontal">{menu}</div></div>
      <div id="wrapper"><div class="col-main">{main}{pager}</div>
      <div class="col-sidebar"><div class="box">{events}</div><div class="tags">{tags}</div></div>
      </div><div id="footer"><a href="/legal-notice/">Legal notice and terms of use</a>
      <a href="https://facebook.example/legalaid">Find us on the social network</a>
      <a href="/sitemap/">Map of the whole site</a></div></body></html>"""


def main_distractors() -> str:
    """Lists in the main content that are not articles: topic pages, a job offer, pages of
    partners on other sites."""
    topics = "".join(f'<li><a href="/topics/{s}/">{t}</a></li>' for s, t in (
        ("access-to-justice", "Access to justice for all"),
        ("housing-law", "Housing law and tenants"), ("family-law", "Family law and children")))
    return f"""<div class="topics"><h3>Topics</h3><ul>{topics}</ul></div>
      <div class="jobs-teaser"><a href="/jobs/paralegal-position-in-lyon/">Paralegal position
      open in our Lyon office</a></div>
      <div class="partners"><a href="https://bar.example/news/one-story">The bar association's
      news about volunteers</a><a href="https://court.example/press/two">The court publishes its
      yearly figures</a></div>"""


def pager(path: str) -> str:
    return (f'<nav class="navigation pagination"><div class="nav-links">'
            f'<span aria-current="page" class="page-numbers current">1</span>'
            f'<a class="page-numbers" href="{path}page/2/">2</a>'
            f'<a class="page-numbers" href="{path}page/3/">3</a>'
            f'<a class="next page-numbers" href="{path}page/2/">Next page of articles »</a>'
            f'</div></nav>')


# -- markup styles: each returns (listing path, article paths, main HTML) ------------------------

def wordpress(items: list[Item], lang: str) -> tuple[str, list[str], str]:
    paths = [f"/{i.iso[:4]}/{i.iso[5:7]}/{i.slug}/" for i in items]
    cards = "".join(f"""<article id="post-{i.number}" class="post-{i.number} post type-post
      status-publish format-standard {'has-post-thumbnail' * (n % 2)} hentry category-news">
      <header class="entry-header"><h2 class="entry-title"><a href="{p}" rel="bookmark">{i.title}
      </a></h2><div class="entry-meta"><time datetime="{i.iso}">{i.day}</time> by
      <a href="/author/marie-dupont/" rel="author">Marie Dupont</a></div></header>
      <div class="entry-summary"><p>{i.teaser}</p></div>
      <footer class="entry-footer"><a href="/category/news/" rel="category tag">News of the
      association</a> <a href="{p}#respond">Leave a comment</a>
      <a href="{p}" class="more-link">{READ_MORE[lang]}</a></footer></article>"""
                    for n, (i, p) in enumerate(zip(items, paths)))
    return "/news/", paths, f'<h1 class="page-title">News</h1>{cards}'


def drupal(items, lang):
    paths = [f"/node/{i.number}" for i in items]
    rows = "".join(f"""<div class="views-row"><div class="views-field views-field-title">
      <span class="field-content"><a href="{p}" hreflang="{lang}">{i.title}</a></span></div>
      <div class="views-field views-field-created"><span class="field-content">{i.day}</span>
      </div><div class="views-field views-field-body"><div class="field-content">
      <p>{i.teaser}</p></div></div><div class="views-field views-field-uid">
      <a href="/user/{n + 3}">Editor {n}</a></div></div>"""
                   for n, (i, p) in enumerate(zip(items, paths)))
    return "/news", paths, (f'<div class="view view-news"><div class="view-content">{rows}'
                            f'</div></div>')


def joomla(items, lang):
    paths = [f"/index.php/news/{i.number}-{i.slug}" for i in items]
    cells = [f"""<div class="span6"><div class="item column-{n % 2 + 1}" itemprop="blogPost">
      <div class="page-header"><h2 itemprop="name"><a href="{p}" itemprop="url">{i.title}</a>
      </h2></div><dl class="article-info muted"><dd class="published">
      <time datetime="{i.iso}">{i.day}</time></dd></dl><p>{i.teaser}</p>
      <p class="readmore"><a class="btn" href="{p}">{READ_MORE[lang]}</a></p></div></div>"""
             for n, (i, p) in enumerate(zip(items, paths))]
    rows = "".join(f'<div class="items-row cols-2 row-{r} row-fluid clearfix">'
                   f'{"".join(cells[r * 2:r * 2 + 2])}</div>' for r in range(3))
    return "/index.php/news", paths, f'<div class="blog" itemscope>{rows}</div>'


def ghost(items, lang):
    paths = [f"/{i.slug}/" for i in items]
    cards = "".join(f"""<article class="post-card post tag-news {'no-image' * (n % 2)}">
      <a class="post-card-image-link" href="{p}"><img class="post-card-image" src="/img/{n}.jpg"
      alt=""></a><div class="post-card-content"><a class="post-card-content-link" href="{p}">
      <header class="post-card-header"><h2 class="post-card-title">{i.title}</h2></header>
      <section class="post-card-excerpt"><p>{i.teaser}</p></section></a>
      <footer class="post-card-meta"><time class="post-card-meta-date" datetime="{i.iso}">
      {i.day}</time></footer></div></article>""" for n, (i, p) in enumerate(zip(items, paths)))
    return "/", paths, f'<div class="post-feed">{cards}</div>'


def hugo(items, lang):
    paths = [f"/posts/{i.slug}/" if i.slug.startswith("item") is False else f"/posts/{i.number}/"
             for i in items]
    rows = "".join(f'<li><span class="date">{i.iso}</span> <a href="{p}">{i.title}</a></li>'
                   for i, p in zip(items, paths))
    return "/posts/", paths, f'<h1>Posts</h1><ul class="posts">{rows}</ul>'


def wix(items, lang):
    paths = [f"/post/{i.slug}" for i in items]
    cards = "".join(f"""<div class="_2bKXh gallery-item-container"><div class="kZqWp">
      <a href="{p}" class="O16KGI"><div class="pu51Xe"><img src="/media/{n}.png"></div></a>
      <div class="Y6a2b"><div class="xJmAy"><span class="tQ0Q1A">{i.day}</span>
      <span class="tQ0Q1A">2 min read</span></div>
      <a href="{p}" class="O16KGI"><p class="bD0vt9 KNiaIk">{i.title}</p></a>
      <div class="BOlnTh">{i.teaser}</div></div></div></div>"""
                    for n, (i, p) in enumerate(zip(items, paths)))
    return "/blog", paths, f'<div class="_1Ks5q"><div class="XYZab gallery">{cards}</div></div>'


def squarespace(items, lang):
    paths = [f"/blog/{i.slug}" for i in items]
    cards = "".join(f"""<article class="blog-basic-grid--container entry blog-item is-loaded">
      <div><a href="{p}" class="image-wrapper"><img data-src="/s/{i.number}.jpg"></a></div>
      <div class="blog-basic-grid--text"><div class="blog-meta-section">
      <span class="blog-date">{i.day}</span><span class="blog-author">
      <a href="/blog?author=5f2a">Team</a></span></div>
      <h1 class="blog-title"><a href="{p}">{i.title}</a></h1>
      <div class="blog-excerpt"><p>{i.teaser}</p></div>
      <a class="blog-more-link" href="{p}">{READ_MORE[lang]}</a></div></article>"""
                    for i, p in zip(items, paths))
    return "/blog", paths, (f'<section class="blog-basic-grid collection-content-wrapper">'
                            f'{cards}</section>')


def webflow(items, lang):
    paths = [f"/news/{i.slug}" for i in items]
    cards = "".join(f"""<div role="listitem" class="collection-item w-dyn-item">
      <a href="{p}" class="news-card w-inline-block"><img src="/cdn/{i.number}.webp">
      <h3 class="heading-3">{i.title}</h3><div class="date-text">{i.day}</div>
      <p class="paragraph">{i.teaser}</p></a></div>""" for i, p in zip(items, paths))
    return "/news", paths, (f'<div class="w-dyn-list"><div role="list" class="collection-list '
                            f'w-dyn-items w-row">{cards}</div></div>')


def sharepoint(items, lang):
    paths = [f"/SitePages/News.aspx?ID={i.number}" for i in items]
    rows = "".join(f"""<tr class="ms-itmhover"><td class="ms-vb-title"><div class="ms-vb itx">
      <a href="{p}" onclick="return false">{i.title}</a></div></td>
      <td class="ms-vb2"><nobr>{i.iso[8:]}/{i.iso[5:7]}/{i.iso[:4]}</nobr></td>
      <td class="ms-vb-user"><a href="/_layouts/15/userdisp.aspx?ID={n}">Anna Novak</a></td></tr>"""
                   for n, (i, p) in enumerate(zip(items, paths)))
    return "/SitePages/Home.aspx", paths, (
        f'<table class="ms-listviewtable"><thead><tr><th><a href="?SortField=Title">Title</a></th>'
        f'<th>Modified</th><th>Author</th></tr></thead><tbody>{rows}</tbody></table>')


def php_table(items, lang):
    paths = [f"/news.php?id={i.number}" for i in items]
    rows = "".join(f"""<tr><td class="d" width="90">{i.iso[8:]}.{i.iso[5:7]}.{i.iso[:4]}</td>
      <td><a href="news.php?id={i.number}"><b>{i.title}</b></a></td></tr>"""
                   for i in items)
    return "/news.php", paths, (f'<table width="100%" border="0" cellpadding="2"><tr><th>Date</th>'
                                f'<th>Title</th></tr>{rows}</table>')


def onepage(items, lang):
    """A homepage: services and team cards beside the news cards, only the news are articles."""
    paths = [f"/news/{i.slug}.html" for i in items[:3]]
    services = "".join(f"""<div class="service-box"><h3><a href="/services/{s}.html">{t}</a></h3>
      <p>{LATIN_TEASER}</p></div>""" for s, t in (
        ("tenant-support", "Support for tenants in difficulty"),
        ("work-disputes", "Help with disputes at work"),
        ("family-matters", "Advice on family matters")))
    team = "".join(f'<div class="member"><a href="/team/{s}.html">{t}</a><p>Volunteer since 2019'
                   f'</p></div>' for s, t in (("ana-ruiz", "Ana Ruiz"), ("li-wei", "Li Wei")))
    news = "".join(f"""<div class="news-card"><span class="news-date">{i.day}</span>
      <h3><a href="{p}">{i.title}</a></h3><p>{i.teaser}</p></div>"""
                   for i, p in zip(items, paths))
    return "/", paths, (f'<section id="hero"><h1>Justice for all</h1><a href="#services">See what'
                        f' we can do for you</a></section><section id="services">{services}'
                        f'</section><section id="news"><h2>News</h2>{news}</section>'
                        f'<section id="team">{team}</section>')


def bootstrap(items, lang):
    """Cards whose title is no link: only "read more" leads to the article."""
    paths = [f"/articles/{i.slug}" for i in items]
    cards = [f"""<div class="col-md-4"><div class="card h-100"><img class="card-img-top"
      src="/i/{i.number}.jpg"><div class="card-body"><h5 class="card-title">{i.title}</h5>
      <p class="card-text">{i.teaser}</p><p><small class="text-muted">{i.day}</small></p>
      <a href="{p}" class="btn btn-primary">{READ_MORE[lang]}</a></div></div></div>"""
             for i, p in zip(items, paths)]
    rows = "".join(f'<div class="row mb-4">{"".join(cards[r * 3:r * 3 + 3])}</div>'
                   for r in range(2))
    return "/articles", paths, f'<div class="container">{rows}</div>'


def dl_list(items, lang):
    """A Japanese-style news list: dates in <dt>, titles in <dd>."""
    paths = [f"/info/detail.php?id={i.number}" for i in items]
    rows = "".join(f'<dt>{i.iso.replace("-", ".")}</dt><dd><a href="{p}">{i.title}</a></dd>'
                   for i, p in zip(items, paths))
    return "/info/", paths, f'<div class="newsBox"><dl class="newsList">{rows}</dl></div>'


SEMANTIC = {"wordpress": wordpress, "drupal": drupal, "ghost": ghost, "hugo": hugo,
            "webflow": webflow, "bootstrap": bootstrap}
SOUP = {"joomla": joomla, "wix": wix, "squarespace": squarespace, "sharepoint": sharepoint,
        "php": php_table, "onepage": onepage, "dl": dl_list}
STYLES = {**SEMANTIC, **SOUP}
LANGS = list(TITLES)


def listing_page(style: str, lang: str) -> tuple[str, str, list[str]]:
    """(page URL, HTML, expected article URLs) of one generated listing."""
    host = f"https://{style}-{lang}.example"
    path, paths, main = STYLES[style](items_of(lang), lang)
    chrome = semantic_chrome if style in SEMANTIC else soup_chrome
    pages = "" if style == "onepage" else pager(path if path.endswith("/") else path + "/")
    html = chrome(main + main_distractors(), pages, lang)
    return host + path, html, [host + p for p in paths]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("style", STYLES)
def test_article_links_exact(style, lang):
    url, html, expected = listing_page(style, lang)
    assert article_links(html, url) == expected


@pytest.mark.parametrize("style", ["wordpress", "wix", "php", "dl"])
def test_article_links_from_bytes_in_the_page_charset(style):
    url, html, expected = listing_page(style, "pl")
    assert article_links(html.encode("utf-8"), url) == expected
    latin = listing_page(style, "fr")
    latin_html = latin[1].replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "charset=utf-8", "charset=iso-8859-1")
    assert article_links(latin_html.encode("iso-8859-1"), latin[0]) == latin[2]


def test_read_more_and_title_links_give_one_url():
    url, html, _expected = listing_page("wordpress", "en")
    found = article_links(html, url)
    assert len(found) == len(set(found)) == 5


def test_relative_links_resolve_against_base_href():
    _, html, expected = listing_page("php", "de")
    html = html.replace("<head>", '<head><base href="https://php-de.example/archiv/">')
    found = article_links(html, "https://php-de.example/news.php")
    assert found == [u.replace("/news.php", "/archiv/news.php") for u in expected]


# -- hostile and empty pages ---------------------------------------------------------------------

def test_empty_and_garbage_pages():
    for html in ("", "   ", b"", b"\x00\x01\x02\xff\xfe", "not html at all", b"%PDF-1.4 \x00\x00"):
        assert article_links(html, "https://x.example/news/") == []
        assert next_page(html, "https://x.example/news/") is None
        assert news_sections(html, "https://x.example/", ["en"]) == []


def test_links_to_other_sites_only():
    cards = "".join(f'<article><h2><a href="https://other{n}.example/news/story-{n}">A long story'
                    f' number {n} here</a></h2><time>2024-05-0{n}</time></article>'
                    for n in range(1, 6))
    assert article_links(f"<html><body>{cards}</body></html>", "https://x.example/news/") == []


def test_a_page_with_only_a_menu():
    menu = "".join(f'<li><a href="/{s}/">{t}</a></li>' for s, t in (
        ("who-we-are", "Who we are and what we do"), ("our-services", "Our legal services for all"),
        ("get-help", "How to get help from us"), ("donate-now", "Donate to support our work")))
    for markup in (f"<nav><ul>{menu}</ul></nav>", f'<div id="main-menu"><ul>{menu}</ul></div>'):
        assert article_links(f"<html><body>{markup}</body></html>", "https://x.example/") == []


def test_twenty_thousand_links_are_read_in_bounded_work():
    cards = "".join(f'<li><a href="/news/story-{n}">The story number {n} of the day</a>'
                    f'<span>2024-05-01</span></li>' for n in range(20_000))
    found = article_links(f"<html><body><ul>{cards}</ul></body></html>", "https://x.example/news/")
    assert 100 <= len(found) <= 3_000  # the first anchors only: a listing shows far fewer
    assert found[0] == "https://x.example/news/story-0"


def test_very_deep_nesting():
    deep = "<div>" * 5_000 + "".join(
        f'<article><h2><a href="/news/story-{n}">A deep story number {n}</a></h2></article>'
        for n in range(3)) + "</div>" * 5_000
    found = article_links(f"<html><body>{deep}</body></html>", "https://x.example/news/")
    assert isinstance(found, list)  # libxml2 caps the depth: no crash, no endless walk
    assert next_page(f"<html><body>{deep}</body></html>", "https://x.example/news/") is None


def test_a_single_article_page_is_no_listing():
    html = """<html><body><article><h1>A long article about tenants' rights</h1>
      <time>2024-05-01</time><p>Text of the article, long enough to read.</p>
      <p>See also <a href="/news/older-story-about-rights">an older story about rights</a>.</p>
      </article></body></html>"""
    assert article_links(html, "https://x.example/news/a-long-article") == []


# -- next page ------------------------------------------------------------------------------------

NEXT_WORDS = {"en": "Next", "fr": "Page suivante", "es": "Siguiente", "pt": "Próxima",
              "de": "Nächste Seite", "nl": "Volgende", "it": "Successiva", "pl": "Następna",
              "sk": "Ďalšia", "cs": "Další", "hu": "Következő", "zh": "下一页", "ja": "次へ",
              "ko": "다음", "en-older": "« Older posts", "pt-seguinte": "Seguinte ›",
              "de-weiter": "Weiter »", "it-successivo": "Successivo"}
PREVIOUS_WORDS = {"en": "Previous", "fr": "Précédent", "es": "Anterior", "de": "Zurück",
                  "zh": "上一页", "ja": "前へ", "ko": "이전", "en-newer": "Newer posts »"}


@pytest.mark.parametrize("lang", NEXT_WORDS)
def test_next_page_by_its_words_in_many_languages(lang):
    word, prev = NEXT_WORDS[lang], PREVIOUS_WORDS.get(lang.split("-")[0], "Previous")
    html = f"""<html><body><div class="list"><a href="/news/one-story">One story here now</a></div>
      <div class="paging"><a href="/news/?pg=1">{prev}</a> <a href="/news/?pg=3">{word}</a></div>
      </body></html>"""
    assert next_page(html, "https://x.example/news/?pg=2") == "https://x.example/news/?pg=3"


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de", "zh", "ja"])
def test_next_word_out_of_a_pager_when_unambiguous(lang):
    html = (f'<html><body><p><a href="/blog/older-ones">{NEXT_WORDS[lang]}</a></p>'
            f'<p><a href="/blog/about-the-team">About the team</a></p></body></html>')
    assert next_page(html, "https://x.example/blog/") == "https://x.example/blog/older-ones"


def test_rel_next_link_and_anchor():
    head = '<html><head><link rel="next" href="/news/page/2/"></head><body></body></html>'
    assert next_page(head, "https://x.example/news/") == "https://x.example/news/page/2/"
    anchor = '<html><body><a rel="next nofollow" href="?start=20">›</a></body></html>'
    assert next_page(anchor, "https://x.example/news?start=10") == "https://x.example/news?start=20"


def test_numbered_pagination_with_query_page():
    links = "".join(f'<li class="{"active" * (n == 3)}"><a href="/news?page={n}">{n}</a></li>'
                    for n in range(1, 7))
    html = f'<html><body><ul class="pagination">{links}</ul></body></html>'
    assert next_page(html, "https://x.example/news?page=3") == "https://x.example/news?page=4"
    # without a marked current page, the URL says which page this is
    plain = html.replace('class="active"', "")
    assert next_page(plain, "https://x.example/news?page=5") == "https://x.example/news?page=6"


def test_numbered_pagination_with_path_pages():
    for word in ("page", "pagina", "seite"):
        links = "".join(f'<a href="/blog/{word}/{n}/">{n}</a>' for n in range(1, 5))
        html = f'<html><body><div class="pager">{links}</div></body></html>'
        assert next_page(html, f"https://x.example/blog/{word}/2/") == (
            f"https://x.example/blog/{word}/3/")
        assert next_page(html, "https://x.example/blog/") == f"https://x.example/blog/{word}/2/"


def test_offsets_without_words():
    links = "".join(f'<a href="/list.php?cat=3&amp;start={n * 10}">{n + 1}</a>' for n in range(4))
    html = f"<html><body><div>{links}</div></body></html>"
    assert next_page(html, "https://x.example/list.php?cat=3&start=10") == (
        "https://x.example/list.php?cat=3&start=20")


def test_last_page_and_previous_only():
    last = """<html><body><nav class="pagination"><a href="/news/page/2/">« Previous</a>
      <a href="/news/page/2/">2</a><span class="current">3</span></nav></body></html>"""
    assert next_page(last, "https://x.example/news/page/3/") is None
    for word in PREVIOUS_WORDS.values():
        html = f'<html><body><div class="pager"><a href="/news/?p=1">{word}</a></div></body></html>'
        assert next_page(html, "https://x.example/news/?p=2") is None


def test_next_never_the_page_itself_nor_another_site():
    html = """<html><body><div class="pagination"><a href="/news/">Next</a>
      <a href="https://other.example/news/2">Next</a></div></body></html>"""
    assert next_page(html, "https://x.example/news/") is None


def test_two_different_next_links_out_of_a_pager_are_ambiguous():
    html = """<html><body><a href="/news/more">Next</a><a href="/events/more">Next</a>
      </body></html>"""
    assert next_page(html, "https://x.example/news/") is None


def test_generated_listings_have_their_next_page():
    for style in ("wordpress", "wix", "php", "ghost"):
        url, html, _ = listing_page(style, "fr")
        base = url if url.endswith("/") else url + "/"
        assert next_page(html, url) == base + "page/2/"


# -- news sections ---------------------------------------------------------------------------------

SECTIONS = {  # language: (menu text, path) of the news section
    "en": ("News", "/news/"), "fr": ("Actualités", "/actualites/"),
    "es": ("Noticias", "/noticias/"), "pt": ("Notícias", "/noticias/"),
    "de": ("Aktuelles", "/aktuelles/"), "nl": ("Nieuws", "/nieuws/"),
    "it": ("Notizie", "/notizie/"), "pl": ("Aktualności", "/aktualnosci/"),
    "sk": ("Aktuality", "/aktuality/"), "cs": ("Novinky", "/novinky/"),
    "zh": ("新闻动态", "/xwdt/"), "ja": ("お知らせ", "/info/"), "ko": ("공지사항", "/notice/"),
    "sv": ("Nyheter", "/nyheter/"), "fi": ("Ajankohtaista", "/ajankohtaista/"),
    "el": ("Νέα", "/nea/"), "tr": ("Haberler", "/haberler/"), "ru": ("Новости", "/novosti/"),
    "hu": ("Hírek", "/hirek/"), "ro": ("Știri", "/stiri/"), "da": ("Nyheder", "/nyheder/"),
}
OTHERS = {"en": [("About us", "/about/"), ("Events", "/events/"), ("Contact", "/contact/")],
          "fr": [("Agenda", "/agenda/"), ("Qui sommes-nous ?", "/qui-sommes-nous/"),
                 ("Contact", "/contact/")]}


@pytest.mark.parametrize("lang", SECTIONS)
def test_news_section_in_the_menu(lang):
    text, path = SECTIONS[lang]
    menu = [("Home", "/"), *OTHERS["fr" if lang == "fr" else "en"], (text, path)]
    items = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in menu)
    html = f"""<html><body><header><ul class="menu">{items}</ul></header>
      <main><p><a href="/blog/some-story">A story in the page body</a></p></main>
      <footer><a href="https://other.example/news/">News of our partners</a></footer>
      </body></html>"""
    assert news_sections(html, "https://x.example/", [lang]) == [f"https://x.example{path}"]


def test_news_sections_order_menus_first_and_by_plainness():
    html = """<html><body><main><a href="/latest/">Latest news</a>
      <a href="/2024/05/a-story-with-news-in-its-long-title/">Good news for tenants this spring
      in the city</a></main>
      <nav><a href="/news-and-events/">News &amp; events</a><a href="/blog/">Blog</a>
      <a href="/events/">Events</a><a href="/feed/">News feed</a></nav></body></html>"""
    assert news_sections(html, "https://x.example/", ["en"]) == [
        "https://x.example/blog/", "https://x.example/news-and-events/",
        "https://x.example/latest/"]


def test_news_sections_by_url_segment_and_english_fallback():
    html = """<html><body><div id="nav"><a href="/fr/actualites/"><img alt=""></a>
      <a href="/fr/presse/">Espace presse</a><a href="/fr/news/">Les infos</a></div>
      </body></html>"""
    # text and URL both say it (presse, infos + news) before the URL alone (an image link)
    assert news_sections(html, "https://x.example/fr/", ["fr"]) == [
        "https://x.example/fr/presse/", "https://x.example/fr/news/",
        "https://x.example/fr/actualites/"]


def test_news_sections_at_most_five_same_site_only():
    links = "".join(f'<a href="/news-{n}/">News {n}</a>' for n in range(8))
    html = f'<html><body><nav>{links}<a href="https://x.example/">News</a></nav></body></html>'
    found = news_sections(html, "https://x.example/", ["en"])
    assert len(found) == 5 and found[0] == "https://x.example/news-0/"


# -- markup that misleads word-based furniture detection ------------------------------------

def cards_of(lang: str, card: Callable[[Item, str], str]) -> tuple[str, list[str]]:
    items = items_of(lang)
    paths = [f"/stories/{i.slug}" for i in items]
    return "".join(card(i, p) for i, p in zip(items, paths)), paths


def test_wordpress_taxonomy_and_layout_classes_are_not_furniture():
    cards, paths = cards_of("en", lambda i, p: (
        f'<div class="post type-post tag-social-justice category-menu-planning '
        f'tag-share-economy"><h2><a href="{p}">{i.title}</a></h2><time>{i.iso}</time></div>'))
    html = (f'<html><body class="blog has-sidebar menu-open"><div id="page" class="site">'
            f'<div id="content" class="content-with-sidebar sidebar-right"><main>{cards}</main>'
            f'</div></div></body></html>')
    assert article_links(html, "https://x.example/stories/") == [
        "https://x.example" + p for p in paths]


def test_page_builder_widgets_hold_the_listing():
    cards, paths = cards_of("de", lambda i, p: (
        f'<div class="elementor-post elementor-grid-item"><div class="elementor-post__text">'
        f'<h3 class="elementor-post__title"><a href="{p}">{i.title}</a></h3>'
        f'<div class="elementor-post__meta-data"><span class="elementor-post-date">{i.day}'
        f'</span></div></div></div>'))
    html = (f'<html><body><div class="elementor-widget elementor-widget-posts">'
            f'<div class="elementor-widget-container"><div class="elementor-posts-container">'
            f'{cards}</div></div></div></body></html>')
    assert article_links(html, "https://x.example/aktuelles/") == [
        "https://x.example" + p for p in paths]


def test_undated_listing_with_a_load_more_link():
    cards, paths = cards_of("pl", lambda i, p: f'<li><a href="{p}">{i.title}</a></li>')
    html = (f'<html><body><ul class="lista">{cards}</ul><p><a href="/stories/strona/2">Starsze'
            f' artykuły na blogu</a> <a href="/stories?start=5">Pokaż więcej artykułów</a></p>'
            f'<p><a href="/stories/more-of-them">Następna strona</a></p></body></html>')
    assert article_links(html, "https://x.example/stories") == [
        "https://x.example" + p for p in paths]


def test_a_featured_card_of_its_own_shape_is_kept():
    items = items_of("fr")
    featured = (f'<div class="hero-story"><h1><a href="/actus/{items[0].slug}">{items[0].title}'
                f'</a></h1><time>{items[0].iso}</time><p>{LATIN_TEASER}</p></div>')
    rest = "".join(f'<div class="story"><h3><a href="/actus/{i.slug}">{i.title}</a></h3>'
                   f'<time>{i.iso}</time><p>{LATIN_TEASER}</p></div>' for i in items[1:])
    html = f"<html><body><main>{featured}<section>{rest}</section></main></body></html>"
    assert article_links(html, "https://x.example/actus/") == [
        f"https://x.example/actus/{i.slug}" for i in items]


def test_two_articles_are_a_listing_one_is_not():
    items = items_of("es")
    cards = [f'<article><h2><a href="/noticias/{i.slug}">{i.title}</a></h2><time>{i.iso}</time>'
             f'</article>' for i in items[:2]]
    page = "<html><body><main>{}</main></body></html>"
    assert article_links(page.format("".join(cards)), "https://x.example/noticias/") == [
        f"https://x.example/noticias/{i.slug}" for i in items[:2]]
    assert article_links(page.format(cards[0]), "https://x.example/noticias/") == []


def test_wordpress_plain_permalinks():
    items = items_of("en")
    cards = "".join(f'<article><h2><a href="/?p={i.number}">{i.title}</a></h2>'
                    f'<time>{i.iso}</time></article>' for i in items)
    html = f'<html><body>{cards}<div class="nav-links"><a href="/?paged=2">Older posts</a></div>'
    found = article_links(html + "</body></html>", "https://x.example/")
    assert found == [f"https://x.example/?p={i.number}" for i in items]
    assert next_page(html, "https://x.example/") == "https://x.example/?paged=2"


def test_next_page_numbers_in_aria_labels():
    links = "".join(f'<a href="/news?pg={n}" aria-label="Go to page {n}">{n}</a>'
                    for n in range(1, 5))
    html = f'<html><body><nav aria-label="Pagination">{links}</nav></body></html>'
    assert next_page(html, "https://x.example/news?pg=2") == "https://x.example/news?pg=3"


def test_news_sections_with_regional_language_codes():
    html = """<html><body><nav><a href="/sobre/">Sobre nós</a><a href="/noticias/">Notícias</a>
      <a href="/xinwen/">新闻中心</a></nav></body></html>"""
    assert news_sections(html, "https://x.example/", ["pt-BR"]) == ["https://x.example/noticias/"]
    assert news_sections(html, "https://x.example/", ["zh_Hans"]) == ["https://x.example/xinwen/"]


def test_topic_links_inside_cards_are_not_articles():
    items = items_of("en")
    topics = ["Housing and tenants rights", "Work and employment law", "Family and children law"]
    rows = "".join(
        f'<div class="views-row"><h3><a href="/stories/{i.slug}">{i.title}</a></h3>'
        f'<div class="field-subject"><a href="/subjects-{n % 2}/{n}-{topics[n % 3][:4]}">'
        f'{topics[n % 3]}</a></div></div>' for n, i in enumerate(items))
    html = f"<html><body><main>{rows}</main></body></html>"
    assert article_links(html, "https://x.example/stories/") == [
        f"https://x.example/stories/{i.slug}" for i in items]


def test_an_article_featured_above_the_list_is_given_once():
    items = items_of("ja")
    hero = f'<div class="hero"><h2><a href="/info/{items[0].number}.html">{items[0].title}</a></h2>'
    rows = "".join(f'<li><h3><a href="/info/{i.number}.html">{i.title}</a></h3></li>'
                   for i in items)
    html = f"<html><body><main>{hero}</div><ul>{rows}</ul></main></body></html>"
    assert article_links(html, "https://x.example/info/") == [
        f"https://x.example/info/{i.number}.html" for i in items]


def test_authors_with_long_names_do_not_split_cards():
    """Three-word and CJK names link to profiles beside each card's title (Wix's blog)."""
    for lang, names in (("en", ["Anna de Vries", "Jan van Dam"]),
                        ("ja", ["伊藤さくら", "高橋由美"])):
        items = items_of(lang)
        cards = "".join(
            f'<div class="_21392"><div class="_6aa6d"><div class="_3017e"><a href="/profile/'
            f'member-{n % 2}/profile"><span>{names[n % 2]}</span></a><span>{i.day}</span></div>'
            f'<a href="/single-post/article-{i.number}" class="_25cc8"><p>{i.title}</p></a>'
            f'<div class="_45771">{i.teaser}</div></div></div>' for n, i in enumerate(items))
        html = f'<html><body><div class="_8ea18">{cards}</div></body></html>'
        assert article_links(html, "https://x.example/blog") == [
            f"https://x.example/single-post/article-{i.number}" for i in items]


def test_the_last_page_may_hold_one_article():
    item = items_of("fr")[0]
    html = f"""<html><body><main><h1>Actualités</h1><article><h2>{item.title}</h2>
      <p>{item.teaser}</p><span>{item.day}</span><a aria-label="Lien vers {item.title}"
      href="/posts/{item.slug}/"></a></article><nav class="pagination">
      <a href="/posts/">« Page précédente</a><a href="/posts/">1</a><span class="current">2</span>
      </nav></main></body></html>"""
    assert article_links(html, "https://x.example/posts/page/2/") == [
        f"https://x.example/posts/{item.slug}/"]
    assert next_page(html, "https://x.example/posts/page/2/") is None


def test_next_page_of_cms_specific_numbering():
    cases = [  # (page URL, links of its pager, the next page)
        ("/aktuality?b031a0f0_page=2", ["?b031a0f0_page=1", "?b031a0f0_page=3"],
         "/aktuality?b031a0f0_page=3"),
        ("/index.php?view=category&id=8&limitstart=12",
         ["/index.php?view=category&id=8&limitstart=0",
          "/index.php?view=category&id=8&limitstart=24"],
         "/index.php?view=category&id=8&limitstart=24"),
        ("/SitePages/News.aspx", ["/SitePages/News.aspx?Paged=TRUE&PageFirstRow=9"],
         "/SitePages/News.aspx?Paged=TRUE&PageFirstRow=9"),
    ]
    for page, hrefs, expected in cases:
        links = "".join(f'<a href="{h.replace("&", "&amp;")}">›</a>' for h in hrefs)
        html = f'<html><body><div class="w-pagination-wrapper">{links}</div></body></html>'
        assert next_page(html, "https://x.example" + page) == "https://x.example" + expected


def test_kana_keep_their_voicing_marks():
    html = """<html><body><nav><a href="/program/">プログラム紹介</a><a href="/blog/">ブログ</a>
      </nav></body></html>"""
    assert news_sections(html, "https://x.example/", ["ja"]) == ["https://x.example/blog/"]


def test_event_and_job_teasers_shaped_like_the_articles():
    """Same markup, no dates: only the URL says these are events and job offers."""
    cards, paths = cards_of("de", lambda i, p: f'<li><a href="{p}">{i.title}</a></li>')
    others = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in (
        ("/veranstaltungen/sommerfest-im-stadtpark/", "Sommerfest im Stadtpark für alle"),
        ("/veranstaltungen/tag-der-offenen-tuer/", "Tag der offenen Tür im Büro"),
        ("/jobs/juristin-in-teilzeit/", "Juristin in Teilzeit gesucht ab sofort"),
        ("/themen/mietrecht/", "Alles über das Mietrecht heute")))
    html = (f'<html><body><ul class="list">{cards}</ul><h2>Termine und Stellen</h2>'
            f'<ul class="list">{others}</ul></body></html>')
    assert article_links(html, "https://x.example/stories/") == [
        "https://x.example" + p for p in paths]


# -- cards titled by their picture, "load more" buttons, sections named otherwise, 0-based pages --

@pytest.mark.parametrize("lang", ["fr", "en", "de", "pl", "zh", "ja", "ko"])
@pytest.mark.parametrize("named_by", ["alt", "title", "aria-label"])
def test_cards_titled_only_by_their_image(lang, named_by):
    """A card whose only link wraps a picture: the alt text (or the link's title or aria-label)
    is its title. A tag's image link in the same card and a logo are no articles."""
    def card(item: Item, path: str) -> str:
        attribute = f' {named_by}="{item.title}"' if named_by != "alt" else ""
        alt = item.title if named_by == "alt" else ""
        return (f'<div class="card"><a class="card-link" href="{path}"{attribute}>'
                f'<img src="/img/{item.number}.jpg" alt="{alt}"></a><div class="card-body">'
                f'<span class="date">{item.day}</span><p>{item.teaser}</p>'
                '<a class="topic" href="/tag/housing-rights/"><img src="/img/tag.png" '
                'alt="Housing rights for tenants and families"></a></div></div>')
    cards, paths = cards_of(lang, card)
    html = (f'<html><body><header><a href="/"><img src="/logo.png" alt="Legal Aid Network of '
            f'the City"></a></header><main><h1>News</h1><div class="grid">{cards}</div></main>'
            '<div class="partners"><a href="https://bar.example/news/one"><img src="/b.png" '
            'alt="The bar association of the city and its volunteers"></a></div></body></html>')
    assert article_links(html, "https://x.example/stories/") == [
        "https://x.example" + p for p in paths]


LOAD_MORE = {"en": "Load more", "fr": "Charger plus", "de": "Mehr laden", "es": "Cargar más",
             "pt": "Carregar mais", "nl": "Meer laden", "it": "Carica altri",
             "pl": "Załaduj więcej", "sk": "Načítať viac", "zh": "加载更多", "ja": "もっと見る",
             "ko": "더 보기"}


def listing_with(pager_html: str, lang: str = "en") -> str:
    cards, _ = cards_of(lang if lang in TITLES else "en",
                        lambda i, p: f'<div class="card"><h3><a href="{p}">{i.title}</a></h3>'
                                     f'<p>{i.teaser}</p></div>')
    return (f'<html><body><nav class="menu"><a href="/programmes/p-2/">Digital strategy 2</a>'
            f'<a href="/programmes/p-3/">Graphic design 3</a></nav><main>{cards}{pager_html}'
            '</main></body></html>')


@pytest.mark.parametrize("lang", LOAD_MORE)
@pytest.mark.parametrize("attribute", ["data-href", "data-url"])
def test_load_more_button_gives_the_next_page(lang, attribute):
    html = listing_with(f'<button class="btn" {attribute}="/stories/?page=2">{LOAD_MORE[lang]}'
                        '</button>', lang)
    assert next_page(html, "https://x.example/stories/") == "https://x.example/stories/?page=2"
    assert not any("page=" in link for link in article_links(html, "https://x.example/stories/"))


@pytest.mark.parametrize("markup", [
    '<div class="infinite-scroll" data-next="/stories/?page=2"></div>',
    '<a class="more-posts" href="#" data-next-url="/stories/?page=2"></a>',
    '<a href="/stories/?page=2">Voir plus</a>',  # a load-more link to the listing's own page
    '<a href="#" data-href="/stories/?page=2">Mehr anzeigen</a>',
])
def test_load_more_and_infinite_scroll_markup(markup):
    html = listing_with(markup)
    assert next_page(html, "https://x.example/stories/") == "https://x.example/stories/?page=2"


@pytest.mark.parametrize("markup", [
    '<button data-href="https://other.example/stories/?page=2">Load more</button>',  # other site
    '<button data-href="/share/?u=stories">Share this page</button>',  # no load-more words
    '<button data-href="/stories/?page=1">Voir plus</button>',  # back to the page before
    '<a href="/stories/a-long-story-about-tenants/">Ver más</a>',  # a card's "read more"
    '<div data-url="/stories/?page=4"></div>',  # a data-url with no loader
    '<div class="carousel"><button data-next="slide-2">›</button></div>',  # a carousel's slide
])
def test_load_more_hostile_twins_give_no_next_page(markup):
    html = listing_with(markup)
    assert next_page(html, "https://x.example/stories/?page=2") is None


def test_menu_entries_ending_in_a_number_are_no_page_numbers():
    html = listing_with('<ul class="pager"><li class="is-active">1</li></ul>')
    assert next_page(html, "https://x.example/stories/") is None


def test_a_next_link_looping_back_to_the_first_page_is_not_followed():
    pager_html = ('<div class="pagination"><a href="/stories/">1</a><span class="current">2'
                  '</span><a href="/stories/page/3/">3</a><a class="next" href="/stories/">'
                  'Next</a></div>')
    assert next_page(listing_with(pager_html), "https://x.example/stories/page/2/") == (
        "https://x.example/stories/page/3/")


@pytest.mark.parametrize(("url", "pager_html", "expected"), [
    # 0-based, the pager shows the parameters: page 1 links only "1", which is ?page=1
    ("/stories/", '<ul class="pager"><li>0</li><li><a href="/stories/?page=1">1</a></li></ul>',
     "/stories/?page=1"),
    # a window of numbers that skips one: the one page further on
    ("/stories/?page=3", '<ul class="pager"><li><a href="/stories/">1</a></li>'
     '<li class="current">4</li><li><a href="/stories/?page=5">6</a></li></ul>',
     "/stories/?page=5"),
    # two pages further on and neither numbered one more: no guess
    ("/stories/?page=3", '<ul class="pager"><li class="current">4</li>'
     '<li><a href="/stories/?page=6">7</a></li><li><a href="/stories/?page=8">9</a></li></ul>',
     None),
    # only earlier pages
    ("/stories/?page=3", '<ul class="pager"><li><a href="/stories/?page=1">2</a></li>'
     '<li class="current">4</li></ul>', None),
])
def test_numbered_pagination_counting_from_zero(url, pager_html, expected):
    found = next_page(listing_with(pager_html), "https://x.example" + url)
    assert found == (expected and "https://x.example" + expected)


def test_links_to_documents_are_no_articles():
    cards, paths = cards_of("en", lambda i, p: f'<div class="card"><h3><a href="{p}">{i.title}'
                                               f'</a></h3><time>{i.day}</time></div>')
    report = ('<div class="card"><h3><a href="/files/annual-report-2024.pdf">Annual report of '
              'the clinic (PDF)</a></h3><time>May 2, 2024</time></div>')
    html = f'<html><body><main>{report}{cards}</main></body></html>'
    assert article_links(html, "https://x.example/stories/") == [
        "https://x.example" + p for p in paths]


OTHER_NAMES = [("Publications", "/ressources/publications/", "ja"),
               ("Ressources", "/ressources/publications/", "pl"),
               ("Impact", "/impact/", "zh"), ("Stories", "/stories/", "es"),
               ("Ce qui se passe", "/ce-qui-se-passe/", "ko"), ("Insights", "/nl/insights/", "nl")]


@pytest.mark.parametrize(("text", "path", "lang"), OTHER_NAMES)
@pytest.mark.parametrize("where", ["footer", "hamburger"])
def test_news_sections_named_otherwise_in_a_footer_or_a_hamburger_menu(text, path, lang, where):
    """A site whose menu forgets its news, or hides it in a <div> menu, under a name other sites
    give other pages; its events, jobs, contact and about links are never picked."""
    others = [("Events", "/events/"), ("Jobs", "/jobs/"), ("Contact", "/contact/"),
              ("About us", "/about/"), ("Recursos humanos 4", "/programmes/p-4/"),
              ("Impact report 2024", "/files/impact-report/")]
    if where == "footer":
        menu = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in others[2:])
        nav = f'<nav><ul>{menu}</ul></nav>'
        footer = "".join(f'<a href="{h}">{t}</a> ' for t, h in [(text, path), *others[:2]])
    else:
        entries = [*others[:3], (text, path), *others[3:]]
        nav = ('<div class="hamburger" aria-label="menu"><span></span></div><div class="offcanvas"'
               ' id="menu">' + "".join(f'<div class="menu-entry"><a href="{h}">{t}</a></div>'
                                       for t, h in entries) + "</div>")
        footer = '<a href="/events/">Events</a> <a href="/legal/">Legal notice</a>'
    html = (f'<html><body><header>{nav}</header><main><h1>Welcome</h1></main>'
            f'<footer><p>{footer}</p></footer></body></html>')
    assert news_sections(html, "https://x.example/", [lang]) == ["https://x.example" + path]


def test_footer_sections_come_after_the_menu_and_weak_names_after_plain_ones():
    html = """<html><body><nav><a href="/impact/">Impact</a><a href="/news/">News</a></nav>
      <footer><a href="/blog/">Blog</a><a href="/events/">Events</a></footer></body></html>"""
    assert news_sections(html, "https://x.example/", ["en"]) == [
        "https://x.example/news/", "https://x.example/impact/", "https://x.example/blog/"]


def test_news_sections_named_by_an_image_in_the_menu():
    html = """<html><body><nav><a href="/"><img src="/home.svg" alt="Home"></a>
      <a href="/aktuelles/"><img src="/news.svg" alt="Aktuelles"></a></nav></body></html>"""
    assert news_sections(html, "https://x.example/", ["de"]) == ["https://x.example/aktuelles/"]


@pytest.mark.parametrize("url, previous, after", [
    ("http://a.test/news/?page=2", "http://a.test/news/", "http://a.test/news/?page=3"),
    ("http://a.test/news/page/3/", "http://a.test/news/page/2/", "http://a.test/news/page/4/"),
    ("http://a.test/n/?start=10&x=1", "http://a.test/n/?x=1", "http://a.test/n/?start=20&x=1"),
    ("http://a.test/n/?start=20", "http://a.test/n/?start=10", "http://a.test/n/?start=30"),
    ("http://a.test/blog/?pg=2&q=a+b", "http://a.test/blog/",
     "http://a.test/blog/?pg=3&q=a+b"),  # the other parameters kept as they were
    ("http://a.test/news/", "http://a.test/", None),  # no number: nothing to guess
    ("http://a.test/n/?start=10", "http://a.test/n/?start=10", None),  # no step
])
def test_the_page_after_a_failed_one_by_its_number(url, previous, after):
    from pipeline.listings import page_after

    assert page_after(url, previous) == after
