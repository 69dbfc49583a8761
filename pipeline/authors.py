"""An article page's author(s): who the page names as having written it.

The places a page names its authors, most trusted first:
  1. the JSON-LD article's authors that are people (all of them, @id references followed);
     a "person" that bears the site's name (og:site_name) is the site, read as an organisation;
  2. the markup's byline places: itemprop=author, rel=author, author/byline/vcard classes;
  3. a visible byline line: "Par Marie Dupont | 5 mars 2024", "Ayşe Yılmaz tarafından", "文/李明";
  4. a labelled field line of the main text ("Auteur : ...", pipeline/boilerplate.py);
  5. article:author and the author <meta>; then trafilatura's guess;
  6. the newsroom ("Redaktion"), then an organisation, only when no person is named anywhere.
When the JSON-LD names match a visible byline that holds names only, the byline's spelling wins:
"Arian Schlichenmayer" rather than the account name "arianschlichenmayer". Several names come out
joined by ", ".

Never an author: a date or its label ("Posted on"), a role ("Projektleiterin", "X, CNN"),
another's credit ("Foto: X", "Übersetzung X", "X 摄"), a post's category ("in News"), an e-mail,
a URL, the site's account ("admin"). The byline words, credits, roles and generic names are data
(author_words.yaml, read by pipeline/author_words.py). Parts of a page whose authors are not the
article's (comments, sidebars, related articles, share links) are not read.

Errors: a bad author_words.yaml raises AuthorWordsError naming the file and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

import lxml.etree
import lxml.html

from pipeline.author_words import AuthorWords, AuthorWordsError, author_words
from pipeline.date_names import date_words, fold
from pipeline.html import MetaContents, elements_by_tag, plain

__all__ = ["AuthorWordsError", "LdAuthors", "author_words", "byline_names",
           "json_ld_authors", "json_ld_page_authors", "page_author"]

# A byline is a line, not a paragraph: longer text is read no further (a 1 MB "byline" costs
# nothing), and a name has at most this many words.
MAX_BYLINE_CHARS = 200
MAX_NAME_WORDS = 14
# A name beside a date with no byline word ("05.03.2024 - Marie Dupont") is a person's: 2 to 4
# capitalised words at most.
MAX_DATED_NAME_WORDS = 4
# A text node with a date is read as the start of a byline only when this short.
MAX_DATED_LINE_CHARS = 100
# How many markup places are read at most: a page of a thousand "author" classes is a listing.
MAX_PLACES = 40
# How many JSON-LD authors are read at most: a byline names a few; thousands are a hostile page's.
MAX_LD_AUTHORS = 40
# How many nodes of a JSON-LD document are read at most (a hostile page may hold millions).
MAX_LD_NODES = 1000
# How many text lines' kinds (_line_kind) are remembered across pages: a site's menus and footers.
MAX_REMEMBERED_LINES = 16384
_SKIP_TAGS = {"aside", "footer", "nav", "script", "style", "noscript", "template", "title",
              "option", "button", "select", "textarea"}
# Where a byline line ends.
_BREAKS = {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
           "section", "article", "header", "footer", "blockquote", "figure", "hr"}
# Strong separators of a byline line: "Name | date", "Name · date", "date - Name".
_SEGMENTS = re.compile(r"\s+[|·•—–-]\s+|\s*[|]\s*|\s*\n\s*")
_CLASS_PARTS = re.compile(r"[\s_-]+")
_MODIFIER_CLASSES = re.compile(r"(?:^|\s)(?:has|is|with|no)-\S*")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " \t,;:|-–—·•/()[]\"'«»“”„،、"
# Direction marks and other invisible format characters (Arabic and Hebrew pages write them).
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# ("www" alone too: trafilatura's guess comes with a meta author's dots made spaces, "Web Agency
# GmbH www agency de".)
_URL = re.compile(r"(?:https?:|\bwww\b|\.(?:com|org|net|de|fr)\b/?$)", re.I)
# schema.org's kinds of writing that have an author the page is about.
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report")
_DIGIT = re.compile(r"\d")
# A relative date of more words than this is no date ("il y a 3 jours" has 4).
MAX_PHRASE_WORDS = 6
_SEPARATOR_MARKS = re.compile(r"[|·•—–]|\s-\s")
_COMMA = re.compile(r"[,،、]")
_PARENTHESES = re.compile(r"\s*[(（][^)）]*[)）]?\s*")
_LETTER = re.compile(r"[^\W\d_]")
# A visible name has no digit, quote or sentence punctuation: "Von «Sprachregeln» und ..." is
# a title.
_NOT_IN_NAMES = re.compile(r"[\d«»“”„\"!?:;()\[\]]")
# The longest word that joins two names ("und"): what a byline may hold besides JSON-LD's names.
MAX_JOINER_CHARS = 3
# The longest abbreviation of a news agency or channel written after the names ("CNN", "ANSA").
MAX_AGENCY_CHARS = 5
# The longest preposition that introduces a post's category ("in", "dans", "under", "unter").
MAX_PREPOSITION_CHARS = 5
# Lowercase words a written name may hold: "Alexa von Heyden", "Luke van der Berg", "A und B".
MAX_LOWERCASE_WORDS = 2


@dataclass(frozen=True)
class LdAuthors:
    """The JSON-LD article's authors: people apart from organisations; and the full names of the
    page's JSON-LD profiles that give a first name alone ("Nils" -> "Nils Pickert", from the
    description of its Person node), for a byline that shows that first name."""

    persons: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    full_names: tuple[tuple[str, str], ...] = ()


def page_author(tree: lxml.html.HtmlElement, field_author: str | None,
                ld_authors: LdAuthors | None,
                found_author: Callable[[bool], str | None] | str | None = None,
                metas: MetaContents | None = None) -> str:
    """The article's author(s) as the page names them, "" when it names none.

    field_author: a labelled line of the main text; ld_authors: the JSON-LD article's authors;
    found_author: trafilatura's guess, or a function that makes it, called only when no surer
    place names anyone, with whether it may read the page's byline places (its costly pass over
    the page; not when a byline named the newsroom: the guess then reads the page's metadata
    only); metas: the page's <meta>s, when the caller has read them already."""
    words = author_words()
    ld = ld_authors or LdAuthors()
    if metas is None:
        metas = MetaContents(elements_by_tag(tree, ("meta",))["meta"])
    # "El Colombiano" as the JSON-LD's Person of a page of www.elcolombiano.com: the site, which
    # its byline places then name too (when JSON-LD does not, the site may be the author)
    site = _site_names(metas).intersection(_squash(p) for p in ld.persons)
    ld = LdAuthors(tuple(p for p in ld.persons if _squash(p) not in site),
                   ld.organisations + tuple(p for p in ld.persons if _squash(p) in site),
                   ld.full_names)
    ld_persons = [n for n in (_clean(p, words, strict=False) for p in ld.persons) if n]
    # Read lazily, in order of trust: the page's text is read only as far as needed.
    skipped = _SkippedParts(words)
    newsrooms: list[str] = []  # bylines that name the newsroom, no person ("Par la rédaction")
    visible = chain(_markup_bylines(tree, skipped, newsrooms),
                    _text_bylines(tree, skipped, newsrooms))
    if ld_persons:
        return _as_list(_as_written(ld_persons, visible, words), words)
    newsroom = None
    places: list[str] = []  # the values read, kept for the newsroom's name below

    def trafilatura_guess() -> str | None:
        # A byline the page shows, or a place read before, named the newsroom ("Par la
        # rédaction"): trafilatura's pass over the byline places (a fifth of the extraction's
        # CPU) would read the same places; its metadata (names in <meta>s and JSON-LD we do not
        # read) is still asked. A site's account ("By admin") names nobody.
        if not callable(found_author):
            return found_author
        return found_author(not (newsrooms or (newsroom and not _names_account(newsroom, words))))

    others = _other_names(tree, metas, field_author, trafilatura_guess, words, places)
    full_names = dict(ld.full_names)  # a first name a byline shows, completed by its profile
    for name in chain(visible, others):
        # "JuraForum.de-Redaktion", "Teufel Editorial Team": a newsroom's name, kept when no
        # person is named, like an organisation.
        if not _names_newsroom(name, words) and _squash(name) not in site:
            return _as_list(full_names.get(name.strip(), name), words)
        newsroom = newsroom or name
    if newsroom:
        return _as_list(newsroom, words)
    # "Redaktion" alone, where JSON-LD, a byline ("Par la rédaction"), the <meta> or trafilatura
    # name it: no person wrote it
    bare = [v for v in (*ld.persons, *places, *newsrooms) if _is_newsroom_word(v, words)]
    if bare:
        return _SPACES.sub(" ", plain(bare[0])).strip(_EDGE_PUNCTUATION)
    organisations = [n for n in (_clean(o, words, strict=False) for o in ld.organisations) if n]
    return ", ".join(organisations)


