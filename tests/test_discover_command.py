"""`probono sources discover` against sites served on 127.0.0.1 (through the loopback proxy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.demo_network import DemoNetwork
from tests.conftest import BIN, run

SITES = Path(__file__).parent / "fixtures" / "sites"


def discover(network: DemoNetwork, url: str):
    return run([str(BIN / "probono"), "sources", "discover", url],
               env_extra={"PROBONO_LOOPBACK_PROXY": network.proxy, "PROBONO_DOWNLOAD_DELAY": "0"})


def test_feed_named_by_the_homepage_is_found_and_checked(demo_network):
    result = discover(demo_network, "http://demo-zh-rss.test/")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "http://demo-zh-rss.test/rss.xml" in result.stdout
    assert "6 entries, linked" in result.stdout


def test_site_without_feed_says_so(demo_network):
    result = discover(demo_network, "http://demo-es-html.test/")
    assert result.returncode == 1 and "no feed found" in result.stdout


def test_usual_paths_are_tried_when_the_page_names_no_feed():
    with DemoNetwork(SITES) as network:
        result = discover(network, "http://faulty.test/")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "http://faulty.test/feed.xml  'Site en panne', 3 entries, usual path" in result.stdout


def test_unreachable_homepage_exits_4(demo_network):
    result = discover(demo_network, "http://nothing.test/")
    assert result.returncode == 4 and "HTTP 404" in result.stderr


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "not a url"])
def test_only_web_urls_are_accepted(url):
    result = run([str(BIN / "probono"), "sources", "discover", url])
    assert result.returncode == 2 and "not an http(s) URL" in result.stderr
