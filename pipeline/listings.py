"""Reading a listing page without CSS selectors: its article links, its next page, and a homepage's
links to its news section.

    article_links(html, url) -> [URL]        the links of the page's repeating article cards
    next_page(html, url) -> URL | None        the listing's next page
    news_sections(html, url, languages)       a homepage's news/blog section links, best first

Cards are found by their shape, not by a site's markup: every same-site link out of the page's
furniture (menus, headers, footers, sidebars, pagination, tag clouds, share bars) climbs to the
largest element that links to no other title's URL (its "card"; titles in headings and in the
URL folder most titles share decide, so an author's or a topic's link splits no card). Cards of
the same shape (tag and shared classes of the card and its parents, and the tags down to the
link) form a group, and groups are scored by what cards of articles have: several of them,
titles of several words, dates, teasers, and article-like URLs. A group whose cards all sit in
a better group's cards is those cards' topics or authors. Pure functions over the HTML; the
words of every language are data in discovery.yaml.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, takewhile
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

import lxml.html
from lxml import etree

from pipeline.dates import date_in_text
from pipeline.discovery import looks_like_feed, rules
from pipeline.html import any_in_line
from pipeline.pagekind import no_feed_url_reason
from pipeline.sitemaps import is_article_url
from pipeline.urls import followable_url, identity_url, same_site

# Bounds that keep a hostile page's cost small whatever its size or depth.
MAX_HTML = 5_000_000  # characters (or bytes) parsed: pages with big inline scripts
MAX_ANCHORS = 3_000  # links read, in page order: a listing shows far fewer
MAX_ELEMENTS = 50_000  # elements whose classes are counted
MAX_DEPTH = 60  # ancestors looked at for furniture
MAX_CLIMB = 10  # levels a card may span above its link
MAX_TEXT = 300  # characters of a link's text kept
SHAPE_LEVELS = 4  # the card and its parents that make a group's shape
MAX_SECTIONS = 5

# A group of cards is a listing when most of its links have titles and article-like URLs ...
MIN_TITLE_RATIO = 0.5
MIN_SHAPE_RATIO = 0.5
# ... and it is nearly as good as the best group (quality runs from 0 to 4.5).
QUALITY_MARGIN = 1.0
TEASER_CHARS = 40  # a card with this much more text than its title has a teaser

KANA_START = "\u3000"  # from here on (kana, CJK, Hangul) a combining mark is part of the letter
# A title has several words, or this many CJK characters (a person's name has 2 to 5).
CJK_TITLE_CHARS = 6
# A menu's CJK label (新闻动态, お知らせ) is short; a title mentioning one is not.
MAX_CJK_LABEL = 12
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
SPLIT_WORDS = re.compile(r"[\s_-]+")
NOT_WORD = re.compile(r"[^\w\s']+")
# Dates the shared date reader does not know: Korean, and a day and month name in any language.
LOOSE_DATE = re.compile(r"(?:19|20)\d\d\s*년|\b\d{1,2}\.?\s+[^\W\d]{3,12}\.?,?\s+(?:19|20)\d\d\b")
DATE_PATH = re.compile(r"^(/\d{4}){1}(/\d{1,2}){0,2}/?$")  # /2024/, /2024/05/: date archives
SKIPPED_RELS = {"tag", "category", "author", "prev", "next", "license", "search"}
# Page parameters named after their list: Webflow's "b031a0f0_page", "news_page", "newsPageNo".
PAGE_PARAM = re.compile(r"(?:^|[_-]|[a-z])(?:page|Page)(?:num|Num|number|Number|no|No)?$")
PAGE_NUMBER = re.compile(r"^\D{0,20}?(\d{1,5})$")  # "Page 3", "Go to page 3"
# The next page of a "load more" button or an infinite scroll: attributes naming the next page
# on any element, and those a loader button keeps its URL in (with "load more" words only).
NEXT_ATTRIBUTES = ("data-next-url", "data-next")
LOADER_ATTRIBUTES = ("data-href", "data-url")
LOAD_MORE_XPATH = ("//*[@data-next-url or @data-next or @data-href or @data-url]"
                   " | //button | //a[@href]")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAIN_CONTENT = ("main", "article", "h1")  # what only the page's content holds


# -- words --------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Text for matching: accents dropped (NFKD), case folded, punctuation and runs of spaces
    made one space. Kana keep their voicing marks: ブログ (blog) is not フロク,
    nor in プログラム."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text or ""):
        if not (unicodedata.combining(char) and kept and kept[-1] < KANA_START):
            kept.append(char)
    bare = unicodedata.normalize("NFC", "".join(kept)).casefold()
    return " ".join(NOT_WORD.sub(" ", bare).replace("'", " ").split())


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    """The listing part of discovery.yaml, its phrases folded once."""
    data = rules()["listing"]
    folded = {key: frozenset(fold(str(word)) for word in value) for key, value in data.items()
              if key not in ("next_symbols", "previous_symbols", "volatile_class_prefixes",
                             "state_class_prefixes")}
    return {**data, **folded}


def _phrases(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern finding any of the folded phrases: whole words, except CJK ones (no spaces)."""
    alternatives = [re.escape(w) if CJK.search(w) else rf"(?<!\w){re.escape(w)}(?!\w)"
                    for w in sorted(words, key=len, reverse=True) if w]
    return re.compile("|".join(alternatives) or r"(?!)")


