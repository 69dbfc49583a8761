"""A generated world of member sites: many CMS styles, many languages, expected articles as data.

    world = make_world(seed=7, count=30, now=datetime(2026, 12, 1, tzinfo=timezone.utc))
    site = world.sites[0]
    site.pages["/"].body        # bytes; "{{base}}" stands for the site's origin
                                # (substituted by tests/world/server.py)
    site.expected               # [Expected(path, title, author, published, language)]
    world.feeds_yaml("homepage") / world.feeds_yaml("explicit")

Every random choice comes from one random.Random(seed) per site (seeded from the world's seed and
the site's index), so the same seed gives the same bytes. Each style (STYLES) writes its pages with
its own markup and URL conventions; the seed picks the variations a real site of that style shows
(feed or not, full or teaser, linked or not, sitemap announced in robots.txt or only at the usual
path, page size, pagination kind, og:type / JSON-LD / <time datetime>, byline before or after the
date, the date's written form, article count and dates).

Only articles are expected: the listing, tag, author, event, job, legal, privacy, contact and about
pages of every site are there to be left out.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, ClassVar

import yaml

from tests.world.content import LANGS, Lang, date_text, fill

STYLES = ("wordpress-feed", "wordpress-nofeed", "drupal", "joomla", "ghost", "static-ssg",
          "wix-like", "webflow", "sharepoint-like", "php-tables", "onepage-cards")
HOMEPAGE_KEYS = ("id", "name", "organisation", "country", "homepage", "languages")
BASE = "{{base}}"


@dataclass
class Page:
    """One response of a site: its body ({{base}} not yet substituted), type and status."""

    body: bytes
    content_type: str
    status: int = 200


@dataclass(frozen=True)
class Expected:
    """An article the crawler must store: path (with query) on the site, and its fields."""

    path: str
    title: str
    author: str | None
    published: str  # ISO date, YYYY-MM-DD (the same in UTC: articles appear in working hours)
    language: str


@dataclass
class Article:
    index: int
    number: int  # the CMS's id (node/N, ?id=N, ?ID=N)
    slug: str
    title: str
    author: str | None
    published: datetime
    tags: list[str]
    paragraphs: list[str]
    path: str = ""

    @property
    def teaser(self) -> str:
        first = self.paragraphs[0]
        limit = 70 if len(first.encode()) > 2 * len(first) else 170
        cut = first[:limit]
        return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


@dataclass
class Item:
    """An event or a job offer."""

    number: int
    slug: str
    title: str
    text: str
    when: datetime | None = None


@dataclass
class Variant:
    """What the seed picked for one site."""

    feed: str | None            # "rss" | "atom" | None
    feed_full: bool
    feed_linked: bool
    feed_size: int
    sitemap: str | None         # "robots" | "usual" | None
    page_size: int
    pagination: str             # "next" | "numbers"
    og: bool
    jsonld: bool
    time_tag: bool
    byline_first: bool
    numeric_date: bool
    has_author: bool
    sidebar: bool               # a "recent posts" box beside listings and articles
    sef: bool                   # Joomla: search-engine-friendly URLs; Drupal: /node/N paths
    news_index: int = 0         # which of the language's news sections the site uses


class Site:
    """One generated member site; `pages` is what the server answers, by path with query."""

    def __init__(self, index: int, style: str, lang: Lang, rng: random.Random, now: datetime):
        self.index, self.style = index, style
        # Some sites introduce their authors otherwise than most of their language's sites.
        lang = replace(lang, byline=rng.choice((lang.byline, lang.byline, *lang.other_bylines)))
        self.lang = lang
        self.language = lang.code
        self.id = f"w{index:02d}-{style}-{lang.code}"
        city = rng.choice(lang.cities)
        self.organisation = rng.choice(lang.orgs).format(city=city)
        self.name = self.organisation
        self.country, self.offset = rng.choice(lang.countries)
        self.city = city
        self.variant = _pick_variant(style, rng)
        self.articles = _articles(lang, rng, now, self.organisation, self.offset, self.variant)
        self.events = _events(lang, rng, now, self.organisation)
        self.jobs = [Item(500 + i, _slug(title, f"job-{i + 1}"), title,
                          fill(lang.job_text, lang, org=self.organisation,
                               city=rng.choice(lang.cities)))
                     for i, title in enumerate(rng.sample(lang.jobs, 2))]
        self.people = sorted({a.author for a in self.articles if a.author})
        self.tags = sorted({t for a in self.articles for t in a.tags})
        self.style_impl: Style = STYLE_CLASSES[style](self)
        for article in self.articles:
            article.path = self.style_impl.article_path(article)
        self.pages: dict[str, Page] = {}
        self.render()
        self.expected = [Expected(a.path, a.title, a.author, a.published.date().isoformat(),
                                  lang.code) for a in self.articles]
        self.explicit = self.style_impl.explicit(rng)
        self.homepage_only = {"id": self.id, "name": self.name, "organisation": self.organisation,
                              "country": self.country, "homepage": f"{{{{site:{self.id}}}}}/",
                              "languages": [lang.code]}

    def render(self) -> None:
        """(Re)write every page from the site's current state, in place."""
        self.pages.clear()
        self.pages.update(self.style_impl.pages())

    @property
    def news_path(self) -> str:
        return self.style_impl.listing_path(1)

    def move_news_section(self) -> None:
        """The news section moves to a new path: the old one answers 404, the nav links the new."""
        old = self.news_path
        for _ in self.lang.news:  # the next of the language's usual sections at another path
            self.variant.news_index = (self.variant.news_index + 1) % len(self.lang.news)
            if self.news_path != old and self.news_path not in self.pages:
                break
        self.render()

    def drop_feed(self) -> None:
        """The site stops publishing its feed: its URLs answer 404, no <link rel=alternate>."""
        self.variant.feed = None
        self.render()

    def __repr__(self) -> str:
        return f"Site({self.id!r}, {len(self.articles)} articles)"


@dataclass
class World:
    seed: int
    now: datetime
    sites: list[Any] = field(default_factory=list)  # Site here, StrangeSite in strange.py
    label: ClassVar[str] = "Generated"  # what the feeds.yaml header calls this world

    def site(self, site_id: str) -> Site:
        return next(s for s in self.sites if s.id == site_id)

    def feeds_yaml(self, mode: str) -> str:
        """feeds.yaml listing every site, "homepage"-only or with its "explicit" ways in."""
        if mode not in ("homepage", "explicit"):
            raise ValueError(f"mode is 'homepage' or 'explicit', not {mode!r}")
        entries = [dict(s.homepage_only) if mode == "homepage"
                   else {**s.homepage_only, **s.explicit} for s in self.sites]
        header = (f"# {self.label} test world, seed {self.seed}, {mode} entries.\n"
                  "# {{site:ID}} is replaced by the served origin of each site.\n")
        return header + yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False,
                                       width=1000)


