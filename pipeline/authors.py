"""An article page's author(s): who the page names as having written it.

The places a page names its authors, most trusted first:
  1. the JSON-LD article's authors that are people (all of them, @id references followed);
  2. the markup's byline places: itemprop=author, rel=author, author/byline/vcard classes;
  3. a visible byline line: "Par Marie Dupont | 5 mars 2024", "Ayşe Yılmaz tarafından", "文/李明";
  4. a labelled field line of the main text ("Auteur : ...", pipeline/boilerplate.py);
  5. article:author and the author <meta>; then trafilatura's guess;
  6. an organisation, only when no person is named anywhere.
When the JSON-LD names match a visible byline, the byline's spelling wins: "Arian Schlichenmayer"
rather than the account name "arianschlichenmayer". Several names come out joined by ", ".

Never an author: a date, a role, an e-mail, a URL, the site's account ("admin") or the newsroom
("la rédaction"), which the page writes where it names no person. The byline words, roles and
generic names are data (author_words.yaml). Parts of a page whose authors are not the article's
(comments, sidebars, related articles, share links) are not read.

Errors: a bad author_words.yaml raises AuthorWordsError naming the file and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import lxml.etree
import lxml.html
import yaml

from pipeline.date_names import date_words, fold
from pipeline.html import plain

WORDS_PATH = Path(__file__).with_name("author_words.yaml")
WORD_LISTS = ("roles", "role_stems", "generic", "date_words", "not_names", "skip_places",
              "comment_places", "site_places", "places")
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
_URL = re.compile(r"(?:https?:|www\.|\.(?:com|org|net|de|fr)\b/?$)", re.I)
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
# Lowercase words a written name may hold: "Alexa von Heyden", "Luke van der Berg", "A und B".
MAX_LOWERCASE_WORDS = 2


class AuthorWordsError(ValueError):
    """author_words.yaml is missing a field or holds a wrong value."""


@dataclass(frozen=True)
class LdAuthors:
    """The JSON-LD article's authors: people apart from organisations."""

    persons: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthorWords:
    before: re.Pattern[str]  # byline words before the names, at the start of a segment
    starts: re.Pattern[str]  # a byline word before names, alone or not: "By" of "<span>By</span>"
    first_words: frozenset[str]  # the first word of each byline word before names, casefolded
    last_words: frozenset[str]  # the byline words after names, casefolded
    glued_before: tuple[str, ...]  # byline words written onto the names: "文/李明", "作者：李明"
    glued_after: tuple[str, ...]  # "佐藤健記者"
    places_hint: re.Pattern[str]  # any place word in a class, a cheap first look at an element
    after: re.Pattern[str]  # byline words after the names, at the end of a segment
    roles: frozenset[str]
    role_stems: tuple[str, ...]
    generic: frozenset[str]
    date_words: frozenset[str]
    not_names: tuple[str, ...]
    byline_words: frozenset[str]  # the before and after words alone, folded, without ":"
    updated_words: frozenset[str]  # the words of "updated" labels (dates.py's), folded
    joiners: re.Pattern[str]  # what joins several names: ", ", " et ", "、"
    skip_places: frozenset[str]
    comment_places: frozenset[str]
    site_places: frozenset[str]
    places: frozenset[str]


def page_author(tree: lxml.html.HtmlElement, field_author: str | None,
                ld_authors: LdAuthors | None,
                found_author: Callable[[], str | None] | str | None = None) -> str:
    """The article's author(s) as the page names them, "" when it names none.

    field_author: a labelled line of the main text; ld_authors: the JSON-LD article's authors;
    found_author: trafilatura's guess, or a function that makes it (called only when no surer
    place names anyone: the guess costs a pass of its own over the page)."""
    words = author_words()
    ld = ld_authors or LdAuthors()
    ld_persons = [n for n in (_clean(p, words, strict=False) for p in ld.persons) if n]
    # Read lazily, in order of trust: the page's text is read only as far as needed.
    visible = chain(_markup_bylines(tree, words), _text_bylines(tree, words))
    if ld_persons:
        return _as_list(_as_written(ld_persons, visible), words)
    newsroom = None
    for name in chain(visible, _other_candidates(tree, field_author, found_author, words)):
        # "JuraForum.de-Redaktion", "Teufel Editorial Team": a newsroom's name, kept when no
        # person is named, like an organisation.
        if not _names_newsroom(name, words):
            return _as_list(name, words)
        newsroom = newsroom or name
    if newsroom:
        return _as_list(newsroom, words)
    organisations = [n for n in (_clean(o, words, strict=False) for o in ld.organisations) if n]
    return ", ".join(organisations)


