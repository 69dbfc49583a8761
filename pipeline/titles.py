"""An article's title, chosen among the page's candidates by how they agree.

Pages give several: <h1>s (the site name is often one), <h2>s, OpenGraph, Twitter and JSON-LD
titles, and <title> with the site name added. An <h1> that another source confirms wins; then a
single <h1> of a real length that comes first among the page's own; then an <h2> that the metadata
or <title> give (pages whose <h1> is the site's name); then the metadata title without the
site-name part; then <title>. An <h1> that adds a kicker or the site name to a title the metadata
gives is cut to that title; so is one that opens with an element of its own ("<span>Kicker</span>
Title") when the metadata give that opening before a separator ("Kicker - Title | Site") or the
rest as the title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Between a title and the site name: " | ", " - ", " – ", " :: ", " « ", " • " ...
_SEPARATOR = re.compile(r"\s+[|–—\-:«»•·~/]\s+|\s*::\s*|\s*\|\s*")
MIN_H1_CHARS = 4
# What joins a kicker to the headline ("Kicker: Title", "Kicker | Title").
KICKER_JOINERS = ":|-–—·•/ "
MIN_LONE_H1_CHARS = 12


@dataclass
class TitleCandidates:
    """What a page offers as its title."""

    h1s: list[str] = field(default_factory=list)
    # An <h1> that opens with an element of its own ("<span>Kicker</span> Title"): that opening
    # and the rest, by the <h1>'s text.
    h1_openings: dict[str, tuple[str, str]] = field(default_factory=dict)
    metadata: list[str] = field(default_factory=list)  # JSON-LD headline, og:title, twitter:title
    h2s: list[str] = field(default_factory=list)  # in page order
    html_title: str = ""
    site_name: str = ""  # og:site_name


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("…", "...").split()).casefold()


def _parts(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATOR.split(text or "") if part.strip()]


def choose_title(candidates: TitleCandidates) -> str:
    """The most credible title among the candidates ("" when the page offers none), in Unicode's
    composed form (NFC): pages write the same letters composed or decomposed, and a title must
    compare equal to the same title typed elsewhere."""
    return unicodedata.normalize("NFC", _most_credible(candidates))


def _most_credible(candidates: TitleCandidates) -> str:
    named = [t for t in [*candidates.metadata, candidates.html_title] if t]
    whole = {_norm(t) for t in named}
    firsts = {_norm(_parts(t)[0]) for t in named if _parts(t)}
    # What follows a separator in a title is a site or section name, never the title itself.
    site_names = {_norm(part) for t in named for part in _parts(t)[1:] + _tails(t)}
    if candidates.site_name:
        site_names.add(_norm(candidates.site_name))
    h1s = [h for h in candidates.h1s if len(h.strip()) >= MIN_H1_CHARS]
    # The first two parts of the titles that have several: a kicker and what follows it
    # ("Kicker - Title | Site"), or a title and the site's name ("Title | Site").
    pairs = {(_norm(parts[0]), _norm(parts[1])) for t in named if len(parts := _parts(t)) > 1}
    cut = {h: _without_kicker(h, candidates.h1_openings.get(h), whole | firsts, pairs,
                              candidates.site_name) for h in h1s}
    h1s = [cut[h] for h in h1s]
    confirmed = _confirmed_h1(h1s, whole, firsts, site_names,
                              {title for h, title in cut.items() if title != h})
    if confirmed:
        return confirmed
    # A page that heads its blocks with <h1>s too ("Partners", "Legal notice") puts the article's
    # first: a long <h1> after short ones is a footer block's, not the title.
    own = [h for h in h1s if _norm(h) not in site_names]
    lone = [h for h in own if len(h.strip()) >= MIN_LONE_H1_CHARS]
    if len(lone) == 1 and lone[0] == own[0]:
        return lone[0]
    confirmed_h2 = _confirmed_h2(candidates, named)
    if confirmed_h2:
        return confirmed_h2
    if candidates.metadata:
        title = candidates.metadata[0]
        parts = _parts(title)
        # The metadata title is <title> itself, site name included: keep the title part.
        if (len(parts) > 1 and _norm(title) == _norm(candidates.html_title)
                and _norm(parts[-1]) in site_names):
            return parts[0]
        return _without_site_name(title, candidates.site_name)
    if len(h1s) == 1 and _norm(h1s[0]) not in site_names:
        return h1s[0]
    parts = _parts(candidates.html_title)
    return parts[0] if len(parts) > 1 else candidates.html_title.strip() or (h1s[0] if h1s else "")


def _without_kicker(h1: str, opening: tuple[str, str] | None, titles: set[str],
                    pairs: set[tuple[str, str]], site_name: str) -> str:
    """The <h1> without the element it opens with, when the metadata or <title> confirm that the
    rest is the title (they give it whole or before a separator), or that the opening is a
    kicker: they give it before a separator and the rest starts with what follows that separator
    ("Kicker - Title | Site"; "Title | Site" with the <h1>'s opening as the title is no kicker:
    the rest does not start with the site's name). The <h1> stays whole when a title starts
    with it ("Réforme : ce qui change - Site": the separator is the title's own), and when the
    rest is the site's name (og:site_name)."""
    if opening is None or any(t.startswith(_norm(h1)) for t in titles):
        return h1
    kicker, rest = opening
    if len(rest) < MIN_H1_CHARS or (site_name and _norm(rest) == _norm(site_name)):
        return h1
    kicker, rest_norm = _norm(kicker.rstrip(KICKER_JOINERS)), _norm(rest)
    if rest_norm in titles or any(first == kicker and rest_norm.startswith(second)
                                  for first, second in pairs):
        return rest
    return h1


def _confirmed_h1(h1s: list[str], whole: set[str], firsts: set[str], site_names: set[str],
                  without_kicker: set[str]) -> str:
    """The <h1> that the metadata or <title> also give (not the site name), if any; one cut of a
    kicker they confirm (without_kicker) is, though they give it after a separator."""
    best, best_score = "", 0.0
    for h1 in h1s:
        norm = _norm(h1)
        score: float = 3 if norm in whole else 2 if norm in firsts else 0
        if h1 in without_kicker:
            score = max(score, 1.5)
        elif norm in site_names and norm not in whole:
            score = -1
        elif score == 0 and len(norm) > 15 and any(t.startswith(norm) for t in whole):
            score = 1
        elif score == 0 and len(norm) >= MIN_LONE_H1_CHARS and any(
                re.search(rf"(?<!\w){re.escape(norm)}(?!\w)", t) for t in whole):
            # "What are X? Definition" in the metadata, "X" in the <h1>: the <h1> is the title.
            score = 0.5
        # "Kicker : Title" or "Title | Site" in the <h1>, with the metadata giving "Title" alone.
        named_end = next((end for end in _ends(h1) if _norm(end) in whole), "")
        if named_end:
            h1, score = named_end, max(score, 1.5)
        if score > best_score:
            best, best_score = h1, score
    return best


def _ends(text: str) -> list[str]:
    """What stands before or after each separator of a title: kicker, title, site name."""
    return [end.strip() for match in _SEPARATOR.finditer(text)
            for end in (text[:match.start()], text[match.end():]) if end.strip()]


def _without_site_name(title: str, site_name: str) -> str:
    """The title without a trailing " - Site" when the page names its site (og:site_name)."""
    separators = list(_SEPARATOR.finditer(title))
    if site_name and separators and _norm(title[separators[-1].end():]) == _norm(site_name):
        return title[:separators[-1].start()].strip()
    return title


def _tails(text: str) -> list[str]:
    """What follows each separator of a title ("Section - Site" in "Title - Section - Site")."""
    return [text[match.end():].strip() for match in _SEPARATOR.finditer(text)]


def _confirmed_h2(candidates: TitleCandidates, named: list[str]) -> str:
    """The first <h2> that the metadata or <title> give whole or between separators: pages whose
    <h1> is the site's name (or that have none) head the article with an <h2>."""
    confirmed = {_norm(t) for t in named} | {_norm(end) for t in named for end in _ends(t)}
    confirmed.discard(_norm(candidates.site_name))
    return next((h2 for h2 in candidates.h2s
                 if len(h2.strip()) >= MIN_LONE_H1_CHARS and _norm(h2) in confirmed), "")
