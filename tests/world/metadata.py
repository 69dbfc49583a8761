"""Article pages whose authors and publication day are known: a test world for metadata extraction.

    pages = make_metadata_pages(seed=3, per_language=40)
    page.html, page.url, page.fetched                       # what the extractor is given
    page.expected_published_day, page.expected_authors      # what it should find
    page.expected_title

Written from how sites in each language write bylines and dates (metadata_languages.yaml), without
looking at the extractor. Each page picks, from one random.Random per page (seeded by the world's
seed, the language and the page's index), an author markup (AUTHOR_STYLES), a date markup
(DATE_STYLES), a layout and some traps: a copyright footer, a later "updated" date, a
sidebar of other articles with their dates and authors, comments with their dates and names, an
event date in the future, today's date in the site's header. Dates are sometimes written with
their time, weekday, ordinal suffix, no-break spaces, bidi marks or the language's own digits.

What the expected answers say, where a reader could hesitate:
- the day is the page's own local day: 2024-03-05T23:30:00-05:00 is the 5th;
- a relative date ("il y a 3 jours") counts back from `fetched`, in the site's time zone;
- a byline naming no person ("Par la rédaction", "admin") means no author: [];
- a job or team after the name ("By Emily Carter, Communications Officer") is not an author;
- an author given only as a JSON-LD Organization is that organisation (the only author named);
  a JSON-LD publisher is never an author;
- article:author holding a profile URL names nobody: the author is the one the page shows;
- a page stating no publication date expects None, whatever other dates it shows (comments,
  sidebar, events, copyright years, today's date);
- a name the byline declines (Greek "Της Μαρίας Παπαδοπούλου") is expected as written, the only
  form the page gives;
- the title is the headline alone: not a kicker or a date marked up inside the <h1> (<small>, a
  "kicker" or "roofline" class, <time>; or an element of any class opening the <h1>, which the
  <title> or og:title give before a separator or leave out), not a label only screen readers
  hear, not the site name the <title> adds ("Title – Site"). The title markup
  (TITLE_STYLES) is drawn from a random.Random of its own, so that adding it left the authors and
  dates of every page as they were.
"""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from string import Formatter

import yaml

LANGUAGES_FILE = Path(__file__).with_name("metadata_languages.yaml")
DATE_FIELDS = {"day", "dd", "m", "mm", "month", "weekday", "year", "ordinal"}
CLOCK_FIELDS = {"date", "hh", "h", "mm", "h12", "ampm"}
DATE_KINDS = ("long", "weekday", "numeric")
AUTHOR_STYLES = ("byline-with-date", "byline-line", "rel-author", "itemprop", "class-author",
                 "class-byline", "vcard", "jsonld-person", "jsonld-organisation", "meta-name",
                 "og-author-url", "og-author-name", "dublin-core", "none", "editorial", "admin")
DATE_STYLES = ("text-long", "text-weekday", "text-numeric", "relative", "time-datetime", "time-day",
               "meta-published", "jsonld", "itemprop", "dublin-core", "url", "none")
TITLE_STYLES = ("plain", "kicker-small", "kicker-class", "hidden-label", "date-in-heading",
                "no-heading", "kicker-confirmed")
# A kicker's element whose class says nothing of it (or says "subtitle"): only the metadata, which
# gives the kicker before a separator or the title alone, tells it from the headline.
PLAIN_KICKER_CLASSES = ("", ' class="h1small"', ' class="subtitle"', ' class="sub-heading"',
                        ' class="label label--blue"')
KICKER_CLASSES = ("kicker", "roofline", "overline", "article__kicker", "headline-topline",
                  "dachzeile", "eyebrow", "supertitle")
HIDDEN_CLASSES = ("sr-only", "visually-hidden", "screen-reader-text", "visuallyhidden")
# Styles where the visible byline is the only place naming the author: it may decline the name or
# add a job after it.
TEXT_ONLY_BYLINES = ("byline-with-date", "byline-line", "class-byline")
MULTI_AUTHOR_STYLES = ("byline-with-date", "byline-line", "rel-author", "itemprop", "class-author",
                       "class-byline", "vcard", "jsonld-person", "meta-name", "og-author-url",
                       "dublin-core")
YEARS = (2019, 2026)


class LanguageDataError(ValueError):
    """metadata_languages.yaml is missing a field or holds one of the wrong shape."""


@dataclass(frozen=True)
class Person:
    name: str
    as_written: str = ""  # the declined form an inflected byline writes
    gender: str = ""


@dataclass(frozen=True)
class Language:
    code: str
    locale: str
    utc_offset: timedelta
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    dates: dict[str, tuple[str, ...]]
    with_time: tuple[str, ...]
    ampm: tuple[str, ...]
    bylines: tuple[str, ...]
    inflected_bylines: dict[str, str]
    with_role: str
    role: str
    list_sep: str
    last_sep: str
    relative: tuple[tuple[str, timedelta, bool], ...]  # (text, age, counted in days)
    texts: dict[str, str]  # published, updated, editorial, admin, comment, event, read_also, ...
    names: tuple[Person, ...]
    organisations: tuple[str, ...]
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    native_digits: str = ""
    ordinals: dict[int, str] = field(default_factory=dict)  # day -> suffix; 0: all other days
    direction: str = "ltr"
    regions: tuple[Language, ...] = ()