def _class_words(element: Any) -> set[str]:
    """The words of an element's id and class names, but those of state and taxonomy names."""
    prefixes = tuple(_words()["state_class_prefixes"])
    names = f"{element.get('id') or ''} {element.get('class') or ''}".lower().split()
    return {word for name in names if not name.startswith(prefixes)
            for word in SPLIT_WORDS.split(name)}


def _all_text(element: Any) -> str:
    """The element's text, its elements' texts apart ("tenants</h3><div>May 3" is two words)."""
    return " ".join(" ".join(element.itertext()).split())


def _text(element: Any) -> str:
    return _all_text(element)[:MAX_TEXT]


# -- parsing ------------------------------------------------------------------------------------

def _tree(html: str | bytes) -> Any | None:
    """The parsed document, or None when there is none. UTF-8 bytes are read as UTF-8 whatever
    libxml2 would guess; other bytes by the page's own charset."""
    if isinstance(html, bytes):
        with contextlib.suppress(UnicodeDecodeError):
            html = html[:MAX_HTML].decode("utf-8")
    if not html or not html.strip():
        return None
    try:
        if isinstance(html, str):  # as bytes: lxml refuses str with an encoding declaration
            parser = lxml.html.HTMLParser(encoding="utf-8")
            return lxml.html.document_fromstring(html[:MAX_HTML].encode("utf-8", "replace"),
                                                 parser=parser)
        return lxml.html.document_fromstring(html[:MAX_HTML])
    except (etree.ParserError, ValueError):
        return None


def _base(tree: Any, url: str) -> str:
    return urljoin(url, (tree.xpath("//base/@href") or [""])[0].strip())


@lru_cache(maxsize=64)
def _identity(url: str) -> str:
    return identity_url(url)  # the page's own, compared with each of its links


def _target(anchor: Any, base: str, url: str) -> str | None:
    """The link's canonical URL when it is on the page's site and is not the page itself."""
    href = (anchor.get("href") or "").strip()
    target = followable_url(href, base=base) if href else None
    if not target or not same_site(target, url) or identity_url(target) == _identity(url):
        return None
    return target


# -- furniture ----------------------------------------------------------------------------------

def _own_furniture(element: Any) -> bool:
    """True when the element itself is furniture: a nav or aside, an element named so, or a page
    header or footer (one inside a card holds the card's title or its date)."""
    words, names = _words(), _class_words(element)
    if element.tag in ("nav", "aside"):
        return True
    if names & words["furniture_words"]:
        return next(element.iter(*MAIN_CONTENT), None) is None  # no layout wrapper
    edge = element.tag in ("header", "footer") or names & words["edge_words"]
    return bool(edge) and not _in_card(element)


def _in_card(element: Any) -> bool:
    words = _words()
    for node in islice(element.iterancestors(), MAX_DEPTH):
        if node.tag in ("body", "html"):
            return False
        if node.tag in words["card_tags"] or _class_words(node) & words["card_words"]:
            return True
    return False


def _is_furniture(element: Any, memo: dict[Any, bool]) -> bool:
    """True when the element or an ancestor is furniture (memo: shared answers of ancestors).
    <body> and <html> are never asked: their classes say how the whole page is laid out
    ("has-sidebar")."""
    ancestors = takewhile(lambda node: node.tag not in ("body", "html"),
                          islice(element.iterancestors(), MAX_DEPTH))
    return any_in_line(ancestors, _own_furniture, memo)


