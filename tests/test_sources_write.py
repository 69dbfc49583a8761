"""Ways in found by discovery written into feeds.yaml: the file stays as people wrote it, and what
`probono sources verify` prints (table and JSON), from hand-built Discovery records."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import ConfigError
from pipeline.sources import parse_sources
from pipeline.sources_write import ways_in_written, write_ways_in
from pipeline.verify_report import verify_json, verify_table, without_way_in
from pipeline.ways_in import Discovery, WayIn
from tests.conftest import ROOT


def entry(source_id: str, body: str = "", languages: str = " [fr, en]") -> str:
    """One source's lines, its identity keys first, then `body` (already indented); `languages`
    is the text after the key, a flow list or the lines of a block list."""
    return (f"  - id: {source_id}\n    name: {source_id.title()}\n"
            f"    organisation: Org {source_id}\n"
            f"    country: FR\n    homepage: https://{source_id}.example/\n"
            f"    languages:{languages}\n{body}")


def commented_file() -> str:
    """A feeds.yaml with comments of every kind: header, before the list, between entries, at the
    end of lines (on scalars, flow and block lists), inside an entry, and after the last entry."""
    return "".join([
        "# Sources of a test network.\n#\n# * second header paragraph\n\n",
        "sources:\n  # before the first entry\n",
        entry("bare", languages=" [fr, en]   # end of line on a flow list"),
        "\n  # between bare and flow\n",
        entry("flow", "    kind: member  # end of line on a scalar\n"
                      "    feeds: [https://flow.example/feed/]  # end of line on a flow list\n"
                      "    verified: false\n"
                      "    notes: \"guess: a long note well beyond eighty characters, which "
                      "must never be folded onto a second line\"\n", languages=' ["no"]'),
        "\n  # between flow and block\n",
        entry("block", "    feeds:\n      - https://block.example/feed/  # end of line on an item\n"
                       "    # inside block, before enabled\n    enabled: false\n",
              languages="\n      - en   # end of line in a block list\n      - es"),
        "\n",
        entry("untouched", "    listings:\n      - url: 'https://untouched.example/news/'\n"
                           "        links: \"a.post\"   # end of line on a selector\n"
                           "    # last line of untouched\n"),
        "\n  # before the last entry\n",
        entry("last", languages=" [ja]"),
        "# footer, after the last entry\n# footer, second line\n",
    ])


FOUND = {
    "bare": Discovery("bare", ways=[WayIn("feed", "https://bare.example/feed/", "linked"),
                                    WayIn("sitemap", "https://bare.example/sitemap.xml", "robots"),
                                    WayIn("listing", "https://bare.example/news/", "navigation")]),
    # Sources that name their ways in: checked, never added to (a found one would be ignored).
    "flow": Discovery("flow", ways=[WayIn("feed", "https://flow.example/feed/", "configured"),
                                    WayIn("feed", "https://flow.example/atom.xml", "linked")]),
    "block": Discovery("block", ways=[WayIn("feed", "https://block.example/feed/", "configured"),
                                      WayIn("sitemap", "https://block.example/sitemap.xml",
                                            "usual-path")]),
    "untouched": Discovery("untouched", problems=["no feed found"]),
    "last": Discovery("last", ways=[WayIn("listing", "https://last.example/blog/", "navigation")]),
}

# What the writer adds, entry by entry: nothing else in the file may change.
ADDED = {
    "bare": "    feeds: [https://bare.example/feed/]\n    listings:\n"
            "      - url: https://bare.example/news/\n    sitemap_from_robots: true\n"
            "    verified: true\n",
    "block": "    verified: true\n",
    "last": "    listings:\n      - url: https://last.example/blog/\n    verified: true\n",
}


def expected_file() -> str:
    """commented_file() with ADDED put in by hand, each comment left where it was."""
    text = commented_file()
    text = text.replace("# end of line on a flow list\n\n", "# end of line on a flow list\n"
                        + ADDED["bare"] + "\n", 1)
    text = text.replace("    feeds: [https://flow.example/feed/]  # end of line on a flow list\n"
                        "    verified: false\n",
                        "    feeds: [https://flow.example/feed/]  # end of line on a flow list\n"
                        "    verified: true\n")
    text = text.replace("# end of line on an item\n", "# end of line on an item\n" + ADDED["block"])
    return text.replace("    languages: [ja]\n", "    languages: [ja]\n" + ADDED["last"])


def test_nothing_found_leaves_the_text_byte_for_byte():
    text = commented_file()
    assert write_ways_in(text, {}) == text
    assert ways_in_written(text, {"untouched": FOUND["untouched"]}) == (text, [])


def test_found_ways_are_added_and_every_comment_stays_in_place():
    text, changed = ways_in_written(commented_file(), FOUND)
    assert changed == ["bare", "flow", "block", "last"]
    assert text == expected_file()
    sources = {s.id: s for s in parse_sources(text)}
    bare = sources["bare"]
    assert not bare.homepage_only and bare.verified and bare.sitemap_from_robots
    assert bare.feeds == ("https://bare.example/feed/",)
    assert bare.listings[0].url == "https://bare.example/news/" and bare.listings[0].links is None
    block = sources["block"]  # it names its feed: the sitemap found is not added
    assert block.feeds == ("https://block.example/feed/",) and not block.sitemaps and block.verified


def test_a_source_that_names_its_ways_in_gets_none_added_and_verified_only_when_they_work():
    found = {"flow": FOUND["flow"], "untouched": Discovery("untouched", ways=[
        WayIn("listing", "https://untouched.example/news/", "configured"),
        WayIn("feed", "https://untouched.example/feed/", "usual-path")])}
    sources = {s.id: s for s in parse_sources(write_ways_in(commented_file(), found))}
    assert sources["flow"].feeds == ("https://flow.example/feed/",) and sources["flow"].verified
    untouched = sources["untouched"]
    assert [(listing.url, listing.links) for listing in untouched.listings] == [
        ("https://untouched.example/news/", "a.post")]  # the selector stays, no second copy
    assert untouched.feeds == () and untouched.verified


def test_a_source_whose_configured_way_in_fails_is_not_marked_verified():
    """Its listing works, its feed answers 404: nothing is written, not even `verified`."""
    failing = Discovery("block", ways=[WayIn("listing", "https://block.example/news/",
                                             "configured")],
                        problems=["configured feed https://block.example/feed/: HTTP 404"])
    text = commented_file()
    assert ways_in_written(text, {"block": failing}) == (text, [])
    flow = Discovery("flow", ways=FOUND["flow"].ways, problems=["configured feed x: no entries"])
    assert ways_in_written(text, {"flow": flow}) == (text, [])


def test_writing_twice_is_writing_once():
    once = write_ways_in(commented_file(), FOUND)
    assert ways_in_written(once, FOUND) == (once, [])


def test_windows_line_ends_are_kept():
    crlf = commented_file().replace("\n", "\r\n")
    assert write_ways_in(crlf, FOUND) == expected_file().replace("\n", "\r\n")


def test_the_project_file_changes_only_in_the_entry_written():
    text = (ROOT / "feeds.yaml").read_text(encoding="utf-8")
    assert write_ways_in(text, {}) == text
    found = {"pro-bono-week": Discovery("pro-bono-week", ways=[
        WayIn("feed", "https://www.probonoweek.org/feed/", "linked", full_content=True)])}
    old = ("    homepage: https://www.probonoweek.org/\n    languages: [en]\n    kind: network\n"
           "    verified: false\n")
    assert text.count(old) == 1
    assert write_ways_in(text, found) == text.replace(old, old.replace(
        "    verified: false\n",
        "    feeds: [https://www.probonoweek.org/feed/]\n    verified: true\n"))


@pytest.mark.parametrize("broken, says", [
    ("sources:\n  - id: [\n", "not valid YAML"),
    ("sources:\n  - id: aa\n    name: A\n", "field 'organisation': missing"),
    ("- just a list\n", "must be a mapping with a 'sources' list"),
])
def test_a_text_that_cannot_be_rewritten_is_refused_in_one_line_naming_the_file(broken, says):
    with pytest.raises(ConfigError) as caught:
        write_ways_in(broken, FOUND, "conf/feeds.yaml")
    message = str(caught.value)
    assert message.startswith("conf/feeds.yaml") and says in message and "\n" not in message


DISCOVERIES = [
    Discovery("atelier", ways=[WayIn("feed", "https://atelier.example/feed/", "linked",
                                     full_content=True, entries=12),
                               WayIn("listing", "https://atelier.example/actus/", "navigation",
                                     entries=20)],
              requests=6, articles_seen=31, newest="2026-11-20T08:00:00+00:00"),
    Discovery("red", requests=15, problems=["no feed found", "homepage: HTTP 404"]),
]


def test_the_table_has_one_line_per_source_and_a_summary_naming_those_without_a_way_in():
    lines = verify_table(DISCOVERIES).splitlines()
    assert lines[0].split() == ["SOURCE", "WAYS", "IN", "ARTICLES", "NEWEST", "PROBLEMS"]
    assert lines[1].split("  ")[0] == "atelier"
    assert "feed (linked, full text); listing (navigation)" in lines[1]
    assert lines[1].split()[-3:] == ["31", "2026-11-20", "-"]
    assert lines[2].startswith("red ") and " none " in lines[2] and " 0  -  " in lines[2]
    assert lines[2].endswith("no feed found; homepage: HTTP 404")
    assert lines[3] == "2 sources: 1 with a way in, 1 without (red)"
    assert len(lines) == 4 and len({line.index("ARTICLES") for line in lines[:1]}) == 1
    assert without_way_in(DISCOVERIES) == ["red"]


def test_json_lists_every_source_with_its_ways_in():
    listed = json.loads(verify_json(DISCOVERIES))
    assert [d["source_id"] for d in listed] == ["atelier", "red"]
    assert listed[0]["ways"][0] == {"kind": "feed", "url": "https://atelier.example/feed/",
                                    "how": "linked", "full_content": True, "entries": 12,
                                    "newest": None, "more": False}
    assert listed[1]["ways"] == [] and listed[1]["problems"][1] == "homepage: HTTP 404"