_SITE_NAME = (("property", "og:site_name"), ("name", "application-name"))
_WEB_ADDRESS_EDGES = re.compile(r"^(?:https?://)?(?:www\.)?|\.[a-z]{2,}/?$", re.I)


def _site_names(metas: MetaContents) -> frozenset[str]:
    """The site's names as the page declares them, squashed: "www.elcolombiano.com" ->
    "elcolombiano"; an author of that name is the site, not a person."""
    names = (_squash(_WEB_ADDRESS_EDGES.sub("", n.strip()))
             for n in metas(*_SITE_NAME)[:MAX_PLACES])
    return frozenset(n for n in names if n)


def _is_newsroom_word(value: str, words: AuthorWords) -> bool:
    """"Redaktion", "La rédaction": the newsroom's generic name, not the site's account."""
    folded = fold(_SPACES.sub(" ", plain(value)).strip(_EDGE_PUNCTUATION))
    return folded in words.generic and folded not in words.accounts


def _other_names(tree: lxml.html.HtmlElement, metas: MetaContents, field_author: str | None,
                 found_author: Callable[[], str | None] | str | None, words: AuthorWords,
                 read: list[str]) -> Iterator[str]:
    """The names of _other_places, lazily (trafilatura's guess is made only when no surer place
    names anyone); each value read is added to `read`."""
    for value, strict in _other_places(tree, metas, field_author, found_author, words):
        read.append(value)
        name = _clean(value, words, strict=strict)
        if name:
            yield name


def _other_places(tree: lxml.html.HtmlElement, metas: MetaContents, field_author: str | None,
                  found_author: Callable[[], str | None] | str | None,
                  words: AuthorWords) -> Iterator[tuple[str, bool]]:
    """(value, strict) of the field line's author, the <meta>'s, then trafilatura's (unless it
    took it from a sidebar or a comment); trafilatura is asked only when the others name no
    one."""
    if field_author:
        yield field_author, True
    meta = _meta_author(metas)
    if meta:
        yield meta, False
    if callable(found_author):
        found_author = found_author()
    if found_author and _shown_beside_asides_and_comments(tree, found_author, words):
        yield found_author, False


def _as_list(names: str, words: AuthorWords) -> str:
    """Several names joined by ", " whatever the byline joined them with ("A, B et C", "A; B",
    "A、B"): one separator the feed, the database and Atom's <author> elements can split on."""
    names = _PARENTHESES.sub(" ", names)  # "伊藤大輔（広報担当）": a role, a place, a degree
    parts = [_strip_roles(p.strip(_EDGE_PUNCTUATION), words) for p in words.joiners.split(names)]
    parts = [p for index, p in enumerate(parts)
             if p and not (index and (_is_role(p, words) or _is_agency(p)))
             and fold(p) not in words.generic
             and not all(_is_byline_or_date_word(t, words) for t in p.split())]
    return ", ".join(dict.fromkeys(parts)) if parts else names


def _is_agency(part: str) -> bool:
    """One uppercase abbreviation after a name: the news agency or the channel ("X, CNN", "X, AFP",
    "A und B, DPA"), not a co-author (a person's name has two words, or case)."""
    return part.isalpha() and part.isupper() and len(part) <= MAX_AGENCY_CHARS


def _is_role(part: str, words: AuthorWords) -> bool:
    """A part of a byline after a name that says what the person does, not who: "équipe
    communication", "Communications Officer", lowercase words ("kommunikatör")."""
    if fold(part) in words.roles:
        return True
    first = _LETTER.search(part)
    if first and first.group().islower():
        return True
    return any(fold(w).startswith(words.role_stems)
               or fold(w.strip(_EDGE_PUNCTUATION + ".")).endswith(words.role_endings)
               for w in part.split())


def _shown_beside_asides_and_comments(tree: lxml.html.HtmlElement, name: str,
                                      words: AuthorWords) -> bool:
    """False when the page shows the name only in an <aside> or a comment, where trafilatura
    takes it from. (Checked against every part _SkippedParts knows, it lost pages of fold 1.)"""
    shown = tree.xpath("//body//text()[contains(., $name)]", name=name.strip()[:MAX_BYLINE_CHARS])
    owners = [t.getparent() for t in shown if t.getparent() is not None]
    return not owners or any(not _in_aside_or_comment(o, words) for o in owners)


def _in_aside_or_comment(element: lxml.html.HtmlElement, words: AuthorWords) -> bool:
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag in ("body", "html", "main"):
            return False
        if ancestor.tag == "aside" or _names_comments(ancestor, words):
            return True
    return False