@dataclass
class MetaPage:
    """One article page and the metadata a reader finds on it."""

    html: str
    url: str
    fetched: datetime
    expected_published_day: str | None
    expected_authors: list[str]
    language: str
    style: str  # "<author style>/<date style>"
    notes: list[str] = field(default_factory=list)  # traps present, decisions taken
    expected_title: str = ""
    title_style: str = "plain"

    @property
    def author_style(self) -> str:
        return self.style.split("/")[0]

    @property
    def date_style(self) -> str:
        return self.style.split("/")[1]


# ---------------------------------------------------------------- language data, validated on load

TEXT_KEYS = ("published", "updated", "editorial", "newsroom", "admin", "comment", "event",
             "read_also", "comments", "rights")


def _need(entry: dict, code: str, key: str, kind: type):
    value = entry.get(key)
    if not isinstance(value, kind) or not value:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.{key}: expected a non-empty "
                                f"{kind.__name__}, got {value!r}")
    return value


def _offset(code: str, text: str) -> timedelta:
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", str(text))
    if not match:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.utc_offset: {text!r} is not ±HH:MM")
    sign = -1 if match[1] == "-" else 1
    return sign * timedelta(hours=int(match[2]), minutes=int(match[3]))


def _templates(code: str, where: str, values: list, allowed: set[str]) -> tuple[str, ...]:
    for template in values:
        slots = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
        if not slots <= allowed:
            raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.{where}: {template!r} uses "
                                    f"{sorted(slots - allowed)}, allowed {sorted(allowed)}")
    return tuple(values)


def _person(code: str, entry) -> Person:
    if isinstance(entry, str):
        return Person(entry)
    if isinstance(entry, dict) and {"name", "as_written", "gender"} <= entry.keys():
        return Person(entry["name"], entry["as_written"], entry["gender"])
    raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.names: {entry!r} is neither a name "
                            "nor {name, as_written, gender}")


def _relative(code: str, entry) -> tuple[str, timedelta, bool]:
    if not isinstance(entry, dict) or "text" not in entry \
            or len({"days", "hours"} & entry.keys()) != 1:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.relative: {entry!r} needs text "
                                "and one of days, hours")
    if "days" in entry:
        return entry["text"], timedelta(days=entry["days"]), True
    return entry["text"], timedelta(hours=entry["hours"]), False


def _ordinals(code: str, entry: dict) -> dict[int, str]:
    ordinals = entry.get("ordinals") or {}
    if not isinstance(ordinals, dict) or not all(isinstance(k, int) and 0 <= k <= 31
                                                 for k in ordinals):
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.ordinals: days 0-31 to suffixes")
    return {k: str(v) for k, v in ordinals.items()}


def _language(code: str, entry: dict, base: Language | None = None) -> Language:
    if base is not None:  # a region: the base language with a few fields replaced
        dates = {**base.dates, **{k: _templates(code, f"regions.dates.{k}", v, DATE_FIELDS)
                                  for k, v in entry.get("dates", {}).items()}}
        with_time = _templates(code, "regions.with_time",
                               entry.get("with_time") or list(base.with_time), CLOCK_FIELDS)
        return Language(**{**base.__dict__, "locale": _need(entry, code, "locale", str),
                           "utc_offset": _offset(code, entry.get("utc_offset")),
                           "dates": dates, "with_time": with_time, "regions": ()})
    dates = _need(entry, code, "dates", dict)
    if set(dates) != set(DATE_KINDS):
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.dates: needs exactly {DATE_KINDS}")
    months = tuple(entry.get("months") or ())
    if any("{month}" in t for v in dates.values() for t in v) and len(months) != 12:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.months: 12 needed, "
                                f"got {len(months)}")
    weekdays = tuple(_need(entry, code, "weekdays", list))
    if len(weekdays) != 7:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.weekdays: 7 needed")
    inflected = entry.get("inflected_bylines") or {}
    language = Language(
        code=code, locale=_need(entry, code, "locale", str),
        utc_offset=_offset(code, entry.get("utc_offset")), months=months, weekdays=weekdays,
        dates={k: _templates(code, f"dates.{k}", _need(dates, code, k, list), DATE_FIELDS)
               for k in DATE_KINDS},
        with_time=_templates(code, "with_time", _need(entry, code, "with_time", list),
                             CLOCK_FIELDS),
        ampm=tuple(entry.get("ampm") or ()),
        bylines=_templates(code, "bylines", _need(entry, code, "bylines", list), {"names"}),
        inflected_bylines={g: _templates(code, "inflected_bylines", [t], {"name"})[0]
                           for g, t in inflected.items()},
        with_role=_templates(code, "with_role", [_need(entry, code, "with_role", str)],
                             {"name", "role"})[0],
        role=_need(entry, code, "role", str),
        list_sep=_need(entry, code, "list_sep", str), last_sep=_need(entry, code, "last_sep", str),
        relative=tuple(_relative(code, r) for r in _need(entry, code, "relative", list)),
        texts={k: _need(entry, code, k, str) for k in TEXT_KEYS},
        names=tuple(_person(code, n) for n in _need(entry, code, "names", list)),
        organisations=tuple(_need(entry, code, "organisations", list)),
        titles=tuple(_need(entry, code, "titles", list)),
        sentences=tuple(_need(entry, code, "sentences", list)),
        native_digits=entry.get("native_digits", ""), ordinals=_ordinals(code, entry),
        direction=entry.get("direction", "ltr"))
    uses_ordinals = any("{ordinal}" in t for v in language.dates.values() for t in v)
    if uses_ordinals and 0 not in language.ordinals:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.ordinals: dates use {{ordinal}}, "
                                "so a suffix for day 0 (every other day) is needed")
    if any("{ampm}" in t for t in language.with_time) and len(language.ampm) != 2:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.ampm: with_time uses {{ampm}}, "
                                "so two halves of the day are needed")
    if len(language.names) < 6:
        raise LanguageDataError(f"{LANGUAGES_FILE.name}: {code}.names: at least 6 needed")
    for key in ("published", "updated", "event"):
        _templates(code, key, [language.texts[key]], {"date"})
    regions = tuple(_language(code, r, language) for r in entry.get("regions") or ())
    return Language(**{**language.__dict__, "regions": regions})


