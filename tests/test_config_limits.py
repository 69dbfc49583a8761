"""Configuration cannot hang us: YAML alias bombs are refused, include/exclude run in linear time,
and error messages quote a value cut short."""

from __future__ import annotations

import time

import pytest

from pipeline.errors import ConfigError
from pipeline.sitemaps import is_article_url
from pipeline.sources import parse_sources
from tests.conftest import BIN, run
from tests.test_sources import WITH_SITEMAPS

SOURCE = """\
sources:
  - id: bomb
    name: Bomb
    organisation: Test
    country: FR
    homepage: https://bomb.example/
    languages: [fr]
    feeds: [https://bomb.example/feed.xml]
"""


def alias_bomb(levels: int = 6, width: int = 10) -> str:
    """feeds.yaml whose include field is "billion laughs": `width ** levels` strings from a few
    lines (the one of issue 12 had 9 levels: 33 s and 2.5 GB before a traceback)."""
    nodes = ['&l0 "lol"'] + [f"&l{n} [{', '.join([f'*l{n - 1}'] * width)}]"
                             for n in range(1, levels + 1)]
    return SOURCE + f"    include: [{', '.join(nodes)}]\n"


def test_an_alias_bomb_is_refused_at_once_with_one_line():
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        parse_sources(alias_bomb(levels=9), "feeds.yaml")
    assert time.monotonic() - started < 1
    assert str(caught.value) == ("feeds.yaml:9: YAML anchors and aliases (&name, *name) are not "
                                 "allowed: write the value out")


@pytest.mark.parametrize("command", [["sources", "check"], ["crawl"]])
def test_the_cli_refuses_an_alias_bomb_with_exit_2(command, tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(alias_bomb(), encoding="utf-8")
    args = [str(BIN / "probono"), *command, "--feeds", str(feeds)]
    if command == ["crawl"]:
        args += ["--db", str(tmp_path / "bomb.db")]
    started = time.monotonic()
    result = run(args, timeout=60)
    assert time.monotonic() - started < 30  # the time to start Python and Scrapy, not to expand
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: {feeds}:9: YAML anchors and aliases (&name, *name) are not allowed: "
        "write the value out"]
    assert not (tmp_path / "bomb.db").exists()  # refused before anything was opened or fetched


def test_a_long_value_is_quoted_cut_short():
    text = SOURCE.replace("languages: [fr]", "languages: [fr]\n    kind: " + "x" * 100_000)
    with pytest.raises(ConfigError) as caught:
        parse_sources(text, "feeds.yaml")
    quoted = "'" + "x" * 79 + "…"  # 80 characters of its repr, then "…"
    assert str(caught.value).endswith(f"field 'kind': expected one of member, network, media, "
                                      f"related, archive, got {quoted}")


def test_a_catastrophic_pattern_matches_a_crafted_link_in_linear_time():
    pattern = WITH_SITEMAPS.replace('include: ["/noticias/"]', r'include: ["/(a+)+$"]', 1)
    include = parse_sources(pattern)[2].include
    # Python's backtracking engine takes seconds on 26 letters, and doubles with each one more.
    for letters in (26, 50_000):
        crafted = "https://rede.example/" + "a" * letters + "!"
        started = time.monotonic()
        assert not is_article_url(crafted, include)
        assert time.monotonic() - started < 0.5
    assert is_article_url("https://rede.example/aaa", include)


@pytest.mark.parametrize("pattern, reason", [
    (r"/(\\w+)/\\1/", r"invalid escape sequence: \1"),
    ("/noticias/(?!eventos)", "invalid perl operator: (?!"),
])
def test_patterns_re2_cannot_run_are_refused_at_load(pattern, reason):
    broken = WITH_SITEMAPS.replace('include: ["/noticias/"]', f'include: ["{pattern}"]', 1)
    with pytest.raises(ConfigError) as caught:
        parse_sources(broken, "feeds.yaml")
    message = str(caught.value)
    assert message.startswith("feeds.yaml:31: source 'rede': field 'include': not supported by the "
                              "linear-time regex engine RE2 ")
    assert reason in message and "\n" not in message


@pytest.mark.parametrize("text", [
    "sources: " + "[" * 100_000,                       # nested past Python's recursion limit
    "sources:\n  - id: x\n    max_age_days: " + "9" * 5000 + "\n",  # past int's digit limit
])
def test_deep_nesting_and_huge_numbers_are_configuration_errors(tmp_path, text):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(text, encoding="utf-8")
    result = run([str(BIN / "probono"), "sources", "check", "--feeds", str(feeds)])
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