_JSON_LD_TEXTS = lxml.etree.XPath('//script[@type="application/ld+json"]/text()')


def json_ld_documents(texts: Iterable[str]) -> list[Any]:
    """The JSON of each JSON-LD script's text, the invalid ones left out (read once for all that
    the page's JSON-LD says: its article's title, date and authors)."""
    documents = []
    for text in texts:
        try:
            documents.append(json.loads(text))
        except (ValueError, RecursionError):  # invalid JSON, or nested past the recursion limit
            continue
    return documents


def json_ld_page_authors(tree: lxml.html.HtmlElement,
                         documents: list[Any] | None = None) -> LdAuthors:
    """The authors of the page's first JSON-LD article-like object (Article and its kinds,
    BlogPosting, Report) that names any, and the full names of the profiles any node names as
    its author (a WordPress WebPage's too) that give a first name alone; documents: the page's
    JSON-LD, when read already. The first MAX_LD_NODES nodes of each document are read."""
    if documents is None:
        documents = json_ld_documents(_JSON_LD_TEXTS(tree))
    full_names: dict[str, str] = {}
    found = None
    for data in documents:
        nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
        if not isinstance(nodes, list):
            continue
        nodes = nodes[:MAX_LD_NODES]
        by_id: dict[str, Any] | None = None  # made once, when a node names an author
        for item in nodes:
            if not (isinstance(item, dict) and item.get("author")):
                continue
            by_id = _nodes_by_id(nodes) if by_id is None else by_id
            if found is None and _ARTICLE_TYPES.search(str(item.get("@type", ""))):
                found = json_ld_authors(item["author"], nodes, by_id)
            if len(full_names) < MAX_LD_AUTHORS:
                _add_full_names(item["author"], by_id, full_names)
    found = found or LdAuthors()
    return LdAuthors(found.persons, found.organisations, tuple(full_names.items()))


def _nodes_by_id(nodes: list[Any]) -> dict[str, Any]:
    return {node["@id"]: node for node in nodes
            if isinstance(node, dict) and isinstance(node.get("@id"), str)}


def _add_full_names(author: Any, by_id: dict[str, Any], full_names: dict[str, str]) -> None:
    """The full names of an `author` value's people who give a first name alone, added to
    full_names (by that first name; the first profile of a name kept), up to MAX_LD_AUTHORS."""
    for value in author[:MAX_LD_AUTHORS] if isinstance(author, list) else [author]:
        if (isinstance(value, dict) and "name" not in value
                and isinstance(value.get("@id"), str)):
            value = by_id.get(value["@id"])
        if not (isinstance(value, dict) and isinstance(value.get("name"), str)
                and "Person" in str(value.get("@type", ""))):
            continue
        full = _full_name(value["name"], value.get("description"))
        if full != value["name"] and len(full_names) < MAX_LD_AUTHORS:
            full_names.setdefault(value["name"].strip(), full)


def _names_newsroom(name: str, words: AuthorWords) -> bool:
    return not words.generic.isdisjoint(_folded_words(name))


def _names_account(name: str, words: AuthorWords) -> bool:
    """"admin", "WordPress": the site's account, which names nobody, not even a newsroom."""
    return not words.accounts.isdisjoint(_folded_words(name))


def _folded_words(name: str) -> Iterator[str]:
    return (fold(w) for w in re.split(r"[\s./_-]+", name))


def json_ld_authors(author: Any, nodes: list[Any],
                    by_id: dict[str, Any] | None = None) -> LdAuthors:
    """The names of a JSON-LD `author` value: a string, a dict, a list of either, or {"@id": ...}
    references to nodes of the same document (a Yoast @graph); by_id: those nodes by their @id,
    when made already."""
    by_id = _nodes_by_id(nodes) if by_id is None else by_id
    persons: list[str] = []
    organisations: list[str] = []
    for value in author[:MAX_LD_AUTHORS] if isinstance(author, list) else [author]:
        # (An @id that is a list or an object cannot be looked up: it names no node.)
        if (isinstance(value, dict) and "name" not in value
                and isinstance(value.get("@id"), str) and value["@id"] in by_id):
            value = by_id[value["@id"]]
        if isinstance(value, str):
            persons.append(value)
        elif isinstance(value, dict) and isinstance(value.get("name"), str):
            is_person = "Organization" not in str(value.get("@type", "")) and not str(
                value.get("@type", "")).endswith("Organisation")
            if is_person:
                persons.append(_full_name(value["name"], value.get("description")))
            else:
                organisations.append(value["name"])
    return LdAuthors(tuple(persons), tuple(organisations))


# A surname: a capitalised word of letters ("Pickert", "O'Neil", "Meyer-Lenz").
_SURNAME = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
MAX_SURNAMES = 2
_NAME_END = ",.;:"
MAX_DESCRIPTION_CHARS = 1000  # where a surname written in lower case is looked for


def _full_name(name: str, description: Any) -> str:
    """A person's first name completed by the surname their own description opens with: Yoast's
    schema gives a profile's display name ("Nils") and its biography ("Nils Pickert ist freier
    Autor…", "Stefanus Stahl - Maschinenbauer…"). On the description's first line, after the
    name and a space: one capitalised word of two letters or more, ended by punctuation or
    followed by a word that is no such word; or two, the second ended by punctuation or the
    text. The name as given otherwise ("Nils Pickert Journalist und Autor", "Nils P. ist…",
    "Nils\nIch schreibe…"), and when the description writes the word in lower case too ("Nils
    Is a writer. He is…": a verb, not a surname), or the name has several words."""
    first = name.strip()
    if not isinstance(description, str) or len(first.split()) != 1:
        return name
    line = description.lstrip()[:MAX_DESCRIPTION_CHARS].split("\n", 1)[0]
    if not line.startswith((first + " ", first + "\u00a0")):
        return name
    words = line[len(first):].split(None, MAX_SURNAMES + 1)[:MAX_SURNAMES + 1]
    surnames: list[str] = []
    for index, word in enumerate(words):
        bare = word.rstrip(_NAME_END)
        if not _is_surname(bare, description):
            break
        surnames.append(bare)
        if bare != word:
            break  # "Nils Pickert, freier Autor": the punctuation ends the name
        if index + 1 == MAX_SURNAMES and index + 1 < len(words):
            return name  # a third word after two capitalised ones: a sentence, not a name
    return " ".join([first, *surnames]) if surnames else name


def _is_surname(word: str, description: str) -> bool:
    return (len(word) >= 2 and word[0].isupper() and _SURNAME.fullmatch(word) is not None
            and re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)",
                          description[:MAX_DESCRIPTION_CHARS]) is None)