def load_languages(path: Path = LANGUAGES_FILE) -> dict[str, Language]:
    """The languages of metadata_languages.yaml, checked field by field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data:
        raise LanguageDataError(f"{path.name}: expected a mapping of language codes")
    return {code: _language(code, entry) for code, entry in data.items()}


# ---------------------------------------------------------------- dates and names as written

def render_date(lang: Language, day: date, template: str, digits: str = "") -> str:
    """One written form of a day; with `digits`, in the language's own digits."""
    text = template.format(day=day.day, dd=f"{day.day:02d}", m=day.month, mm=f"{day.month:02d}",
                           month=lang.months[day.month - 1] if lang.months else "",
                           weekday=lang.weekdays[day.weekday()], year=day.year,
                           ordinal=lang.ordinals.get(day.day, lang.ordinals.get(0, "")))
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def with_clock(lang: Language, text: str, moment: datetime, template: str) -> str:
    """A written date followed by the time of `moment`, as the language writes it."""
    half = lang.ampm[moment.hour >= 12] if lang.ampm else ""
    return template.format(date=text, hh=f"{moment.hour:02d}", h=moment.hour,
                           mm=f"{moment.minute:02d}", h12=(moment.hour - 1) % 12 + 1, ampm=half)


def date_forms(lang: Language, day: date) -> set[str]:
    """Every form this language's pages may write the day in (all regions, all digit sets)."""
    forms = {day.isoformat(), day.strftime("%Y/%m/%d")}
    for variant in (lang, *lang.regions):
        for templates in variant.dates.values():
            for template in templates:
                forms.add(render_date(variant, day, template))
                if lang.native_digits:
                    forms.add(render_date(variant, day, template, lang.native_digits))
    return forms


