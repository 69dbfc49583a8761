"""A stranger world of member sites, written without reading the discovery code: the conventions of
real sites that tests/world/generator.py lacks, each site picking several by seed.

    world = make_strange_world(seed=1, count=24, now=datetime.now(timezone.utc))
    with StrangeServer(world) as server: ...        # WorldServer plus redirects, raw gzip bodies,
                                                    # a feed service host and endless calendars
    score(db, world)                                # tests/world/score.py, unchanged

The shapes are the generated world's (World, Site-like objects with pages, expected, explicit,
homepage_only, variant.feed), so tests/world/score.py and the benchmark work on it. Every text is
invented (tests/world/content.py's pools). Only real articles are expected: an article with a
short text, one with no date at all (published None) and a Q&A interview are articles; a press
kit, a report PDF, an event with JSON-LD Event, a dated job offer, a team profile, a long about
page, a newsletter archive and a category page with a long introduction are not.

Deliberately broken or hostile, and so left out of "every internal link answers": the listing page
that answers 500 (`Site.failing`), https:// variants of links (the loopback server speaks http
only), the /private/ draft disallowed by robots.txt (it answers, but must not be read), and the
calendar that serves any month (`Site.dynamic`).
"""

from __future__ import annotations

import gzip
import html
import json
import random
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from http.server import ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

from pipeline.demo_network import _SiteHandler, substitute
from tests.world.content import LANGS, Lang, date_text, fill
from tests.world.generator import Expected, Page, World, _slug
from tests.world.server import WorldServer

STYLES = ("publications", "blog-2", "insights", "lang-prefix", "stories", "impact")
FEED_HOST = "feeds-relay"  # a feed service of the world: serves other sites' feeds
BASE = "{{base}}"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Variant:
    feed: str | None          # None | "own" | "relay" | "relative" | "three" | "textxml"
    comments_first: bool      # a comments feed linked before the posts feed
    sitemap: str | None       # None | "gz" | "index" | "pages-only"
    nav: str                  # "mega" | "hamburger" | "footer-only" | "span-icon"
    pagination: str           # "loadmore" | "infinite" | "offset" | "zero" | "loop"
    paths: str                # "slug" | "html-year" | "dated" | "numbered"
    image_cards: bool
    tracking: bool
    relative: bool
    fragments: bool
    www: bool
    https: bool
    redirect: bool            # nav links /news/, which answers 301 to the real section
    failing: bool             # one listing page answers 500
    private: bool             # a listing card to /private/ (disallowed by robots.txt)
    calendar: bool            # a calendar serving any month, "next month" forever
    mixed_cards: bool         # event, press kit and report cards inside the news listing
    og: bool
    jsonld: bool
    time_tag: bool
    numeric_date: bool
    page_size: int
    extras: tuple[str, ...]   # non-articles present: presskit, report, event, job, team, ...


@dataclass
class Article:
    number: int
    slug: str
    title: str
    author: str | None
    published: datetime
    paragraphs: list[str]
    kind: str = "plain"       # "plain" | "short" | "dateless" | "interview"
    path: str = ""


def _section(style: str, lang: Lang, rng: random.Random) -> tuple[str, str]:
    """(navigation label, path) of the news section."""
    code = lang.code
    if style == "publications":
        return rng.choice([("Publications", "/ressources/publications/"),
                           ("Ressources", "/ressources/publications/")])
    if style == "blog-2":
        return (lang.news[1][0], "/blog-2/")
    if style == "insights":
        return ("Insights", f"/{code}/insights/")
    if style == "lang-prefix":
        if code == "fr":
            return ("Nos actus", "/fr/nos-actus/")
        if code == "de":
            return ("Aktuelles", "/de/aktuelles/")
        return (lang.news[0][0], f"/{code}/{lang.news[0][1]}/")
    if style == "stories":
        return rng.choice([("Stories", "/stories/"), ("Ce qui se passe", "/ce-qui-se-passe/")])
    return ("Impact", "/impact/")


def _pick(rng: random.Random) -> Variant:
    extras = ("presskit", "report", "event", "job", "team", "about", "newsletter", "category")
    return Variant(
        feed=rng.choice([None, None, "own", "relay", "relative", "three", "textxml"]),
        comments_first=rng.random() < 0.5,
        sitemap=rng.choice([None, "gz", "index", "pages-only"]),
        nav=rng.choice(["mega", "hamburger", "footer-only", "span-icon"]),
        pagination=rng.choice(["loadmore", "infinite", "offset", "zero", "loop"]),
        paths=rng.choice(["slug", "html-year", "dated", "numbered"]),
        image_cards=rng.random() < 0.4, tracking=rng.random() < 0.5,
        relative=rng.random() < 0.5, fragments=rng.random() < 0.4, www=rng.random() < 0.4,
        https=rng.random() < 0.3, redirect=rng.random() < 0.3, failing=rng.random() < 0.3,
        private=rng.random() < 0.5, calendar=rng.random() < 0.5,
        mixed_cards=rng.random() < 0.5, og=rng.random() < 0.6, jsonld=rng.random() < 0.5,
        time_tag=rng.random() < 0.5, numeric_date=rng.random() < 0.4,
        page_size=rng.choice([5, 6, 8]),
        extras=tuple(sorted(rng.sample(extras, rng.randint(4, 8)))))