def make_world(seed: int, count: int, now: datetime) -> World:
    """`count` sites; from 12 on every language appears, from 11 on every style."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    order = random.Random(seed)
    styles, languages = list(STYLES), sorted(LANGS)
    order.shuffle(styles)
    order.shuffle(languages)
    world = World(seed, now)
    for index in range(count):
        rng = random.Random(f"{seed}/{index}")
        world.sites.append(Site(index, styles[index % len(styles)],
                                LANGS[languages[index % len(languages)]], rng, now))
    return world


# --- what the seed picks ------------------------------------------------------------------------

def _pick_variant(style: str, rng: random.Random) -> Variant:
    feed_kind = {"wordpress-feed": "rss", "drupal": rng.choice(["rss", "atom", None]),
                 "joomla": rng.choice(["atom", "atom", "rss"]), "ghost": "rss",
                 "static-ssg": rng.choice(["rss", None])}.get(style)
    sitemap_choices = {"sharepoint-like": [None], "wix-like": ["robots"],
                       "wordpress-feed": ["robots", "usual"],
                       "wordpress-nofeed": ["robots", "usual"],
                       "php-tables": [None, None, "usual"], "onepage-cards": [None, "usual"],
                       "joomla": [None, "robots"]}.get(style, ["robots", "usual", None])
    return Variant(
        feed=feed_kind,
        feed_full=style in ("ghost",) or rng.random() < 0.5,
        feed_linked=style == "joomla" or rng.random() < 0.75,  # Joomla always links its feed
        feed_size={"ghost": 5, "static-ssg": 100, "joomla": 20}.get(style, 10),
        sitemap=rng.choice(sitemap_choices),
        page_size=rng.choice([4, 5, 6, 8, 10]),
        pagination=rng.choice(["next", "next", "numbers"]),
        og=rng.random() < 0.6, jsonld=rng.random() < 0.5, time_tag=rng.random() < 0.6,
        byline_first=rng.random() < 0.5, numeric_date=rng.random() < 0.35,
        has_author=rng.random() < 0.85, sidebar=rng.random() < 0.5, sef=rng.random() < 0.5)


def _slug(text: str, fallback: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    # Chinese, Japanese and Korean text folds to nothing (or to a lone figure): a made-up slug.
    return slug[:70].rstrip("-") if re.search("[a-z]{3}", slug) else fallback


def _fill(template: str, rng: random.Random, lang: Lang, org: str, fixed: dict) -> str:
    values = {"org": org, "city": rng.choice(lang.cities), "skill": rng.choice(lang.skills),
              "sector": rng.choice(lang.sectors), "n": rng.randint(3, 60),
              "person": rng.choice(lang.people), **fixed}
    return fill(template, lang, **values)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _articles(lang: Lang, rng: random.Random, now: datetime, org: str, offset: str,
              variant: Variant) -> list[Article]:
    count = rng.randint(8, 25)
    recent = rng.randint(2, 4)
    days = set(rng.sample(range(1, 30), recent))
    while len(days) < count:
        days.add(rng.randint(30, 730))
    sign = 1 if offset[0] == "+" else -1
    tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
    people = rng.sample(lang.people, rng.randint(2, 4))
    usage = dict.fromkeys(lang.sentences, 0)
    before = dict(usage)
    used: list[set[str]] = []  # the sentences of each article so far
    titles: set[str] = set()
    slugs: set[str] = set()
    articles = []
    for index, day in enumerate(sorted(days)):
        local = (now - timedelta(days=day)).astimezone(tz)
        published = local.replace(hour=rng.randint(9, 16), minute=rng.choice([0, 15, 30, 45]),
                                  second=0, microsecond=0)
        fixed = {"skill": rng.choice(lang.skills), "sector": rng.choice(lang.sectors),
                 "city": rng.choice(lang.cities)}
        title = _capital(_fill(rng.choice(lang.titles), rng, lang, org, fixed))
        while title in titles:
            title = _capital(_fill(rng.choice(lang.titles), rng, lang, org, {}))
        titles.add(title)
        pool = _least_shared(lang.sentences, used, usage, rng)
        paragraphs = []
        # Chinese, Japanese and Korean sentences are short: a third paragraph would use most of the
        # language's sentences and make two articles near copies.
        for _ in range(2 if lang.cjk else rng.choice([2, 2, 3])):
            text = ""
            while len(text.strip()) < lang.min_paragraph and pool:
                sentence = pool.pop(0)
                usage[sentence] += 1
                filled = _fill(sentence, rng, lang, org, fixed if rng.random() < 0.5 else {})
                text += _capital(filled) + lang.sentence_gap
            if len(text.strip()) >= lang.min_paragraph:
                paragraphs.append(text.strip())
        used.append({s for s in lang.sentences if usage[s] > before[s]})
        before = dict(usage)
        number = 100 + index * 3 + rng.randint(0, 2)
        slug = _slug(title, f"article-{number}")
        if slug in slugs:  # two long titles cut to the same 70 characters
            slug = f"{slug[:60]}-{number}"
        slugs.add(slug)
        articles.append(Article(index, number, slug, title,
                                rng.choice(people) if variant.has_author else None, published,
                                rng.sample(lang.tags, 2), paragraphs))
    return articles


def _least_shared(sentences: tuple[str, ...], used: list[set[str]], usage: dict[str, int],
                  rng: random.Random) -> list[str]:
    """The sentences in the order an article takes them: each time the one that least raises its
    overlap with the article it shares most with, then the least used. Drawn at random, two of 25
    articles would share most of their sentences and be folded as near copies (pipeline/copies)."""
    order: list[str] = []
    shared = [0] * len(used)
    left = sorted(sentences, key=lambda s: (usage[s], rng.random()))
    while left:
        cost = {s: max((n + (s in u) for n, u in zip(shared, used)), default=0) for s in left}
        best = min(left, key=cost.__getitem__)  # ties keep the usage order
        left.remove(best)
        order.append(best)
        shared = [n + (best in u) for n, u in zip(shared, used)]
    return order


def _events(lang: Lang, rng: random.Random, now: datetime, org: str) -> list[Item]:
    items = []
    for i, pattern in enumerate(lang.events):
        when = (now + timedelta(days=rng.choice([-60, -20, 12, 35, 80]) + i)).replace(
            hour=10, minute=0, second=0, microsecond=0)
        title = _fill(pattern, rng, lang, org, {})
        city = rng.choice(lang.cities)
        text = lang.event_text.format(date=date_text(lang, when.year, when.month, when.day),
                                      city=city)
        items.append(Item(300 + i, _slug(title, f"event-{i + 1}"), _capital(title), text, when))
    return items


# --- markup helpers -----------------------------------------------------------------------------

def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _class(site_id: str, *parts: object) -> str:
    """A generated class name, as site builders write them: stable for a site and a part."""
    digest = hashlib.sha256("/".join(map(str, (site_id, *parts))).encode()).hexdigest()
    return "_" + digest[:5]


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment)


# --- styles -------------------------------------------------------------------------------------

class Style:
    """WordPress-like defaults; each style overrides its URLs and its markup."""

    feed_path: str | None = None
    feed_with_listing = False  # the feed sits at the listing's URL plus a query (Joomla)
    trailing = "/"
    absolute = False  # links written with the site's origin ({{base}}/...) rather than /...

    def __init__(self, site: Site):
        self.site, self.lang, self.v = site, site.lang, site.variant

    # URLs
    @property
    def news_slug(self) -> str:
        return self.lang.news[self.v.news_index][1]

    @property
    def news_label(self) -> str:
        return self.lang.news[self.v.news_index][0]

    def listing_path(self, n: int) -> str:
        base = f"/{self.news_slug}/"
        return base if n == 1 else f"{base}page/{n}/"

    def article_path(self, a: Article) -> str:
        return f"/{a.published:%Y/%m}/{a.slug}/"

    def page_path(self, kind: str) -> str:
        return f"/{self.lang.slugs[kind]}{self.trailing}"

    def tag_path(self, tag: str) -> str:
        slug = _slug(tag, f"tag-{self.lang.tags.index(tag)}")
        return f"/{self.lang.slugs['tag']}/{slug}/"

    def author_path(self, person: str) -> str:
        slug = _slug(person, f"p{self.site.people.index(person)}")
        return f"/{self.lang.slugs['author']}/{slug}/"

    def events_path(self) -> str:
        return self.page_path("events")

    def event_path(self, item: Item) -> str:
        return f"/{self.lang.slugs['events']}/{item.slug}{self.trailing}"

    def jobs_path(self) -> str:
        return self.page_path("jobs")

    def job_path(self, item: Item) -> str:
        return f"/{self.lang.slugs['jobs']}/{item.slug}{self.trailing}"

    def feed_url(self) -> str | None:
        return self.feed_path if self.v.feed and self.feed_path else None

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"] if self.v.sitemap else []

    def href(self, path: str) -> str:
        return esc(BASE + path if self.absolute else path)

    # selectors for the explicit config
    links_selector = "h2.entry-title a"
    next_selector = "a.next.page-numbers"
    numbers_selector = "span.page-numbers.current + a.page-numbers"

    def listing_pages(self) -> list[list[Article]]:
        size = self.v.page_size
        articles = self.site.articles
        return [articles[i:i + size] for i in range(0, len(articles), size)]

    # text helpers
    def date(self, moment: datetime) -> str:
        return date_text(self.lang, moment.year, moment.month, moment.day, self.v.numeric_date)

    def time(self, moment: datetime, css: str = "") -> str:
        text = esc(self.date(moment))
        attr = f' class="{css}"' if css else ""
        if self.v.time_tag:
            return f'<time{attr} datetime="{moment.isoformat()}">{text}</time>'
        return f"<span{attr}>{text}</span>"

    def byline_text(self, person: str) -> str:
        word = self.lang.byline
        return f"{word}{person}" if word.endswith(("：", "/")) else f"{word} {person}"

    @property
    def byline_gap(self) -> str:
        return "" if self.lang.byline.endswith(("：", "/")) else " "

    def meta_line(self, a: Article, author_html: str | None = None) -> str:
        """The date and the byline, in the order the site writes them."""
        parts = [self.time(a.published, "date")]
        if a.author:
            who = author_html or (f'<a href="{self.href(self.author_path(a.author))}" '
                                  f'rel="author">{esc(a.author)}</a>')
            word = self.lang.byline
            sep = "" if word.endswith(("：", "/")) else " "
            parts.insert(0 if self.v.byline_first else 1,
                         f'<span class="byline">{esc(word)}{sep}{who}</span>')
        return " · ".join(parts)

    def body_html(self, a: Article) -> str:
        return "\n".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)

    def head(self, title: str, a: Article | None = None, extra: str = "") -> str:
        lines = ['<meta charset="utf-8">', f"<title>{esc(title)} – {esc(self.site.name)}</title>",
                 '<meta name="viewport" content="width=device-width, initial-scale=1">']
        feed = self.feed_url()
        if feed and self.v.feed_linked:
            kind = "atom" if self.v.feed == "atom" else "rss"
            lines.append(f'<link rel="alternate" type="application/{kind}+xml" '
                         f'title="{esc(self.site.name)}" href="{esc(BASE + feed)}">')
        if a is not None:
            if a.author:
                lines.append(f'<meta name="author" content="{esc(a.author)}">')
            if self.v.og:
                lines += ['<meta property="og:type" content="article">',
                          f'<meta property="og:title" content="{esc(a.title)}">',
                          f'<meta property="og:url" content="{esc(BASE + a.path)}">',
                          '<meta property="article:published_time" '
                          f'content="{a.published.isoformat()}">']
            if self.v.jsonld:
                kind = ("Article", "NewsArticle", "BlogPosting")[a.number % 3]
                data = {"@context": "https://schema.org", "@type": kind, "headline": a.title,
                        "datePublished": a.published.isoformat(), "inLanguage": self.lang.code}
                if a.author:
                    data["author"] = {"@type": "Person", "name": a.author}
                lines.append('<script type="application/ld+json">'
                             + json.dumps(data, ensure_ascii=False) + "</script>")
        elif self.v.og:
            lines.append('<meta property="og:type" content="website">')
        return "\n".join(lines + ([extra] if extra else []))

    def nav_items(self) -> list[tuple[str, str]]:
        nav = self.lang.nav
        return [(nav["home"], "/"), (self.news_label, self.listing_path(1)),
                (nav["events"], self.events_path()), (nav["jobs"], self.jobs_path()),
                (nav["about"], self.page_path("about")),
                (nav["contact"], self.page_path("contact"))]

    def footer_items(self) -> list[tuple[str, str]]:
        nav = self.lang.nav
        return [(nav["legal"], self.page_path("legal")),
                (nav["privacy"], self.page_path("privacy")),
                (nav["contact"], self.page_path("contact"))]

    def layout(self, title: str, content: str, a: Article | None = None, body_class: str = "",
               aside: str = "") -> str:
        nav = "".join(f'<li class="menu-item"><a href="{self.href(p)}">{esc(label)}</a></li>'
                      for label, p in self.nav_items())
        foot = " | ".join(f'<a href="{self.href(p)}">{esc(label)}</a>'
                          for label, p in self.footer_items())
        return (f'<!DOCTYPE html>\n<html lang="{self.lang.code}">\n<head>\n{self.head(title, a)}\n'
                f'</head>\n<body class="{body_class}">\n<header class="site-header">'
                f'<p class="site-title"><a href="{self.href("/")}">{esc(self.site.name)}</a></p>'
                f'<nav class="main-navigation"><ul class="menu">{nav}</ul></nav></header>\n'
                f'<div class="site-content"><main id="main" class="site-main">\n{content}\n</main>'
                f'{aside}</div>\n<footer class="site-footer"><p>{foot}</p>'
                f'<p>© {esc(self.site.organisation)}</p></footer>\n</body>\n</html>\n')

    def recent_box(self) -> str:
        if not self.v.sidebar:
            return ""
        links = "".join(f'<li><a href="{self.href(a.path)}">{esc(a.title)}</a></li>'
                        for a in self.site.articles[:3])
        return f'<aside class="widget widget_recent_entries"><ul>{links}</ul></aside>'

    # listing markup
    def listing_item(self, a: Article) -> str:
        return (f'<article class="post-{a.number} post type-post hentry">'
                '<header class="entry-header"><h2 class="entry-title"><a '
                f'href="{self.href(a.path)}" '
                f'rel="bookmark">{esc(a.title)}</a></h2>'
                f'<div class="entry-meta">{self.meta_line(a)}</div></header>'
                f'<div class="entry-summary"><p>{esc(a.teaser)}</p></div>'
                f'<a class="more-link" href="{self.href(a.path)}">{esc(self.lang.read_more)}</a>'
                '</article>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        parts = []
        if n > 1:
            parts.append('<a class="prev page-numbers" '
                         f'href="{self.href(self.listing_path(n - 1))}">'
                         f'{esc(self.lang.prev_page)}</a>')
        for i in range(1, total + 1):
            href = self.href(self.listing_path(i))
            parts.append(f'<span aria-current="page" class="page-numbers current">{i}</span>'
                         if i == n else f'<a class="page-numbers" href="{href}">{i}</a>')
        if n < total and self.v.pagination == "next":
            parts.append('<a class="next page-numbers" '
                         f'href="{self.href(self.listing_path(n + 1))}">'
                         f'{esc(self.lang.next_page)}</a>')
        return ('<nav class="navigation pagination"><div class="nav-links">'
                + "".join(parts) + "</div></nav>")

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<header class="page-header"><h1 class="page-title">{esc(self.news_label)}</h1>'
                   '</header>'
                   + "\n".join(self.listing_item(a) for a in items) + self.pagination(n, total))
        return self.layout(self.news_label, content, body_class="blog", aside=self.recent_box())

    def simple_list(self, title: str, articles: list[Article]) -> str:
        """Tag and author archives: the listing's items, no pagination."""
        content = (f'<h1 class="page-title">{esc(title)}</h1>'
                   + "\n".join(self.listing_item(a) for a in articles))
        return self.layout(title, content, body_class="archive")

    def article_page(self, a: Article) -> str:
        tags = " ".join(f'<a href="{self.href(self.tag_path(t))}" rel="tag">{esc(t)}</a>'
                        for t in a.tags)
        content = (f'<article class="post-{a.number} post type-post status-publish hentry">'
                   f'<header class="entry-header"><h1 class="entry-title">{esc(a.title)}</h1>'
                   f'<div class="entry-meta">{self.meta_line(a)}</div></header>'
                   f'<div class="entry-content">\n{self.body_html(a)}\n</div>'
                   f'<footer class="entry-footer"><span class="tags-links">{tags}</span></footer>'
                   f'</article>')
        return self.layout(a.title, content, a, body_class="single", aside=self.recent_box())

    def home_page(self) -> str:
        latest = "".join(f'<li><a href="{self.href(a.path)}">{esc(a.title)}</a> '
                         f'{self.time(a.published)}</li>' for a in self.site.articles[:3])
        events = "".join(f'<li><a href="{self.href(self.event_path(e))}">{esc(e.title)}</a></li>'
                         for e in self.site.events[:2])
        about = fill(self.lang.about_text, self.lang, org=self.site.organisation,
                     city=self.site.city)
        content = ('<section class="hero"><h1>'
                   f'{esc(self.lang.tagline.format(org=self.site.organisation))}</h1>'
                   f'<p>{esc(about)}</p></section><section class="latest"><h2>'
                   f'{esc(self.news_label)}</h2>'
                   f'<ul>{latest}</ul><p><a href="{self.href(self.listing_path(1))}">'
                   f'{esc(self.news_label)} →</a></p></section>'
                   f'<section class="upcoming"><h2>{esc(self.lang.nav["events"])}</h2><ul>'
                   f'{events}</ul></section>')
        return self.layout(self.lang.nav["home"], content, body_class="home")

    def text_page(self, kind: str) -> str:
        s, lang = self.site, self.lang
        text = {"about": lang.about_text, "legal": lang.legal_text, "privacy": lang.privacy_text,
                "contact": lang.contact_text}[kind]
        text = fill(text, lang, org=s.organisation, city=s.city,
                    person=s.articles[0].author or s.lang.people[0])
        content = (f'<h1>{esc(lang.nav[kind])}</h1>'
                   f'<div class="page-content"><p>{esc(text)}</p></div>')
        if kind == "contact":
            content += ('<form method="post" action="#"><input name="email" type="email">'
                        '<textarea name="message"></textarea><button>OK</button></form>')
        return self.layout(lang.nav[kind], content, body_class="page")

    def items_page(self, kind: str, items: list[Item]) -> str:
        path = self.event_path if kind == "events" else self.job_path
        rows = "".join(f'<li class="{kind}-item"><a href="{self.href(path(i))}">{esc(i.title)}</a>'
                       + (f" — {self.time(i.when)}" if i.when else "") + "</li>" for i in items)
        return self.layout(self.lang.nav[kind],
                           f'<h1>{esc(self.lang.nav[kind])}</h1><ul>{rows}</ul>',
                           body_class=kind)

    def item_page(self, kind: str, item: Item) -> str:
        when = f'<p class="when">{self.time(item.when)}</p>' if item.when else ""
        back = self.events_path() if kind == "events" else self.jobs_path()
        content = (f'<div class="{kind}-single"><h1>{esc(item.title)}</h1>{when}<p>'
                   f'{esc(item.text)}</p>'
                   f'<p><a href="{self.href(back)}">{esc(self.lang.nav[kind])}</a></p></div>')
        return self.layout(item.title, content, body_class=kind)

    def robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /admin/", ""]
        if self.v.sitemap == "robots":
            lines += [f"Sitemap: {BASE}{p}" for p in self.sitemap_paths()[:1]]
        return "\n".join(lines) + "\n"

    # feeds and sitemaps
    def feed_items(self) -> list[Article]:
        return self.site.articles[:self.v.feed_size]

    def feed(self) -> str:
        s = self.site
        items = self.feed_items()
        if self.v.feed == "atom":
            entries = []
            for a in items:
                author = f"<author><name>{esc(a.author)}</name></author>" if a.author else ""
                content = (f'<content type="html">{esc(self.body_html(a))}</content>'
                           if self.v.feed_full else f"<summary>{esc(a.teaser)}</summary>")
                entries.append(f'<entry><title>{esc(a.title)}</title><link rel="alternate" '
                               f'href="{esc(BASE + a.path)}"/><id>{esc(BASE + a.path)}</id>'
                               f"<published>{a.published.isoformat()}</published>"
                               f"<updated>{a.published.isoformat()}</updated>"
                               f"{author}{content}</entry>")
            updated = items[0].published.isoformat() if items else ""
            return ('<?xml version="1.0" encoding="utf-8"?>\n<feed '
                    'xmlns="http://www.w3.org/2005/Atom" '
                    f'xml:lang="{self.lang.code}"><title>{esc(s.name)}</title><link '
                    f'href="{BASE}/"/>'
                    f'<id>{BASE}/</id><updated>{updated}</updated>'
                    '\n' + "\n".join(entries) + "\n</feed>\n")
        out = []
        for a in items:
            creator = f"<dc:creator>{esc(a.author)}</dc:creator>" if a.author else ""
            cats = "".join(f"<category>{esc(t)}</category>" for t in a.tags)
            if self.v.feed_full and self.full_in_description:
                body = f"<description>{esc(self.body_html(a))}</description>"
            elif self.v.feed_full:
                body = (f"<description>{esc(a.teaser)}</description><content:encoded><![CDATA["
                        f"{self.body_html(a)}]]></content:encoded>")
            else:
                body = f"<description>{esc(a.teaser)}</description>"
            out.append(f"<item><title>{esc(a.title)}</title><link>{esc(BASE + a.path)}</link>"
                       f'<guid isPermaLink="true">{esc(BASE + a.path)}</guid>'
                       f"<pubDate>{_rfc822(a.published)}</pubDate>{creator}{cats}{body}</item>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
                f"<title>{esc(s.name)}</title><link>{BASE}/</link><description>"
                f"{esc(self.lang.tagline.format(org=s.organisation))}</description>"
                f"<language>{self.lang.code}</language>\n"
                + "\n".join(out) + "\n</channel></rss>\n")

    full_in_description = False  # Hugo puts the whole text in <description>

    def urlset(self, paths: list[tuple[str, datetime | None]]) -> str:
        rows = "".join(f"<url><loc>{esc(BASE + p)}</loc>"
                       + (f"<lastmod>{m.isoformat()}</lastmod>" if m else "") + "</url>\n"
                       for p, m in paths)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">\n{rows}</urlset>\n')

    def sitemap_index(self, paths: list[str]) -> str:
        rows = "".join(f"<sitemap><loc>{esc(BASE + p)}</loc></sitemap>\n" for p in paths)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                'xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">\n{rows}</sitemapindex>\n')

    def other_paths(self) -> list[str]:
        """Every page that is not an article, for sitemaps that list everything."""
        s = self.site
        paths = ["/", *(self.listing_path(n) for n in range(1, len(self.listing_pages()) + 1)),
                 *(self.page_path(k) for k in ("about", "contact", "legal", "privacy")),
                 self.events_path(), *(self.event_path(e) for e in s.events),
                 self.jobs_path(), *(self.job_path(j) for j in s.jobs),
                 *(self.tag_path(t) for t in s.tags), *(self.author_path(p) for p in s.people)]
        return list(dict.fromkeys(paths))

    def sitemaps(self) -> dict[str, str]:
        """Flat: one sitemap.xml naming every page, articles and the rest."""
        if not self.v.sitemap:
            return {}
        entries = [(a.path, a.published) for a in self.site.articles]
        entries += [(p, None) for p in self.other_paths()]
        return {"/sitemap.xml": self.urlset(entries)}

    def posts_sitemap(self) -> str | None:
        """A sitemap naming only the articles, when the style has one."""
        return None

    # the whole site
    def pages(self) -> dict[str, Page]:
        s = self.site
        html_pages: dict[str, str] = {"/": self.home_page()}
        chunks = self.listing_pages()
        for n, items in enumerate(chunks, start=1):
            html_pages[self.listing_path(n)] = self.listing_page(n, len(chunks), items)
        for a in s.articles:
            html_pages[a.path] = self.article_page(a)
        for tag in s.tags:
            html_pages[self.tag_path(tag)] = self.simple_list(
                tag, [a for a in s.articles if tag in a.tags])
        for person in s.people:
            html_pages[self.author_path(person)] = self.simple_list(
                person, [a for a in s.articles if a.author == person])
        for kind in ("about", "contact", "legal", "privacy"):
            html_pages[self.page_path(kind)] = self.text_page(kind)
        html_pages[self.events_path()] = self.items_page("events", s.events)
        for e in s.events:
            html_pages[self.event_path(e)] = self.item_page("events", e)
        html_pages[self.jobs_path()] = self.items_page("jobs", s.jobs)
        for j in s.jobs:
            html_pages[self.job_path(j)] = self.item_page("jobs", j)
        pages = {p: Page(text.encode("utf-8"), "text/html; charset=utf-8")
                 for p, text in html_pages.items()}
        pages["/robots.txt"] = Page(self.robots().encode(), "text/plain; charset=utf-8")
        feed = self.feed_url()
        if feed:
            kind = "application/atom+xml" if self.v.feed == "atom" else "application/rss+xml"
            pages[feed] = Page(self.feed().encode("utf-8"), f"{kind}; charset=utf-8")
        for p, text in self.sitemaps().items():
            pages[p] = Page(text.encode("utf-8"), "application/xml; charset=utf-8")
        return pages

    # the explicit config
    def listing_config(self) -> dict:
        chunks = self.listing_pages()
        listing = {"url": f"{{{{site:{self.site.id}}}}}{self.listing_path(1)}",
                   "links": self.links_selector}
        if len(chunks) > 1:
            listing["next"] = (self.next_selector if self.v.pagination == "next"
                               else self.numbers_selector)
        listing["max_pages"] = len(chunks) + 2
        return listing

    def explicit(self, rng: random.Random) -> dict:
        site_url = f"{{{{site:{self.site.id}}}}}"
        feed = self.feed_url()
        config: dict = {}
        if feed:
            config["feeds"] = [site_url + feed]
            if len(self.feed_items()) >= len(self.site.articles):
                return config
        posts = self.posts_sitemap()
        if posts and rng.random() < 0.5:
            config["sitemaps"] = [site_url + posts]
        else:
            config["listings"] = [self.listing_config()]
        return config