def join_names(lang: Language, names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return lang.list_sep.join(names[:-1]) + lang.last_sep + names[-1]


def slug(text: str) -> str:
    """A URL path part; names in other scripts get a stable number instead."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words or f"u{zlib.crc32(text.encode())}"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------- one page, from its parts

@dataclass
class Draft:
    """A page being assembled: the author style, the date style and the traps add their parts."""

    lang: Language  # the page's region of its language
    rng: random.Random
    host: str
    title: str
    head: list[str] = field(default_factory=list)
    ld: dict = field(default_factory=dict)
    byline: str = ""  # visible byline (HTML)
    bare_names: str = ""  # the names alone, for "5 mars 2024 · Marie Dupont"
    dateline: str = ""  # visible date (HTML)
    graph: list[dict] = field(default_factory=list)  # other JSON-LD nodes, beside the Article
    one_line: bool = False
    itemscope: bool = False
    path: str = ""
    updated: str = ""  # "updated on ...", near the date
    body_extra: list[str] = field(default_factory=list)  # paragraphs added to the text
    after_article: list[str] = field(default_factory=list)  # comments
    aside: str = ""
    masthead: str = ""  # today's date in the site's header
    footer: str = ""
    notes: list[str] = field(default_factory=list)
    title_style: str = "plain"
    day: date | None = None  # the publication day, for a title markup that writes it


def _split_template(template: str, slot: str, filling: str) -> str:
    """The escaped template with its {slot} replaced by HTML."""
    before, _, after = template.partition("{" + slot + "}")
    return esc(before) + filling + esc(after)


def _byline(d: Draft, people: list[Person], wrap=esc, inflect: bool = False) -> list[str]:
    """Set the visible byline; returns the names as the page writes them."""
    lang, rng = d.lang, d.rng
    person = people[0]
    if inflect and len(people) == 1 and person.as_written and lang.inflected_bylines \
            and rng.random() < 0.7:
        d.byline = _split_template(lang.inflected_bylines[person.gender], "name",
                                   wrap(person.as_written))
        d.bare_names = ""
        d.notes.append("declined name (expected as written)")
        return [person.as_written]
    names = [p.name for p in people]
    joined = join_names(lang, [wrap(n) for n in names]) if wrap is not esc else \
        esc(join_names(lang, names))
    if inflect and len(people) == 1 and rng.random() < 0.25:  # the job is not part of the name
        joined = _split_template(lang.with_role.replace("{role}", lang.role), "name", joined)
        d.notes.append("name followed by a role")
    d.byline = _split_template(rng.choice(lang.bylines), "names", joined)
    d.bare_names = joined
    return names


def _person_ld(people: list[Person]) -> dict | list[dict]:
    persons = [{"@type": "Person", "name": p.name} for p in people]
    return persons[0] if len(persons) == 1 else persons


def add_author(d: Draft, style: str, people: list[Person], org: str) -> list[str]:
    """Write the author in `style`; returns the expected author names."""
    rng = d.rng
    profile = lambda name: f"https://{d.host}/author/{slug(name)}/"  # noqa: E731
    if style in TEXT_ONLY_BYLINES:
        if style == "byline-line" and rng.random() < 0.4:
            names = _byline(d, people, lambda n: f'<a href="{profile(n)}">{esc(n)}</a>', True)
        else:
            names = _byline(d, people, inflect=True)
        if style == "class-byline":
            d.byline = f'<div class="byline">{d.byline}</div>'
        d.one_line = style == "byline-with-date"
        return names
    if style == "rel-author":
        return _byline(d, people, lambda n: f'<a rel="author" href="{profile(n)}">{esc(n)}</a>')
    if style == "itemprop":
        d.itemscope = True
        return _byline(d, people, lambda n: (
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            f'<span itemprop="name">{esc(n)}</span></span>'))
    if style == "class-author":
        tag, css = rng.choice((("span", "author"), ("a", "author"), ("address", "author"),
                               ("span", "author-name"), ("div", "post-author")))
        link = (lambda n: f' href="{profile(n)}"') if tag == "a" else (lambda n: "")
        return _byline(d, people, lambda n: f'<{tag} class="{css}"{link(n)}>{esc(n)}</{tag}>')
    if style == "vcard":
        if rng.random() < 0.3:  # microformats2, as IndieWeb and Hugo themes write it
            return _byline(d, people, lambda n: f'<a class="p-author h-card" '
                           f'href="{profile(n)}">{esc(n)}</a>')
        return _byline(d, people, lambda n: f'<span class="vcard author"><a class="url fn n" '
                       f'href="{profile(n)}">{esc(n)}</a></span>')
    if style == "jsonld-person":
        if rng.random() < 0.4:  # Yoast-like @graph: the Article points at Person nodes by @id
            ids = [{"@id": f"https://{d.host}/#/person/{slug(p.name)}"} for p in people]
            d.ld["author"] = ids[0] if len(ids) == 1 else ids
            d.graph = [{"@type": "Person", **i, "name": p.name} for i, p in zip(ids, people)]
            # A profile's display name, the first name alone, and its biography opening with the
            # whole name; from a random.Random of its own: the page's other draws stay.
            profile = random.Random(f"profile:{d.host}{d.path}")
            if len(people) == 1 and " " in people[0].name and profile.random() < 0.5:
                d.graph[0]["name"] = people[0].name.split()[0]
                d.graph[0]["description"] = f"{people[0].name}, {d.lang.role}"
                d.notes.append("JSON-LD profile: a first name, the whole name in its description")
        elif len(people) == 1 and rng.random() < 0.2:  # some plugins write a bare string
            d.ld["author"] = people[0].name
        else:
            d.ld["author"] = _person_ld(people)
        if rng.random() < 0.5:
            _byline(d, people)
        return [p.name for p in people]
    if style == "jsonld-organisation":
        d.ld["author"] = {"@type": "Organization", "name": org, "url": f"https://{d.host}/"}
        d.notes.append("Organization author only")
        return [org]
    if style == "meta-name":
        d.head.append(f'<meta name="author" content="{esc(", ".join(p.name for p in people))}">')
        return [p.name for p in people]
    if style == "og-author-url":
        for p in people:
            url = (profile(p.name) if rng.random() < 0.6
                   else f"https://www.facebook.com/{slug(p.name)}")
            d.head.append(f'<meta property="article:author" content="{esc(url)}">')
        d.notes.append("article:author is a URL")
        return _byline(d, people)
    if style == "dublin-core":  # Drupal's and Joomla's metadata modules write these
        key = rng.choice(("dcterms.creator", "DC.creator"))
        d.head += [f'<meta name="{key}" content="{esc(p.name)}">' for p in people]
        return [p.name for p in people]
    if style == "og-author-name":
        d.head.append(f'<meta property="article:author" content="{esc(people[0].name)}">')
        return [people[0].name]
    if style == "editorial":
        d.byline = esc(d.lang.texts["editorial"])
        d.notes.append("editorial byline (the newsroom, no person)")
        return [d.lang.texts["newsroom"]]
    if style == "admin":
        d.byline = esc(d.lang.texts["admin"])
        if rng.random() < 0.5:
            d.head.append('<meta name="author" content="admin">')
        d.notes.append("admin byline (no person)")
        return []
    assert style == "none", style
    return []


def _iso(d: Draft, moment: datetime) -> str:
    """The publication time as markup writes it: local offset, or UTC when that keeps the day."""
    utc = moment.astimezone(UTC)
    if utc.date() == moment.date() and d.rng.random() < 0.25:
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat(timespec="seconds")


def _written(d: Draft, day: date, kind: str = "long") -> str:
    digits = d.lang.native_digits if d.lang.native_digits and d.rng.random() < 0.3 else ""
    return render_date(d.lang, day, d.rng.choice(d.lang.dates[kind]), digits)


def _typeset(d: Draft, text: str) -> str:
    """Escaped text as typographers leave it: no-break spaces, bidi marks around RTL dates."""
    shown = esc(text)
    roll = d.rng.random()
    if roll < 0.1:
        shown = shown.replace(" ", "&nbsp;")
    elif roll < 0.2:
        shown = shown.replace(" ", "\u00a0")
    if d.lang.direction == "rtl" and d.rng.random() < 0.25:
        shown = f"\u200f{shown}\u200f"
    return shown


def _visible(d: Draft, text: str, labelled: bool) -> None:
    if labelled:
        text = d.lang.texts["published"].format(date=text)
    css = d.rng.choice(("date", "post-date", "entry-date", "meta-date", ""))
    shown = _typeset(d, text)
    d.dateline = f'<span class="{css}">{shown}</span>' if css else shown


def add_date(d: Draft, style: str, moment: datetime, relative: str) -> None:
    """Write the publication date (local `moment`) in `style`."""
    rng, day = d.rng, moment.date()
    if style in ("text-long", "text-weekday", "text-numeric"):
        text = _written(d, day, style.removeprefix("text-"))
        if rng.random() < 0.35:  # the clock is local: 23:30 is still the day written
            text = with_clock(d.lang, text, moment, rng.choice(d.lang.with_time))
            d.notes.append("date with its time")
        _visible(d, text, rng.random() < 0.5)
    elif style == "relative":
        _visible(d, relative, False)
        d.notes.append(f"relative: {relative}")
    elif style in ("time-datetime", "time-day"):
        stamp = _iso(d, moment) if style == "time-datetime" else day.isoformat()
        css = rng.choice(("", ' class="published"', ' class="entry-date published"',
                          ' class="dt-published"'))
        if style == "time-datetime" and rng.random() < 0.15:  # hAtom, older themes
            d.dateline = f'<abbr class="published" title="{stamp}">{esc(_written(d, day))}</abbr>'
        else:
            d.dateline = f'<time{css} datetime="{stamp}">{esc(_written(d, day))}</time>'
    elif style == "meta-published":
        d.head.append(f'<meta property="article:published_time" content="{_iso(d, moment)}">')
    elif style == "jsonld":
        d.ld["datePublished"] = _iso(d, moment) if rng.random() < 0.7 else day.isoformat()
        if rng.random() < 0.4:
            _visible(d, _written(d, day), rng.random() < 0.5)
    elif style == "itemprop":
        d.itemscope = True
        stamp = _iso(d, moment)
        if rng.random() < 0.5:
            d.dateline = f'<meta itemprop="datePublished" content="{stamp}">'
        else:
            d.dateline = (f'<span itemprop="datePublished" content="{stamp}">'
                          f'{esc(_written(d, day))}</span>')
    elif style == "dublin-core":
        key, stamp = rng.choice((("dcterms.date", _iso(d, moment)),
                                 ("DC.date.issued", day.isoformat()),
                                 ("dcterms.created", _iso(d, moment)), ("date", day.isoformat())))
        d.head.append(f'<meta name="{key}" content="{stamp}">')
    elif style == "url":
        d.path = f"/{day.year}/{day.month:02d}/{day.day:02d}/{slug(d.title)[:40]}/"
    else:
        assert style == "none", style
    stamped = style in ("time-datetime", "meta-published", "jsonld", "itemprop", "dublin-core")
    if stamped and moment.astimezone(UTC).date() != day:
        d.notes.append("UTC day differs from local day")


def _other_day(rng: random.Random, day: date, latest: date) -> date:
    """Another article's day: 3 days or more from `day`, older or newer (not after `latest`)."""
    room = (latest - day).days
    if room > 4 and rng.random() < 0.5:
        return day + timedelta(days=rng.randint(3, room - 1))
    return day - timedelta(days=rng.randint(3, 300))


def add_traps(d: Draft, day: date | None, fetched: datetime, people: list[Person], org: str,
              relative: bool) -> datetime:
    """Add the traps the seed picks; returns `fetched`, moved later if a trap's date needs it."""
    lang, rng = d.lang, d.rng
    anchor = day or fetched.date() - timedelta(days=rng.randint(30, 300))
    others = [p for p in lang.names if p not in people]
    if rng.random() < 0.6:
        start = rng.randint(2005, 2018)
        years = f"{start}-{fetched.year}" if rng.random() < 0.7 else str(fetched.year)
        d.footer = f"© {years} {esc(org)}. {esc(lang.texts['rights'])}"
        d.notes.append("trap: copyright")
    if day is not None and not relative and rng.random() < 0.3:
        updated = day + timedelta(days=rng.randint(1, 90))
        stamp = datetime.combine(updated, time(rng.randint(8, 18), 5), fetched.tzinfo)
        if d.dateline.startswith("<time") and rng.random() < 0.5:  # WordPress themes do this
            iso = stamp.isoformat(timespec="seconds")
            shown = esc(_written(d, updated))
            d.dateline += f'<time class="updated" datetime="{iso}">{shown}</time>'
        else:
            d.updated = esc(lang.texts["updated"].format(date=_written(d, updated)))
        if d.ld:
            d.ld["dateModified"] = stamp.isoformat(timespec="seconds")
        if any("published_time" in h for h in d.head):
            d.head.append(f'<meta property="article:modified_time" '
                          f'content="{stamp.isoformat(timespec="seconds")}">')
        fetched = max(fetched, stamp + timedelta(days=1))
        d.notes.append("trap: updated later")
    if rng.random() < 0.35:
        items = []
        for title, person in zip(rng.sample(lang.titles, len(lang.titles)), rng.sample(others, 3)):
            when = _written(d, _other_day(rng, anchor, fetched.date()),
                            rng.choice(("long", "numeric")))
            who = _split_template(rng.choice(lang.bylines), "names",
                                  f'<span class="author">{esc(person.name)}</span>')
            link = f'<a href="/{slug(title)[:30]}-{rng.randint(10, 999)}">{esc(title)}</a>'
            items.append(f'<li>{link} <span class="date">{esc(when)}</span> {who}</li>')
        d.aside = (f'<aside class="sidebar related"><h2>{esc(lang.texts["read_also"])}</h2>'
                   f'<ul>{"".join(items)}</ul></aside>')
        d.notes.append("trap: sidebar")
    if rng.random() < 0.3:
        blocks = []
        for person in rng.sample(others, 2):
            when = anchor + timedelta(days=rng.randint(0, 20))
            if relative:  # the page's age is told from `fetched`: comments stay before it
                when = min(when, fetched.date())
            blocks.append(f'<div class="comment"><span class="comment-author">{esc(person.name)}'
                          f'</span> <span class="comment-date">{esc(_written(d, when))}</span>'
                          f'<p>{esc(lang.texts["comment"])}</p></div>')
            if not relative:
                fetched = max(fetched, datetime.combine(when, time(20), fetched.tzinfo))
        d.after_article.append(f'<section class="comments" id="comments"><h2>'
                               f'{esc(lang.texts["comments"])}</h2>{"".join(blocks)}</section>')
        d.notes.append("trap: comments")
    if rng.random() < 0.15:  # news-like headers print the day the page is served
        d.masthead = f'<span class="today">{esc(_written(d, fetched.date(), "weekday"))}</span>'
        d.notes.append("trap: today's date in the header")
    if rng.random() < 0.3:
        event = anchor + timedelta(days=rng.randint(15, 120))
        d.body_extra.append(esc(lang.texts["event"].format(date=_written(d, event))))
        d.notes.append("trap: future event date")
    return fetched


def _meta_block(d: Draft) -> str:
    """The byline and the date, on one line or on lines of their own."""
    rng = d.rng
    if d.one_line and d.byline and d.dateline:
        sep = rng.choice((" | ", " · ", " — ", ", "))
        if rng.random() < 0.6:
            line = f"{d.byline}{sep}{d.dateline}"
        else:  # date first, the names often bare
            names = d.bare_names if d.bare_names and rng.random() < 0.5 else d.byline
            line = f"{d.dateline}{sep}{names}"
        lines = [line]
    else:
        lines = [x for x in (d.byline, d.dateline) if x]
        rng.shuffle(lines)
    if d.updated:  # after the date, on its line or its own, or even before it
        where = rng.random()
        at = next((i for i, line in enumerate(lines) if d.dateline and d.dateline in line), None)
        if where < 0.3 and at is not None:
            lines[at] += f" · {d.updated}"
        elif where < 0.5:
            lines.insert(0, d.updated)
        else:
            lines.append(d.updated)
    block = "p" if not any("<div" in x for x in lines) and rng.random() < 0.5 else "div"
    return "".join(f'<{block} class="entry-meta">{x}</{block}>' for x in lines)


def _title_markup(d: Draft, org: str) -> tuple[str, str, str]:
    """The headline's markup, <title> and og:title <meta> of d.title_style; from a random.Random
    of its own (the page's address), so that the page's other draws stay as they were."""
    rng = random.Random(f"title:{d.host}{d.path}")
    title, itemprop = esc(d.title), ' itemprop="headline"' if d.itemscope else ""
    other = next(t for t in (*d.lang.titles, org) if t != d.title)
    kicker = esc(" ".join(other.split()[:2]) if " " in other else other[:4])
    site = f"{d.title} {rng.choice('|–-')} {org}"
    og = f'<meta property="og:title" content="{title}">'
    style = d.title_style
    if style == "kicker-small":
        heading = f"<h1{itemprop}><small>{kicker}</small><br> {title}</h1>"
    elif style == "kicker-class":
        joiner = rng.choice(("", '<span class="headline-colon">: </span>', " "))
        heading = (f'<h1{itemprop}><span class="{rng.choice(KICKER_CLASSES)}">{kicker}</span>'
                   f'{joiner}<span class="headline">{title}</span></h1>')
    elif style == "hidden-label":
        heading = (f'<h1{itemprop}><span class="{rng.choice(HIDDEN_CLASSES)}">{kicker}:</span> '
                   f"{title}</h1>")
    elif style == "date-in-heading" and d.day:
        written = render_date(d.lang, d.day, d.lang.dates["long"][0])
        heading = (f'<h1{itemprop}><span class="supertitle"><time datetime="{d.day.isoformat()}">'
                   f'{esc(written)}</time></span> <span class="title">{title}</span></h1>')
    elif style == "no-heading":
        return f'<p class="entry-kicker">{kicker}</p>', site, ""
    elif style == "kicker-confirmed":
        inner = (f"<span{rng.choice(PLAIN_KICKER_CLASSES)}>{kicker}{rng.choice(('', ':', ' /'))}"
                 f"</span> {title}")
        if rng.random() < 0.3:
            inner = f'<a href="{esc(d.path)}">{inner}</a>'  # a forum's thread link
        heading = f"<h1{itemprop}>{inner}</h1>"
        separator = rng.choice("|–-")
        if rng.random() < 0.5:  # <title> gives the kicker before the title; og:title too, or not
            site = f"{html.unescape(kicker)} {separator} {d.title} {separator} {org}"
            og = f'<meta property="og:title" content="{kicker} - {title}">'
        # else <title> and og:title give the title alone
    else:
        heading = f"<h1{itemprop}>{title}</h1>"
    if style != "plain" and rng.random() < 0.5:
        og = ""  # the <h1> alone says what the title is
    return heading, site, og


def assemble(d: Draft, org: str) -> str:
    """The whole page."""
    rng, lang = d.rng, d.lang
    if d.ld:
        kind = rng.choice(("Article", "NewsArticle", "BlogPosting"))
        ld = {"@context": "https://schema.org", "@type": kind, "headline": d.title, **d.ld}
        if rng.random() < 0.6:
            ld["publisher"] = {"@type": "Organization", "name": org}
        if d.graph:
            ld = {"@context": "https://schema.org", "@graph": [
                {k: v for k, v in ld.items() if k != "@context"}, *d.graph]}
        # PHP's json_encode escapes non-ASCII by default: both forms are common.
        text = json.dumps(ld, ensure_ascii=rng.random() < 0.3).replace("</", "<\\/")
        d.head.append(f'<script type="application/ld+json">{text}</script>')
    sentences = list(lang.sentences)
    rng.shuffle(sentences)
    gap = "" if lang.code in ("zh", "ja") else " "
    paragraphs = [esc(gap.join(sentences[:2])), esc(gap.join(sentences[2:])), *d.body_extra,
                  esc(gap.join(sentences[1:3]))]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    meta = _meta_block(d)
    scope = ' itemscope itemtype="https://schema.org/Article"' if d.itemscope else ""
    heading, html_title, og_title = _title_markup(d, org)
    place = rng.random()  # the byline and date: under the title mostly, above it or at the end
    article = (heading + meta + body if place < 0.7 else meta + heading + body if place < 0.85
               else heading + body + meta)
    semantic = rng.random() < 0.6
    wrapper = (f'<article class="post"{scope}>{article}</article>' if semantic else
               f'<div class="post hentry"{scope}>{article}</div>')
    main = (f'<main id="main">{wrapper}{"".join(d.after_article)}</main>' if semantic else
            f'<div id="content">{wrapper}{"".join(d.after_article)}</div>')
    footer = f'<footer class="site-footer"><p>{d.footer}</p></footer>' if d.footer else ""
    direction = ' dir="rtl"' if lang.direction == "rtl" else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang.locale}"{direction}><head><meta charset="utf-8">'
            f'<title>{esc(html_title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'{og_title}{"".join(d.head)}</head>\n<body>'
            f'<header class="site-header">{d.masthead}<a class="site-title" href="/">{esc(org)}</a>'
            f'</header>\n'
            f'{main}\n{d.aside}\n{footer}\n</body></html>\n')