# -- article links ------------------------------------------------------------------------------

@dataclass
class _Link:
    anchor: Any
    url: str
    text: str
    kind: str  # "title", "more" (a read-more link), "image", or "weak" (a name, a label)
    heading: bool  # in a heading, or holding one


@dataclass
class _Group:
    urls: dict[str, list[bool]] = field(default_factory=dict)  # url -> [title, dated, teaser]
    cards: list[Any] = field(default_factory=list)

    def ratio(self, index: int) -> float:
        return sum(facts[index] for facts in self.urls.values()) / len(self.urls)

    def shape_ratio(self) -> float:
        return sum(map(_article_shaped, self.urls)) / len(self.urls)

    def quality(self) -> float:
        return (2 * self.ratio(0) + self.ratio(1) + 0.5 * self.ratio(2)
                + self.shape_ratio())


def article_links(html: str | bytes, url: str) -> list[str]:
    """The article links of a listing page or of a homepage's news cards: absolute canonical URLs
    in page order, each once; [] when the page shows no repeating cards of articles."""
    tree = _tree(html)
    if tree is None:
        return []
    links = _candidate_links(tree, url)
    cards, common = _cards(links), _common_classes(tree)
    groups: dict[str, _Group] = {}
    facts_memo: dict[Any, tuple[str, bool, int]] = {}
    for link, card in zip(links, cards):
        facts = _card_facts(card, facts_memo)
        heading = _nearest_heading(link.anchor, card) if link.kind in ("more", "image") else ""
        title = link.kind == "title" or _title_like(heading)
        teaser = facts[2] >= len(facts[0] or link.text) + TEASER_CHARS
        group = groups.setdefault(_shape(card, common) + _inner_path(link.anchor, card), _Group())
        group.cards.append(card)
        known = group.urls.setdefault(link.url, [False, False, False])
        known[:] = [a or b for a, b in zip(known, (title, facts[1], teaser))]
    kept = _outermost(_kept_groups(list(groups.values()), _paging(url) is not None))
    chosen = {url for group in kept for url in group.urls}
    return list(dict.fromkeys(link.url for link in links if link.url in chosen))


def _candidate_links(tree: Any, url: str) -> list[_Link]:
    """The page's same-site links out of its furniture whose URLs may be articles."""
    base, found = _base(tree, url), []
    memo: dict[Any, bool] = {}  # _is_furniture's answers for the ancestors of the links
    for anchor in islice(tree.iter("a"), MAX_ANCHORS):
        if SKIPPED_RELS & set((anchor.get("rel") or "").lower().split()):
            continue  # rel="tag", rel="author": WordPress says what the link is
        target = _target(anchor, base, url)
        if not target or not _may_be_article(target) or _is_furniture(anchor, memo):
            continue
        text = _text(anchor) or _named(anchor)
        if _same_listing(target, url) or _says_next(text, False) or _says_previous(text):
            continue  # "Load more articles", "Older posts": the listing's other pages
        found.append(_Link(anchor, target, text, _link_kind(anchor, text), _in_heading(anchor)))
    return found


def _named(anchor: Any) -> str:
    """The name of a link with no text: its aria-label or title, else its image's alt text (a
    card whose only title is its picture's)."""
    for name in (anchor.get("aria-label"), anchor.get("title"),
                 *(img.get("alt") for img in islice(anchor.iter("img"), 3))):
        if name and name.strip():
            return " ".join(name.split())[:MAX_TEXT]
    return ""


def _same_listing(target: str, url: str) -> bool:
    """True for another page of the listing itself (?page=3, /page/3/, ?start=20)."""
    if re.search(r"(?:^|&)p=\d+(?:&|$)", urlsplit(target).query):
        return False  # WordPress's plain permalinks are ?p=123: articles, not pages
    own, paging = _paging(url), _paging(target)
    if paging:
        return paging[0] == (own[0] if own else _unnumbered(url))
    return own is not None and _unnumbered(target) == own[0]  # page 2's link to page 1