class WordPress(Style):
    absolute = True
    feed_path = "/feed/"

    def sitemap_paths(self) -> list[str]:
        return ["/wp-sitemap.xml"] if self.v.sitemap else []

    def posts_sitemap(self) -> str | None:
        return "/wp-sitemap-posts-post-1.xml" if self.v.sitemap else None

    def sitemaps(self) -> dict[str, str]:
        if not self.v.sitemap:
            return {}
        s = self.site
        parts = {"/wp-sitemap-posts-post-1.xml": [(a.path, a.published) for a in s.articles],
                 "/wp-sitemap-posts-page-1.xml": [(self.page_path(k), None) for k in
                                                  ("about", "contact", "legal", "privacy",
                                                   "events", "jobs")],
                 "/wp-sitemap-taxonomies-post_tag-1.xml": [(self.tag_path(t), None)
                                                           for t in s.tags],
                 "/wp-sitemap-users-1.xml": [(self.author_path(p), None) for p in s.people]}
        out = {"/wp-sitemap.xml": self.sitemap_index([p for p, rows in parts.items() if rows])}
        out.update({p: self.urlset(rows) for p, rows in parts.items() if rows})
        return out

    def robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php", ""]
        if self.v.sitemap == "robots":
            lines.append(f"Sitemap: {BASE}/wp-sitemap.xml")
        return "\n".join(lines) + "\n"

    def tag_path(self, tag: str) -> str:
        return f"/tag/{_slug(tag, 'tag-' + str(self.lang.tags.index(tag)))}/"

    def author_path(self, person: str) -> str:
        return f"/author/{_slug(person, 'user' + str(self.site.people.index(person)))}/"