# ---------------------------------------------------------------- the world

def _moment(rng: random.Random, day: date, tz: timezone) -> datetime:
    """A publication time on `day`: office hours mostly, some just before or after midnight."""
    roll = rng.random()
    hour = 23 if roll < 0.15 else 0 if roll < 0.3 else rng.randint(7, 19)
    return datetime.combine(day, time(hour, rng.randrange(0, 60, 5)), tz)


def _when(rng: random.Random, lang: Language, style: str, tz: timezone):
    """(publication moment, fetched, relative phrase) for a page of date `style`."""
    start, end = date(YEARS[0], 1, 1), date(YEARS[1], 10, 31)
    if style == "relative":
        text, age, in_days = rng.choice(lang.relative)
        fetched = datetime.combine(start + timedelta(days=rng.randint(0, (end - start).days)),
                                   time(rng.randint(0, 23), rng.randrange(0, 60, 5)), tz)
        if in_days:  # "3 days ago" names a calendar day, whatever the hour
            return _moment(rng, fetched.date() - age, tz), fetched, text
        return fetched - age, fetched, text
    moment = _moment(rng, start + timedelta(days=rng.randint(0, (end - start).days)), tz)
    fetched = moment + timedelta(days=rng.randint(0, 400), hours=rng.randint(1, 12))
    return moment, fetched, ""