def _other_candidates(tree: lxml.html.HtmlElement, field_author: str | None,
                      found_author: Callable[[], str | None] | str | None,
                      words: AuthorWords) -> Iterator[str]:
    """The field line's author, the <meta>'s, then trafilatura's (unless it took it from a
    sidebar or a comment)."""
    if field_author:
        yield from filter(None, [_clean(field_author, words, strict=True)])
    meta = _meta_author(tree)
    if meta:
        yield from filter(None, [_clean(meta, words, strict=False)])
    if callable(found_author):
        found_author = found_author()
    if found_author and _shown_beside_asides_and_comments(tree, found_author, words):
        yield from filter(None, [_clean(found_author, words, strict=False)])


def _as_list(names: str, words: AuthorWords) -> str:
    """Several names joined by ", " whatever the byline joined them with ("A, B et C", "A; B",
    "A、B"): one separator the feed, the database and Atom's <author> elements can split on."""
    names = _PARENTHESES.sub(" ", names)  # "伊藤大輔（広報担当）": a role, a place, a degree
    parts = [_strip_roles(p.strip(_EDGE_PUNCTUATION), words) for p in words.joiners.split(names)]
    parts = [p for index, p in enumerate(parts)
             if p and not (index and _is_role(p, words)) and fold(p) not in words.generic
             and not all(_is_byline_or_date_word(t, words) for t in p.split())]
    return ", ".join(dict.fromkeys(parts)) if parts else names


def _is_role(part: str, words: AuthorWords) -> bool:
    """A part of a byline after a name that says what the person does, not who: "équipe
    communication", "Communications Officer", lowercase words ("kommunikatör")."""
    if fold(part) in words.roles:
        return True
    first = _LETTER.search(part)
    if first and first.group().islower():
        return True
    return any(fold(w).startswith(words.role_stems) for w in part.split())


def _shown_beside_asides_and_comments(tree: lxml.html.HtmlElement, name: str,
                                      words: AuthorWords) -> bool:
    """False when the page shows the name only in an <aside> or a comment, where trafilatura
    takes it from. (Checked against every part _in_skipped_part knows, it lost pages of fold 1.)"""
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


def json_ld_page_authors(tree: lxml.html.HtmlElement) -> LdAuthors:
    """The authors of the page's first JSON-LD article-like object (Article and its kinds,
    BlogPosting, Report) that names any."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # invalid JSON, or nested past the recursion limit
            continue
        nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
        if not isinstance(nodes, list):
            continue
        for item in nodes:
            if (isinstance(item, dict) and item.get("author")
                    and _ARTICLE_TYPES.search(str(item.get("@type", "")))):
                return json_ld_authors(item["author"], nodes)
    return LdAuthors()


def _names_newsroom(name: str, words: AuthorWords) -> bool:
    return not words.generic.isdisjoint(fold(w) for w in re.split(r"[\s./_-]+", name))


def json_ld_authors(author: Any, nodes: list[Any]) -> LdAuthors:
    """The names of a JSON-LD `author` value: a string, a dict, a list of either, or {"@id": ...}
    references to nodes of the same document (a Yoast @graph)."""
    by_id = {node["@id"]: node for node in nodes
             if isinstance(node, dict) and isinstance(node.get("@id"), str)}
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
            (persons if is_person else organisations).append(value["name"])
    return LdAuthors(tuple(persons), tuple(organisations))


def byline_names(text: str, words: AuthorWords | None = None, *,
                 need_word: bool = True) -> str | None:
    """The names a byline line gives, without its byline word, date and role; None when the line
    is no byline ("Par Marie Dupont | 5 mars 2024" -> "Marie Dupont").

    need_word: False for text of a byline place of the markup, which may hold the names alone."""
    words = words or author_words()
    if not text or len(text) > MAX_BYLINE_CHARS:
        return None
    segments = [s for s in _SEGMENTS.split(_INVISIBLE.sub("", plain(text)))
                if s and s.strip(_EDGE_PUNCTUATION)]
    for segment in segments:
        names = _segment_names(segment, words, in_place=not need_word)
        if names:
            return names
    if not need_word:
        for segment in segments:
            name = _clean(segment, words, strict=False)
            if name and not _has_date(segment) and not words.starts.match(segment + " "):
                return name
    return _dated_name(segments, words)


def _dated_name(segments: list[str], words: AuthorWords) -> str | None:
    """Names beside a date with no byline word: "11.12.2019 - Amelie Loevenich", "21 Kasım 2025,
    Cuma 23:30, Mustafa Şahin ve Emre Aydın", "2020년 3월 11일 | 정다은·한도윤 · 수정 2020년 4월 2일"."""
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
        tokens = tokens[:end]
    return " ".join(tokens).strip(_EDGE_PUNCTUATION)


