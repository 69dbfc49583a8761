"""What a crawl's fixed costs were cut by (issue 16) must not change what the crawl does: Scrapy's
extensions but its remote control (pipeline/settings.py EXTENSIONS_BASE), each crawler's copy of
the settings (pipeline/commands/crawl.py CrawlSettings), the garbage collector's frozen objects
during a crawl. Real crawls of the fault server (tests/faultserver.py) on 127.0.0.1."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.settings import default_settings as scrapy_defaults

from pipeline import settings as project_settings
from pipeline.commands.crawl import CrawlSettings, crawl_settings
from spiders.feeds import FeedsSpider
from tests.conftest import BIN, run
from tests.faultserver import FaultServer

REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"

# A crawl in a process of its own (Twisted's reactor runs once per process), telling what it
# imported and whether the garbage collector still holds objects frozen, or other thresholds, once
# it is over.
CRAWL_AND_TELL = """
import gc, json, sys
from pipeline.commands.crawl import run_crawl
before = gc.get_threshold()
result = run_crawl(sys.argv[1], sys.argv[2], log_file=sys.argv[3])
print(json.dumps({"status": result.status, "aiohttp imported": "aiohttp" in sys.modules,
                  "frozen after": gc.get_freeze_count(), "thresholds after": gc.get_threshold(),
                  "thresholds before": before}))
"""


def test_the_crawl_has_scrapys_extensions_but_its_remote_control():
    # A Scrapy upgrade that adds or renames an extension shows here, to be judged and added.
    ours = project_settings.EXTENSIONS_BASE
    assert ours == {path: order for path, order in scrapy_defaults.EXTENSIONS_BASE.items()
                    if path != REMOTE_CONTROL}
    assert project_settings.REMOTE_CONTROL_ENABLED is False


def test_a_crawl_obeys_robots_txt_throttles_and_never_loads_the_remote_control(tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "sources:\n  - id: polite\n    name: Polite\n    organisation: Test\n    country: FR\n"
        "    homepage: http://faults.test/\n    languages: [fr]\n"
        "    feeds: ['http://faults.test/outcomes/robots.xml']\n", encoding="utf-8")
    db, log = tmp_path / "crawl.db", tmp_path / "crawl.log"
    with FaultServer() as server:
        # AutoThrottle on, as in production (its first delay, 1 s, is the price of this test).
        result = run([str(BIN / "python"), "-c", CRAWL_AND_TELL, str(db), str(feeds), str(log)],
                     env_extra={"PROBONO_LOOPBACK_PROXY": server.proxy,
                                "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_LOG_LEVEL": "INFO"})
        hits = dict(server.hits)
    assert result.returncode == 0, result.stderr[-2000:]
    told = json.loads(result.stdout.strip().splitlines()[-1])
    # What the crawl changed in the garbage collector (frozen objects, its thresholds) is put back.
    assert told.pop("thresholds after") == told.pop("thresholds before")
    assert told == {"status": "ok", "aiohttp imported": False, "frozen after": 0}
    # robots.txt read once, and its Disallow kept: the two pages under /private/ never asked.
    assert hits["faults.test/robots.txt"] == 1, hits
    assert hits.get("faults.test/private/story-1", 0) == 0, hits
    connection = sqlite3.connect(db)
    row = connection.execute("select errors, robots_disallowed from crawl_run_sources").fetchone()
    connection.close()
    assert row == (0, 2)
    enabled = re.search(r"Enabled extensions:\n(\[.*?\])", log.read_text(encoding="utf-8"),
                        re.DOTALL)
    assert enabled is not None
    for extension in ("throttle.AutoThrottle", "closespider.CloseSpider", "corestats.CoreStats",
                      "logstats.LogStats", "CrawlBookkeeping"):
        assert extension in enabled.group(1), enabled.group(1)
    # The run's figures are in crawl_run_sources (read above), not dumped into the log again.
    assert "Dumping Scrapy stats" not in log.read_text(encoding="utf-8")
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")


def _as_dict(settings: BaseSettings) -> dict[str, Any]:
    """Every setting's value and priority, nested settings as dicts."""
    return {name: (_as_dict(value) if isinstance(value, BaseSettings) else value,
                   settings.getpriority(name)) for name, value in settings.items()}


def test_each_crawler_has_the_same_settings_as_a_deep_copy_and_its_own(tmp_path):
    settings = crawl_settings(tmp_path / "crawl.db", tmp_path / "feeds.yaml",
                              {"PROBONO_RUN_ID": 7, "PROBONO_ALLOWED_PORTS": [80, 8080]})
    assert isinstance(settings, CrawlSettings)
    before = _as_dict(copy.deepcopy(settings))
    crawler = Crawler(FeedsSpider, settings)
    assert _as_dict(crawler.settings) == before
    # What a crawler changes in its copy (Scrapy does, in place) stays in it.
    crawler.settings["DOWNLOAD_HANDLERS_BASE"]["https"] = "elsewhere.Handler"
    crawler.settings["PROBONO_ALLOWED_PORTS"].append(9999)
    crawler.settings.set("DOWNLOAD_DELAY", 99, priority="cmdline")
    crawler.settings.frozen = True
    assert _as_dict(settings) == before
    assert settings.frozen is False
    assert Crawler(FeedsSpider, settings).settings.getlist("PROBONO_ALLOWED_PORTS") == [80, 8080]