def make_page(lang: Language, rng: random.Random, author_style: str, date_style: str,
              title_style: str = "plain") -> MetaPage:
    """One article page of `lang` in the given styles; the rest is picked by `rng`."""
    region = rng.choice((lang, *lang.regions))
    tz = timezone(region.utc_offset)
    org = rng.choice(lang.organisations)
    title = rng.choice(lang.titles)
    host = f"www.{slug(org)[:30]}.example"
    d = Draft(region, rng, host, title,
              path=rng.choice((f"/news/{slug(title)[:40]}/", f"/?p={rng.randint(100, 9999)}",
                               f"/articles/{rng.randint(100, 9999)}-{slug(title)[:30]}.html")))
    several = author_style in MULTI_AUTHOR_STYLES and rng.random() < 0.25
    count = rng.choice((2, 2, 3)) if several else 1
    people = rng.sample(lang.names, count)
    expected_authors = add_author(d, author_style, people, org)
    moment, fetched, relative = _when(rng, region, date_style, tz)
    add_date(d, date_style, moment, relative)
    day = None if date_style == "none" else moment.date()
    fetched = add_traps(d, day, fetched, people, org, date_style == "relative")
    d.title_style, d.day = title_style, day
    return MetaPage(html=assemble(d, org), url=f"https://{host}{d.path}", fetched=fetched,
                    expected_published_day=day.isoformat() if day else None,
                    expected_authors=expected_authors, language=lang.code,
                    style=f"{author_style}/{date_style}", notes=d.notes,
                    expected_title=title, title_style=title_style)