# _token_kind: a word of no date, a word a date is written with, a date's number or relative day.
_NO_DATE, _DATE_WORD, _DATE_ANCHOR = 0, 1, 2


@lru_cache(maxsize=65536)
def _token_kind(token: str) -> int:
    folded = _INVISIBLE.sub("", fold(token)).strip(_EDGE_PUNCTUATION + ".")
    if not folded:
        return _DATE_WORD  # punctuation between a date's parts
    if _DIGIT.search(folded) or folded in _date_vocabulary()[1]:
        return _DATE_ANCHOR
    known = date_words()
    # Hebrew writes "in" onto the month: "בדצמבר"
    bare = next((folded[len(c):] for c in known.connectors
                 if folded.startswith(c) and len(folded) > len(c)), folded)
    if folded in _date_vocabulary()[0] or bare in known.months:
        return _DATE_WORD
    return _NO_DATE


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
    letters = [_LETTER.search(t) for t in tokens]
    if not tokens or len(tokens) > MAX_DATED_NAME_WORDS or not all(letters):
        return False
    if not any(m.group().isupper() or m.group().islower() for m in letters):
        return True  # no case: CJK, Arabic, Hebrew
    return len(tokens) >= 2 and all(m.group().isupper() for m in letters)


@lru_cache(maxsize=1)
def author_words() -> AuthorWords:
    """author_words.yaml, read and checked once per process."""
    try:
        data = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise AuthorWordsError(f"{WORDS_PATH}: cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise AuthorWordsError(f"{WORDS_PATH}: expected a mapping of fields")
    before = _words_by_language(data, "before")
    after = _words_by_language(data, "after")
    lists = {}
    for field in WORD_LISTS:
        values = data.get(field)
        if not isinstance(values, list) or not values or not all(
                isinstance(v, str) and v.strip() for v in values):
            raise AuthorWordsError(f"{WORDS_PATH}: field '{field}' must be a list of words")
        lists[field] = [fold(v.strip()) for v in values]
    return AuthorWords(
        before=re.compile(rf"^(?:{_alternatives(before)})(?P<rest>.+)$", re.I | re.S),
        starts=re.compile(rf"^(?:{_alternatives(before)})", re.I),
        first_words=frozenset(w.split()[0].casefold().rstrip(":：") for w in before),
        last_words=frozenset(w.casefold().rstrip(":：") for w in after),
        glued_before=tuple(w.casefold().rstrip(":：") for w in before if _is_cjk(w[0])),
        glued_after=tuple(w.casefold() for w in after if _is_cjk(w[0])),
        places_hint=re.compile("|".join(re.escape(w) for w in lists["places"]), re.I),
        after=re.compile(rf"^(?P<rest>.+?)\s*(?:{_alternatives(after, suffix=True)})[\s.:]*$",
                         re.I | re.S),
        roles=frozenset(lists["roles"]), role_stems=tuple(lists["role_stems"]),
        generic=frozenset(lists["generic"]), date_words=frozenset(lists["date_words"]),
        not_names=tuple(lists["not_names"]),
        byline_words=frozenset(fold(w.rstrip(":：/／・ ")) for w in before + after),
        updated_words=frozenset(w for label in date_words().updated_labels for w in label.split()),
        joiners=_joiners(data),
        skip_places=frozenset(lists["skip_places"]),
        comment_places=frozenset(lists["comment_places"]),
        site_places=frozenset(lists["site_places"]), places=frozenset(lists["places"]))


def _joiners(data: dict[str, Any]) -> re.Pattern[str]:
    values = data.get("joiners")
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise AuthorWordsError(f"{WORDS_PATH}: field 'joiners' must be a list of words or marks")
    words = [rf"\s+{re.escape(v)}\s+" for v in values if v[0].isalpha()]
    marks = [rf"\s*{re.escape(v)}\s*" for v in values if not v[0].isalpha()]
    return re.compile("|".join(words + marks), re.I)


def _words_by_language(data: dict[str, Any], field: str) -> list[str]:
    table = data.get(field)
    if not isinstance(table, dict) or not table:
        raise AuthorWordsError(f"{WORDS_PATH}: field '{field}' must map languages to word lists")
    found = []
    for language, values in table.items():
        if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values):
            raise AuthorWordsError(
                f"{WORDS_PATH}: field '{field}.{language}' must be a list of words")
        found.extend(v.strip() for v in values)
    return found