def _unnumbered(url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A listing page's URL without a page number, as _paging keys it."""
    parts = urlsplit(url)
    return parts.path.rstrip("/"), tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def _may_be_article(url: str) -> bool:
    """False for archive URLs, date archives, documents (a report's PDF), events, job offers,
    legal and contact pages (the shapes of url_patterns.yaml) and a taxonomy's term pages."""
    words = _words()
    path = urlsplit(url).path
    segments = [fold(unquote(s)) for s in path.split("/") if s]
    last = path.rstrip("/").rsplit("/", 1)[-1]
    extension = last.rsplit(".", 1)[-1].lower() if "." in last else ""
    return (is_article_url(url, (), ()) and bool(segments or urlsplit(url).query)
            and not DATE_PATH.match(path) and extension not in words["document_extensions"]
            and not no_feed_url_reason(url)  # events, jobs, contact...: pipeline/pagekind.py
            and not (len(segments) >= 2 and segments[-2] in words["taxonomy_segments"]))


def _in_heading(anchor: Any) -> bool:
    return (any(node.tag in HEADINGS for node in islice(anchor.iterancestors(), 3))
            or next(anchor.iter(*HEADINGS), None) is not None)


def _link_kind(anchor: Any, text: str) -> str:
    if _is_read_more(text):
        return "more"
    if _title_like(text) or _title_like(anchor.get("title") or ""):
        return "title"
    # An image's short alt ("Photo") names no article: the nearest heading may.
    return "image" if not _text(anchor) and anchor.find(".//img") is not None else "weak"


def _is_read_more(text: str) -> bool:
    return fold(text) in _words()["read_more"] or (bool(text) and not fold(text))


def _title_like(text: str) -> bool:
    """Several words, or several CJK characters (no spaces between words), and no read-more."""
    if not text or _is_read_more(text):
        return False
    return len(text.split()) >= 3 or len(CJK.findall(text)) >= CJK_TITLE_CHARS


def _cards(links: list[_Link]) -> list[Any]:
    """Each link's card: its largest ancestor (below the body) with no other article's link.
    Only the links most like a list's titles split cards (a card's topic or author link does
    not): heading links when the page's titles are in headings, else any link but a short
    label's; of those, the ones in the URL folders most of them share."""
    headed = {link.url for link in links if link.heading}
    splitting = _main_folders(headed if len(headed) >= 2 else
                              {k.url for k in links if k.kind != "weak"})
    owners: dict[Any, set[str]] = {}
    for link in links:
        if link.url not in splitting:
            continue
        for node in islice(link.anchor.iterancestors(), MAX_CLIMB):
            seen = owners.setdefault(node, set())
            if len(seen) < 2:
                seen.add(link.url)
    cards = []
    for link in links:
        card = link.anchor
        for node in islice(link.anchor.iterancestors(), MAX_CLIMB):
            if node.tag in ("body", "html") or owners.get(node, set()) - {link.url}:
                break
            card = node
        cards.append(card)
    return cards


def _main_folders(urls: set[str]) -> set[str]:
    """The URLs in the folders holding at least half as many of them as the fullest folder
    (/single-post/..., not /profile/<name>/profile; /news.php?id=..., not /topic.php?term=...)."""
    folders: dict[str, set[str]] = {}
    for url in urls:
        folders.setdefault(_folder(url), set()).add(url)
    most = max(map(len, folders.values()), default=0)
    return {url for members in folders.values() if 2 * len(members) >= most for url in members}


def _folder(url: str) -> str:
    """Where a URL sits: its path without the last segment (digits as #: /2024/05/ and
    /2023/11/ are one folder), and for a query the script and its parameters' names."""
    parts = urlsplit(url)
    path = parts.path if parts.query else parts.path.rstrip("/").rsplit("/", 1)[0]
    names = sorted(name.lower() for name, _ in parse_qsl(parts.query))
    return re.sub(r"\d+", "#", path) + "?" + "&".join(names)


def _card_facts(card: Any, memo: dict[Any, tuple[str, bool, int]]) -> tuple[str, bool, int]:
    """A card's heading text, whether it shows a date, and the length of its text."""
    if card not in memo:
        text = _all_text(card)
        heading = next((_text(h) for h in card.iter(*HEADINGS)), "")
        dated = (next(card.iter("time"), None) is not None
                 or _date_like(text[:500]) or _date_like(text[-200:]) or _dated_beside(card))
        memo[card] = (heading, dated, len(text))
    return memo[card]


def _nearest_heading(anchor: Any, card: Any) -> str:
    """The text of the heading nearest a read-more or image link in its card (a card whose
    title is no link); the page's <h1> above a lone card is the listing's name."""
    for node in islice(anchor.iterancestors(), MAX_CLIMB):
        heading = next(node.iter(*HEADINGS[1:]), None)
        if heading is not None:
            return _text(heading)
        if node is card:
            break
    return ""


def _dated_beside(card: Any) -> bool:
    """A date just before the card, out of it: <dt>2024.05.03</dt><dd><a>title</a></dd>."""
    before = card.getprevious()
    return (before is not None and isinstance(before.tag, str) and before.find(".//a") is None
            and _date_like(_text(before)))


def _date_like(text: str) -> bool:
    return bool(date_in_text(text) or LOOSE_DATE.search(text))


def _common_classes(tree: Any) -> frozenset[str]:
    """The class names that more than one element has: a name only one element has (post-123)
    tells nothing of the shape of a list's members."""
    seen: set[str] = set()
    common: set[str] = set()
    for element in islice(tree.iter(etree.Element), MAX_ELEMENTS):  # no comments
        for name in (element.get("class") or "").lower().split():
            (common if name in seen else seen).add(name)
    return frozenset(common)


def _inner_path(anchor: Any, card: Any) -> str:
    """The tags from the card down to the link: a card's title and its author's name differ."""
    steps = []
    for node in islice(anchor.iterancestors(), MAX_CLIMB):
        if node is card or anchor is card:
            break
        steps.append(node.tag)
    return " > " + "/".join(reversed(steps)) + "/a"


def _shape(card: Any, common: frozenset[str]) -> str:
    """The card's shape: tag and shared, stable classes of the card and its parents (no
    per-post class), so every card of one list has the same."""
    steps, node = [], card
    for _ in range(SHAPE_LEVELS):
        if node is None or node.tag in ("body", "html"):
            break
        classes = sorted(c for c in (node.get("class") or "").lower().split()
                         if c in common and _stable(c))
        steps.append(".".join([node.tag, *classes[:4]]))
        node = node.getparent()
    return " < ".join(steps)


def _stable(name: str) -> bool:
    return not name.startswith(tuple(_words()["volatile_class_prefixes"]))


@lru_cache(maxsize=8192)
def _article_shaped(url: str) -> bool:
    """A URL shaped like an article's: deeper than a section, a slug or file name, or an id."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    paging = (_words()["page_params"] | _words()["offset_params"]) - {"p"}
    if any(value.isdigit() and name.lower() not in paging
           for name, value in parse_qsl(parts.query)):
        return True  # news.php?id=42, DispForm.aspx?ID=3, WordPress's ?p=123
    last = segments[-1] if segments else ""
    return len(segments) >= 2 or bool(re.search(r"[-_.\d]", last)) or len(CJK.findall(last)) > 1


def _kept_groups(groups: list[_Group], paginated: bool) -> list[_Group]:
    """The groups of article cards: enough titles and article URLs, nearly as good as the best;
    when the best shows dates, only dated ones (services or team cards beside news have none).
    A lone card is a list on a listing's further page (its last page may hold one article)."""
    fit = [g for g in groups if g.ratio(0) >= MIN_TITLE_RATIO
           and g.shape_ratio() >= MIN_SHAPE_RATIO]
    lists = [g for g in fit if len(g.urls) >= 2 - paginated]
    if not lists:
        return []
    best = max(lists, key=lambda g: (g.quality(), len(g.urls)))
    dated = best.ratio(1) >= 0.5
    # A lone card (a featured article) counts only when it has everything the best list has.
    return [g for g in fit if g.quality() >= best.quality() - QUALITY_MARGIN
            and (not dated or g.ratio(1) >= 0.5)
            and (len(g.urls) >= 2 or g.quality() >= best.quality())]


def _outermost(groups: list[_Group]) -> list[_Group]:
    """The groups but those whose every card lies in a better group's card: a card's own topic
    or author links, not articles."""
    kept: list[_Group] = []
    for group in sorted(groups, key=lambda g: -g.quality()):
        outer = {card for other in kept for card in other.cards}
        if not all(any(node in outer for node in islice(card.iterancestors(), MAX_DEPTH))
                   for card in group.cards):
            kept.append(group)
    return kept


# -- next page ----------------------------------------------------------------------------------

@dataclass
class _PageLink:
    url: str
    label: str  # aria-label, else text, else title
    in_pager: bool
    number: str  # the page number it shows ("3", or aria-label="Page 3"), or ""


def next_page(html: str | bytes, url: str) -> str | None:
    """The listing's next page: rel=next, a "next" link, the page numbered one more, or the
    smallest further offset; same site, never the page itself nor a previous page."""
    tree = _tree(html)
    if tree is None:
        return None
    base = _base(tree, url)
    for element in islice(tree.xpath("//link[@rel][@href] | //a[@rel][@href]"), MAX_ANCHORS):
        target = _target(element, base, url)
        if target and "next" in (element.get("rel") or "").lower().split():
            return target
    links = _page_links(tree, base, url)
    said = [link for link in links
            if _says_next(link.label, link.in_pager) and not _behind(link.url, url)]
    in_pager = [link.url for link in said if link.in_pager]
    anywhere = list(dict.fromkeys(link.url for link in said))
    # Out of a pager, a "next" word counts only when one URL has it (two are something else).
    found = (in_pager[:1] or _load_more(tree, base, url) or _numbered(tree, links, url)
             or anywhere[:1] * (len(anywhere) == 1))
    return found[0] if found else _by_number(links, url) or _nearest_higher(tree, links, url)


def _load_more(tree: Any, base: str, url: str) -> list[str]:
    """A "load more" button's or an infinite scroll's next page: the URL of a data-next(-url)
    attribute, or of a data-href / data-url or a link to the listing's own pages on a <button>
    or <a> that says "load more" in the network's languages; same site, never back."""
    for element in islice(tree.xpath(LOAD_MORE_XPATH), MAX_ANCHORS):
        href = next((element.get(name) for name in NEXT_ATTRIBUTES if element.get(name)), None)
        loader = element.tag in ("a", "button") and _says_load_more(
            _text(element) or element.get("aria-label") or element.get("title") or "")
        if href and not loader and not _class_words(element) & _words()["load_more_classes"]:
            # A carousel's data-next="2" is its next slide: only the listing's own pages count.
            target = followable_url(href.strip(), base=base)
            href = href if target and _same_listing(target, url) else None
        if not href and loader:
            href = next((element.get(name) for name in LOADER_ATTRIBUTES if element.get(name)),
                        None)
            own_page = element.get("href") if element.tag == "a" else None
            if not href and own_page:
                target = followable_url(own_page.strip(), base=base)
                href = own_page if target and _same_listing(target, url) else None
        target = followable_url(href.strip(), base=base) if href else None
        if (target and same_site(target, url) and identity_url(target) != _identity(url)
                and not _behind(target, url)):
            return [target]
    return []


def _says_load_more(label: str) -> bool:
    return fold(label) in _words()["load_more_words"]


def _page_links(tree: Any, base: str, url: str) -> list[_PageLink]:
    found = []
    for anchor in islice(tree.iter("a"), MAX_ANCHORS):
        target = _target(anchor, base, url)
        if target:
            text = _text(anchor)
            label = (anchor.get("aria-label") or text or anchor.get("title") or "").strip()
            named = anchor.get("aria-label") or anchor.get("title") or ""
            number = text if text.isdigit() else _shown_number(named, text)
            found.append(_PageLink(target, label, _in_pager(anchor), number))
    return found


def _shown_number(named: str, text: str) -> str:
    """The page number an aria-label or title says ("Go to page 3"), or a text that names a page
    ("Page 3", "Seite 3"); not a menu entry's ("Digital strategy 2")."""
    number = "".join(PAGE_NUMBER.findall(named.strip())[:1])
    words = fold(text).split()
    if not number and len(words) == 2 and words[0] in _words()["page_path_words"] | {"page"}:
        number = "".join(PAGE_NUMBER.findall(text.strip())[:1])
    return number


def _in_pager(element: Any) -> bool:
    """True when the link, or one of its few nearest ancestors, is a pagination container."""
    words = _words()["pagination_words"]
    for node in islice(element.iterancestors(), 6):
        label = fold(node.get("aria-label") or "")
        if node.tag == "nav" or _class_words(node) & words or "pagination" in label:
            return True
    return bool(_class_words(element) & words)


def _says_previous(label: str) -> bool:
    return fold(label) in _words()["previous_words"]


def _says_next(label: str, in_pager: bool) -> bool:
    """A "next" label: its words, or alone an arrow that only a pagination container makes sure."""
    words, plain = _words(), fold(label)
    if plain:
        return plain in words["next_words"] and plain not in words["previous_words"]
    return in_pager and label.replace(" ", "") in rules()["listing"]["next_symbols"]


def _numbered(tree: Any, links: list[_PageLink], url: str) -> list[str]:
    """The pagination link whose number is the current page's plus one."""
    paging = _paging(url)
    current = _current_number(tree) or (paging[2] if paging and paging[1] == "page" else 1)
    numbered = [link for link in links if link.number == str(current + 1)]
    return [link.url for link in numbered if link.in_pager or _paging(link.url)][:1]


def _current_number(tree: Any) -> int | None:
    """The number the pagination marks current (aria-current, or a current/active class)."""
    marked = tree.xpath("//*[@aria-current='page'] | //*[contains(@class, 'current')]"
                        " | //*[contains(@class, 'active')]")
    for element in islice(marked, 50):
        text = _text(element)
        if text.isdigit() and _in_pager(element):
            return int(text)
    return None


def _paging(url: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], str, int] | None:
    """How a URL numbers its page: ((path without the number, other query), kind, number),
    kind "page" or "offset" (start=20); None when it has no number."""
    words = _words()
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for index, (name, value) in enumerate(query):
        kind = "offset" if name.lower() in words["offset_params"] else "page"
        if value.isdigit() and (kind == "offset" or name.lower() in words["page_params"]
                                or PAGE_PARAM.search(name)):
            rest = tuple(sorted(query[:index] + query[index + 1:]))
            return (parts.path.rstrip("/"), rest), kind, int(value)
    path_words = "|".join(map(re.escape, words["page_path_words"]))
    match = re.search(rf"/({path_words})/(\d+)/?$", parts.path)
    if match:
        return (parts.path[:match.start()].rstrip("/"), tuple(sorted(query))), "page", int(
            match.group(2))
    return None


