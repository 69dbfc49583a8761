"""`probono sources verify` against the demo network (a real crawl on loopback, through the proxy):
a homepage-only feeds.yaml gets its ways in found, written back, and verified again unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.demo_network import DemoNetwork
from pipeline.sources import load_sources
from tests.conftest import BIN, run

# Each demo site's identity only: no feed, listing or sitemap is named.
LANGUAGES = {"demo-fr-rss": "fr", "demo-en-atom": "en", "demo-es-html": "es", "demo-zh-rss": "zh",
             "demo-media": "fr", "demo-pt-sitemap": "pt"}
# What the crawler must find from each homepage: (kind, URL path) of one kept way in.
EXPECTED = {"demo-fr-rss": ("feed", "/feed.xml"), "demo-en-atom": ("feed", "/atom.xml"),
            "demo-zh-rss": ("feed", "/rss.xml"), "demo-media": ("feed", "/feed.xml"),
            "demo-es-html": ("listing", "/noticias/"), "demo-pt-sitemap": ("sitemap", None)}


def homepage_only_feeds(network: DemoNetwork, path: Path) -> Path:
    """A feeds.yaml naming only each demo site's homepage, with a comment before each entry."""
    lines = ["# The demo sites, homepage only: `probono sources verify` finds their ways in.",
             "sources:"]
    for site, language in LANGUAGES.items():
        lines += [f"  # {site}", f"  - id: {site}", f"    name: {site} (demo)",
                  f"    organisation: {site}", "    country: FR",
                  f"    homepage: {network.bases[site]}/", f"    languages: [{language}]", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def verify(network: DemoNetwork, feeds: Path, *options: str):
    return run([str(BIN / "probono"), "sources", "verify", "--feeds", str(feeds), *options],
               env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy, "PROBONO_DOWNLOAD_DELAY": "0"})


def kept(stdout: str) -> dict[str, set[tuple[str, str]]]:
    """Each source's kept ways in, as (kind, URL), from `--json` output."""
    return {d["source_id"]: {(w["kind"], w["url"]) for w in d["ways"]} for d in json.loads(stdout)}


def test_ways_in_are_found_written_and_verified_again_unchanged(demo_network, tmp_path):
    feeds = homepage_only_feeds(demo_network, tmp_path / "feeds.yaml")
    first = verify(demo_network, feeds, "--json")
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    found = kept(first.stdout)
    assert set(found) == set(LANGUAGES)
    for site, (kind, path) in EXPECTED.items():
        urls = {url for way_kind, url in found[site] if way_kind == kind}
        wanted = urls if path is None else demo_network.bases[site] + path in urls
        assert wanted, (site, found[site])

    written = verify(demo_network, feeds, "--write")
    assert written.returncode == 0, written.stdout[-2000:] + written.stderr[-2000:]
    assert f"{feeds}: {len(LANGUAGES)} sources updated" in written.stdout
    assert written.stdout.count("\n") >= len(LANGUAGES) + 2  # header, a line each, summary
    text = feeds.read_text(encoding="utf-8")
    assert text.count("  # demo-") == len(LANGUAGES)  # the comments are still there
    sources = load_sources(feeds)
    assert all(s.verified and not s.homepage_only for s in sources)
    assert not list(tmp_path.glob(".feeds.yaml.*"))  # no temporary file left beside it

    again = verify(demo_network, feeds, "--json", "--write")
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert kept(again.stdout) == found
    assert f"{feeds}: 0 sources updated" in again.stderr
    assert feeds.read_text(encoding="utf-8") == text


def test_a_source_without_a_way_in_is_named_and_exits_1(demo_network, tmp_path):
    feeds = homepage_only_feeds(demo_network, tmp_path / "feeds.yaml")
    text = feeds.read_text(encoding="utf-8").replace(
        f"{demo_network.bases['demo-media']}/", f"{demo_network.bases['demo-media']}/nothing-here/")
    feeds.write_text(text, encoding="utf-8")
    result = verify(demo_network, feeds, "--source", "demo-media", "--source", "demo-zh-rss")
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == ["demo-media", "demo-zh-rss"]
    assert lines[-1] == "2 sources: 1 with a way in, 1 without (demo-media)"


def test_a_broken_file_exits_2_before_any_request(demo_network, tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("sources:\n  - id: x!\n", encoding="utf-8")
    result = verify(demo_network, feeds, "--write")
    assert result.returncode == 2 and f"{feeds}:2: source 'x!'" not in result.stdout
    assert str(feeds) in result.stderr and "field 'id'" in result.stderr
    assert feeds.read_text(encoding="utf-8") == "sources:\n  - id: x!\n"


def configured_feeds(network: DemoNetwork, path: Path, broken: bool) -> Path:
    """demo-fr-rss naming its ways in: its feed and news listing (read without a selector), and
    when `broken` also a feed that is not there and a selector that matches nothing."""
    base = network.bases["demo-fr-rss"]
    feeds = f"[{base}/feed.xml, {base}/no-such-feed.xml]" if broken else f"[{base}/feed.xml]"
    selector = "\n        links: a.no-such-class" if broken else ""
    path.write_text(f"""sources:
  # the French member, as its editor wrote it
  - id: demo-fr-rss
    name: Atelier
    organisation: Atelier
    country: FR
    homepage: {base}/
    languages: [fr]
    feeds: {feeds}
    listings:
      - url: {base}/actualites/{selector}
""", encoding="utf-8")
    return path


def test_a_source_that_names_its_ways_in_has_them_checked_not_discovered(demo_network, tmp_path):
    feeds = configured_feeds(demo_network, tmp_path / "feeds.yaml", broken=False)
    base = demo_network.bases["demo-fr-rss"]
    before = len(demo_network.requests)
    result = verify(demo_network, feeds, "--json", "--write")
    asked = [target for target, _ in demo_network.requests[before:]]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    [checked] = json.loads(result.stdout)
    assert [(w["kind"], w["url"], w["how"]) for w in checked["ways"]] == [
        ("feed", f"{base}/feed.xml", "configured"),
        ("listing", f"{base}/actualites/", "configured")]
    assert checked["problems"] == [] and checked["articles_seen"] >= 5
    # No homepage, no usual path, no sitemap: robots.txt and the two ways in, once each.
    assert sorted(target.split(".test", 1)[-1] for target in asked) == [
        "/actualites/", "/feed.xml", "/robots.txt"], asked
    text = feeds.read_text(encoding="utf-8")
    assert text.endswith(f"      - url: {base}/actualites/\n    verified: true\n")  # that alone
    assert "# the French member" in text


def test_a_configured_way_in_that_fails_is_named_and_the_source_not_marked_verified(
        demo_network, tmp_path):
    feeds = configured_feeds(demo_network, tmp_path / "feeds.yaml", broken=True)
    text = feeds.read_text(encoding="utf-8")
    base = demo_network.bases["demo-fr-rss"]
    result = verify(demo_network, feeds, "--json", "--write")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]  # one works
    [checked] = json.loads(result.stdout)
    assert [(w["kind"], w["url"]) for w in checked["ways"]] == [("feed", f"{base}/feed.xml")]
    assert checked["problems"] == [
        f"configured feed {base}/no-such-feed.xml: HTTP 404",
        f"configured listing {base}/actualites/: no article link (selector 'a.no-such-class')"]
    assert feeds.read_text(encoding="utf-8") == text  # no way added, not marked verified