def byline_names(text: str, words: AuthorWords | None = None, *,
                 need_word: bool = True) -> str | None:
    """The names a byline line gives, without its byline word, date and role; None when the line
    is no byline ("Par Marie Dupont | 5 mars 2024" -> "Marie Dupont").

    need_word: False for text of a byline place of the markup, which may hold the names alone."""
    words = words or author_words()
    if not text or len(text) > MAX_BYLINE_CHARS:
        return None
    segments = [s for s in _SEGMENTS.split(_without_credits(_INVISIBLE.sub("", plain(text)), words))
                if s and s.strip(_EDGE_PUNCTUATION)]
    for segment in segments:
        names = _segment_names(segment, words, in_place=not need_word)
        if names:
            return names
    if not need_word:
        for segment in segments:
            name = _clean(segment, words, strict=False)
            if (name and not _has_date(segment) and not words.starts.match(segment + " ")
                    and not _is_category(segment)):
                return name
    return _dated_name(segments, words)


def newsroom_byline(text: str, words: AuthorWords | None = None, *,
                    need_word: bool = True) -> str | None:
    """The newsroom a byline line names instead of a person, as written ("Par la rédaction | 5
    mars 2024" -> "la rédaction", "文/编辑部" -> "编辑部"); None for any other line and for a site's
    account ("By admin", which names nobody). byline_names gives None for these lines: the page
    names no person there (page_author then spares trafilatura's guess, which reads the same
    places).

    need_word: False for a byline place of the markup, which may hold the name alone."""
    words = words or author_words()
    if not text or len(text) > MAX_BYLINE_CHARS:
        return None
    for segment in _SEGMENTS.split(plain(text)):
        rest, has_word = _SPACES.sub(" ", segment).strip(), False
        while True:  # "Door de redactie" (de: a byline word too), "Post author: By the editors"
            name = _before_date(rest).strip(_EDGE_PUNCTUATION)
            folded = fold(name)
            if (has_word or not need_word) and folded in words.generic \
                    and folded not in words.accounts:
                return name
            match = words.before.match(rest)
            if match is None:
                break
            rest, has_word = match["rest"].strip(), True
    return None


def _is_category(segment: str) -> bool:
    """"in Uncategorized", "dans Non classé", "under Just For Fun": a short lowercase word, then
    capitalised ones, is the post's category in a byline place, not a name."""
    tokens = segment.strip(_EDGE_PUNCTUATION).split()
    return len(tokens) >= 2 and _is_preposition(tokens[0]) and tokens[1][:1].isupper()


def _is_category_link(element: lxml.html.HtmlElement) -> bool:
    return not {"category", "tag"}.isdisjoint((element.get("rel") or "").split())


def _is_preposition(token: str) -> bool:
    return token.isalpha() and token.islower() and len(token) <= MAX_PREPOSITION_CHARS


def _dated_name(segments: list[str], words: AuthorWords) -> str | None:
    """Names beside a date with no byline word: "11.12.2019 - Amelie Loevenich", "21 Kasım 2025,
    Cuma 23:30, Mustafa Şahin ve Emre Aydın",
    "2020년 3월 11일 | 정다은·한도윤 · 수정 2020년 4월 2일"."""
    undated = [s for s in segments if not _is_date_run(s.split(), words)]
    if len(undated) == 1 and len(segments) > 1:
        candidates = undated
    elif len(segments) == 1 and _COMMA.search(segments[0]):  # "5 mars 2024, Marie Dupont"
        candidates = [_without_date_runs(segments[0], words)]
        if candidates[0] == segments[0].strip(_EDGE_PUNCTUATION):
            return None
    else:
        return None
    names = _clean_names(candidates[0], words, strict=True)
    if names and all(_looks_like_a_person(n) for n in names.split(", ")):
        return names
    return None


def _is_date_run(tokens: list[str], words: AuthorWords) -> bool:
    """Tokens that only write a date: digits, months, weekdays, "le", "Publié", "г.", "hier", or
    a relative date ("il y a 3 jours", "3日前")."""
    if not tokens:
        return False
    kinds = [_token_kind(t) for t in tokens]
    if all(kinds) and max(kinds) >= _DATE_ANCHOR:
        return True
    return len(tokens) <= MAX_PHRASE_WORDS and _date_phrases().fullmatch(
        _INVISIBLE.sub("", fold(" ".join(tokens))).strip(_EDGE_PUNCTUATION)) is not None


def _without_date_runs(text: str, words: AuthorWords) -> str:
    """The text without the date written before or after it: "Publié le 5 mars 2024 par X" ->
    "par X"; "X, 5. März 2024" -> "X"."""
    tokens = text.strip(_EDGE_PUNCTUATION).split()
    kinds = [_token_kind(t) for t in tokens]
    start = next((i for i, kind in enumerate(kinds) if not kind), len(kinds))
    if start and max(kinds[:start]) >= _DATE_ANCHOR:
        tokens, kinds = tokens[start:], kinds[start:]
    end = next((i for i in range(len(kinds) - 1, -1, -1) if not kinds[i]), -1) + 1
    if end < len(kinds) and max(kinds[end:]) >= _DATE_ANCHOR:
        tokens = _without_label(tokens[:end])
    return " ".join(tokens).strip(_EDGE_PUNCTUATION)


# _token_kind: a word of no date, a word a date is written with, a date's number or relative day.
_NO_DATE, _DATE_WORD, _DATE_ANCHOR = 0, 1, 2


@lru_cache(maxsize=65536)
def _token_kind(token: str) -> int:
    folded = _INVISIBLE.sub("", fold(token)).strip(_EDGE_PUNCTUATION + ".")
    if not folded:
        return _DATE_WORD  # punctuation between a date's parts
    if (_DIGIT.search(folded) and not _is_handle(folded)) or folded in _date_vocabulary()[1]:
        return _DATE_ANCHOR
    known = date_words()
    # Hebrew writes "in" onto the month: "בדצמבר"
    bare = next((folded[len(c):] for c in known.connectors
                 if folded.startswith(c) and len(folded) > len(c)), folded)
    if folded in _date_vocabulary()[0] or bare in known.months:
        return _DATE_WORD
    return _NO_DATE


_HANDLE = re.compile(r"(?P<letters>[^\W\d_]{3,})[\d_]+")


def _is_handle(folded: str) -> bool:
    """An account name with digits ("freeman1984", "reader42"), not a date's number: letters
    first that are no month ("marz2024" is a date)."""
    match = _HANDLE.fullmatch(folded)
    return match is not None and match["letters"] not in date_words().months