def page_after(url: str, previous: str) -> str | None:
    """The page after `url` in its listing's numbering, for a page that failed (its own next link
    is unknown): ?page=3 after ?page=2, /page/4/ after /page/3/, ?start=20 after ?start=10 (the
    step read from `previous`, the page before it); None when `url` has no page number."""
    paging = _paging(url)
    if paging is None:
        return None
    key, kind, number = paging
    before = _paging(previous)
    start = before[2] if before is not None and before[0] == key else (0 if kind == "offset" else
                                                                       number - 1)
    step = number - start
    if step <= 0:
        return None
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for index, (name, value) in enumerate(query):
        if value == str(number) and _paging(f"?{name}={value}") is not None:
            pairs = [*query[:index], (name, str(number + step)), *query[index + 1:]]
            return parts._replace(query=urlencode(pairs)).geturl()
    path = re.sub(rf"/{number}(/?)$", rf"/{number + step}\1", parts.path)
    return parts._replace(path=path).geturl() if path != parts.path else None


def _behind(target: str, url: str) -> bool:
    """True for a link to an earlier page of the same listing (an arrow that points back)."""
    paging, own = _paging(target), _paging(url) or (_unnumbered(url), None, None)
    if not paging:  # the listing's own first page, from a further page (a "next" looping back)
        return own[2] is not None and _unnumbered(target) == own[0]
    if paging[0] != own[0]:
        return False
    current = own[2] if own[2] is not None else (0 if paging[1] == "offset" else 1)
    return paging[2] <= current