def _alternatives(words: list[str], *, suffix: bool = False) -> str:
    """One regex alternation, longest words first ("written by" before "by")."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        if suffix:
            parts.append(escaped)
        elif word[-1] in ":：":
            parts.append(rf"{re.escape(word[:-1])}\s*[:：]\s*")
        elif word[-1] in "/／・":
            parts.append(rf"{escaped}\s*")
        elif _is_cjk(word[-1]):
            parts.append(rf"{escaped}(?:\s*[:：]\s*|\s*)")
        else:
            parts.append(rf"{escaped}(?:\s*[:：]\s*|\s+)")
    return "|".join(parts)


def _is_cjk(char: str) -> bool:
    """Chinese, Japanese and Korean: scripts that write a byline word onto the name."""
    return ("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"
            or "\u3040" <= char <= "\u30ff")


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
        if any(c.isdigit() for c in token):
            tokens = tokens[:index]
            break
    return " ".join(_strip_date_words(tokens, from_end=True))


def _after_date(names: str) -> str:
    """The names after the date that precedes them: "2024年3月5日 佐藤健" -> "佐藤健"."""
    tokens = names.split()
    for index in range(len(tokens) - 1, -1, -1):
        if any(c.isdigit() for c in tokens[index]):
            tokens = tokens[index + 1:]
            break
    return " ".join(_strip_date_words(tokens, from_end=False))


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
    name = _SPACES.sub(" ", plain(value)).strip(_EDGE_PUNCTUATION)
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
    if len(tokens) > MAX_NAME_WORDS or all(_is_byline_or_date_word(t, words) for t in tokens):
        return None
    if strict:
        first = _LETTER.search(name).group()
        lower = sum(1 for t in tokens if t[0].islower())
        if (first.islower() or lower > MAX_LOWERCASE_WORDS or lower > len(tokens) - lower
                or _NOT_IN_NAMES.search(name)):
            return None
    return name


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


def _as_written(persons: list[str], visible: Iterable[str]) -> str:
    """The JSON-LD names, in the spelling of the first visible byline holding them all, if any."""
    for line in visible:
        if all(_squash(p) in _squash(line) for p in persons):
            return line
    return ", ".join(dict.fromkeys(persons))


def _squash(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


# Where <meta> names authors, most precise first; twitter:creator is a handle ("@x") mostly.
_META_AUTHORS = (
    '//meta[@property="article:author" or @property="og:article:author"]/@content',
    '//meta[@name="author"]/@content',
    '//meta[@name="dcterms.creator" or @name="DC.creator" or @name="dc.creator"]/@content',
    '//meta[@name="twitter:creator"]/@content')


def _meta_author(tree: lxml.html.HtmlElement) -> str | None:
    """article:author when it is a name (Facebook's is often a profile URL), else meta author."""
    for xpath in _META_AUTHORS:
        values = [v.strip() for v in tree.xpath(xpath)
                  if v.strip() and not _URL.search(v) and not v.strip().startswith("@")]
        if values:
            return ", ".join(dict.fromkeys(values))  # Dublin Core: one <meta> per creator
    return None


def _markup_bylines(tree: lxml.html.HtmlElement, words: AuthorWords) -> list[str]:
    """Names read from the markup's byline places, in page order; the places of the first byline
    block ("By <a rel=author>A</a>, <a rel=author>B</a>") as one line of names."""
    places = list(_markup_places(tree, words))
    if not places:
        return []
    first = places[0][0]
    block = next((a for a in first.iterancestors() if a.tag in _BREAKS), None)
    together = [name for element, name in places if element is first or (
        block is not None and _alike(element, first) and _is_inside(element, block))]
    apart = [name for element, name in places[1:] if name not in together]
    return [_joined(together)] + apart


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


def _markup_places(tree: lxml.html.HtmlElement,
                   words: AuthorWords) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    """(element, names) of each byline place of the markup, in page order."""
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
        if _in_skipped_part(element, words):
            continue
        name = _place_text(element, words)
        inner = [n for n in (_place_text(e, words) for e in _INNER_PLACES(element)[:MAX_PLACES]) if n]
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
    return lxml.etree.XPath(" | ".join([*(f"//@{a}[{tests}]/.." for a in ("class", "id", "data-testid")),
                                        "//@itemprop[. = 'author']/..", "//@rel[. = 'author']/.."]))


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


def _in_skipped_part(element: lxml.html.HtmlElement, words: AuthorWords) -> bool:
    """True inside a comment, a sidebar, related articles, a share box, the page's footer or nav.

    <body>'s and <main>'s classes describe the layout ("right-sidebar"), not a part; an article's
    own <footer> holds its byline."""
    chain = [element, *element.iterancestors()]
    in_article = any(a.tag == "article" for a in chain)
    for ancestor in chain:
        if ancestor.tag in ("body", "html", "main"):
            return False
        if ancestor.tag in _SKIP_TAGS and not (ancestor.tag == "footer" and in_article):
            return True
        if _is_site_header(ancestor, words):
            return True
        if _names_part(ancestor, words.skip_places) or _names_comments(ancestor, words):
            return True
    return False


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
        element.getparent() is not None and element.getparent().tag == "body"
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


def _text_bylines(tree: lxml.html.HtmlElement, words: AuthorWords) -> Iterator[str]:
    """Names of visible byline lines, in page order: a text that starts with a byline word or
    ends with one, read with its element (climbing from "<span>By</span>" to the names)."""
    # lxml keeps the text nodes a byline may be (not blank, not long): most are neither
    for text in tree.xpath(f"//body//text()[normalize-space() and "
                           f"string-length() <= {MAX_BYLINE_CHARS * 2}]"):
        element, stripped = text.getparent(), text.strip()
        if element is None or not stripped or len(stripped) > MAX_BYLINE_CHARS:
            continue
        kind = _line_kind(stripped, words)
        if not kind and text.is_tail and _is_date_element(element):
            kind = _DATED_LINE  # "<time datetime=...>...</time> — Marie Dupont"
        name = _text_byline(str(text), text.is_tail, element, words) if kind else None
        if name:
            yield name


def _text_byline(text: str, is_tail: bool, element: lxml.html.HtmlElement,
                 words: AuthorWords) -> str | None:
    """The names of the byline line a text node (an element's text, or its tail) starts."""
    owner = element.getparent() if is_tail else element
    if owner is None or owner.tag in _SKIP_TAGS or _in_skipped_part(owner, words):
        return None
    name = byline_names(_line_from(text, is_tail, element), words)
    if not name and is_tail:  # "<a>A</a> ve <a>B</a> tarafından": the names before the word
        name = byline_names(_capped_text(owner) or "", words)
    return name


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
        elif not isinstance(node.tag, str) or node.tag in _BREAKS:
            break
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


# What a text node may start: no byline, a line with a byline word, a line with a date first or
# last (names may stand beside it with no byline word).
_NO_LINE, _WORD_LINE, _DATED_LINE = 0, 1, 2


def _line_kind(text: str, words: AuthorWords) -> int:
    """Whether a text node may start a byline line, and of which kind."""
    tokens = text.split()
    # A cheap first look, as most text nodes are no byline: a byline word first or last, or a
    # separator that may start a segment with one ("5 mars | Par X").
    first, last = tokens[0].casefold().rstrip(":："), tokens[-1].casefold().rstrip(_EDGE_PUNCTUATION)
    if (first in words.first_words or first.startswith(words.glued_before)
            or last in words.last_words or last.endswith(words.glued_after)
            or _SEPARATOR_MARKS.search(text)):
        segments = [s.lstrip(_EDGE_PUNCTUATION).rstrip() for s in _SEGMENTS.split(text)]
        if any(words.starts.match(s + " ") or words.after.match(s.rstrip(_EDGE_PUNCTUATION))
               or fold(s.rstrip(_EDGE_PUNCTUATION)) in words.byline_words for s in segments if s):
            return _WORD_LINE
    if _token_kind(tokens[0]) == _DATE_ANCHOR:  # "hier, Marie Dupont", "5 mars 2024"
        return _DATED_LINE
    if _has_date(text) and len(text) <= MAX_DATED_LINE_CHARS and (
            _token_kind(tokens[0]) or _token_kind(tokens[-1])
            or _date_phrases().search(fold(text))):
        return _DATED_LINE  # "vor 2 Tagen", "Marie Dupont, 5. März"
    return _NO_LINE
    # A date alone ("5 mars 2024", "vor 2 Tagen": names may follow in the next element), or a
    # date and names apart ("Marie Dupont, 5. März 2024", "hier — Marie Dupont"); not "12
    # commentaires".
    if _is_date_run(tokens, words) or (
            (_SEPARATOR_MARKS.search(text) or _COMMA.search(text))
            and _without_date_runs(text, words) != text.strip(_EDGE_PUNCTUATION)):
        return _DATED_LINE
    return _NO_LINE


def _has_date(text: str) -> bool:
    return _DIGIT.search(text) is not None