def _sentences(lang: Lang, rng: random.Random, org: str, count: int) -> list[str]:
    picked = rng.sample(lang.sentences, min(count, len(lang.sentences)))
    out = []
    for sentence in picked:
        text = fill(sentence, lang, org=org, city=rng.choice(lang.cities),
                    skill=rng.choice(lang.skills), sector=rng.choice(lang.sectors),
                    n=rng.randint(3, 60), person=rng.choice(lang.people))
        out.append(text[:1].upper() + text[1:])
    return out


def _join(lang: Lang, sentences: list[str]) -> str:
    return lang.sentence_gap.join(sentences)


class StrangeSite:
    """One member site of the strange world; `pages` by path with query, as the server asks."""

    def __init__(self, index: int, style: str, lang: Lang, rng: random.Random, now: datetime):
        self.index, self.style, self.lang, self.language = index, style, lang, lang.code
        self.id = f"s{index:02d}-{style}-{lang.code}"
        self.city = rng.choice(lang.cities)
        self.organisation = rng.choice(lang.orgs).format(city=self.city)
        self.name = self.organisation
        self.country = rng.choice(lang.countries)[0]
        self.now = now
        self.variant = _pick(rng)
        self.news_label, self.section = _section(style, lang, rng)
        self.rng_seed = rng.random()
        self.articles = self._articles(rng, now)
        self.people = sorted({a.author for a in self.articles if a.author})
        self.redirects: dict[str, str] = {}
        self.failing: set[str] = set()
        self.pages: dict[str, Page] = {}
        self.render()
        self.expected = [Expected(a.path, a.title, a.author,
                                  None if a.kind == "dateless" else a.published.date().isoformat(),
                                  lang.code) for a in self.articles]
        self.explicit = self._explicit()
        self.homepage_only = {"id": self.id, "name": self.name, "organisation": self.organisation,
                              "country": self.country, "homepage": f"{{{{site:{self.id}}}}}/",
                              "languages": [lang.code]}

    # --- content ------------------------------------------------------------------------------
    def _articles(self, rng: random.Random, now: datetime) -> list[Article]:
        lang, org = self.lang, self.organisation
        count = rng.randint(12, 22)
        days = sorted(rng.sample(range(1, 700), count))
        people = rng.sample(lang.people, rng.randint(2, 3))
        with_author = rng.random() < 0.8
        special = rng.sample(range(count), 3)  # short, dateless, interview
        titles: set[str] = set()
        out = []
        for i, day in enumerate(days):
            published = (now - timedelta(days=day)).replace(hour=rng.randint(8, 15), minute=0,
                                                            second=0, microsecond=0)
            title = ""
            while not title or title in titles:
                t = fill(rng.choice(lang.titles), lang, org=org, city=rng.choice(lang.cities),
                         skill=rng.choice(lang.skills), sector=rng.choice(lang.sectors),
                         n=rng.randint(3, 60))
                title = t[:1].upper() + t[1:]
            titles.add(title)
            kind = {special[0]: "short", special[1]: "dateless",
                    special[2]: "interview"}.get(i, "plain")
            if kind == "short":  # about 150 words (300 characters in CJK)
                sentences, text = _sentences(lang, rng, org, 14), []
                for s in sentences:
                    text.append(s)
                    size = len("".join(text)) if lang.cjk else len(" ".join(text).split())
                    if size >= (300 if lang.cjk else 150):
                        break
                paragraphs = [_join(lang, text)]
            elif kind == "interview":
                sentences = _sentences(lang, rng, org, 8)
                person = rng.choice(lang.people)
                paragraphs = []
                for q, a in zip(sentences[0::2], sentences[1::2]):
                    paragraphs += [f"— {q[:-1] if q.endswith('.') else q} ?", f"{person} : {a}"]
            else:
                sentences = _sentences(lang, rng, org, 9)
                paragraphs = [_join(lang, sentences[:3]), _join(lang, sentences[3:6]),
                              _join(lang, sentences[6:])]
            number = 1000 + i * 7 + rng.randint(0, 5)
            slug = _slug(title, f"article-{number}")
            if any(a.slug == slug for a in out):
                slug = f"{slug}-{number}"
            out.append(Article(number, slug, title, rng.choice(people) if with_author else None,
                               published, paragraphs, kind))
        out.reverse()  # newest first
        for a in out:
            a.path = self.article_path(a)
        return out

    def article_path(self, a: Article) -> str:
        sec, p = self.section, self.variant.paths
        if p == "slug":
            return f"{sec}{a.slug}/"
        if p == "html-year":
            return f"{sec}{a.published:%Y}/{a.slug}.html"
        if p == "dated":
            return f"/{a.published:%Y/%m/%d}/{a.slug}/"
        return f"/p/{a.number}-{a.slug}"

    # --- URLs of the rest -----------------------------------------------------------------------
    def listing_url(self, n: int) -> str:
        """Page n (1-based) of the news listing, as the site writes it."""
        sec, kind = self.section, self.variant.pagination
        if n == 1:
            return sec
        if kind in ("loadmore", "infinite"):
            return f"{sec}?page={n}"
        if kind == "offset":
            return f"{sec}?start={(n - 1) * self.variant.page_size}"
        if kind == "zero":
            return f"{sec}?page={n - 1}"
        return f"{sec}page/{n}/"

    def chunks(self) -> list[list[Article]]:
        size = self.variant.page_size
        return [self.articles[i:i + size] for i in range(0, len(self.articles), size)]

    def href(self, path: str, card: bool = False, salt: int = 0, here: str = "") -> str:
        """A link to one of the site's pages, in the site's habits (cards get tracking etc.)."""
        v = self.variant
        if card and v.relative and here == self.section and path.startswith(here) and path != here:
            out = path[len(here):]
        elif card and v.www and salt % 3 == 0:
            out = f"http://www.{self.id}.test{path}"
        else:
            out = path
        if card and v.tracking and salt % 2 == 0:
            out += ("&" if "?" in out else "?") + "utm_source=site&utm_medium=listing"
        if card and v.fragments and salt % 3 == 1:
            out += "#main-content"
        return esc(out)

    # --- markup -------------------------------------------------------------------------------
    def date(self, moment: datetime) -> str:
        return date_text(self.lang, moment.year, moment.month, moment.day,
                         self.variant.numeric_date)

    def time(self, moment: datetime) -> str:
        if self.variant.time_tag:
            return f'<time datetime="{moment.isoformat()}">{esc(self.date(moment))}</time>'
        return f'<span class="date">{esc(self.date(moment))}</span>'

    def news_href(self) -> str:
        return "/news/" if self.variant.redirect else self.section

    def menu(self) -> list[tuple[str, str]]:
        nav = self.lang.nav
        items = [(nav["home"], "/"), (self.news_label, self.news_href()),
                 (nav["about"], "/about/"), (nav["contact"], "/contact/")]
        if self.variant.calendar:
            items.append((nav["events"], f"/agenda/?month={self.now:%Y-%m}"))
        if "team" in self.variant.extras:
            items.append(("Team", "/team/"))
        if "newsletter" in self.variant.extras:
            items.append(("Newsletter", "/newsletter/"))
        if "presskit" in self.variant.extras:
            items.append(("Press", "/press/kit/"))
        if "job" in self.variant.extras:
            items.append((nav["jobs"], "/jobs/"))
        return items

    def layout(self, title: str, content: str, head: str = "", kind: str = "page") -> str:
        v, nav = self.variant, self.lang.nav
        items = self.menu()
        if v.nav == "footer-only":
            items = [i for i in items if i[1] != self.news_href()]
        if v.nav == "mega":
            links = "".join(f'<li><a href="{esc(p)}">{esc(label)}</a></li>' for label, p in items)
            more = "".join(f'<li><a href="/programmes/p-{i}/">{esc(self.lang.skills[i % 8])} '
                           f'{i + 1}</a></li>' for i in range(40 - len(items)))
            menu = (f'<nav class="mega-menu"><ul class="level-1">{links}</ul>'
                    f'<div class="mega-panel"><ul>{more}</ul></div></nav>')
        elif v.nav == "hamburger":
            links = "".join(f'<div class="menu-entry"><a href="{esc(p)}">{esc(label)}</a></div>'
                            for label, p in items)
            menu = ('<div class="hamburger" aria-label="menu"><span></span><span></span></div>'
                    f'<div class="offcanvas" id="menu">{links}</div>')
        elif v.nav == "span-icon":
            links = "".join(
                f'<li><a class="nav-link" href="{esc(p)}"><i class="icon icon-{i}"></i>'
                f'<span>{esc(label.upper() if i % 2 else "✨ " + label)}</span></a></li>'
                for i, (label, p) in enumerate(items))
            menu = f'<nav><ul class="navbar">{links}</ul></nav>'
        else:
            links = "".join(f'<li><a href="{esc(p)}">{esc(label)}</a></li>' for label, p in items)
            menu = f'<nav class="top"><ul>{links}</ul></nav>'
        foot = [(nav["legal"], "/legal/"), (nav["privacy"], "/privacy/")]
        if v.nav == "footer-only":
            foot.insert(0, (self.news_label, self.news_href()))
        footer = " · ".join(f'<a href="{esc(p)}">{esc(label)}</a>' for label, p in foot)
        feeds = self.head_feeds()
        return (f'<!DOCTYPE html>\n<html lang="{self.lang.code}"><head><meta charset="utf-8">'
                f'<title>{esc(title)} | {esc(self.name)}</title>{feeds}{head}</head>\n'
                f'<body class="{kind}"><header><a class="logo" href="/">{esc(self.name)}</a>'
                f'{menu}</header>\n<main>{content}</main>\n'
                f'<footer><p>{footer}</p><p>© {esc(self.organisation)}</p></footer>'
                '</body></html>\n')

    def head_feeds(self) -> str:
        v = self.variant
        if not v.feed:
            return ""
        out = ""
        if v.comments_first:
            out += ('<link rel="alternate" type="application/rss+xml" title="Comments" '
                    'href="/comments/feed/">')
        kind = "text/xml" if v.feed == "textxml" else "application/rss+xml"
        out += (f'<link rel="alternate" type="{kind}" title="{esc(self.name)}" '
                f'href="{esc(self.feed_url())}">')
        return out

    def feed_url(self) -> str:
        if self.variant.feed == "relay":
            return f"http://{FEED_HOST}.test/{self.id}/rss.xml"
        return "/feed/"

    def long_text(self, salt: int, count: int = 9) -> list[str]:
        rng = random.Random(f"{self.id}/{salt}")
        s = _sentences(self.lang, rng, self.organisation, count)
        return [_join(self.lang, s[i:i + 3]) for i in range(0, len(s), 3)]

    def card(self, a: Article, here: str, salt: int) -> str:
        link = self.href(a.path, card=True, salt=salt, here=here)
        teaser = esc(a.paragraphs[0][:140]) + "…"
        when = "" if a.kind == "dateless" else self.time(a.published)
        if self.variant.image_cards:
            return (f'<div class="card"><a class="card-link" href="{link}"><img src="/img/'
                    f'{a.number}'
                    f'.jpg" alt="{esc(a.title)}"></a><div class="card-body">{when}<p>{teaser}</p>'
                    '</div></div>')
        return (f'<div class="card"><h3 class="card-title"><a class="card-link" href="{link}">'
                f'{esc(a.title)}</a></h3>{when}<p>{teaser}</p></div>')

    def other_cards(self, n: int) -> str:
        """Cards that are not articles, mixed into the listing on some sites."""
        v, out = self.variant, []
        if not v.mixed_cards and not v.private:
            return ""
        if v.mixed_cards and n == 1:
            if "event" in v.extras:
                out.append('<div class="card event"><h3><a class="card-link" '
                           f'href="/events/forum/">{esc(self.event_title())}</a></h3>'
                           f'{self.time(self.event_when())}</div>')
            if "presskit" in v.extras:
                out.append('<div class="card"><h3><a class="card-link" href="/press/kit/">'
                           f'{esc(self.presskit_title())}</a></h3>'
                           f'{self.time(self.now - timedelta(days=40))}'
                           '</div>')
            if "report" in v.extras:
                out.append('<div class="card"><h3><a class="card-link" '
                           'href="/files/annual-report.pdf"'
                           f'>Report {self.now.year - 1} (PDF)</a></h3></div>')
        if v.private and n == 1:
            out.append('<div class="card"><h3><a class="card-link" href="/private/draft-preview/">'
                       f'{esc(self.articles[0].title)} (draft)</a></h3></div>')
        return "".join(out)

    def pager(self, n: int, total: int) -> str:
        v = self.variant
        if total == 1:
            return ""
        kind = v.pagination
        if kind == "loadmore":
            return (f'<button class="load-more" data-href="{esc(self.listing_url(n + 1))}">'
                    'Load more</button>' if n < total else "")
        if kind == "infinite":
            return ('<div class="infinite-scroll" '
                    f'data-next="{esc(self.listing_url(n + 1))}"></div>'
                    f'<noscript><a href="?page={n + 1}">{n + 1}</a></noscript>'
                    if n < total else "")
        if kind == "offset":
            parts = []
            if n > 1:
                parts.append('<a class="pager__prev" '
                             f'href="{esc(self.listing_url(n - 1))}">‹</a>')
            if n < total:
                parts.append('<a class="pager__next" '
                             f'href="{esc(self.listing_url(n + 1))}">›</a>')
            return f'<div class="pager">{"".join(parts)}</div>'
        if kind == "zero":
            return ('<ul class="pager">' + "".join(
                f'<li class="is-active">{i}</li>' if i == n else
                f'<li><a href="{esc(self.listing_url(i))}">{i}</a></li>'
                for i in range(1, total + 1)) + "</ul>")
        # "loop": numbers, and a "next" that page 2 points back at page 1
        nums = "".join(f'<span class="current">{i}</span>' if i == n else
                       f'<a href="{esc(self.listing_url(i))}">{i}</a>' for i in range(1, total + 1))
        nxt = ""
        if n < total:
            target = self.listing_url(1) if n == 2 else self.listing_url(n + 1)
            nxt = f'<a class="next" href="{esc(target)}">{esc(self.lang.next_page)}</a>'
        return f'<div class="pagination">{nums}{nxt}</div>'

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        here = self.listing_url(n).split("?")[0]
        cards = "".join(self.card(a, here, i + n) for i, a in enumerate(items))
        content = (f'<h1>{esc(self.news_label)}</h1><div class="grid">{self.other_cards(n)}{cards}'
                   f'</div>{self.pager(n, total)}')
        return self.layout(self.news_label, content, kind="listing")

    def article_head(self, a: Article) -> str:
        v, out = self.variant, []
        if a.author:
            out.append(f'<meta name="author" content="{esc(a.author)}">')
        if v.og or a.kind == "dateless":
            out.append('<meta property="og:type" content="article">'
                       f'<meta property="og:title" content="{esc(a.title)}">')
            if a.kind != "dateless":
                out.append(f'<meta property="article:published_time" content="'
                           f'{a.published.isoformat()}">')
        if v.jsonld and a.kind != "dateless":
            data = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": a.title,
                    "datePublished": a.published.isoformat()}
            if a.author:
                data["author"] = {"@type": "Person", "name": a.author}
            out.append('<script type="application/ld+json">'
                       + json.dumps(data, ensure_ascii=False) + "</script>")
        return "".join(out)

    def article_page(self, i: int, a: Article) -> str:
        meta = []
        if a.kind != "dateless":
            meta.append(self.time(a.published))
        if a.author:
            who = (f'<a href="/team/{_slug(a.author, "p" + str(self.people.index(a.author)))}/">'
                   f'{esc(a.author)}</a>' if "team" in self.variant.extras else esc(a.author))
            meta.append(f'<span class="author">{esc(self.lang.byline)} {who}</span>')
        body = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
        around = []
        for j, label in ((i + 1, "←"), (i - 1, "→")):
            if 0 <= j < len(self.articles):
                other = self.articles[j]
                link = other.path
                if (self.variant.relative and self.variant.paths == "html-year"):
                    link = f"../{other.published:%Y}/{other.slug}.html"
                around.append(f'<a class="sibling" href="{esc(link)}">{label} '
                              f'{esc(other.title)}</a>')
        content = (f'<div class="post"><h1 class="post-title">{esc(a.title)}</h1>'
                   f'<div class="meta">{" · ".join(meta)}</div><div class="post-body">{body}</div>'
                   f'<div class="siblings">{"".join(around)}</div>'
                   f'<a href="{esc(self.section)}">{esc(self.news_label)}</a></div>')
        return self.layout(a.title, content, head=self.article_head(a), kind="single")

    def home(self) -> str:
        latest = "".join(f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>'
                         for a in self.articles[:3])
        about = fill(self.lang.about_text, self.lang, org=self.organisation, city=self.city)
        more = ("" if self.variant.nav == "footer-only"
                else f'<p><a class="more" href="{esc(self.news_href())}">{esc(self.news_label)} »'
                     '</a></p>')
        https = ""
        if self.variant.https:
            https = ('<p class="featured"><a '
                     f'href="https://{self.id}.test{esc(self.articles[0].path)}">'
                     f'{esc(self.articles[0].title)}</a></p>')
        tagline = self.lang.tagline.format(org=self.organisation)
        content = (f'<section class="hero"><h1>{esc(tagline)}'
                   f'</h1><p>{esc(about)}</p></section>{https}<section class="latest"><ul>{latest}'
                   f'</ul>{more}</section>')
        return self.layout(self.lang.nav["home"], content, kind="home")

    def simple(self, title: str, paragraphs: list[str], head: str = "", extra: str = "") -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        return self.layout(title, f"<h1>{esc(title)}</h1>{extra}{body}", head=head)

    def event_title(self) -> str:
        return fill(self.lang.events[0], self.lang, city=self.city, skill=self.lang.skills[0])

    def event_when(self) -> datetime:
        return (self.now + timedelta(days=21)).replace(hour=10, minute=0, second=0, microsecond=0)

    def presskit_title(self) -> str:
        return f"Press kit — {self.organisation}"

    # --- the whole site ---------------------------------------------------------------------------
    def render(self) -> None:
        v, lang = self.variant, self.lang
        pages: dict[str, str] = {"/": self.home()}
        chunks = self.chunks()
        for n, items in enumerate(chunks, start=1):
            pages[self.listing_url(n)] = self.listing_page(n, len(chunks), items)
        self.failing = set()
        if v.failing and len(chunks) >= 3:
            self.failing.add(self.listing_url(2))
        for i, a in enumerate(self.articles):
            pages[a.path] = self.article_page(i, a)
        pages["/about/"] = self.simple(lang.nav["about"],
                                       self.long_text(1, 14 if "about" in v.extras else 2))
        pages["/contact/"] = self.simple(lang.nav["contact"], [fill(lang.contact_text, lang,
                                         org=self.organisation, city=self.city)])
        pages["/legal/"] = self.simple(lang.nav["legal"], [fill(lang.legal_text, lang,
                                       org=self.organisation, city=self.city,
                                       person=lang.people[0])])
        pages["/privacy/"] = self.simple(lang.nav["privacy"], [fill(lang.privacy_text, lang,
                                         org=self.organisation)])
        if v.nav == "mega":
            for i in range(40):
                pages[f"/programmes/p-{i}/"] = self.simple(f"{lang.skills[i % 8]} {i + 1}",
                                                           self.long_text(100 + i, 2))
        if "team" in v.extras:
            rows = "".join(f'<li><a href="/team/{_slug(p, "p" + str(k))}/">{esc(p)}</a></li>'
                           for k, p in enumerate(self.people or lang.people[:2]))
            pages["/team/"] = self.layout("Team", f"<h1>Team</h1><ul>{rows}</ul>")
            for k, p in enumerate(self.people or lang.people[:2]):
                pages[f"/team/{_slug(p, 'p' + str(k))}/"] = self.simple(
                    p, self.long_text(200 + k, 6),
                    head='<meta property="og:type" content="profile">')
        if "presskit" in v.extras:
            pages["/press/kit/"] = self.simple(
                self.presskit_title(), self.long_text(300, 12),
                extra=f'<p class="date">{self.time(self.now - timedelta(days=40))}</p>'
                      '<p><a href="/files/press-kit.pdf">PDF</a></p>')
        if "presskit" in v.extras or "report" in v.extras:
            pdf = b"%PDF-1.4\n% invented test file\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
            self.pages_raw = {"/files/press-kit.pdf": Page(pdf, "application/pdf"),
                              "/files/annual-report.pdf": Page(pdf, "application/pdf")}
        else:
            self.pages_raw = {}
        if "event" in v.extras or v.calendar:
            when = self.event_when()
            data = {"@context": "https://schema.org", "@type": "Event", "name": self.event_title(),
                    "startDate": when.isoformat(),
                    "location": {"@type": "Place", "name": self.city}}
            pages["/events/forum/"] = self.simple(
                self.event_title(), self.long_text(400, 9),
                head='<script type="application/ld+json">' + json.dumps(data, ensure_ascii=False)
                     + "</script>", extra=f'<p class="when">{self.time(when)}</p>')
        if "job" in v.extras:
            pages["/jobs/"] = self.layout(lang.nav["jobs"], f'<h1>{esc(lang.nav["jobs"])}</h1><ul>'
                                          f'<li><a href="/jobs/offer-1/">{esc(lang.jobs[0])}</a>'
                                          '</li></ul>')
            pages["/jobs/offer-1/"] = self.simple(
                lang.jobs[0], [fill(lang.job_text, lang, org=self.organisation, city=self.city),
                               *self.long_text(500, 3)],
                extra=f'<p class="posted">{self.time(self.now - timedelta(days=9))}</p>')
        if "newsletter" in v.extras:
            rows = "".join(f'<li><a href="/files/newsletter-{k}.pdf">Newsletter #{k}</a> '
                           f'{self.time(self.now - timedelta(days=30 * k))}</li>'
                           for k in range(1, 9))
            pages["/newsletter/"] = self.layout("Newsletter", f"<h1>Newsletter</h1><ul>{rows}</ul>")
            pdf = b"%PDF-1.4\n% invented newsletter\n%%EOF\n"
            for k in range(1, 9):
                self.pages_raw[f"/files/newsletter-{k}.pdf"] = Page(pdf, "application/pdf")
        if "category" in v.extras:
            cat = f"{self.section}category/{_slug(lang.tags[0], 'cat-0')}/"
            cards = "".join(self.card(a, cat, 1) for a in self.articles[:4])
            intro = "".join(f"<p>{esc(p)}</p>" for p in self.long_text(600, 9))
            pages[cat] = self.layout(lang.tags[0], f"<h1>{esc(lang.tags[0])}</h1>{intro}{cards}")
            # linked from the first article and from the listing's first page
            first = self.articles[0].path
            pages[first] = pages[first].replace(
                '<div class="siblings">', f'<p class="cat"><a href="{esc(cat)}">'
                f'{esc(lang.tags[0])}</a></p><div class="siblings">')
            one = self.listing_url(1)
            pages[one] = pages[one].replace('<div class="grid">', f'<p class="cats"><a href="'
                                            f'{esc(cat)}">{esc(lang.tags[0])}</a></p>'
                                            '<div class="grid">')
        if v.private:
            a = self.articles[-1]
            pages["/private/draft-preview/"] = self.simple(
                a.title + " (draft)", self.long_text(700, 9),
                head='<meta property="og:type" content="article">')
        if v.redirect:
            self.redirects = {"/news/": self.section}
        if v.feed and v.comments_first:
            pages["/comments/feed/"] = self.comments_feed()
        out = {p: Page(text.encode("utf-8"), "text/html; charset=utf-8")
               for p, text in pages.items()}
        for p in self.failing:
            out[p] = Page(b"<html><body><h1>Internal Server Error</h1></body></html>",
                          "text/html; charset=utf-8", 500)
        out.update(self.pages_raw)
        robots = ["User-agent: *", "Disallow: /private/", "Disallow: /wp-admin/", ""]
        sm = self.sitemaps(out)
        if v.sitemap == "gz":
            robots.append(f"Sitemap: {BASE}/sitemaps/posts.xml.gz")
        elif v.sitemap == "index":
            robots.append(f"Sitemap: {BASE}/sitemap_index.xml")
        out["/robots.txt"] = Page("\n".join(robots).encode() + b"\n", "text/plain; charset=utf-8")
        out.update(sm)
        if v.feed and v.feed != "relay":
            out["/feed/"] = Page(self.feed().encode("utf-8"), "application/rss+xml; charset=utf-8")
        self.pages = out

    def feed_items(self) -> list[Article]:
        return self.articles[:3] if self.variant.feed == "three" else self.articles[:10]

    def feed(self) -> str:
        v, rows = self.variant, []
        origin = f"http://{self.id}.test" if v.feed == "relay" else BASE
        for a in self.feed_items():
            link = a.path if v.feed == "relative" else origin + a.path
            date = ("" if a.kind == "dateless"
                    else f"<pubDate>{format_datetime(a.published)}</pubDate>")
            who = f"<dc:creator>{esc(a.author)}</dc:creator>" if a.author else ""
            rows.append(f"<item><title>{esc(a.title)}</title><link>{esc(link)}</link>{date}{who}"
                        f"<description>{esc(a.paragraphs[0][:200])}</description></item>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
                f"<title>{esc(self.name)}</title><link>{origin}/</link>"
                f"<description>{esc(self.name)}</description><language>{self.lang.code}"
                "</language>\n" + "\n".join(rows) + "\n</channel></rss>\n")

    def comments_feed(self) -> str:
        rows = "".join(f"<item><title>{esc(self.lang.nav['contact'])}: {esc(a.title)}</title>"
                       f"<link>{BASE}{esc(a.path)}#comment-{k + 1}</link>"
                       f"<pubDate>{format_datetime(a.published + timedelta(days=1))}</pubDate>"
                       "<description>+1</description></item>\n"
                       for k, a in enumerate(self.articles[:4]))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                f"<title>Comments: {esc(self.name)}</title><link>{BASE}/</link>"
                f"<description>comments</description>\n{rows}</channel></rss>\n")

    def page_paths(self, pages: dict[str, Page]) -> list[str]:
        return [p for p, page in pages.items() if page.content_type.startswith("text/html")
                and p not in {a.path for a in self.articles} and page.status == 200
                and not p.startswith("/private/")]

    def sitemaps(self, built: dict[str, Page]) -> dict[str, Page]:
        v = self.variant
        if not v.sitemap:
            return {}
        base = f"http://{self.id}.test"  # the gzip body cannot carry a placeholder

        def urlset(paths: list[str], origin: str = BASE) -> str:
            rows = "".join(f"<url><loc>{esc(origin + p)}</loc></url>\n" for p in paths)
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps'
                    f'.org/schemas/sitemap/0.9">\n{rows}</urlset>\n')
        posts = [a.path for a in self.articles]
        pages = sorted(self.page_paths(built))
        xml = "application/xml; charset=utf-8"
        if v.sitemap == "gz":
            body = gzip.compress(urlset(posts, base).encode("utf-8"), mtime=0)
            return {"/sitemaps/posts.xml.gz": Page(body, "application/gzip")}
        if v.sitemap == "pages-only":
            return {"/sitemap.xml": Page(urlset(pages).encode(), xml)}
        tags = [p for p in pages if "/category/" in p] or ["/"]
        index = "".join(f"<sitemap><loc>{BASE}/sitemap-{k}.xml</loc></sitemap>\n"
                        for k in ("pages", "posts", "tags"))
        return {"/sitemap_index.xml": Page((
                    '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.'
                    f'sitemaps.org/schemas/sitemap/0.9">\n{index}</sitemapindex>\n').encode(), xml),
                "/sitemap-pages.xml": Page(urlset(pages).encode(), xml),
                "/sitemap-posts.xml": Page(urlset(posts).encode("utf-8"), xml),
                "/sitemap-tags.xml": Page(urlset(tags).encode("utf-8"), xml)}

    def dynamic(self, path: str, query: str) -> Page | None:
        """The calendar: any month answers, with links to the month before and after, forever."""
        if not (self.variant.calendar and path == "/agenda/"):
            return None
        month = dict(parse_qsl(query)).get("month", "")
        match = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if not match:
            return None
        year, mon = int(match.group(1)), int(match.group(2))
        if not 1 <= mon <= 12:
            return None
        before = f"{year - (mon == 1)}-{(mon - 2) % 12 + 1:02d}"
        after = f"{year + (mon == 12)}-{mon % 12 + 1:02d}"
        when = self.event_when()
        row = (f'<li><a href="/events/forum/">{esc(self.event_title())}</a></li>'
               if (when.year, when.month) == (year, mon) else "<li>—</li>")
        content = (f'<h1>{esc(self.lang.nav["events"])} {month}</h1><ul>{row}</ul>'
                   f'<a class="prev-month" href="/agenda/?month={before}">« {before}</a> '
                   f'<a class="next-month" href="/agenda/?month={after}">{after} »</a>')
        return Page(self.layout(self.lang.nav["events"], content).encode("utf-8"),
                    "text/html; charset=utf-8")

    def relay_pages(self) -> dict[str, Page]:
        """What the feed service serves for this site."""
        if self.variant.feed != "relay":
            return {}
        return {f"/{self.id}/rss.xml": Page(self.feed().encode("utf-8"),
                                            "application/rss+xml; charset=utf-8")}

    # --- what the benchmark touches ---------------------------------------------------------------
    @property
    def news_path(self) -> str:
        return self.section

    def move_news_section(self) -> None:
        """The news section moves to another path; the old one answers 404."""
        old = self.section
        self.section = "/whats-new/" if old != "/whats-new/" else "/latest/"
        for a in self.articles:
            if a.path.startswith(old):
                a.path = self.section + a.path[len(old):]
        self.expected = [Expected(a.path, e.title, e.author, e.published, e.language)
                         for a, e in zip(self.articles, self.expected)]
        self.render()

    def drop_feed(self) -> None:
        self.variant.feed = None
        self.render()

    def _explicit(self) -> dict:
        site = f"{{{{site:{self.id}}}}}"
        v = self.variant
        if v.sitemap == "gz":
            return {"sitemaps": [site + "/sitemaps/posts.xml.gz"]}
        if v.sitemap == "index":
            return {"sitemaps": [site + "/sitemap-posts.xml"]}
        listing = {"url": site + self.section, "links": "div.card a.card-link",
                   "max_pages": len(self.chunks()) + 2}
        nxt = {"offset": "a.pager__next", "zero": "li.is-active + li a",
               "loop": "span.current + a", "infinite": "noscript a"}.get(v.pagination)
        if nxt and len(self.chunks()) > 1:
            listing["next"] = nxt
        return {"listings": [listing]}

    def __repr__(self) -> str:
        return f"StrangeSite({self.id!r}, {len(self.articles)} articles)"