def _by_number(links: list[_PageLink], url: str) -> str | None:
    """The link numbered one page on (or the smallest further offset) in the same URL scheme,
    when it is a pagination link (in a pager, or labelled by a number or an arrow)."""
    own = _paging(url) or (_unnumbered(url), None, None)
    best: tuple[int, str] | None = None
    for link in links:
        paging = _paging(link.url)
        if not paging or paging[0] != own[0] or (own[1] and paging[1] != own[1]):
            continue
        current = own[2] if own[2] is not None else (0 if paging[1] == "offset" else 1)
        step_ok = paging[2] == current + 1 if paging[1] == "page" else paging[2] > current
        numbered = link.in_pager or link.number or not fold(link.label)
        if step_ok and numbered and (best is None or paging[2] < best[0]):
            best = (paging[2], link.url)
    return best[1] if best else None


def _nearest_higher(tree: Any, links: list[_PageLink], url: str) -> str | None:
    """When no link is numbered one page on (a pager counting from 0, where ?page=1 is the
    second page, or one skipping numbers), the one pagination link further on: a higher number
    than the current page's, or a higher page parameter. Two or more are a choice not made."""
    own = _paging(url) or (_unnumbered(url), None, None)
    shown = _current_number(tree)
    further: set[str] = set()
    for link in links:
        paging = _paging(link.url)
        if (not paging or paging[0] != own[0] or paging[1] != "page"
                or not (link.in_pager or link.number) or _says_previous(link.label)):
            continue
        if shown is not None and link.number.isdigit():
            ahead = int(link.number) > shown
        else:
            ahead = own[2] is None or paging[2] > own[2]
        if ahead:
            further.add(link.url)
    return further.pop() if len(further) == 1 else None