class WordPressNoFeed(WordPress):
    feed_path = None


class Drupal(Style):
    trailing = ""
    links_selector = ".view-content .views-row h2.node__title a"
    next_selector = "li.pager__item--next a"
    numbers_selector = "li.pager__item.is-active + li.pager__item a"

    @property
    def feed_path(self) -> str:  # type: ignore[override]
        return "/rss.xml" if self.v.feed == "rss" else "/atom.xml"

    def feed_items(self) -> list[Article]:
        return self.site.articles[:10]

    def listing_path(self, n: int) -> str:
        return f"/{self.news_slug}" + ("" if n == 1 else f"?page={n - 1}")

    def article_path(self, a: Article) -> str:
        return f"/node/{a.number}" if self.v.sef else f"/{self.lang.news[0][1]}/{a.slug}"

    def tag_path(self, tag: str) -> str:
        return f"/taxonomy/term/{self.lang.tags.index(tag) + 1}"

    def author_path(self, person: str) -> str:
        return f"/user/{self.site.people.index(person) + 2}"

    def listing_item(self, a: Article) -> str:
        return ('<div class="views-row"><article class="node node--type-article '
                'node--view-mode-teaser">'
                f'<h2 class="node__title"><a href="{self.href(a.path)}" rel="bookmark"><span>'
                f'{esc(a.title)}'
                f'</span></a></h2><div class="node__meta">{self.meta_line(a)}</div>'
                f'<div class="field--name-body"><p>{esc(a.teaser)}</p></div>'
                f'<ul class="links inline"><li class="node-readmore"><a href="{self.href(a.path)}">'
                f'{esc(self.lang.read_more)}<span class="visually-hidden"> {esc(a.title)}</span>'
                '</a></li></ul>'
                f'</article></div>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        items = []
        for i in range(1, total + 1):
            rel = f"?page={i - 1}" if i > 1 else self.href(self.listing_path(1))
            css = "pager__item is-active" if i == n else "pager__item"
            items.append(f'<li class="{css}"><a href="{rel}">{i}</a></li>')
        if n < total and self.v.pagination == "next":
            items.append(f'<li class="pager__item pager__item--next"><a href="?page={n}" '
                         'rel="next" '
                         f'title="{esc(self.lang.next_page)}">›</a></li>')
        return ('<nav class="pager" role="navigation"><ul class="pager__items js-pager__items">'
                + "".join(items) + "</ul></nav>")

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<h1 class="page-title">{esc(self.news_label)}</h1><div class="view view-news">'
                   f'<div class="view-content">' + "".join(self.listing_item(a) for a in items)
                   + "</div>" + self.pagination(n, total) + "</div>")
        return self.layout(self.news_label, content, body_class="path-frontpage",
                           aside=self.recent_box())

    def simple_list(self, title: str, articles: list[Article]) -> str:
        content = (f'<h1 class="page-title">{esc(title)}</h1><div class="view-content">'
                   + "".join(self.listing_item(a) for a in articles) + "</div>")
        return self.layout(title, content, body_class="path-taxonomy")

    def article_page(self, a: Article) -> str:
        author = ('<span class="field--name-uid"><a '
                  f'href="{self.href(self.author_path(a.author))}">'
                  f'{esc(a.author)}</a></span>') if a.author else None
        tags = "".join(f'<div class="field__item"><a href="{self.href(self.tag_path(t))}">'
                       f'{esc(t)}</a></div>'
                       for t in a.tags)
        content = (f'<h1 class="page-title"><span class="field--name-title">{esc(a.title)}</span>'
                   '</h1>'
                   f'<article class="node node--type-article node--view-mode-full">'
                   '<footer class="node__meta"><div class="node__submitted">'
                   f'{self.meta_line(a, author)}</div></footer>'
                   '<div class="node__content"><div class="field--name-body">'
                   f'\n{self.body_html(a)}\n</div>'
                   f'<div class="field--name-field-tags">{tags}</div></div></article>')
        return self.layout(a.title, content, a, body_class="page-node-type-article",
                           aside=self.recent_box())