@dataclass
class StrangeWorld(World):
    """The generated world's container (site lookup, feeds.yaml), with a feed relay of its own."""

    label: ClassVar[str] = "Strange"

    def relay(self) -> dict[str, Page]:
        out: dict[str, Page] = {"/": Page(b"<html><body><h1>Feed relay</h1></body></html>",
                                          "text/html; charset=utf-8")}
        for site in self.sites:
            out.update(site.relay_pages())
        return out


def make_strange_world(seed: int, count: int, now: datetime) -> StrangeWorld:
    """`count` sites; from 12 on every language appears, from 6 on every style."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    order = random.Random(f"strange/{seed}")
    styles, languages = list(STYLES), sorted(LANGS)
    order.shuffle(styles)
    order.shuffle(languages)
    world = StrangeWorld(seed, now)
    for index in range(count):
        rng = random.Random(f"strange/{seed}/{index}")
        world.sites.append(StrangeSite(index, styles[index % len(styles)],
                                       LANGS[languages[index % len(languages)]], rng, now))
    return world


# --- serving ------------------------------------------------------------------------------------

class _StrangeHandler(_SiteHandler):
    def do_GET(self) -> None:
        target = urlsplit(self.path)
        host = target.hostname or (self.headers.get("Host") or "").split(":")[0]
        site = self.network.site_of_host(host)
        location = self.network.location(site, target.path) if site else None
        if location:
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()


class StrangeServer(WorldServer):
    """WorldServer with what the strange world needs: 301s with a Location, gzip bodies as they
    are, a feed service host (feeds-relay.test) and pages made on demand (the calendar)."""

    def __init__(self, world: StrangeWorld):
        super().__init__(world)  # type: ignore[arg-type]
        self.sites = [*self.sites, FEED_HOST]
        self.bases[FEED_HOST] = f"http://{FEED_HOST}{self.DOMAIN}"

    def __enter__(self) -> StrangeServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0),
                                           partial(_StrangeHandler, network=self))
        self._server.daemon_threads = True
        self.proxy = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True,
                         name="strange-world").start()
        return self

    def location(self, site: str, path: str) -> str | None:
        own = self._by_id.get(site)
        target = own.redirects.get(path) if own else None
        return f"{self.bases[site]}{target}" if target else None

    def respond(self, site: str, path: str, query: str = "") -> tuple[int, bytes | None, str]:
        if site == FEED_HOST:
            page = self.world.relay().get(path)
            if page is None:
                return 404, None, ""
            return page.status, substitute(page.body.decode(), self.bases, own=site).encode(), \
                page.content_type
        own = self._by_id[site]
        page = own.pages.get(path + ("?" + query if query else ""))
        if page is not None and not page.content_type.startswith(("text/", "application/xml",
                                                                   "application/rss")):
            return page.status, page.body, page.content_type  # gzip, PDF: bytes as they are
        made = own.dynamic(path, query)
        if made is not None:
            return 200, substitute(made.body.decode(), self.bases, own=site).encode(), \
                made.content_type
        return super().respond(site, path, query)