# -- news sections ------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _section_words(languages: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str]]:
    table = rules()["section_words"]
    words = {fold(str(w)) for lang in ("en", *languages) for w in table.get(lang, [])}
    return frozenset(words), _phrases(words)


@lru_cache(maxsize=1)
def _weak_section_words() -> frozenset[str]:
    return frozenset(fold(str(w)) for w in rules()["section_weak_words"])


@lru_cache(maxsize=1)
def _section_excluded() -> re.Pattern[str]:
    return _phrases({fold(str(w)) for w in rules()["section_exclude_words"]})


def news_sections(html: str | bytes, url: str, languages: Sequence[str]) -> list[str]:
    """The homepage's links to its news, blog or articles section, best first (at most 5): named
    so in the site's languages or English, menus first, then links in the page, then the page
    footer's (a site whose menu forgets its news), then by how plainly they say it."""
    tree = _tree(html)
    if tree is None:
        return []
    base = _base(tree, url)
    memo: dict[Any, bool] = {}  # _is_furniture's answers for the ancestors of the links
    codes = tuple(re.split(r"[-_]", lang.lower())[0] for lang in languages)
    ranks: dict[str, tuple[int, int, int]] = {}
    for order, anchor in enumerate(islice(tree.iter("a"), MAX_ANCHORS)):
        target = _target(anchor, base, url)
        if not target or looks_like_feed(target):
            continue
        label = _text(anchor) or _named(anchor)
        strength = _section_strength(label, target, codes)
        if strength > 0:
            place = (2 if _in_page_footer(anchor) else 0 if _is_furniture(anchor, memo)
                     else 1)
            rank = (place, -strength, order)
            ranks[target] = min(ranks.get(target, rank), rank)
    return sorted(ranks, key=ranks.__getitem__)[:MAX_SECTIONS]