class Joomla(Style):
    trailing = ".html"
    feed_with_listing = True
    links_selector = ".blog-items .blog-item .page-header h2 a"
    next_selector = "ul.pagination a.pagenav-next"
    numbers_selector = "ul.pagination li.active + li a"

    @property
    def feed_path(self) -> str:  # type: ignore[override]
        kind = self.v.feed or "atom"
        listing = self.listing_path(1)
        return listing + ("&" if "?" in listing else "?") + f"format=feed&type={kind}"

    def feed_items(self) -> list[Article]:
        return self.site.articles[:20]

    def listing_path(self, n: int) -> str:
        start = (n - 1) * self.v.page_size
        if self.v.sef:
            return f"/{self.news_slug}.html" + ("" if n == 1 else f"?start={start}")
        category = 8 + self.v.news_index
        return (f"/index.php?option=com_content&view=category&layout=blog&id={category}&Itemid=101"
                + ("" if n == 1 else f"&limitstart={start}"))

    def article_path(self, a: Article) -> str:
        if self.v.sef:
            return f"/{self.lang.news[0][1]}/{a.number}-{a.slug}.html"
        return f"/index.php?option=com_content&view=article&id={a.number}&catid=8&Itemid=101"

    def page_path(self, kind: str) -> str:
        if self.v.sef:
            return f"/{self.lang.slugs[kind]}.html"
        number = 900 + ("about", "contact", "legal", "privacy", "events", "jobs").index(kind)
        return f"/index.php?option=com_content&view=article&id={number}&Itemid={200 + number % 100}"

    def tag_path(self, tag: str) -> str:
        number = self.lang.tags.index(tag) + 1
        return (f"/component/tags/tag/{number}-{_slug(tag, 'tag')}.html" if self.v.sef
                else f"/index.php?option=com_tags&view=tag&id={number}&Itemid=150")

    def author_path(self, person: str) -> str:
        number = self.site.people.index(person) + 1
        return (f"/component/contact/contact/{number}-{_slug(person, 'contact')}.html" if self.v.sef
                else f"/index.php?option=com_contact&view=contact&id={number}&Itemid=160")

    def event_path(self, item: Item) -> str:
        return (f"/{self.lang.slugs['events']}/{item.slug}.html" if self.v.sef
                else "/index.php?option=com_jevents&task=icalrepeat.detail"
                     f"&evid={item.number}&Itemid=170")

    def job_path(self, item: Item) -> str:
        return (f"/{self.lang.slugs['jobs']}/{item.slug}.html" if self.v.sef
                else "/index.php?option=com_content&view=article"
                     f"&id={item.number}&catid=12&Itemid=180")

    def meta_line(self, a: Article, author_html: str | None = None) -> str:
        parts = [f'<dd class="published">{self.time(a.published)}</dd>']
        if a.author:
            parts.insert(0 if self.v.byline_first else 1,
                         f'<dd class="createdby">{esc(self.byline_text(a.author))}</dd>')
        return f'<dl class="article-info">{"".join(parts)}</dl>'

    def listing_item(self, a: Article) -> str:
        return (f'<div class="blog-item"><div class="item-content"><div class="page-header"><h2>'
                f'<a href="{self.href(a.path)}">{esc(a.title)}</a></h2></div>{self.meta_line(a)}'
                f'<p>{esc(a.teaser)}</p><p class="readmore"><a class="btn btn-secondary" href="'
                f'{self.href(a.path)}">{esc(self.lang.read_more)}</a></p></div></div>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        items = []
        for i in range(1, total + 1):
            href = self.href(self.listing_path(i))
            items.append(f'<li class="active page-item"><span class="page-link">{i}</span></li>'
                         if i == n else
                         f'<li class="page-item"><a class="page-link" href="{href}">{i}</a></li>')
        if n < total and self.v.pagination == "next":
            items.append('<li class="page-item"><a class="page-link pagenav-next" '
                         f'title="{esc(self.lang.next_page)}" '
                         f'href="{self.href(self.listing_path(n + 1))}">»</a></li>')
        return ('<div class="com-content-category-blog__navigation"><ul class="pagination">'
                + "".join(items) + "</ul></div>")

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<div class="com-content-category-blog blog"><h1>{esc(self.news_label)}</h1>'
                   f'<div class="blog-items">' + "".join(self.listing_item(a) for a in items)
                   + "</div>" + self.pagination(n, total) + "</div>")
        return self.layout(self.news_label, content, body_class="site com_content view-category",
                           aside=self.recent_box())

    def simple_list(self, title: str, articles: list[Article]) -> str:
        rows = "".join(f'<li class="list-group-item"><h3><a href="{self.href(a.path)}">'
                       f'{esc(a.title)}</a></h3></li>'
                       for a in articles)
        return self.layout(title, f'<div class="com-tags-tag"><h1>{esc(title)}</h1>'
                                  f'<ul class="category list-group">{rows}</ul></div>',
                           body_class="site com_tags")

    def article_page(self, a: Article) -> str:
        tags = "".join(f'<li class="list-inline-item"><a href="{self.href(self.tag_path(t))}" '
                       'class="btn btn-sm btn-info">'
                       f'{esc(t)}</a></li>' for t in a.tags)
        author = (f'<p class="author-contact"><a href="{self.href(self.author_path(a.author))}">'
                  f'{esc(a.author)}</a></p>'
                  if a.author else "")
        content = ('<div class="com-content-article item-page"><div class="page-header"><h1>'
                   f'{esc(a.title)}</h1></div>'
                   f'{self.meta_line(a)}<ul class="tags list-inline">{tags}</ul>'
                   f'<div class="com-content-article__body">\n{self.body_html(a)}\n</div>'
                   f'{author}</div>')
        return self.layout(a.title, content, a, body_class="site com_content view-article",
                           aside=self.recent_box())


