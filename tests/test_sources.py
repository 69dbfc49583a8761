"""feeds.yaml: the schema is enforced, and every error names the source, the field and the line."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from pipeline.commands.cli import main
from pipeline.demo_network import FEEDS_TEMPLATE, DemoNetwork, substitute
from pipeline.errors import ConfigError
from pipeline.sources import DEFAULT_BACKFILL_DAYS, load_sources, parse_sources, select_sources
from tests.conftest import ROOT

VALID = """\
sources:
  - id: atelier
    name: Atelier
    organisation: Atelier Pro Bono
    country: FR
    homepage: https://atelier.example/
    languages: [fr, en]
    feeds: [https://atelier.example/feed/]
  - id: red
    name: Red
    organisation: Red de Voluntariado
    country: ES
    homepage: https://red.example/
    languages: [es]
    kind: media
    enabled: false
    listings:
      - url: https://red.example/noticias/
        links: ".post a"
        next: "a.next"
        max_pages: 3
"""


def test_valid_file_gives_sources_with_their_ways_in():
    atelier, red = parse_sources(VALID)
    assert atelier.id == "atelier" and atelier.languages == ("fr", "en")
    assert atelier.feeds == ("https://atelier.example/feed/",) and atelier.enabled
    assert red.listings[0].links == ".post a" and red.listings[0].max_pages == 3
    assert red.is_republisher and not red.enabled
    assert [s.id for s in select_sources([atelier, red])] == ["atelier"]
    assert [s.id for s in select_sources([atelier, red], ["red"])] == ["red"]


@pytest.mark.parametrize("old, new, source_id, field, line", [
    ("    country: FR\n", "    country: FR\n    colour: blue\n", "atelier", "colour", 6),
    ("homepage: https://atelier.example/", "homepage: htp:/atelier", "atelier", "homepage", 6),
    ("    feeds: [https://atelier.example/feed/]", "    feeds: [not-a-url]", "atelier", "feeds", 8),
    ("  - id: red", "  - id: atelier", "atelier", "id", 9),
    ("    organisation: Atelier Pro Bono\n", "", "atelier", "organisation", 2),
    ("        links: \".post a\"", "        links: \"\"", "red", "listings.links", 19),
    ("        max_pages: 3", "        max_pages: zero", "red", "listings.max_pages", 18),
    ("    languages: [es]", "    languages: [Spanish!]", "red", "languages", 14),
    ("    kind: media", "    kind: newspaper", "red", "kind", 15),
])
def test_each_mistake_names_source_field_and_line(old, new, source_id, field, line):
    broken = VALID.replace(old, new, 1)
    assert broken != VALID
    with pytest.raises(ConfigError) as caught:
        parse_sources(broken, "feeds.yaml")
    error = caught.value
    assert (error.source_id, error.field, error.line) == (source_id, field, line)
    assert f"feeds.yaml:{line}" in str(error) and f"source '{source_id}'" in str(error)
    assert f"field '{field}'" in str(error)


SITEMAP_SOURCE = """\
  - id: rede
    name: Rede
    organisation: Rede Pro Bono Brasil
    country: BR
    homepage: https://rede.example/
    languages: [pt]
    sitemaps: [https://rede.example/sitemap_index.xml]
    sitemap_from_robots: true
    max_age_days: 3650
    include: ["/noticias/"]
    exclude: ["/sobre/", "/noticias/eventos/"]
"""
WITH_SITEMAPS = VALID + SITEMAP_SOURCE  # the third source starts on line 22


def test_sitemaps_and_url_patterns_are_read_and_compiled():
    rede = parse_sources(WITH_SITEMAPS)[2]
    assert rede.sitemaps == ("https://rede.example/sitemap_index.xml",) and rede.sitemap_from_robots
    assert rede.max_age_days == 3650 and rede.reads_pages and not rede.feeds
    assert [p.pattern for p in rede.include] == ["/noticias/"]
    assert rede.exclude[1].search("https://rede.example/noticias/eventos/x/")
    atelier = parse_sources(WITH_SITEMAPS)[0]
    assert (atelier.sitemaps, atelier.sitemap_from_robots,
            atelier.max_age_days) == ((), False, None)
    assert (atelier.include, atelier.exclude, atelier.reads_pages) == ((), (), False)


@pytest.mark.parametrize("old, new, field, line, reason", [
    ('include: ["/noticias/"]', 'include: ["/noticias/("]', "include", 31,
     "not a valid regular expression '/noticias/(': missing ), unterminated subpattern"),
    ('exclude: ["/sobre/", "/noticias/eventos/"]', 'exclude: "/sobre/"', "exclude", 32,
     "expected a list of regular expressions"),
    ("sitemaps: [https://rede.example/sitemap_index.xml]", "sitemaps: [/sitemap.xml]",
     "sitemaps", 28, "not an http(s) URL: '/sitemap.xml'"),
    ("sitemap_from_robots: true", "sitemap_from_robots: sometimes", "sitemap_from_robots", 29,
     "expected true or false"),
    ("max_age_days: 3650", "max_age_days: 0", "max_age_days", 30, "expected a whole number >= 1"),
    ("max_age_days: 3650", "max_age_days: ten years", "max_age_days", 30,
     "expected a whole number"),
])
def test_sitemap_and_pattern_mistakes_name_source_field_and_line(old, new, field, line, reason):
    broken = WITH_SITEMAPS.replace(old, new, 1)
    assert broken != WITH_SITEMAPS
    with pytest.raises(ConfigError) as caught:
        parse_sources(broken, "feeds.yaml")
    assert (caught.value.source_id, caught.value.field, caught.value.line) == ("rede", field, line)
    expected = f"feeds.yaml:{line}: source 'rede': field '{field}': {reason}"
    assert str(caught.value).startswith(expected)


def test_robots_sitemaps_alone_are_a_way_in_and_nothing_at_all_is_homepage_only():
    robots_only = WITH_SITEMAPS.replace(
        "    sitemaps: [https://rede.example/sitemap_index.xml]\n", "")
    assert parse_sources(robots_only)[2].reads_pages
    assert not parse_sources(robots_only)[2].homepage_only
    bare = parse_sources(
        robots_only.replace("sitemap_from_robots: true", "sitemap_from_robots: false"))
    assert bare[2].homepage_only and not bare[2].reads_pages


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(ConfigError, match=r"feeds.yaml:3: not valid YAML"):
        parse_sources("sources:\n  - id: x\n     name: y\n", "feeds.yaml")


def test_duplicate_key_is_refused():
    text = VALID.replace("    name: Atelier\n", "    name: Atelier\n    name: Again\n", 1)
    with pytest.raises(ConfigError, match=r"feeds.yaml:4: field 'name': key 'name' appears twice"):
        parse_sources(text, "feeds.yaml")


def test_a_source_needs_only_its_homepage():
    """id, name, organisation, country, homepage and languages make a complete, enabled source,
    whose ways in the crawler finds (pipeline/ways_in.py); backfill_days has its default."""
    text = VALID.replace("    feeds: [https://atelier.example/feed/]\n", "")
    atelier = parse_sources(text)[0]
    assert atelier.enabled and atelier.homepage_only
    assert atelier.backfill_days == DEFAULT_BACKFILL_DAYS
    assert not parse_sources(VALID)[0].homepage_only


def test_a_listing_without_selector_and_backfill_days_are_read():
    text = VALID.replace('        links: ".post a"\n', "").replace(
        "    kind: media\n", "    kind: media\n    backfill_days: 0\n")
    red = parse_sources(text)[1]
    assert red.listings[0].links is None and red.backfill_days == 0
    with pytest.raises(ConfigError, match="field 'backfill_days': expected a whole number >= 0"):
        parse_sources(text.replace("backfill_days: 0", "backfill_days: -1"))


def test_unknown_source_asked_by_name_is_refused():
    with pytest.raises(ConfigError, match=r"unknown source id.*nope"):
        select_sources(parse_sources(VALID), ["nope"])


def test_project_feeds_file_holds_the_real_network_all_enabled_guesses_left_to_discovery():
    sources = {s.id: s for s in load_sources(ROOT / "feeds.yaml")}
    assert len(sources) >= 30
    assert all(s.enabled and not s.verified for s in sources.values())
    # Explicit ways in only where the feed was seen; the rest are homepage-only, found by the
    # crawler.
    seen = {s.id for s in sources.values() if s.notes.startswith("evidence")}
    assert seen and {s.id for s in sources.values() if not s.homepage_only} == seen
    assert all(s.feeds and not s.listings for s in sources.values() if s.id in seen)
    assert sources["pro-bono-lab"].kind == sources["pro-bono-co"].kind == "archive"
    assert sources["global-pro-bono-network"].kind == "network"
    assert sources["carenews"].is_republisher
    assert {"FR", "US", "JP", "DE", "ES", "BR"} <= {s.country for s in sources.values()}


def test_demo_feeds_file_is_valid_once_origins_are_filled_in():
    text = FEEDS_TEMPLATE.read_text(encoding="utf-8")
    bases = DemoNetwork().bases
    sources = parse_sources(substitute(text, bases))
    assert {s.id for s in sources} == set(bases)


def test_cli_check_lists_sources_and_fails_on_a_broken_file(tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(VALID, encoding="utf-8")
    bad.write_text(VALID.replace("homepage: https://red.example/", "homepage: red"),
                   encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["sources", "check", "--feeds", str(good)])
    assert ok.exit_code == 0 and "2 sources valid, 1 enabled" in ok.output
    failed = runner.invoke(main, ["sources", "check", "--feeds", str(bad)])
    assert failed.exit_code == 2
    assert f"{bad}:13: source 'red': field 'homepage'" in failed.output


def test_crawl_with_a_broken_file_stops_before_any_request(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent(VALID).replace("country: ES", "country: Spain"),
                   encoding="utf-8")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["crawl", "--feeds", str(bad), "--db", str(db)])
    assert result.exit_code == 2 and "source 'red': field 'country'" in result.output
    assert not db.exists()


def test_crawl_with_no_enabled_source_says_so(tmp_path):
    db, feeds = tmp_path / "x.db", tmp_path / "feeds.yaml"
    # The project's feeds.yaml enables every source: a file whose sources are all disabled.
    feeds.write_text(VALID.replace("    languages: [fr, en]\n", "    languages: [fr, en]\n"
                                   "    enabled: false\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["crawl", "--feeds", str(feeds), "--db", str(db)])
    assert result.exit_code == 2 and "no enabled source to crawl" in result.output
    assert not db.exists()