def _in_page_footer(anchor: Any) -> bool:
    """True for a link in the page's footer (not a card's)."""
    for node in islice(anchor.iterancestors(), MAX_DEPTH):
        if node.tag in ("body", "html"):
            return False
        if ((node.tag == "footer" or "footer" in _class_words(node)
             or node.get("role") == "contentinfo") and not _in_card(node)):
            return True
    return False


def _section_strength(label: str, url: str, languages: tuple[str, ...]) -> int:
    """How plainly a link names a news section: its whole text is a section word (3), its short
    text holds one (2), its URL's last segment does (+1); a weak word ("Publications") counts one
    less; an events or contact word costs 2."""
    text = whole = fold(label)
    if len(text.split()) > 3 or len(text) > (MAX_CJK_LABEL if CJK.search(text) else 30):
        text = ""  # a sentence, an article's title: no section's name
    segment = last = fold(unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
                          .rsplit(".", 1)[0])
    segment = segment if len(segment.split()) <= 3 else ""
    # A weak word counts alone only ("Impact", /ce-qui-se-passe/), never inside a longer name
    # ("Recursos humanos", a skill; "Impact report", a document).
    weak = _weak_section_words()
    strength = max(_named_strength(text, segment, *_section_words(languages)),
                   bool(whole in weak) * 3 + bool(last in weak) - 1)
    excluded = _section_excluded()
    if excluded.search(text) or excluded.search(segment):
        strength -= 2
    return strength


def _named_strength(text: str, segment: str, exact: frozenset[str],
                    pattern: re.Pattern[str]) -> int:
    strength = 3 if text in exact and text else 2 if text and pattern.search(text) else 0
    return strength + (1 if segment and pattern.search(segment) else 0)
