"""An article page's publication date, from everything the page states and writes.

htmldate's original date (read by trafilatura in the same pass) is the base; a byline's or a
dateline's written date (pipeline/dates.py, in the network's languages), or its relative date
("il y a 3 jours", counted from the fetch), wins when the markup states none; the time and offset
the markup states for that day are kept; a full day in the URL's path (/2007/05/20/) is the
publisher's own. Never a date labelled as an update, one in comments, sidebars or the site's
header, a copyright's year, or a day after the fetch.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from urllib.parse import urlsplit

import htmldate
import lxml.etree
import lxml.html

from pipeline.author_words import author_words
from pipeline.date_names import date_words, fold
from pipeline.dates import DATELINE, URL_DAY, date_in_text, written_date
from pipeline.html import any_in_line, plain
from pipeline.pagedates import CJK
from pipeline.relative_dates import relative_date
from pipeline.trie_regex import trie_regex

# Where a page writes its date for people to read, when its markup states none.
# (The class attributes asked, then their elements: libxml2 tests only the elements that have one,
# a third faster than //*[@class][…] on real pages; the union comes in page order.)
DATE_ELEMENTS = ('//time | //@class[contains(., "date") or contains(., "byline") or '
                 'contains(., "posted") or contains(., "published") or contains(., "meta")]/..')
_DATE_ELEMENTS = lxml.etree.XPath(DATE_ELEMENTS)
# ... but not in what other texts hold, with their own dates, when it does not hold the headline:
# the readers' comments (a class or id that starts with "comment": "comments", "comment__date"; not
# "showing-comments" on <body>), a sidebar's list of other articles (a class that starts with
# "sidebar", "widget" or "related"; not a layout's "one-sidebar" on <body>; not every <aside>: some
# hold the article's own date), the site's <header> showing today's date ("Lundi 22 décembre 2025").
# Class names and ids in any case ("Comments", "commentList").
_LOWER = 'translate(%s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")'
_CLASS_STARTS = f'contains(concat(" ", normalize-space({_LOWER % "@class"})), " %s")'
# A comment's class may name it inside a longer word, after a "-" or "_" ("kb-recipe-comment-box").
COMMENTS = (f'{_CLASS_STARTS % "comment"} or contains({_LOWER % "@class"}, "-comment") or '
            f'contains({_LOWER % "@class"}, "_comment") or '
            f'starts-with({_LOWER % "@id"}, "comment")')
SIDEBARS = " or ".join(_CLASS_STARTS % word for word in ("sidebar", "widget", "related"))
# (The cheap tests first: XPath's "and" stops at the first false, and .//h1 reads a whole subtree.)
OTHER_TEXTS = f"({COMMENTS} or {SIDEBARS} or self::header) and not(self::body) and not(.//h1)"
# OTHER_TEXTS is the rule; _is_other_text asks it in Python, the cheap tests first, and
# tests/test_dates_page_places.py holds the two to one answer.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# " " + normalize-space(class) holds " word" where the word opens the class or follows XML's space.
_CLASS_OPENS = re.compile(r"(?:^|[ \t\r\n])(?:comment|sidebar|widget|related)|[-_]comment")
_HAS_H1 = lxml.etree.XPath("boolean(.//h1)")
_BODY_TEXTS = lxml.etree.XPath("//body//text()", smart_strings=False)
_NTH_TEXT = lxml.etree.XPath("(//body//text())[$n]")
_SMART_BODY_TEXTS = lxml.etree.XPath("//body//text()")
MAX_WALKS_TO_TEXT = 4
# A date after a label that says what it is: "Datum: 03.02.2022", "Publié le 17 juin 2020".
DATE_LABEL_WORDS = ("datum", "date", "published", "posted", "publié", "publicado", "publicada",
                    "veröffentlicht", "erstellt", "pubblicato")
LABELLED_DATE = re.compile(rf"^(?:{'|'.join(DATE_LABEL_WORDS)})(?:\s+(?:on|le|am|el|em|il))?"
                           r"\s*:?(?:\s|$)", re.I)
MAX_DATELINE_CHARS = 200
MAX_BYLINE_SENTENCE_CHARS = 100
MAX_LABELLED_CHARS = 60
MAX_WRITTEN_DAYS = 2  # published and updated; more days than that are a list of teasers
# A dateline alone on its line in brackets, with a month's name and the year's last two digits:
# "( Pescasseroli, 14 Gennaio 20 )", "(Lyon, 3 mars 21)" (this century's: no article is older).
_SHORT_YEAR_DATELINE = re.compile(r"^\(\s*(?:[^\W\d][^()\d]{0,30},\s*)?"
                                  r"(?P<date>\d{1,2}\.?\s+(?:[^\W\d]{1,3}\s+)?[^\W\d]{3,}\.?)"
                                  r"\s+(?P<year>\d\d)\s*\)$")
MAX_LABELS = 3
MAX_DATE_TEXTS = 8
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # Eastern Arabic, Persian, fullwidth...
# Where 03/05/2024 is March 5: a page that says it is American English (Canada and the
# Philippines write both orders, so only the unambiguous ones are read there).
MONTH_FIRST_LANGUAGES = {"en-us"}

def _published(stated: list[str], written: str | None,
               url: str | None, tree: lxml.html.HtmlElement, month_first: bool,
               now: datetime) -> str | None:
    """The publication date: htmldate's original date (called as trafilatura calls it, only when
    needed), unless the page states no date in its markup and writes one in its byline, which is
    then the surer of the two; with the time the markup states for that day, in the publisher's own
    offset when given."""
    day = None
    # A date the markup states in words ("Tue, Sep 15 2020 10:01:41 EDT") is one htmldate did
    # not read.
    unread = [iso for value in stated if not _is_iso(value) and (iso := _iso(value, month_first))]
    stated = [iso for value in stated if (iso := _iso(value, month_first))]
    if written and (not stated or _placeholder_new_year(stated, written)):
        return written
    if (unread and (day := day or _htmldate(tree, url))
            and all(value[:10] != day for value in stated)):
        return unread[0]
    day = (day or _htmldate(tree, url)) if stated else _htmldate_alone(day, tree, url)
    if (stated and day and all(value[:10] != day for value in stated)
            and _written_only_above_headline(day, tree)):
        day = stated[0][:10]  # the site's "today" above the headline, not the stated day
    if day and day > (now + timedelta(days=1)).date().isoformat():
        day = None  # htmldate's bound is today, not the fetch: a later day is an event's
    if not day:
        return written
    moments = [(value, moment) for value in stated if (moment := _datetime(value))]
    same_day = [(value, moment) for value, moment in moments if value[:10] == day]
    if not same_day:
        return day
    # The same instant written in the publisher's offset gives the publisher's day
    # (2023-11-09T02:11Z is 2023-11-08T21:11-05:00, published on the 8th where it was written).
    instant = same_day[0][1]
    local = [value for value, moment in moments
             if moment == instant and moment.utcoffset() not in (None, timedelta(0))]
    return local[0] if local else same_day[0][0]


def _dateline(lines: list[str], month_first: bool, now: datetime) -> str | None:
    """The date a dateline opening one of the first lines gives, if any; a two-digit year is
    this century's, up to the fetch time's year."""
    for line in lines:
        # A few characters more than the date, for its time ("17 juin 2020 - 12:48").
        if (match := DATELINE.match(line)) and (
                found := date_in_text(line[:match.end("date") + 10], month_first)):
            return found
        if ((match := _SHORT_YEAR_DATELINE.match(line))
                and 2000 + int(match["year"]) <= now.year  # "(…, 3 marzo 99)" is no 2099
                and (found := date_in_text(f"{match['date']} 20{match['year']}", month_first))):
            return found
    return None


def _with_url_day(published: str | None, url: str | None, now: datetime) -> str | None:
    """The URL's day when its path states one and the page's date says another day."""
    match = URL_DAY.search(urlsplit(url).path) if url else None
    if not match:
        return published
    day = "-".join(match.groups())
    try:  # an impossible day (/2023/02/31/) or one still to come (an event's page) says nothing
        if date.fromisoformat(day) > now.date():
            return published
    except ValueError:
        return published
    return published if published and published[:10] == day else day

def _written_date(texts: list[str], relative_texts: int, now: datetime, month_first: bool,
                  lang: str | None) -> str | None:
    """A date written in words or numbers in a byline, a <time> or the first lines of text, else
    a relative date ("il y a 3 jours") in one of the first `relative_texts` texts (the date
    elements', not the running text's); none when those places hold many different days (a list
    of other articles, not a byline)."""
    tomorrow = (now + timedelta(days=1)).date().isoformat()
    written, relative = [], []
    for index, text in enumerate(texts):
        if len(text) > MAX_DATELINE_CHARS and index < relative_texts:
            # A date element's long text opens with its byline sentence ("Dieser Beitrag wurde
            # am Samstag, 3. Dezember 2011 veröffentlicht und unter … abgelegt"): its opening.
            text = text[:MAX_BYLINE_SENTENCE_CHARS]
        if len(text) > MAX_DATELINE_CHARS or _says_updated(text):
            continue
        if found := date_in_text(text, month_first):
            written.append(found)
        elif index < relative_texts and (found := relative_date(text, now, lang)):
            relative.append(found)
    # A day to come is an event's.
    days = [day for day in written + relative if day[:10] <= tomorrow]
    if len({day[:10] for day in days}) > MAX_WRITTEN_DAYS:
        return None
    return days[0] if days else None


def _says_updated(text: str) -> bool:
    """Whether a date text is labelled as a change ("Mis à jour le…", "Updated:"), not a birth."""
    start = fold(text).lstrip(" \t:·|-–—([")
    return start.startswith(tuple(date_words().updated_labels))


def _htmldate_alone(day: str | None, tree: lxml.html.HtmlElement,
                    url: str | None) -> str | None:
    """htmldate's day when the page neither states nor writes one where we look. When only
    htmldate's extensive search (dates in any text) finds it, not a day the page writes only
    where other texts' dates stand; and a 1st of January only when its strict search finds it
    too (the extensive search reads a copyright's "© 2019-2025" as 2025-01-01)."""
    day = day or _htmldate(tree, url)
    doubtful = day and (day.endswith("-01-01") or _written_only_elsewhere(day, tree))
    return None if doubtful and _htmldate(tree, url, extensive=False) != day else day


def _placeholder_new_year(stated: list[str], written: str) -> bool:
    """Whether every day the markup states is a 1st of January the page's byline does not write:
    a CMS's placeholder (a year's first day given to every article), not the byline's day."""
    return all(value[5:10] == "01-01" and value[:10] != written[:10] for value in stated)


def _written_only_above_headline(day: str, tree: lxml.html.HtmlElement) -> bool:
    """Whether the page writes the day for people only above its headline, its first <h1>: the
    site's header showing today's date ("Mittwoch, 8. Juli 2020"), where the article's own date
    stands under its headline or nowhere."""
    headlines = tree.xpath("//body//h1")
    if not headlines:
        return False
    order = {element: index for index, element in enumerate(tree.iter())}
    headline = order.get(headlines[0], 0)
    written = False
    for node in tree.xpath("//body//text()"):
        if day[:4] not in node:
            continue  # cheap: most texts hold no year
        found = written_date(" ".join(node.split()))
        if found is None or found.iso[:10] != day:
            continue
        # (a tail's parent is the element before it: the headline's own tail is under it)
        if order.get(node.getparent(), 0) >= headline:
            return False
        written = True
    return written


def _written_only_elsewhere(day: str, tree: lxml.html.HtmlElement) -> bool:
    """Whether the page writes the day for people only in comments, sidebars, its header or inside
    a sentence ("the next meeting takes place on 5 March at…"): another text's date, or what the
    article tells. A day it does not write at all (htmldate read it in the markup or the URL) is
    the page's own."""
    written = False
    elsewhere: dict[lxml.html.HtmlElement, bool] = {}
    for node in tree.xpath("//body//text()"):
        if day[:4] not in node and not (not node.isascii() and _OTHER_DIGIT.search(node)):
            continue  # cheap: most texts hold no year
        element = node.getparent()
        if getattr(node, "is_tail", False) and element is not None:
            element = element.getparent()
        if element is None or element.tag in ("script", "style"):
            continue
        found = written_date(" ".join(node.split()))
        if found is None or found.iso[:10] != day:
            continue
        if not (found.in_a_sentence() or _is_elsewhere(element, elsewhere)):
            return False
        written = True
    return written


def _htmldate(tree: lxml.html.HtmlElement, url: str | None, extensive: bool = True) -> str | None:
    # The tree parsed once, not the HTML text: htmldate would parse it again (most of its time on
    # a large page); given a tree, it prunes a copy, so the tree stays whole for the rest.
    try:
        return htmldate.find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except (ValueError, TypeError):  # htmldate raises on some malformed pages
        return None

def _iso(value: str, month_first: bool) -> str | None:
    """A date stated in markup as ISO 8601; other spellings ("Tue, Sep 15 2020 10:01:41") are
    read too."""
    return value.strip() if _is_iso(value) else date_in_text(value, month_first)


def _is_iso(value: str) -> bool:
    """An ISO 8601 date or datetime whose day exists (a stated 2024-02-30 is no date: it would
    hide the byline's and send htmldate astray)."""
    value = value.strip()
    if not (len(value) >= 10 and value[:4].isdigit() and value[4] == "-"):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _datetime(value: str) -> datetime | None:
    """A stated ISO 8601 datetime with its offset; None for a bare date or anything else."""
    if len(value) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None

def _date_texts(tree: lxml.html.HtmlElement) -> list[str]:
    """The texts where a page writes its date for people, in page order, outside comments: <time>s
    and byline-like elements, and short texts that start with a date label ("Datum: 03.02.2022";
    the label's element, or its parent when the label stands alone: <h5>Datum:</h5> 03.02.2022)
    or a byline word ("von Marianne am 20.09.2020")."""
    elsewhere: dict[lxml.html.HtmlElement, bool] = {}
    # Only the first texts are kept: the first MAX_DATE_TEXTS outside other texts are enough, in
    # page order, whatever labelled elements join them.
    found = list(islice((e for e in _DATE_ELEMENTS(tree) if not _is_elsewhere(e, elsewhere)),
                        MAX_DATE_TEXTS))
    labelled = []
    # Plain strings first, to find the texts that start with a label: most pages have none, and
    # the texts that know their element cost three times as much to make.
    texts = _BODY_TEXTS(tree)
    openings = _labelled_openings(texts)
    # A walk to each of a few; past that, all texts with their elements at once (a page of
    # thousands of "by user" rows would walk the page once for each).
    nodes = _SMART_BODY_TEXTS(tree) if len(openings) > MAX_WALKS_TO_TEXT else None
    for index in openings:
        node = nodes[index] if nodes is not None else _NTH_TEXT(tree, n=index + 1)[0]
        element = node.getparent()
        if getattr(node, "is_tail", False) and element is not None:
            element = element.getparent()  # a tail belongs to its element's parent
        for _ in range(2):
            while element is not None and not isinstance(element.tag, str):
                element = element.getparent()  # a comment or processing instruction
            if element is None or element.tag in ("script", "style", "body"):
                break
            text = _short_text(element, MAX_LABELLED_CHARS)
            if text is None:
                break
            # Where the element stands is asked last, of the few with a date (its ancestors' test
            # is the dearer one); the label's own element is no other text's when its parent is
            # tried next, and the parent's test covers the ancestors above.
            if date_in_text(text):
                if not _is_elsewhere(element, elsewhere):
                    labelled.append(element)
                break
            if _is_other_text(element):
                break
            element = element.getparent()
        if len(labelled) == MAX_LABELS:
            break
    if labelled:
        found = sorted(set(found) | set(labelled), key=_page_position)
    return [e.get("datetime") or plain(" ".join(e.itertext())) for e in found[:MAX_DATE_TEXTS]]


def _page_position(element: lxml.html.HtmlElement) -> list[int]:
    """Where the element stands in page order, as its and its ancestors' places among their
    siblings from the root down: sorts a few elements without numbering the whole page."""
    places = []
    node: lxml.html.HtmlElement | None = element
    while node is not None:
        places.append(sum(1 for _ in node.itersiblings(preceding=True)))
        node = node.getparent()
    return places[::-1]


def _labelled_openings(texts: list[str]) -> list[int]:
    """The indexes of the short texts that open with a date's label ("Datum:") or a byline's word
    ("von", "by": "von Marianne am 20.09.2020" is a byline with its date where no class says so).
    A page has thousands of texts: one search over them joined finds those whose first word may
    open one, and only these are matched in full."""
    joined = "\0" + "\0".join(texts)
    byline = author_words().starts
    indexes, index, counted = [], -1, 0
    for match in _first_word().finditer(joined):
        # The text's index: the "\0"s before the match (counted on from the last match).
        index += joined.count("\0", counted, match.start() + 1)
        counted = match.start() + 1
        text = texts[index].lstrip()  # a word ends at a space: "von " opens, "vonage" does not
        # Its length as read, indentation squeezed ("Veröffentlicht am\n\t\t\t 03.02.2022").
        if (len(" ".join(text.split())) <= MAX_LABELLED_CHARS
                and (LABELLED_DATE.match(text) or byline.match(text))):
            indexes.append(index)
    return indexes


@lru_cache(maxsize=1)
def _first_word() -> re.Pattern[str]:
    """A text's start ("\\0" before it), then the first word of a date's label or of a byline's
    words, as a whole word; a CJK one ("記者", "文/") may run on into the name."""
    words = set(DATE_LABEL_WORDS) | author_words().first_words
    glued = {word for word in words if CJK.search(word[-1]) or not word[-1].isalnum()}
    # The first letters as one class first: most texts fail there, before the trie's branches.
    firsts = re.escape("".join(sorted({word[0] for word in words})))
    return re.compile(rf"\0\s*+(?=[{firsts}])(?:(?:{trie_regex(sorted(words - glued))})(?!\w)"
                      rf"|{trie_regex(sorted(glued))})", re.I)


def _is_elsewhere(element: lxml.html.HtmlElement, known: dict[lxml.html.HtmlElement, bool]) -> bool:
    """element.xpath(f"ancestor-or-self::*[{OTHER_TEXTS}]"), each ancestor's answer kept in
    `known`: a part's test reads its whole subtree (.//h1), and a page of 10,000 comments' dates
    would read it 10,000 times."""
    return any_in_line((element, *element.iterancestors()), _is_other_text, known)


def _is_other_text(element: lxml.html.HtmlElement) -> bool:
    """element.xpath(f"self::*[{OTHER_TEXTS}]"), its class and id read in Python (lowercased as
    XPath's translate() does, ASCII letters only) and its subtree only asked when they say yes:
    a page asks it of thousands of elements."""
    if element.tag == "body":
        return False
    if not (element.tag == "header"
            or _CLASS_OPENS.search((element.get("class") or "").translate(_ASCII_LOWER))
            or (element.get("id") or "").translate(_ASCII_LOWER).startswith("comment")):
        return False
    return not _HAS_H1(element)


def _short_text(element: lxml.html.HtmlElement, limit: int) -> str | None:
    """The element's text, or None as soon as it runs past `limit` characters (a container)."""
    pieces, length = [], 0
    for piece in element.itertext():
        piece = " ".join(piece.split())  # indentation is not text
        length += len(piece) + 1
        if length > limit + 1:
            return None
        pieces.append(piece)
    text = plain(" ".join(pieces))
    return text if len(text) <= limit else None


def publication_date(tree: lxml.html.HtmlElement, url: str | None, canonical: str | None,
                     stated: list[str], first_lines: list[str],
                     fetched: datetime | None = None) -> str | None:
    """The page's publication date as ISO 8601 (a day, or a datetime in the page's own offset).

    stated: the dates the markup states
    (JSON-LD, article:published_time, itemprop); first_lines: the main text's first lines;
    fetched: when the page was fetched (now when None), which a byline's "3 days ago" counts
    from."""
    now = _aware(fetched or datetime.now(UTC))
    lang = _page_language(tree)
    month_first = lang in MONTH_FIRST_LANGUAGES
    date_texts = _date_texts(tree)
    opening = first_lines[:3]
    written = (_dateline(opening, month_first, now)
               or _written_date(date_texts + opening, len(date_texts), now, month_first, lang))
    return _with_url_day(_published(stated, written, url, tree, month_first, now),
                         canonical or url, now)


def _page_language(tree: lxml.html.HtmlElement) -> str | None:
    """The language the page declares, lowercase ("en-us"), if any."""
    declared = tree.xpath("/html/@lang | /html/head/meta[@http-equiv='content-language']/@content")
    return str(declared[0]).strip().casefold().replace("_", "-") or None if declared else None


def _aware(moment: datetime) -> datetime:
    """A naive fetch time is UTC, as the crawler writes it; one at the ends of what Python can
    count ("tomorrow" of datetime.max) is no fetch time: now is."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        moment + timedelta(days=2), moment - timedelta(days=400)
    except OverflowError:
        return datetime.now(UTC)
    return moment