@lru_cache(maxsize=1)
def _date_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(words a date is written with, relative day words): CLDR's months and weekdays (each word
    of "יום רביעי" too), connectors and "updated" labels (date_names), and author_words.yaml's."""
    known, words = date_words(), author_words()
    names = [*known.months, *known.weekdays]
    relative = frozenset(w for days in known.relative_days.values() for w, _ in days)
    return (frozenset(w for n in names for w in n.split()) | frozenset(known.connectors)
            | words.date_words | words.updated_words), relative


@lru_cache(maxsize=1)
def _date_phrases() -> re.Pattern[str]:
    """CLDR's relative dates ("il y a {0} jours"), folded, as one pattern."""
    phrases = [re.escape(p).replace(re.escape("{0}"), r"\d+") for patterns in
               date_words().relative_times.values() for p, _, _ in patterns]
    alternatives = "|".join(sorted(phrases, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _looks_like_a_person(name: str) -> bool:
    """2 to 4 capitalised words ("Amelie Loevenich"), or 1 to 4 words of a script without case
    ("佐藤健"): what a name beside a date, with no byline word, must look like."""
    tokens = name.split()
    # The first letter of each token that has one (fewer than tokens: a token without letters).
    letters = [letter for t in tokens if (letter := _LETTER.search(t))]
    if not tokens or len(tokens) > MAX_DATED_NAME_WORDS or len(letters) < len(tokens):
        return False
    if not any(m.group().isupper() or m.group().islower() for m in letters):
        return True  # no case: CJK, Arabic, Hebrew
    return len(tokens) >= 2 and all(m.group().isupper() for m in letters)


def _segment_names(segment: str, words: AuthorWords, *, in_place: bool = False) -> str | None:
    """The names of one byline segment that carries a byline word, before or after them, the
    segment's date aside ("Publié le 5 mars 2024 par Marie Dupont", "Elif Demir tarafından,
    2 gün önce").

    in_place: the segment is a byline place's text, where names may be written in lowercase
    (account names)."""
    core = _without_date_runs(segment, words)
    pieces = _COMMA.split(core)
    # the date may follow a comma: "A, B ve C tarafından, 2 gün önce"
    for part in (core, *(",".join(pieces[:k]) for k in range(len(pieces) - 1, 0, -1))):
        match = words.after.match(part)
        if match:
            return _clean_names(_after_date(match["rest"]), words, strict=not in_place)
        if part is not core:
            continue
        match = words.before.match(part)
        if match:
            rest = match["rest"]
            # "Post author By X", "Veröffentlicht von: X": a label, then the byline word
            while (again := words.before.match(rest)) is not None:
                rest = again["rest"]
            return _clean_names(_before_date(rest), words, strict=not in_place)
    return None


def _clean_names(names: str, words: AuthorWords, *, strict: bool) -> str | None:
    """The names of a byline, roles aside, joined by ", "; None when they are no names."""
    if strict and _NOT_IN_NAMES.search(_PARENTHESES.sub(" ", names)):
        return None  # "Von «Sprachregeln», Gender-Politik und ...": a title, not names
    return _clean(_as_list(names, words), words, strict=strict)


def _before_date(names: str) -> str:
    """The names before the date after them: "Marie Dupont le 5 mars 2024" -> "Marie Dupont"."""
    tokens = names.split()
    for index, token in enumerate(tokens):
        if _has_number(token):
            return " ".join(_strip_date_words(_without_label(tokens[:index]), from_end=True))
    # No date cut off: only a lowercase date word ends the names ("Marie Dupont le"); "Ariel H"
    # keeps its initial, which is also the hour's "h"
    while tokens and tokens[-1][:1].islower() and _token_kind(tokens[-1]) == _DATE_WORD:
        tokens = tokens[:-1]
    return " ".join(tokens)


def _after_date(names: str) -> str:
    """The names after the date that precedes them: "2024年3月5日 佐藤健" -> "佐藤健"."""
    tokens = names.split()
    for index in range(len(tokens) - 1, -1, -1):
        if _has_number(tokens[index]):
            tokens = tokens[index + 1:]
            break
    return " ".join(_strip_date_words(tokens, from_end=False))


def _without_label(tokens: list[str]) -> list[str]:
    """The tokens before a date, without the date's label: "X, Datum:", "X, Fecha:"."""
    return tokens[:-1] if tokens and tokens[-1].endswith((":", "：")) else tokens


def _has_number(token: str) -> bool:
    """A digit of a date or a time, not of an account name ("reader42")."""
    return _has_date(token) and not _is_handle(_INVISIBLE.sub("", fold(token)).strip(
        _EDGE_PUNCTUATION + "."))


def _strip_date_words(tokens: list[str], *, from_end: bool) -> list[str]:
    """Without the month, weekday and "le"/"on" words a cut date leaves at the names' edge."""
    while tokens and _token_kind(tokens[-1 if from_end else 0]) == _DATE_WORD:
        tokens = tokens[:-1] if from_end else tokens[1:]
    return tokens


def _clean(value: str | None, words: AuthorWords, *, strict: bool) -> str | None:
    """The value as an author name, without roles; None when it is no name.

    strict: for visible text, where a capital letter tells a name from words ("by the way")."""
    if not value or len(value) > MAX_BYLINE_CHARS * 5:
        return None
    name = _SPACES.sub(" ", _without_credits(plain(value), words)).strip(_EDGE_PUNCTUATION)
    name = _strip_roles(name, words)
    folded = fold(name)
    # "<" or ">" left after unescaping: markup written escaped ("&lt;script&gt;"), never a name;
    # the author is stored and shown, and must stay plain text.
    if (len(name) < 2 or not _LETTER.search(name) or "@" in name or _URL.search(name)
            or "<" in name or ">" in name
            or folded in words.generic or any("admin" in w for w in folded.split())
            or folded.startswith(words.not_names)):
        return None
    tokens = name.split()
    if len(tokens) > MAX_NAME_WORDS or (all(_is_byline_or_date_word(t, words) for t in tokens)
                                        and not _is_lone_month_name(tokens, strict)):
        return None
    if len(tokens) > 1 and _is_date_label(tokens[-1], words):
        return None  # "Posted on", "Publiziert am": the label of a date, in an "author" class
    if strict:
        while len(tokens) > 1 and _is_preposition(tokens[-1]):
            tokens = tokens[:-1]  # "X under", "X dans": the category's word, the link cut off
        name = " ".join(tokens)
        # No letter left once the preposition went ("12 under"): no name.
        first = _LETTER.search(name)
        lower = sum(1 for t in tokens if t[0].islower())
        if (first is None or first.group().islower() or lower > MAX_LOWERCASE_WORDS
                or lower > len(tokens) - lower
                or _NOT_IN_NAMES.search(name)):
            return None
    return name


def _without_credits(text: str, words: AuthorWords) -> str:
    """The text before another's credit ("Interview: X Foto: Y" -> "Interview: X"); "" when it
    is a credit only ("王伟 摄": photographed by)."""
    credit = words.credits.search(text)
    if credit:
        text = text[:credit.start()]
    return "" if words.credits_after.search(text) else text


def _is_lone_month_name(tokens: list[str], strict: bool) -> bool:
    """One word of an author place or <meta> that is a month in some language ("marc", Catalan's
    "març"; "April"): a first name there, as an author place holds no date without digits."""
    return not strict and len(tokens) == 1 and fold(tokens[0]) in date_words().months


def _is_date_label(token: str, words: AuthorWords) -> bool:
    """A lowercase word that introduces a date ("on", "am", "le"): no name ends with one."""
    return token[:1].islower() and fold(token) in words.date_words


def _is_byline_or_date_word(token: str, words: AuthorWords) -> bool:
    return _token_kind(token) == _DATE_WORD or fold(
        token.strip(_EDGE_PUNCTUATION + ".")) in words.byline_words


def _strip_roles(name: str, words: AuthorWords) -> str:
    """"Rechtsanwalt Sebastian Einbock" -> "Sebastian Einbock"; "Jane Roe, Reporter" -> "Jane
    Roe"."""
    head, _, rest = name.partition(" ")
    if rest and fold(head) in words.roles:
        name = rest
    body, comma, tail = name.rpartition(",")
    if comma and fold(tail.strip()) in words.roles:
        name = body.strip()
    return name


def _as_written(persons: list[str], visible: Iterable[str], words: AuthorWords) -> str:
    """The JSON-LD names, in the spelling of the first visible byline holding them all, if any."""
    squashed = [_squash(p) for p in persons]
    for line in visible:
        rest = _squash(line)
        if all(p in rest for p in squashed):
            for p in squashed:
                rest = rest.replace(p, "", 1)
            # names and their joiners only: "Alba Gómez La información es de X" says more
            if len(rest) <= MAX_JOINER_CHARS * (len(persons) - 1) or all(
                    _looks_like_a_person(n.strip()) for n in words.joiners.split(line)):
                return line
    return ", ".join(dict.fromkeys(persons))


def _squash(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


# Where <meta> names authors, most precise first; twitter:creator is a handle ("@x") mostly.
_META_AUTHORS = (
    (("property", "article:author"), ("property", "og:article:author")),
    (("name", "author"),),
    (("name", "dcterms.creator"), ("name", "DC.creator"), ("name", "dc.creator")),
    (("name", "twitter:creator"),))


def _meta_author(metas: MetaContents) -> str | None:
    """article:author when it is a name (Facebook's is often a profile URL), else meta author."""
    for keys in _META_AUTHORS:
        values = [v.strip() for v in metas(*keys)
                  if v.strip() and not _URL.search(v) and not v.strip().startswith("@")]
        if values:
            return ", ".join(dict.fromkeys(values))  # Dublin Core: one <meta> per creator
    return None


def _markup_bylines(tree: lxml.html.HtmlElement, skipped: _SkippedParts,
                    newsrooms: list[str]) -> list[str]:
    """Names read from the markup's byline places, in page order; the places of the first byline
    block ("By <a rel=author>A</a>, <a rel=author>B</a>") as one line of names. A place that names
    the newsroom only is added to `newsrooms`."""
    places = list(_markup_places(tree, skipped, newsrooms))
    if not places:
        return []
    first = places[0][0]
    block = next((a for a in first.iterancestors() if a.tag in _BREAKS), None)
    together = [name for element, name in places if element is first or (
        block is not None and _alike(element, first) and _is_inside(element, block))]
    apart = [name for element, name in places[1:] if name not in together]
    return [_joined(together), *apart]


def _alike(one: lxml.html.HtmlElement, other: lxml.html.HtmlElement) -> bool:
    """Places of one kind: several authors of one byline are written alike."""
    return one.tag == other.tag and all(one.get(a) == other.get(a)
                                        for a in ("class", "rel", "itemprop"))


def _is_inside(element: lxml.html.HtmlElement, block: lxml.html.HtmlElement) -> bool:
    return any(ancestor is block for ancestor in element.iterancestors())


def _joined(names: list[str]) -> str:
    """Names of one byline, each once: a place inside another repeats names the outer one has."""
    kept: list[str] = []
    for name in names:
        if not any(_squash(name) in _squash(k) for k in kept):
            kept = [k for k in kept if _squash(k) not in _squash(name)] + [name]
    return ", ".join(kept)


def _markup_places(tree: lxml.html.HtmlElement, skipped: _SkippedParts,
                   newsrooms: list[str]) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    """(element, names) of each byline place of the markup, in page order; a place that names the
    newsroom only is added to `newsrooms`."""
    words = skipped.words
    places = _places_xpath(words)(tree)
    seen = 0
    for element in places:
        if element.tag in ("link", "meta") and element.get("itemprop") is None:
            continue  # <link rel=author href=...>: a URL
        if not _is_byline_place(element, words):
            continue
        seen += 1
        if seen > MAX_PLACES:
            return
        if skipped(element):
            continue
        name = _place_text(element, words)
        if not name:  # "<span class=author>La rédaction</span>"
            _add(newsrooms, newsroom_byline(element.get("content") or _capped_text(element) or "",
                                            words, need_word=False))
        inner_texts = (_place_text(e, words) for e in _INNER_PLACES(element)[:MAX_PLACES])
        inner = [n for n in inner_texts if n]
        if inner and name and _says_more(name, inner, words):
            # "<div class=byline><a rel=author>Richard Adams</a> Education editor</div>"
            name = ", ".join(dict.fromkeys(inner))
        if name:
            yield element, name


def _says_more(line: str, names: list[str], words: AuthorWords) -> bool:
    """True when a byline line holds capitalised words besides its names and byline words (a
    role, a place): then its names are read apart."""
    if not all(name in line for name in names):
        return False
    for name in names:
        line = line.replace(name, " ")
    return any(t[0].isupper() and not _is_byline_or_date_word(t, words)
               for t in (t.strip(_EDGE_PUNCTUATION) for t in line.split()) if t)


# The part word of an article's own footer: inside an <article>, "post-footer" holds the byline.
_ARTICLE_FOOTER = frozenset({"footer"})
_INNER_PLACES = lxml.etree.XPath('.//*[@itemprop="author" or @rel="author"]')


@lru_cache(maxsize=1)
def _places_xpath(words: AuthorWords) -> lxml.etree.XPath:
    """The elements that may be byline places, as lxml finds them fast: itemprop=author,
    rel=author, or a place word in the class, id or data-testid (the words no other contains:
    "author" finds "post-author"; exact words are checked next, by _is_byline_place). One path
    per attribute, tested on the attribute nodes: the fastest form measured (1.4 ms a page)."""
    roots = [w for w in words.places if len(w) > 2 and not any(o in w for o in words.places
                                                                if o != w and len(o) > 2)]
    tests = " or ".join(f"contains(., '{w}')" for w in sorted(roots))
    paths = [*(f"//@{a}[{tests}]/.." for a in ("class", "id", "data-testid")),
             "//@itemprop[. = 'author']/..", "//@rel[. = 'author']/.."]
    return lxml.etree.XPath(" | ".join(paths))


def _is_byline_place(element: lxml.html.HtmlElement, words: AuthorWords) -> bool:
    if element.get("itemprop") == "author" or element.get("rel") == "author":
        return True
    attributes = " ".join(element.get(a, "") for a in ("class", "id", "data-testid"))
    if not words.places_hint.search(attributes):  # one regex first: most elements are not
        return False
    return not words.places.isdisjoint(_CLASS_PARTS.split(attributes.casefold()))


def _place_text(element: lxml.html.HtmlElement, words: AuthorWords) -> str | None:
    """The names of one byline place: its itemprop=name, its content, or its text."""
    names = element.xpath('.//*[@itemprop="name"]')
    source = names[0] if names else element
    content = source.get("content")
    if content:
        return _clean(content, words, strict=False)
    text = _capped_text(source)
    return byline_names(text, words, need_word=False) if text else None


def _capped_text(element: lxml.html.HtmlElement) -> str | None:
    """The element's text, None when longer than a byline can be."""
    parts, size = [], 0
    for piece in element.itertext():
        size += len(piece)
        if size > MAX_BYLINE_CHARS:
            return None
        parts.append(piece)
    return _SPACES.sub(" ", " ".join(parts)).strip()


class _SkippedParts:
    """Whether an element is inside a comment, a sidebar, related articles, a share box, the
    page's footer or nav, remembered for one page's pass: navigation items and footer lines share
    their ancestors, which were read again for each (49,000 walks for 300 pages).

    The answer from an ancestor up depends on that ancestor and on two facts of the walk: whether
    the start element has an <article> around it, and whether the walk is still below it. Keys
    hold the element proxies, which keeps them alive: lxml makes a new proxy, with a new identity,
    for an element whose proxy was collected."""

    def __init__(self, words: AuthorWords):
        self.words = words
        # The parts inside an <article>: made once, not for each element asked about.
        self._parts_in_article = words.skip_places - _ARTICLE_FOOTER
        self._verdicts: dict[tuple[lxml.html.HtmlElement, bool, bool], bool] = {}
        self._in_article: dict[lxml.html.HtmlElement, bool] = {}

    def __call__(self, element: lxml.html.HtmlElement) -> bool:
        """<body>'s and <main>'s classes describe the layout ("right-sidebar"), not a part; an
        article's own footer (<footer>, class "post-footer") holds its byline."""
        in_article = self._has_article_around(element)
        inside_article = in_article  # below the <article> element, not above it
        walked: list[tuple[lxml.html.HtmlElement, bool, bool]] = []
        verdict = False
        ancestor: lxml.html.HtmlElement | None = element
        while ancestor is not None:
            key = (ancestor, in_article, inside_article)
            known = self._verdicts.get(key)
            if known is not None:
                verdict = known
                break
            walked.append(key)
            if ancestor.tag in ("body", "html", "main"):
                break
            if ancestor.tag == "article":
                inside_article = False
            if self._is_skipped(ancestor, in_article, inside_article):
                verdict = True
                break
            ancestor = ancestor.getparent()
        for key in walked:  # each element walked leads to the same answer
            self._verdicts[key] = verdict
        return verdict

    def _is_skipped(self, ancestor: lxml.html.HtmlElement, in_article: bool,
                    inside_article: bool) -> bool:
        words = self.words
        if ancestor.tag in _SKIP_TAGS and not (ancestor.tag == "footer" and in_article):
            return True
        if _is_site_header(ancestor, words):
            return True
        parts = self._parts_in_article if inside_article else words.skip_places
        return _names_part(ancestor, parts) or _names_comments(ancestor, words)

    def _has_article_around(self, element: lxml.html.HtmlElement) -> bool:
        """An <article> is the element or one of its ancestors."""
        walked: list[lxml.html.HtmlElement] = []
        found = False
        node: lxml.html.HtmlElement | None = element
        while node is not None:
            known = self._in_article.get(node)
            if known is not None:
                found = known
                break
            walked.append(node)
            node = node.getparent()
        for node in reversed(walked):  # from the top down: an <article> holds all below it
            found = found or node.tag == "article"
            self._in_article[node] = found
        return found


def _names_comments(element: lxml.html.HtmlElement, words: AuthorWords) -> bool:
    """A comment list written as one word or with "comment" inside a longer class: "commentlist",
    "wpd-comment-author", "user-comments-section" (a reader's byline there is no article's)."""
    attributes = f"{element.get('class') or ''} {element.get('id') or ''}".casefold()
    return "comment" in attributes and any(
        part.startswith(tuple(words.comment_places))
        for token in _MODIFIER_CLASSES.sub(" ", attributes).split()
        for part in _CLASS_PARTS.split(token))


def _is_site_header(element: lxml.html.HtmlElement, words: AuthorWords) -> bool:
    """The site's banner (its name, today's date, the menu), not an article's header."""
    if element.get("role") == "banner":
        return True
    return element.tag == "header" and (
        ((parent := element.getparent()) is not None and parent.tag == "body")
        or _names_part(element, words.site_places))


def _names_part(element: lxml.html.HtmlElement, names: frozenset[str]) -> bool:
    """"comment-author", "sidebar related", "post-comments", "widget_text": a class or id whose
    first or last word is one of `names` ("has-sidebar" is a modifier, not a part)."""
    classes, identifier = element.get("class"), element.get("id")
    return bool(classes or identifier) and _attributes_name_part(f"{classes} {identifier}", names)


@lru_cache(maxsize=8192)
def _attributes_name_part(attributes: str, names: frozenset[str]) -> bool:
    """_names_part's answer for one class-and-id string (pages repeat theirs a lot)."""
    for token in _MODIFIER_CLASSES.sub(" ", attributes.casefold()).split():
        parts = [p for p in _CLASS_PARTS.split(token) if p]
        if parts and (parts[0] in names or parts[-1] in names):
            return True
    return False


def _text_bylines(tree: lxml.html.HtmlElement, skipped: _SkippedParts,
                  newsrooms: list[str]) -> Iterator[str]:
    """Names of visible byline lines, in page order: a text that starts with a byline word or
    ends with one, read with its element (climbing from "<span>By</span>" to the names). A line
    that names the newsroom only is added to `newsrooms`."""
    words = skipped.words
    line_kind = _line_kinds(words)
    for text in _BYLINE_TEXTS(tree):
        stripped = text.strip()
        if not stripped or len(stripped) > MAX_BYLINE_CHARS:
            continue
        kind = line_kind(stripped)
        # The element is asked for only now: most texts are no byline, and each element lxml
        # hands to Python costs a lookup of its class.
        if not kind and not text.is_tail:
            continue
        element = text.getparent()
        # A tail after a date may start a byline with no byline word: "<time>...</time> — X".
        if element is None or not (kind or _is_date_element(element)):
            continue
        name = _text_byline(str(text), text.is_tail, element, skipped, newsrooms)
        if name:
            yield name


def _byline_texts_query() -> lxml.etree.XPath:
    """The text nodes a byline may be, as lxml keeps them (not blank, not long), leaving out those
    of the page's <nav>s, <aside>s and <footer> (its menu and footer are most of its short texts):
    _SkippedParts would reject each, after lxml handed its element to Python.

    Left out as _SkippedParts rejects: the part is below the text's nearest <main>, <body> or
    <html>, where _SkippedParts stops climbing (they have the same number of these above them);
    an <article>'s own <footer> is kept. (One ancestor::*[self::nav or ...] test would say it
    shorter, and take longer than the Python it spares: libxml2 walks tag names fast, predicates
    slowly.)"""
    edges = "ancestor::main | ancestor::body | ancestor::html"

    def in_part(tag: str) -> str:
        part = f"ancestor::{tag}[1]"
        return (f"(ancestor::{tag} and count({edges}) = count({part}/ancestor::main | "
                f"{part}/ancestor::body | {part}/ancestor::html))")

    in_parts = f"{in_part('nav')} or {in_part('aside')} or " \
               f"({in_part('footer')} and not(ancestor::article))"
    return lxml.etree.XPath(f"//body//text()[normalize-space() and string-length() <= "
                            f"{MAX_BYLINE_CHARS * 2} and not({in_parts})]")


_BYLINE_TEXTS = _byline_texts_query()


def _text_byline(text: str, is_tail: bool, element: lxml.html.HtmlElement,
                 skipped: _SkippedParts, newsrooms: list[str]) -> str | None:
    """The names of the byline line a text node (an element's text, or its tail) starts."""
    words = skipped.words
    owner = element.getparent() if is_tail else element
    if owner is None or owner.tag in _SKIP_TAGS or skipped(owner):
        return None
    line = _line_from(text, is_tail, element)
    name = byline_names(line, words)
    if not name and is_tail:  # "<a>A</a> ve <a>B</a> tarafından": the names before the word
        name = byline_names(_capped_text(owner) or "", words)
    if not name:
        _add(newsrooms, newsroom_byline(line, words))
    return name


def _add(found: list[str], value: str | None) -> None:
    if value:
        found.append(value)


def _line_from(text: str, is_tail: bool, element: lxml.html.HtmlElement) -> str:
    """The line a text node starts, up to a line break, a block or MAX_BYLINE_CHARS: "By" of
    "<span>By</span> <a>Name</a>" reads on into the next element, "Text:" of
    "<strong>Text:</strong> Name" into its tail."""
    pieces, size = [text], len(text)
    if is_tail and _is_date_element(element):
        # "<time datetime=...>5 mars</time> — Marie Dupont", "<meta itemprop=datePublished> | X"
        pieces.insert(0, element.get("datetime") or element.get("content") or "")
    # Lazily: a line ends within a few nodes, and listing all 10,000 siblings of each of 10,000
    # text nodes of one page took minutes.
    if is_tail:
        following: Iterable[Any] = element.itersiblings()
    else:
        following = chain(element, [_Tail(element)], element.itersiblings())
    for node in following:
        if isinstance(node, _Tail):
            piece = node.text
        elif not isinstance(node.tag, str) or node.tag in _BREAKS or _is_category_link(node):
            break  # "Posted by X under <a rel="category tag">News</a>": the line's names end
        else:
            piece = " ".join(node.itertext()) + " " + (node.tail or "")
        size += len(piece)
        if size > MAX_BYLINE_CHARS:
            break
        pieces.append(piece)
    return _SPACES.sub(" ", " ".join(pieces)).strip()


def _is_date_element(element: lxml.html.HtmlElement) -> bool:
    return element.tag == "time" or "date" in (element.get("itemprop") or "").casefold()


class _Tail:
    """The tail of the element a line starts in, read between its children and its siblings."""

    def __init__(self, element: lxml.html.HtmlElement):
        self.text = element.tail or ""


@lru_cache(maxsize=2)
def _line_kinds(words: AuthorWords) -> Callable[[str], int]:
    """_line_kind remembered: a site's pages repeat their menus and footers ("Rubrique 12"),
    read once rather than on each page. (Keyed by the text alone: hashing the AuthorWords takes
    longer than _line_kind.)"""
    return lru_cache(maxsize=MAX_REMEMBERED_LINES)(lambda text: _line_kind(text, words))


# What a text node may start: no byline, a line with a byline word, a line with a date first or
# last (names may stand beside it with no byline word).
_NO_LINE, _WORD_LINE, _DATED_LINE = 0, 1, 2


def _line_kind(text: str, words: AuthorWords) -> int:
    """Whether a text node may start a byline line, and of which kind."""
    tokens = text.split()
    # A cheap first look, as most text nodes are no byline: a byline word first or last, or a
    # separator that may start a segment with one ("5 mars | Par X").
    first = tokens[0].casefold().rstrip(":：")
    last = tokens[-1].casefold().rstrip(_EDGE_PUNCTUATION)
    if (first in words.first_words or first.startswith(words.glued_before)
            or last in words.last_words or last.endswith(words.glued_after)
            or _SEPARATOR_MARKS.search(text)):
        segments = [s.lstrip(_EDGE_PUNCTUATION).rstrip() for s in _SEGMENTS.split(text)]
        if any(words.starts.match(s + " ") or words.after.match(s.rstrip(_EDGE_PUNCTUATION))
               or fold(s.rstrip(_EDGE_PUNCTUATION)) in words.byline_words for s in segments if s):
            return _WORD_LINE
    if _token_kind(tokens[0]) == _DATE_ANCHOR:  # "hier, Marie Dupont", "5 mars 2024"
        return _DATED_LINE
    if len(text) <= MAX_DATED_LINE_CHARS and _has_date(text) and (
            _token_kind(tokens[0]) or _token_kind(tokens[-1])
            or _date_phrases().search(fold(text))):
        return _DATED_LINE  # "vor 2 Tagen", "Marie Dupont, 5. März"
    return _NO_LINE


def _has_date(text: str) -> bool:
    return _DIGIT.search(text) is not None