def make_metadata_pages(seed: int, per_language: int = 40,
                        languages: list[str] | None = None) -> list[MetaPage]:
    """`per_language` pages for each language (all of metadata_languages.yaml by default).

    Styles are dealt in turn from a shuffled deck per language, so that every author style and every
    date style appears about equally often, in changing pairs.
    """
    known = load_languages()
    pages = []
    for code in languages or list(known):
        deck = random.Random(f"{seed}:{code}")
        authors = deck.sample(AUTHOR_STYLES, len(AUTHOR_STYLES))
        dates = deck.sample(DATE_STYLES, len(DATE_STYLES))
        # Their own deck: the author and date decks, and so every page's styles, stay as they were.
        titles = random.Random(f"{seed}:{code}:titles").sample(TITLE_STYLES, len(TITLE_STYLES))
        for index in range(per_language):
            rng = random.Random(f"{seed}:{code}:{index}")
            pages.append(make_page(known[code], rng, authors[index % len(authors)],
                                   dates[index % len(dates)], titles[index % len(titles)]))
    return pages


# ---------------------------------------------------------------- scoring

def normal_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def authors_match(expected: list[str], found: str | list[str] | None,
                  separators: str = ",") -> bool:
    """Same names, order aside; `found` is the extractor's string (names joined by a separator)."""
    if isinstance(found, str) or found is None:
        found = re.split(f"[{re.escape(separators)}]", found or "")
    got = sorted(normal_name(n) for n in found if n.strip())
    return got == sorted(normal_name(n) for n in expected)


def titles_match(expected: str, found: str | None) -> bool:
    """The same title, Unicode composition and runs of spaces aside."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())
    return norm(expected) == norm(found or "")


def day_matches(expected: str | None, found: str | None) -> bool:
    """The day found (its first 10 characters) is the expected one; None is right for None."""
    if not found:
        return expected is None
    return expected is not None and str(found)[:10] == expected