class Ghost(Style):
    feed_path = "/rss/"
    links_selector = "article.post-card a.post-card-content-link"
    next_selector = "nav.pagination a.older-posts"
    numbers_selector = "nav.pagination span.current-page + a"

    def article_path(self, a: Article) -> str:
        return f"/{a.slug}/"

    def tag_path(self, tag: str) -> str:
        return f"/tag/{_slug(tag, 'tag-' + str(self.lang.tags.index(tag)))}/"

    def author_path(self, person: str) -> str:
        return f"/author/{_slug(person, 'author-' + str(self.site.people.index(person)))}/"

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"] if self.v.sitemap else []

    def posts_sitemap(self) -> str | None:
        return "/sitemap-posts.xml" if self.v.sitemap else None

    def sitemaps(self) -> dict[str, str]:
        if not self.v.sitemap:
            return {}
        s = self.site
        parts = {"/sitemap-posts.xml": [(a.path, a.published) for a in s.articles],
                 "/sitemap-pages.xml": [(self.page_path(k), None) for k in
                                        ("about", "contact", "legal", "privacy", "events", "jobs")],
                 "/sitemap-tags.xml": [(self.tag_path(t), None) for t in s.tags],
                 "/sitemap-authors.xml": [(self.author_path(p), None) for p in s.people]}
        out = {"/sitemap.xml": self.sitemap_index([p for p, rows in parts.items() if rows])}
        out.update({p: self.urlset(rows) for p, rows in parts.items() if rows})
        return out

    def listing_item(self, a: Article) -> str:
        author = f'<span class="post-card-byline-author">{esc(a.author)}</span>' if a.author else ""
        return (f'<article class="post-card post tag-{_slug(a.tags[0], "x")}"><a '
                'class="post-card-content-link" '
                f'href="{self.href(a.path)}"><header class="post-card-header"><h2 '
                'class="post-card-title">'
                f'{esc(a.title)}</h2></header><section class="post-card-excerpt"><p>'
                f'{esc(a.teaser)}</p>'
                f'</section></a><footer class="post-card-meta">{author} '
                f'{self.time(a.published, "post-card-meta-date")}'
                f'</footer></article>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        parts = []
        if n > 1:
            parts.append(f'<a class="newer-posts" href="{self.href(self.listing_path(n - 1))}">← '
                         f'{esc(self.lang.prev_page)}</a>')
        if self.v.pagination == "next":
            parts.append(f'<span class="page-number">{n} / {total}</span>')
            if n < total:
                parts.append(f'<a class="older-posts" href="{self.href(self.listing_path(n + 1))}">'
                             f'{esc(self.lang.next_page)} →</a>')
        else:
            for i in range(1, total + 1):
                parts.append(f'<span class="current-page">{i}</span>' if i == n
                             else f'<a href="{self.href(self.listing_path(i))}">{i}</a>')
        return f'<nav class="pagination" role="navigation">{"".join(parts)}</nav>'

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = ('<div class="post-feed">' + "".join(self.listing_item(a) for a in items)
                   + "</div>"
                   + self.pagination(n, total))
        return self.layout(self.news_label, content, body_class="paged")

    def article_page(self, a: Article) -> str:
        tag = a.tags[0]
        author = (f'<h4 class="author-name"><a href="{self.href(self.author_path(a.author))}">'
                  f'{esc(a.author)}</a></h4>'
                  if a.author else "")
        content = (f'<article class="article post"><header class="article-header gh-canvas">'
                   f'<section class="article-tag"><a href="{self.href(self.tag_path(tag))}">'
                   f'{esc(tag)}</a></section>'
                   f'<h1 class="article-title">{esc(a.title)}</h1><div class="article-byline">'
                   f'<div class="article-byline-meta">{author}<div class="byline-meta-content">'
                   f'{self.time(a.published, "byline-meta-date")}</div></div></div></header>'
                   f'<section class="gh-content gh-canvas">\n{self.body_html(a)}\n</section>'
                   '</article>')
        return self.layout(a.title, content, a, body_class="post-template")


class StaticSSG(Style):
    feed_path = "/index.xml"
    full_in_description = True
    links_selector = "main article.post-entry a.entry-link"
    next_selector = "nav.pagination a.next"
    numbers_selector = "nav.pagination span.current + a"

    def listing_path(self, n: int) -> str:
        base = "/posts/" if self.v.news_index == 0 else f"/{self.news_slug}/"
        return base if n == 1 else f"{base}page/{n}/"

    def article_path(self, a: Article) -> str:
        return f"/posts/{a.slug}/"

    def tag_path(self, tag: str) -> str:
        return f"/tags/{_slug(tag, 'tag-' + str(self.lang.tags.index(tag)))}/"

    def author_path(self, person: str) -> str:
        return f"/authors/{_slug(person, 'author-' + str(self.site.people.index(person)))}/"

    def feed_items(self) -> list[Article]:
        return self.site.articles

    def listing_item(self, a: Article) -> str:
        author = f"&nbsp;·&nbsp;{esc(a.author)}" if a.author else ""
        return (f'<article class="post-entry"><header class="entry-header"><h2>{esc(a.title)}</h2>'
                '</header>'
                f'<div class="entry-content"><p>{esc(a.teaser)}</p></div><footer '
                'class="entry-footer">'
                f'{self.time(a.published)}{author}</footer><a class="entry-link" aria-label="post '
                'link to '
                f'{esc(a.title)}" href="{self.href(a.path)}"></a></article>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        parts = []
        if n > 1:
            parts.append(f'<a class="prev" href="{self.href(self.listing_path(n - 1))}">« '
                         f'{esc(self.lang.prev_page)}</a>')
        if self.v.pagination == "next":
            if n < total:
                parts.append(f'<a class="next" href="{self.href(self.listing_path(n + 1))}">'
                             f'{esc(self.lang.next_page)} »</a>')
        else:
            for i in range(1, total + 1):
                parts.append(f'<span class="current">{i}</span>' if i == n
                             else f'<a href="{self.href(self.listing_path(i))}">{i}</a>')
        return ('<footer class="page-footer"><nav class="pagination">' + "".join(parts)
                + "</nav></footer>")

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<header class="page-header"><h1>{esc(self.news_label)}</h1></header>'
                   + "".join(self.listing_item(a) for a in items) + self.pagination(n, total))
        return self.layout(self.news_label, content, body_class="list")

    def article_page(self, a: Article) -> str:
        tags = "".join(f'<li><a href="{self.href(self.tag_path(t))}">{esc(t)}</a></li>'
                       for t in a.tags)
        author = (f'<a href="{self.href(self.author_path(a.author))}">'
                  f'{esc(self.byline_text(a.author))}</a>'
                  if a.author else "")
        when = self.time(a.published)
        meta = f"{author} · {when}" if self.v.byline_first else f"{when} · {author}"
        content = ('<article class="post-single"><header class="post-header"><h1 '
                   'class="post-title">'
                   f'{esc(a.title)}</h1><div class="post-meta">{meta}</div></header>'
                   f'<div class="post-content">\n{self.body_html(a)}\n</div><footer '
                   'class="post-footer">'
                   f'<ul class="post-tags">{tags}</ul></footer></article>')
        return self.layout(a.title, content, a, body_class="single")


class WixLike(Style):
    trailing = ""
    links_selector = "div[data-hook='post-list-item'] a[data-hook='post-title']"
    next_selector = "a[data-hook='next-page']"
    numbers_selector = "a[aria-current='page'] + a"

    def c(self, *parts: object) -> str:
        return _class(self.site.id, *parts)

    def listing_path(self, n: int) -> str:
        base = "/blog" if self.v.news_index == 0 else f"/{self.news_slug}"
        return base if n == 1 else f"{base}/page/{n}"

    def article_path(self, a: Article) -> str:
        return f"/single-post/{a.slug}"

    def tag_path(self, tag: str) -> str:
        return f"/blog/hashtags/{_slug(tag, 'tag-' + str(self.lang.tags.index(tag)))}"

    def author_path(self, person: str) -> str:
        return f"/profile/{_slug(person, 'member-' + str(self.site.people.index(person)))}/profile"

    def event_path(self, item: Item) -> str:
        return f"/event-details/{item.slug}"

    def layout(self, title: str, content: str, a: Article | None = None, body_class: str = "",
               aside: str = "") -> str:
        nav = "".join(f'<div class="{self.c("navitem")}"><a data-testid="linkElement" '
                      f'href="{self.href(p)}">'
                      f'<div class="{self.c("navlabel")}"><p class="{self.c("navtext")}">'
                      f'{esc(label)}</p></div></a></div>'
                      for label, p in self.nav_items())
        foot = "".join(f'<div class="{self.c("foot")}"><a href="{self.href(p)}"><span>'
                       f'{esc(label)}</span></a></div>'
                       for label, p in self.footer_items())
        return (f'<!DOCTYPE html>\n<html lang="{self.lang.code}">\n<head>'
                f'\n{self.head(title, a)}\n</head>\n'
                '<body><div id="SITE_CONTAINER"><div id="site-root"><div id="SITE_HEADER" '
                f'class="{self.c("hdr")}">'
                f'<div class="{self.c("logo")}"><a href="{self.href("/")}"><span>'
                f'{esc(self.site.name)}</span></a></div>'
                f'<nav id="comp-{self.c("menu")[1:]}" class="{self.c("menu")}">{nav}</nav></div>'
                f'<div id="PAGES_CONTAINER"><div class="{self.c("page")}">\n{content}\n</div></div>'
                f'<div id="SITE_FOOTER" class="{self.c("ftr")}">{foot}'
                f'<p class="{self.c("copy")}">© {esc(self.site.organisation)}</p></div></div></div>'
                '</body>\n</html>\n')

    def meta_line(self, a: Article, author_html: str | None = None) -> str:
        title = esc(self.date(a.published))
        parts = [f'<span data-hook="time-ago" class="{self.c("date")}" title="{title}">'
                 f'{self.time(a.published)}</span>']
        if a.author:
            parts.insert(0 if self.v.byline_first else 1,
                         f'<a href="{self.href(self.author_path(a.author))}"><span '
                         'data-hook="user-name" class="'
                         f'{self.c("user")}">{esc(a.author)}</span></a>')
        return f'<div class="{self.c("meta")}">{"<span> · </span>".join(parts)}</div>'

    def listing_item(self, a: Article) -> str:
        return (f'<div data-hook="post-list-item" class="{self.c("item")}"><div '
                f'class="{self.c("itemin")}">'
                f'{self.meta_line(a)}<a href="{self.href(a.path)}" data-hook="post-title" '
                f'class="{self.c("title")}">'
                f'<p class="{self.c("titletext")}">{esc(a.title)}</p></a><div '
                'data-hook="post-description" class="'
                f'{self.c("desc")}"><div class="{self.c("desc2")}">{esc(a.teaser)}</div></div>'
                '</div></div>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        parts = []
        for i in range(1, total + 1):
            parts.append(f'<a aria-current="page" data-hook="page-{i}" class="{self.c("pcur")}">'
                         f'{i}</a>' if i == n
                         else f'<a href="{self.href(self.listing_path(i))}" data-hook="page-{i}" '
                              f'class="{self.c("pn")}">{i}</a>')
        if n < total and self.v.pagination == "next":
            parts.append(f'<a href="{self.href(self.listing_path(n + 1))}" data-hook="next-page" '
                         f'aria-label="{esc(self.lang.next_page)}" class="{self.c("pnext")}">›</a>')
        return f'<div data-hook="pagination" class="{self.c("pag")}">{"".join(parts)}</div>'

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<div class="{self.c("feed")}" data-hook="blog-feed">'
                   + "".join(self.listing_item(a) for a in items)
                   + "</div>" + self.pagination(n, total))
        return self.layout(self.news_label, content)

    def simple_list(self, title: str, articles: list[Article]) -> str:
        content = (f'<div class="{self.c("h")}"><span>{esc(title)}</span></div>'
                   + "".join(self.listing_item(a) for a in articles))
        return self.layout(title, content)

    def article_page(self, a: Article) -> str:
        body = "".join(f'<div class="{self.c("para")}"><p class="{self.c("ptext")}"><span>'
                       f'{esc(p)}</span></p></div>'
                       for p in a.paragraphs)
        tags = "".join(f'<a href="{self.href(self.tag_path(t))}" class="{self.c("tag")}">'
                       f'#{esc(t)}</a>' for t in a.tags)
        content = (f'<div data-hook="post-page" class="{self.c("post")}">{self.meta_line(a)}'
                   f'<div data-hook="post-title" class="{self.c("ptitle")}"><h1 '
                   f'class="{self.c("h1")}">'
                   f'<span>{esc(a.title)}</span></h1></div><div data-hook="post-description" '
                   'class="'
                   f'{self.c("content")}">\n{body}\n</div><div class="{self.c("tags")}">'
                   f'{tags}</div></div>')
        return self.layout(a.title, content, a)

    def home_page(self) -> str:
        return Style.home_page(self)


class Webflow(Style):
    trailing = ""
    links_selector = ".w-dyn-list .w-dyn-item a.blog-link"
    next_selector = "a.w-pagination-next"
    numbers_selector = "a.w-pagination-next"  # Webflow always writes a next link

    @property
    def query_key(self) -> str:
        return hashlib.sha256(self.site.id.encode()).hexdigest()[:8] + "_page"

    def listing_path(self, n: int) -> str:
        base = f"/{self.news_slug}"
        return base if n == 1 else f"{base}?{self.query_key}={n}"

    def article_path(self, a: Article) -> str:
        return f"/post/{a.slug}"

    def tag_path(self, tag: str) -> str:
        return f"/category/{_slug(tag, 'category-' + str(self.lang.tags.index(tag)))}"

    def author_path(self, person: str) -> str:
        return f"/author/{_slug(person, 'author-' + str(self.site.people.index(person)))}"

    def listing_item(self, a: Article) -> str:
        author = f'<div class="blog-author">{esc(a.author)}</div>' if a.author else ""
        return (f'<div role="listitem" class="blog-item w-dyn-item"><a href="{self.href(a.path)}" '
                'class="blog-link '
                f'w-inline-block"><h3 class="blog-title">{esc(a.title)}</h3></a><div '
                'class="blog-meta">'
                f'<div class="blog-date">{esc(self.date(a.published))}</div>{author}</div>'
                f'<p class="blog-summary">{esc(a.teaser)}</p></div>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        parts = []
        if n > 1:
            parts.append(f'<a href="{self.href(self.listing_path(n - 1))}" '
                         f'aria-label="{esc(self.lang.prev_page)}" '
                         f'class="w-pagination-previous">‹</a>')
        if n < total:
            parts.append(f'<a href="?{self.query_key}={n + 1}" '
                         f'aria-label="{esc(self.lang.next_page)}" '
                         'class="w-pagination-next"><div class="w-inline-block">'
                         f'{esc(self.lang.next_page)}</div></a>')
        return ('<div role="navigation" aria-label="List" class="w-pagination-wrapper">'
                + "".join(parts) + "</div>")

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<div class="section"><h1 class="heading">{esc(self.news_label)}</h1><div '
                   'class="w-dyn-list">'
                   '<div role="list" class="blog-list w-dyn-items">'
                   '' + "".join(self.listing_item(a) for a in items)
                   + "</div>" + self.pagination(n, total) + "</div></div>")
        return self.layout(self.news_label, content)

    def simple_list(self, title: str, articles: list[Article]) -> str:
        content = (f'<h1 class="heading">{esc(title)}</h1><div class="w-dyn-list"><div role="list" '
                   'class="w-dyn-items">'
                   + "".join(self.listing_item(a) for a in articles) + "</div></div>")
        return self.layout(title, content)

    def article_page(self, a: Article) -> str:
        author = (f'<a href="{self.href(self.author_path(a.author))}" class="post-author">'
                  f'{esc(a.author)}</a>'
                  if a.author else "")
        date = f'<div class="post-date">{self.time(a.published)}</div>'
        meta = author + date if self.v.byline_first else date + author
        cats = "".join(f'<a href="{self.href(self.tag_path(t))}" class="post-category">{esc(t)}</a>'
                       for t in a.tags)
        content = (f'<div class="post-header"><h1 class="post-title">{esc(a.title)}</h1><div '
                   'class="post-meta">'
                   f'{meta}</div></div><div class="rich-text w-richtext">'
                   f'\n{self.body_html(a)}\n</div>'
                   f'<div class="post-categories">{cats}</div>')
        return self.layout(a.title, content, a)


class SharePointLike(Style):
    trailing = ".aspx"
    links_selector = "table.ms-listviewtable td.ms-vb-title a"

    def __init__(self, site: Site):
        super().__init__(site)
        # SharePoint's pager is an image link: its title is the only text it has.
        selector = f"td.ms-paging a[title='{self.lang.next_page}']"
        self.next_selector = self.numbers_selector = selector

    def listing_path(self, n: int) -> str:
        name = "News" if self.v.news_index == 0 else self.news_slug.capitalize()
        first = (n - 1) * self.v.page_size + 1
        return f"/SitePages/{name}.aspx" + ("" if n == 1 else f"?Paged=TRUE&PageFirstRow={first}")

    def article_path(self, a: Article) -> str:
        return f"/SitePages/Article.aspx?ID={a.number}"

    def page_path(self, kind: str) -> str:
        name = "".join(w.capitalize() for w in self.lang.slugs[kind].split("-"))
        return f"/SitePages/{name}.aspx"

    def tag_path(self, tag: str) -> str:
        return f"/SitePages/Topic.aspx?TermId={self.lang.tags.index(tag) + 11}"

    def author_path(self, person: str) -> str:
        return f"/SitePages/Person.aspx?ID={self.site.people.index(person) + 7}"

    def event_path(self, item: Item) -> str:
        return f"/Lists/Events/DispForm.aspx?ID={item.number}"

    def job_path(self, item: Item) -> str:
        return f"/Lists/Jobs/DispForm.aspx?ID={item.number}"

    def row(self, a: Article) -> str:
        author = f'<td class="ms-vb-user">{esc(a.author or "")}</td>'
        return (f'<tr class="ms-itmhover"><td class="ms-vb-title"><a href="{self.href(a.path)}" '
                f'onclick="return false;">{esc(a.title)}</a></td><td class="ms-vb2">'
                f'{esc(self.date(a.published))}'
                f'</td>{author}</tr>')

    def table(self, articles: list[Article]) -> str:
        return ('<table class="ms-listviewtable" summary="News"><tr class="ms-viewheadertr"><th>'
                'Title</th>'
                '<th>Date</th><th></th></tr>' + "".join(self.row(a) for a in articles) + "</table>")

    def pagination(self, n: int, total: int) -> str:
        if total == 1 or n == total:
            return ""
        return (f'<table class="ms-bottompaging"><tr><td class="ms-paging">{n}</td><td '
                'class="ms-paging">'
                f'<a href="{self.href(self.listing_path(n + 1))}" '
                f'title="{esc(self.lang.next_page)}">'
                f'<img src="/_layouts/15/images/next.gif" alt="{esc(self.lang.next_page)}"></a>'
                '</td></tr></table>')

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = ('<div id="DeltaPlaceHolderMain"><h1 class="ms-core-pageTitle">'
                   f'{esc(self.news_label)}</h1>'
                   '<div class="ms-webpart-zone">'
                   f'{self.table(items)}{self.pagination(n, total)}</div></div>')
        return self.layout(self.news_label, content, body_class="ms-backgroundImage")

    def simple_list(self, title: str, articles: list[Article]) -> str:
        return self.layout(title, f'<h1 class="ms-core-pageTitle">{esc(title)}</h1>'
                                  f'{self.table(articles)}')

    def article_page(self, a: Article) -> str:
        created = esc(self.date(a.published))
        who = (f' <a href="{self.href(self.author_path(a.author))}">{esc(a.author)}</a>'
               if a.author else "")
        byline, when = f"{esc(self.lang.byline)}{who}", self.time(a.published)
        if not a.author:
            info = f'<div class="ms-metadata">{when}</div>'
        elif self.v.byline_first:
            info = f'<div class="ms-metadata">{byline} · {when}</div>'
        else:
            info = f'<div class="ms-metadata">{when} · {byline}</div>'
        topics = "".join(f'<a href="{self.href(self.tag_path(t))}">{esc(t)}</a> ' for t in a.tags)
        content = ('<div id="DeltaPlaceHolderMain"><div class="ms-rtestate-field"><h1>'
                   f'{esc(a.title)}</h1>'
                   f'{info}<div class="ms-rtestate-read" data-created="{created}">'
                   f'\n{self.body_html(a)}\n</div>'
                   f'<div class="ms-topics">{topics}</div></div></div>')
        return self.layout(a.title, content, a, body_class="ms-backgroundImage")


class PhpTables(Style):
    links_selector = "table.news td.headline a"
    next_selector = "td.pages a.next"
    numbers_selector = "td.pages b + a"

    def listing_path(self, n: int) -> str:
        name = "news" if self.v.news_index == 0 else self.news_slug
        return f"/{name}.php" + ("" if n == 1 else f"?page={n}")

    def article_path(self, a: Article) -> str:
        return f"/news.php?id={a.number}"

    def page_path(self, kind: str) -> str:
        return f"/{self.lang.slugs[kind]}.php"

    def tag_path(self, tag: str) -> str:
        return f"/tag.php?t={self.lang.tags.index(tag) + 1}"

    def author_path(self, person: str) -> str:
        return f"/author.php?id={self.site.people.index(person) + 1}"

    def event_path(self, item: Item) -> str:
        return f"{self.events_path()}?id={item.number}"

    def job_path(self, item: Item) -> str:
        return f"{self.jobs_path()}?id={item.number}"

    def href(self, path: str) -> str:
        return esc(path.lstrip("/") if path != "/" else "index.php")

    def pages(self) -> dict[str, Page]:
        pages = super().pages()
        pages["/index.php"] = pages["/"]
        return pages

    def layout(self, title: str, content: str, a: Article | None = None, body_class: str = "",
               aside: str = "") -> str:
        nav = " | ".join(f'<a href="{self.href(p)}">{esc(label)}</a>'
                         for label, p in self.nav_items())
        foot = " | ".join(f'<a href="{self.href(p)}">{esc(label)}</a>'
                          for label, p in self.footer_items())
        return (f'<html>\n<head>\n{self.head(title, a)}\n</head>\n<body bgcolor="#ffffff">\n'
                f'<table width="780" align="center" border="0" cellpadding="0" cellspacing="0">'
                f'<tr><td class="top" colspan="2"><font size="5"><b>{esc(self.site.name)}</b>'
                '</font></td></tr>'
                f'<tr><td class="menu" colspan="2">{nav}</td></tr>'
                f'<tr><td class="content" valign="top">\n{content}\n</td></tr>'
                f'<tr><td class="bottom" colspan="2"><small>{foot} — © '
                f'{esc(self.site.organisation)}'
                f'</small></td></tr></table>\n</body>\n</html>\n')

    def row(self, a: Article) -> str:
        return ('<tr><td class="newsdate" width="90" valign="top">'
                f'{esc(self.date(a.published))}</td>'
                f'<td class="headline"><a href="{self.href(a.path)}"><b>{esc(a.title)}</b></a><br>'
                f'<font size="2">{esc(a.teaser)}</font></td></tr>')

    def pagination(self, n: int, total: int) -> str:
        if total == 1:
            return ""
        parts = [f"<b>{i}</b>" if i == n else f'<a href="{self.href(self.listing_path(i))}">{i}</a>'
                 for i in range(1, total + 1)]
        if n < total and self.v.pagination == "next":
            parts.append(f'<a class="next" href="{self.href(self.listing_path(n + 1))}">'
                         f'{esc(self.lang.next_page)} &raquo;</a>')
        return f'<table class="pager"><tr><td class="pages">{" ".join(parts)}</td></tr></table>'

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        content = (f'<h2>{esc(self.news_label)}</h2><table class="news" width="100%" '
                   'cellpadding="4">'
                   + "".join(self.row(a) for a in items) + "</table>" + self.pagination(n, total))
        return self.layout(self.news_label, content)

    def simple_list(self, title: str, articles: list[Article]) -> str:
        content = (f'<h2>{esc(title)}</h2><table class="news" width="100%">'
                   + "".join(self.row(a) for a in articles) + "</table>")
        return self.layout(title, content)

    def article_page(self, a: Article) -> str:
        who = (f'<a href="{self.href(self.author_path(a.author))}">{esc(a.author)}</a>'
               if a.author else "")
        date = esc(self.date(a.published))
        if self.v.time_tag:
            date = f'<time datetime="{a.published.isoformat()}">{date}</time>'
        byline = f"{esc(self.lang.byline)} {who}"
        info = date if not a.author else (f"{byline} | {date}" if self.v.byline_first
                                          else f"{date} | {byline}")
        paragraphs = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
        tags = ", ".join(f'<a href="{self.href(self.tag_path(t))}">{esc(t)}</a>' for t in a.tags)
        content = ('<table width="100%" class="article"><tr><td class="title"><h2>'
                   f'{esc(a.title)}</h2></td></tr>'
                   f'<tr><td class="info"><small>{info}</small></td></tr><tr><td class="text">'
                   f'\n{paragraphs}\n'
                   f'</td></tr><tr><td class="tags"><small>{tags}</small></td></tr></table>'
                   f'<p><a href="{self.href(self.listing_path(1))}">&laquo; '
                   f'{esc(self.news_label)}</a></p>')
        return self.layout(a.title, content, a)


class OnePageCards(Style):
    trailing = ".html"
    links_selector = "div.cards div.card h3 a"

    def listing_path(self, n: int) -> str:
        return "/" if self.v.news_index == 0 else f"/{self.news_slug}.html"

    def listing_pages(self) -> list[list[Article]]:
        return [self.site.articles]

    def article_path(self, a: Article) -> str:
        return f"/news/{a.slug}.html"

    def tag_path(self, tag: str) -> str:
        return f"/tags/{_slug(tag, 'tag-' + str(self.lang.tags.index(tag)))}.html"

    def author_path(self, person: str) -> str:
        return f"/team/{_slug(person, 'member-' + str(self.site.people.index(person)))}.html"

    def event_path(self, item: Item) -> str:
        return f"/{self.lang.slugs['events']}/{item.slug}.html"

    def job_path(self, item: Item) -> str:
        return f"/{self.lang.slugs['jobs']}/{item.slug}.html"

    def nav_items(self) -> list[tuple[str, str]]:
        items = super().nav_items()
        return items if self.v.news_index else [items[0], *items[2:]]

    def card(self, a: Article) -> str:
        return (f'<div class="card"><h3><a href="{self.href(a.path)}">{esc(a.title)}</a></h3>'
                f'<p class="card-date">{esc(self.date(a.published))}</p><p>{esc(a.teaser)}</p>'
                f'<a class="btn" href="{self.href(a.path)}">{esc(self.lang.read_more)}</a></div>')

    def cards(self) -> str:
        return '<div class="cards">' + "".join(self.card(a) for a in self.site.articles) + "</div>"

    def home_page(self) -> str:
        about = fill(self.lang.about_text, self.lang, org=self.site.organisation,
                     city=self.site.city)
        intro = ('<section class="hero"><h1>'
                 f'{esc(self.lang.tagline.format(org=self.site.organisation))}</h1>'
                 f'<p>{esc(about)}</p></section>')
        if self.v.news_index:
            return self.layout(self.lang.nav["home"], intro, body_class="home")
        news = f'<section id="news"><h2>{esc(self.news_label)}</h2>{self.cards()}</section>'
        return self.layout(self.lang.nav["home"], intro + news, body_class="home")

    def listing_page(self, n: int, total: int, items: list[Article]) -> str:
        if self.v.news_index == 0:
            return self.home_page()
        return self.layout(self.news_label, f'<h1>{esc(self.news_label)}</h1>{self.cards()}')

    def simple_list(self, title: str, articles: list[Article]) -> str:
        content = f'<h1>{esc(title)}</h1><div class="tagged">' + "".join(
            f'<div class="tagged-item"><a href="{self.href(a.path)}">{esc(a.title)}</a></div>'
            '' for a in articles) + "</div>"
        return self.layout(title, content)

    def article_page(self, a: Article) -> str:
        tags = " ".join(f'<a class="tag" href="{self.href(self.tag_path(t))}">{esc(t)}</a>'
                        for t in a.tags)
        content = (f'<article><h1>{esc(a.title)}</h1><p class="meta">{self.meta_line(a)}</p>'
                   f'\n{self.body_html(a)}\n<p class="tags">{tags}</p>'
                   f'<p><a href="{self.href(self.listing_path(1))}">← '
                   f'{esc(self.lang.nav["home"])}</a></p></article>')
        return self.layout(a.title, content, a)


STYLE_CLASSES: dict[str, type[Style]] = {
    "wordpress-feed": WordPress, "wordpress-nofeed": WordPressNoFeed, "drupal": Drupal,
    "joomla": Joomla, "ghost": Ghost, "static-ssg": StaticSSG, "wix-like": WixLike,
    "webflow": Webflow, "sharepoint-like": SharePointLike, "php-tables": PhpTables,
    "onepage-cards": OnePageCards,
}
