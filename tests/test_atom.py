"""The Atom writer on rows no feed of ours should break on: odd dates, no link, control
characters."""

from __future__ import annotations

import feedparser
import pytest
from lxml import etree

from pipeline.publishing.atom import FeedInfo, build_atom
from tests.test_publishing import ATOM, assert_valid_atom

FEED = FeedInfo(id="http://127.0.0.1/demo/published.atom", title="probono-feed", self_url="http://127.0.0.1/demo/published.atom",
                home_url="http://127.0.0.1/", updated="2026-11-22T10:00:00+00:00")


def entry(**fields) -> dict:
    return {"atom_id": "urn:probono-feed:article:0123456789abcdef", "atom_title": "Pro bono week",
            "atom_updated": "2026-11-20T08:00:00+00:00", "atom_link": "https://m.example/a",
            **fields}


def parse(rows, feed=FEED):
    document = build_atom(feed, rows)
    root = etree.fromstring(document)
    assert_valid_atom(root)
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return root


@pytest.mark.parametrize("stored, written", [
    ("2024-03-01 10:00", "2024-03-01T10:00:00Z"),
    ("2024-03-01T10:00:00+0200", "2024-03-01T10:00:00+02:00"),
    ("2024-03-01", "2024-03-01T00:00:00Z"),
    ("2024-03-01T10:00:00.123Z", "2024-03-01T10:00:00Z"),
])
def test_stored_dates_become_rfc3339(stored, written):
    root = parse([entry(atom_updated=stored, atom_published=stored)])
    assert root.findtext(f"{ATOM}entry/{ATOM}updated") == written
    assert root.findtext(f"{ATOM}entry/{ATOM}published") == written


def test_a_date_that_is_not_one_falls_back():
    root = parse([entry(atom_updated="2024-03", atom_published="2024-02-01")])
    assert root.findtext(f"{ATOM}entry/{ATOM}updated") == "2024-02-01T00:00:00Z"
    root = parse([entry(atom_updated="soon", atom_published=None)])
    assert root.findtext(f"{ATOM}entry/{ATOM}updated") == "2026-11-22T10:00:00Z"


def test_an_entry_without_a_web_link_has_content_and_a_clean_title():
    root = parse([entry(atom_link="javascript:alert(1)", atom_title="\x01\x02",
                        atom_summary="Résumé")])
    item = root.find(f"{ATOM}entry")
    assert item.find(f"{ATOM}link") is None
    assert item.findtext(f"{ATOM}content") == "Résumé"
    assert item.find(f"{ATOM}content").get("type") == "text"
    assert item.findtext(f"{ATOM}title") == "urn:probono-feed:article:0123456789abcdef"


def test_a_bad_language_is_left_out_and_control_characters_are_removed():
    root = parse([entry(atom_language='fr" onload="x', atom_summary="Un\x00 texte\x0b")])
    item = root.find(f"{ATOM}entry")
    assert item.get("{http://www.w3.org/XML/1998/namespace}lang") is None
    assert item.findtext(f"{ATOM}summary") == "Un texte"


def test_the_feed_is_updated_when_an_editor_chooses_an_older_article():
    root = parse([entry(atom_updated="2024-01-01", status_at="2026-11-22T09:30:00+00:00")])
    assert root.findtext(f"{ATOM}updated") == "2026-11-22T09:30:00Z"


def test_an_empty_selection_is_a_valid_feed():
    root = parse([])
    assert root.findtext(f"{ATOM}updated") == "2026-11-22T10:00:00Z"
    assert root.find(f"{ATOM}entry") is None


def test_an_entry_names_its_organisation_beside_its_writer_and_marks_a_featured_one():
    root = parse([entry(atom_author_name="Jane Doe", atom_organisation="Skills for Good",
                        status="featured"),
                  entry(atom_id="urn:probono-feed:article:1", atom_organisation="Skills for Good",
                        status="approved")])
    featured, approved = root.findall(f"{ATOM}entry")
    assert featured.findtext(f"{ATOM}author/{ATOM}name") == "Jane Doe (Skills for Good)"
    assert featured.findtext(f"{ATOM}title") == "★ Pro bono week"
    category = featured.find(f"{ATOM}category[@scheme='urn:probono-feed:status']")
    assert (category.get("term"), category.get("label")) == ("featured", "Featured")
    assert approved.findtext(f"{ATOM}author/{ATOM}name") == "Skills for Good"
    assert approved.findtext(f"{ATOM}title") == "Pro bono week"
    assert approved.find(f"{ATOM}category[@scheme='urn:probono-feed:status']") is None


def test_the_same_rows_are_the_same_bytes():
    rows = [entry(atom_updated="soon", status="featured")]
    assert build_atom(FEED, rows) == build_atom(FEED, rows)
